import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { RULES, ruleList, type RuleId } from '../../../shared/rules/catalogue.ts';
import { FAMILIES } from '../../../main/analysis/rules/index.ts';
import { CASES, TESTED_ELSEWHERE } from './cases.ts';
import { Sim } from './sim.ts';

const ids = Object.keys(RULES) as RuleId[];

describe('the catalogue', () => {
  test('every rule has a severity, a profile, a title, a spec reference and advice', () => {
    for (const r of ruleList()) {
      expect(['info', 'warning', 'error'], r.id).toContain(r.severity);
      expect(r.title.length, r.id).toBeGreaterThan(10);
      expect(r.spec.length, r.id).toBeGreaterThan(0);
      expect(r.advice.length, r.id).toBeGreaterThan(20);
    }
    expect(ids.length).toBeGreaterThanOrEqual(60);
  });

  test('every rule is tested here (fires and stays quiet) or names the test file that does', () => {
    for (const id of ids) {
      const elsewhere = TESTED_ELSEWHERE[id];
      if (CASES[id]) continue;
      expect(elsewhere, `${id} has no case`).toBeDefined();
      expect(existsSync(elsewhere!), elsewhere).toBe(true);
      expect(readFileSync(elsewhere!, 'utf8'), `${elsewhere} names ${id}`).toContain(id);
    }
  });

  test('every rule a family reports is catalogued, and the engine reports every rule that is not tested elsewhere', () => {
    const reported = new Set(FAMILIES.flatMap((f) => f.rules));
    for (const id of reported) expect(RULES[id], id).toBeDefined();
    for (const id of ids) if (!TESTED_ELSEWHERE[id]) expect(reported.has(id), `${id} is reported by no family`).toBe(true);
  });
});

describe('each rule fires on its case and stays quiet on the close one', () => {
  for (const [id, c] of Object.entries(CASES) as [RuleId, NonNullable<(typeof CASES)[RuleId]>][]) {
    test(id, () => {
      const fires = new Sim();
      c.fires(fires);
      fires.finish();
      expect(fires.rules(), `${id} should fire`).toContain(id);
      const quiet = new Sim();
      c.quiet(quiet);
      quiet.finish();
      expect(quiet.rules(), `${id} should stay quiet`).not.toContain(id);
    });
  }
});
