/**
 * The Findings view's data: findings grouped by rule (worst first), filtered by severity, charger and rule, each group
 * carrying its catalogue entry (title, advice, spec). Plain and unit-tested; the view only renders it.
 */
import type { Finding, Severity } from '../../shared/api/types.ts';
import type { Rule, RuleId } from '../../shared/rules/catalogue.ts';

export interface FindingFilter {
  severity: Severity | '';
  charger: string;
  rule: RuleId | '';
}

export interface FindingGroup {
  rule: RuleId;
  meta: Rule | null;
  severity: Severity;
  findings: Finding[];
  chargers: number;
}

export interface FindingsModel {
  groups: FindingGroup[];
  total: number;
  shown: number;
  counts: Record<Severity, number>;
  chargers: string[];
  rules: { id: RuleId; title: string; count: number }[];
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** The OCA page where the OCPP 1.6 specification, its errata and the security whitepaper are published. */
export const SPEC_URL = 'https://openchargealliance.org/protocols/open-charge-point-protocol/';

export function buildFindings(findings: readonly Finding[], rules: readonly Rule[], filter: FindingFilter): FindingsModel {
  const meta = new Map(rules.map((r) => [r.id, r]));
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const chargerSet = new Set<string>();
  const ruleCount = new Map<RuleId, number>();
  for (const f of findings) {
    counts[f.severity]++;
    if (f.chargerId) chargerSet.add(f.chargerId);
    ruleCount.set(f.rule, (ruleCount.get(f.rule) ?? 0) + 1);
  }
  const byRule = new Map<RuleId, Finding[]>();
  let shown = 0;
  for (const f of findings) {
    if (filter.severity && f.severity !== filter.severity) continue;
    if (filter.charger && f.chargerId !== filter.charger) continue;
    if (filter.rule && f.rule !== filter.rule) continue;
    shown++;
    const list = byRule.get(f.rule);
    if (list) list.push(f);
    else byRule.set(f.rule, [f]);
  }
  const groups = [...byRule].map(([rule, list]): FindingGroup => {
    const sorted = [...list].sort((a, b) => b.id - a.id);
    const worst = sorted.reduce<Severity>((w, f) => (ORDER[f.severity] < ORDER[w] ? f.severity : w), 'info');
    return { rule, meta: meta.get(rule) ?? null, severity: worst, findings: sorted, chargers: new Set(sorted.map((f) => f.chargerId)).size };
  });
  groups.sort((a, b) => ORDER[a.severity] - ORDER[b.severity] || b.findings.length - a.findings.length || a.rule.localeCompare(b.rule));
  return {
    groups, total: findings.length, shown, counts, chargers: [...chargerSet].sort(),
    rules: [...ruleCount].map(([id, count]) => ({ id, title: meta.get(id)?.title ?? id, count })).sort((a, b) => a.title.localeCompare(b.title)),
  };
}
