/**
 * The core checks every GetCompositeSchedule answer against its own composite and records the outcome as
 * findings on the answer's frame (main/analysis/rules/smart-charging.ts). The chart lists the latest
 * check from those findings, so the UI and the findings list never disagree.
 */
import type { Finding } from '../../shared/api/types.ts';

/** Rules the core's composite check records (kept in step with main/analysis/rules/smart-charging.ts). */
export const COMPOSITE_CHECK_RULES: ReadonlySet<string> = new Set([
  'composite-schedule-differs', 'composite-schedule-matches', 'composite-schedule-unit',
]);

export interface CompositeCheck {
  /** seq of the GetCompositeSchedule.conf frame. */
  seq: number;
  at: string;
  matches: boolean;
  findings: Finding[];
}

/** The findings of the most recent composite check, or null when the charger was never asked. */
export function latestCompositeCheck(findings: readonly Finding[]): CompositeCheck | null {
  let seq: number | null = null;
  for (const f of findings) if (COMPOSITE_CHECK_RULES.has(f.rule) && f.seq !== null && (seq === null || f.seq > seq)) seq = f.seq;
  if (seq === null) return null;
  const mine = findings.filter((f) => f.seq === seq && COMPOSITE_CHECK_RULES.has(f.rule)).sort((a, b) => a.id - b.id);
  return { seq, at: mine[0]!.at, matches: mine.some((f) => f.rule === 'composite-schedule-matches'), findings: mine };
}
