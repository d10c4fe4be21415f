import type { ReportNotes, TestCase, TestRun } from '../../../shared/api/commissioning.ts';
import type { Store } from '../../store/store.ts';
import { createFrameQueries } from '../frame-queries.ts';
import { collectReport, type RuleInfo } from './data.ts';
import { renderHtml } from './html.ts';
import { renderPdf } from './pdf.ts';

export interface ReporterDeps {
  store: Store;
  runs(sessionId: number, chargerId: string): TestRun[];
  catalogue(): TestCase[];
  notes(sessionId: number, chargerId: string): ReportNotes | undefined;
  ruleInfo?: (rule: string) => RuleInfo | undefined;
  now(): Date;
}

/** The commissioning report of a charger in a session, as HTML or PDF. */
export function createReporter(deps: ReporterDeps) {
  const frames = createFrameQueries(deps.store.db);
  const has = deps.store.db.prepare<[number, string], { n: number }>('SELECT 1 AS n FROM frames WHERE session_id = ? AND charger_id = ? LIMIT 1');
  const sources = () => ({ store: deps.store, frames, runs: deps.runs, catalogue: deps.catalogue(), notes: deps.notes, ...(deps.ruleInfo ? { ruleInfo: deps.ruleInfo } : {}), now: deps.now });
  return {
    hasCharger(sessionId: number, chargerId: string): boolean {
      return has.get(sessionId, chargerId) !== undefined || (deps.store.sessions.get(sessionId)?.live === true && deps.store.chargers.get(chargerId) !== undefined);
    },
    notes(sessionId: number, chargerId: string): ReportNotes {
      const s = deps.store.sessions.get(sessionId);
      return deps.notes(sessionId, chargerId) ?? { engineer: '', site: s?.site ?? '', notes: s?.notes ?? '' };
    },
    html: (sessionId: number, chargerId: string): string => renderHtml(collectReport(sources(), sessionId, chargerId)),
    pdf: (sessionId: number, chargerId: string): Promise<Buffer> => renderPdf(collectReport(sources(), sessionId, chargerId)),
  };
}
export type Reporter = ReturnType<typeof createReporter>;
