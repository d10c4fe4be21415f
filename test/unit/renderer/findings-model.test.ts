import { describe, expect, test } from 'vitest';
import type { Finding } from '../../../shared/api/types.ts';
import { ruleList } from '../../../shared/rules/catalogue.ts';
import { buildFindings } from '../../../renderer/findings/findings-model.ts';

let id = 0;
const f = (rule: Finding['rule'], severity: Finding['severity'], chargerId = 'CP-1'): Finding => ({
  id: ++id, sessionId: 1, chargerId, seq: id, severity, rule, message: `m${id}`, at: '2025-06-01T08:00:00.000Z',
});
const all = [f('status-transition', 'warning'), f('status-transition', 'warning', 'CP-2'), f('malformed-frame', 'error'), f('boot-not-accepted', 'info', 'CP-2')];
const none = { severity: '', charger: '', rule: '' } as const;

describe('the findings model', () => {
  test('groups by rule, errors first, then by count, with the catalogue entry and the newest finding first', () => {
    const m = buildFindings(all, ruleList(), none);
    expect(m.groups.map((g) => g.rule)).toEqual(['malformed-frame', 'status-transition', 'boot-not-accepted']);
    const transition = m.groups[1]!;
    expect(transition.meta?.title).toMatch(/state table/);
    expect(transition.findings.map((x) => x.chargerId)).toEqual(['CP-2', 'CP-1']);
    expect(transition.chargers).toBe(2);
    expect(m.counts).toEqual({ error: 1, warning: 2, info: 1 });
    expect(m.chargers).toEqual(['CP-1', 'CP-2']);
    expect(m.shown).toBe(4);
  });

  test('filters by severity, charger and rule, and keeps the counts of everything for the filter buttons', () => {
    expect(buildFindings(all, ruleList(), { ...none, severity: 'warning' }).groups.map((g) => g.rule)).toEqual(['status-transition']);
    const cp2 = buildFindings(all, ruleList(), { ...none, charger: 'CP-2' });
    expect(cp2.groups.map((g) => [g.rule, g.findings.length])).toEqual([['status-transition', 1], ['boot-not-accepted', 1]]);
    expect(cp2.counts.warning).toBe(2);
    const rule = buildFindings(all, ruleList(), { ...none, rule: 'malformed-frame' });
    expect(rule.shown).toBe(1);
    expect(rule.rules.map((r) => r.id).sort()).toEqual(['boot-not-accepted', 'malformed-frame', 'status-transition']);
  });

  test('a group keeps the log\'s order (newest first by id), never its stored times: an untimed finding\'s stand-in time moves nothing', () => {
    // Imported in this order: timed at 08:00:05, untimed (stand-in: the import's time, later than all), timed at 08:00:10.
    const timed1 = { ...f('schema-violation', 'error'), at: '2025-06-01T08:00:05.000Z' };
    const untimed: Finding = { ...f('schema-violation', 'error'), at: '2026-12-06T07:00:00.000Z', timeUnknown: true };
    const timed2 = { ...f('schema-violation', 'error'), at: '2025-06-01T08:00:10.000Z' };
    const [group] = buildFindings([untimed, timed2, timed1], ruleList(), none).groups;
    expect(group!.findings.map((x) => x.id)).toEqual([timed2.id, untimed.id, timed1.id]);
    expect(group!.findings[1]).toHaveProperty('timeUnknown', true);
  });

  test('a rule the catalogue does not list (a newer recording) still shows, under its id', () => {
    const m = buildFindings([f('status-transition', 'warning')], [], none);
    expect(m.groups[0]).toMatchObject({ rule: 'status-transition', meta: null });
  });
});
