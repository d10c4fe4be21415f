import type { FeatureProfile, TestCase, TestCaseResult, TestPromptAnswer, TestRun, TestRunParams } from '../../shared/api/commissioning.ts';
import type { CallOutcome, LiveEvent } from '../../shared/api/types.ts';
import type { CsmsAction } from '../../shared/ocpp/actions.ts';
import type { Store } from '../store/store.ts';
import { CASES, caseById } from './cases/index.ts';
import { createCaseContext } from './context.ts';
import { createCsmsState } from './csms-state.ts';
import { createFrameQueries } from './frame-queries.ts';
import { createRunStore } from './run-store.ts';
import type { Timers } from './timers.ts';
import type { CaseDef, ChargerFacts, ConfigValue, Params, TransferPort } from './types.ts';
import { CaseEnd } from './verdicts.ts';
import { concerns, Watch, type Seen } from './watch.ts';

export interface RunnerDeps {
  store: Store;
  csms: {
    call(chargerId: string, action: CsmsAction, payload: Record<string, unknown>): Promise<CallOutcome>;
    isConnected(chargerId: string): boolean;
  };
  timers: Timers;
  publish(event: LiveEvent): void;
  transfers?: TransferPort;
  log?(message: string): void;
}

/** Failures the API maps to statuses (the runner never imports the API). */
export class RunnerError extends Error {
  constructor(readonly code: 'NOT_FOUND' | 'CONFLICT' | 'BAD_REQUEST', message: string) {
    super(message);
    this.name = 'RunnerError';
  }
}

const PROFILES: readonly FeatureProfile[] = ['Core', 'FirmwareManagement', 'LocalAuthListManagement', 'Reservation', 'SmartCharging', 'RemoteTrigger'];

export function describeCase(c: CaseDef): TestCase {
  return {
    id: c.id, title: c.title, profile: c.profile, manual: c.manual, needs: c.needs, description: c.description, spec: c.spec,
    tc: c.tc, onlyWhenAsked: c.onlyWhenAsked === true,
  };
}

export function withDefaults(p: TestRunParams): Params {
  return {
    idTag: p.idTag ?? 'CHARGESCOPE01', connectorId: p.connectorId ?? 1, reactionSec: p.reactionSec ?? 30, manualSec: p.manualSec ?? 180,
    rebootSec: p.rebootSec ?? 300, heartbeatSec: p.heartbeatSec ?? 10, reservationSec: p.reservationSec ?? 15, limitA: p.limitA ?? 6,
    firmwareId: p.firmwareId ?? null, protocol: p.protocol ?? 'http',
  };
}

/** Picks cases by id; "all" is every case but those run only when asked, "all-automatic" those needing no person. */
export function selectCases(ids: readonly string[]): CaseDef[] {
  const picked = new Set<string>();
  for (const id of ids) {
    if (id === 'all') CASES.filter((c) => !c.onlyWhenAsked).forEach((c) => picked.add(c.id));
    else if (id === 'all-automatic') CASES.filter((c) => !c.onlyWhenAsked && !c.manual).forEach((c) => picked.add(c.id));
    else if (caseById(id)) picked.add(id);
    else throw new RunnerError('NOT_FOUND', `test case ${JSON.stringify(id)} does not exist (GET /api/test-cases lists them)`);
  }
  if (picked.size === 0) throw new RunnerError('BAD_REQUEST', 'pick at least one test case');
  return CASES.filter((c) => picked.has(c.id));
}

interface Active {
  run: TestRun;
  abort: AbortController;
  watch: Watch;
  answer: ((a: TestPromptAnswer) => void) | null;
  done: Promise<void>;
}

/**
 * Runs test cases against connected chargers, one run per charger at a time. It drives the CSMS only through
 * its operator-call path and sees the charger only through the CSMS's live events; time comes from `timers`.
 */
export function createTestRunner(deps: RunnerDeps) {
  const runs = createRunStore(deps.store.db);
  const frames = createFrameQueries(deps.store.db);
  runs.closeStale(new Date(deps.timers.now()).toISOString());
  const active = new Map<string, Active>();
  const byCharger = new Map<string, Active>();
  const iso = () => new Date(deps.timers.now()).toISOString();

  function publish(a: Active): void {
    deps.publish({ type: 'testRun', run: structuredClone(a.run) });
  }

  function save(a: Active): void {
    try {
      runs.save(a.run);
    } catch (err) {
      deps.log?.(`test run ${a.run.id} could not be saved: ${(err as Error).message}`);
    }
  }

  async function readFacts(a: Active): Promise<ChargerFacts> {
    const config = new Map<string, ConfigValue>();
    try {
      const out = await deps.csms.call(a.run.chargerId, 'GetConfiguration', {});
      if ('callResult' in out) {
        const keys = (out.callResult['configurationKey'] ?? []) as { key?: unknown; value?: unknown; readonly?: unknown }[];
        for (const k of Array.isArray(keys) ? keys : []) {
          if (typeof k.key === 'string') config.set(k.key, { value: typeof k.value === 'string' ? k.value : null, readonly: typeof k.readonly === 'boolean' ? k.readonly : null });
        }
      } else {
        a.run.note = `GetConfiguration was answered ${out.callError.errorCode}: no case is skipped for its profile, timings use defaults`;
      }
    } catch (err) {
      a.run.note = `GetConfiguration failed (${(err as Error).message}): no case is skipped for its profile, timings use defaults`;
    }
    const listed = config.get('SupportedFeatureProfiles')?.value;
    const profiles = listed ? new Set(listed.split(',').map((s) => s.trim()).filter((s): s is FeatureProfile => PROFILES.includes(s as FeatureProfile))) : null;
    const n = Number(config.get('NumberOfConnectors')?.value);
    const connectors = deps.store.chargers.connectors(a.run.chargerId).map((c) => c.connectorId).filter((c) => c > 0);
    return { config, profiles, numberOfConnectors: Number.isInteger(n) && n > 0 ? n : Math.max(1, ...connectors) };
  }

  async function runOne(a: Active, def: CaseDef, result: TestCaseResult, facts: ChargerFacts, params: Params): Promise<void> {
    result.verdict = 'running';
    result.startedAt = iso();
    publish(a);
    const changed = () => publish(a);
    a.watch.clear();
    const from = a.watch.mark();
    const ctx = createCaseContext({
      chargerId: a.run.chargerId, params, facts, signal: a.abort.signal, timers: deps.timers, watch: a.watch, result, changed,
      calls: { call: (id, action, payload) => deps.csms.call(id, action, payload) },
      prompts: { ask: (caseId, text, ms, until) => ask(a, caseId, text, ms, until) },
      csmsState: createCsmsState(deps.store, frames, a.run.chargerId, a.run.sessionId),
    });
    let verdict: TestCaseResult['verdict'] = 'pass';
    let reason = '';
    try {
      if (facts.profiles !== null && !facts.profiles.has(def.profile)) {
        throw new CaseEnd('skipped', `the charger does not list ${def.profile} in SupportedFeatureProfiles (${[...facts.profiles].join(', ') || 'empty'})`);
      }
      if (a.abort.signal.aborted) throw new CaseEnd('skipped', 'the run was cancelled before this case');
      reason = (await def.run(ctx, { transfers: deps.transfers ?? null })) ?? 'the charger did what the specification asks';
    } catch (err) {
      if (err instanceof CaseEnd) {
        verdict = err.verdict;
        reason = err.reason;
      } else if (err instanceof Error && err.name === 'Cancelled') {
        verdict = 'inconclusive';
        reason = 'cancelled by the engineer';
      } else {
        verdict = 'inconclusive';
        reason = `the case could not go on: ${(err as Error).message}`;
      }
    }
    clearPrompt(a);
    for (const r of ctx.restores.reverse()) {
      try {
        await r.fn();
        result.restored.push(`${r.what}: restored`);
      } catch (err) {
        const why = err instanceof CaseEnd || err instanceof Error ? err.message : String(err);
        result.restored.push(`${r.what}: NOT restored (${why}); put it back by hand`);
        if (verdict === 'pass') reason += `; could not restore ${r.what}`;
      }
      publish(a);
    }
    // Findings the analysis raised on the charger's frames during the case weigh in the verdict.
    const seqs = a.watch.since(from).map((s) => (s.event.type === 'frame' && s.event.frame.direction === 'in' ? s.event.frame.seq : 0)).filter((s) => s > 0);
    if (seqs.length) {
      const own = new Set(seqs);
      const found = runs.findings(a.run.sessionId, a.run.chargerId, Math.min(...seqs), Math.max(...seqs)).filter((f) => f.seq !== null && own.has(f.seq));
      result.findings = found.slice(0, 50);
      const errors = found.filter((f) => f.severity === 'error');
      if (verdict === 'pass' && errors.length) {
        verdict = 'fail';
        reason = `the charger's frame #${errors[0]!.seq} broke ${errors[0]!.rule}: ${errors[0]!.message}`;
      }
    }
    result.verdict = verdict;
    result.reason = reason;
    result.endedAt = iso();
    save(a);
    publish(a);
  }

  function clearPrompt(a: Active): void {
    a.run.prompt = null;
    a.answer = null;
  }

  async function ask(a: Active, caseId: string, text: string, ms: number, until?: (s: Seen) => boolean): Promise<TestPromptAnswer | 'seen' | null> {
    a.run.prompt = { caseId, text, deadline: new Date(deps.timers.now() + ms).toISOString() };
    publish(a);
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    a.abort.signal.addEventListener('abort', onAbort, { once: true });
    try {
      return await new Promise<TestPromptAnswer | 'seen' | null>((resolve, reject) => {
        a.answer = resolve;
        if (until) void a.watch.wait(a.watch.mark(), until, ms, stop.signal).then((s) => s && resolve('seen'), () => undefined);
        deps.timers.sleep(ms, stop.signal).then(() => resolve(null), () => (a.abort.signal.aborted ? reject(new Error('cancelled')) : undefined));
      });
    } finally {
      stop.abort();
      a.abort.signal.removeEventListener('abort', onAbort);
      clearPrompt(a);
      publish(a);
    }
  }

  async function execute(a: Active, defs: CaseDef[], params: Params): Promise<void> {
    const facts = await readFacts(a);
    for (const def of defs) {
      const result = a.run.cases.find((c) => c.id === def.id)!;
      if (a.abort.signal.aborted) {
        result.verdict = 'skipped';
        result.reason = 'the run was cancelled before this case';
        continue;
      }
      await runOne(a, def, result, facts, params);
    }
    a.run.state = a.abort.signal.aborted ? 'cancelled' : 'done';
    a.run.endedAt = iso();
    save(a);
    publish(a);
  }

  return {
    catalogue: (): TestCase[] => CASES.map(describeCase),
    start(chargerId: string, ids: readonly string[], p: TestRunParams = {}): TestRun {
      const defs = selectCases(ids);
      if (!deps.csms.isConnected(chargerId)) throw new RunnerError('CONFLICT', `${chargerId} is not connected: tests need the charger online`);
      const going = byCharger.get(chargerId);
      if (going) throw new RunnerError('CONFLICT', `run ${going.run.id} is still going on ${chargerId}: wait for it or cancel it`);
      const params = withDefaults(p);
      const run: TestRun = {
        id: '', chargerId, sessionId: deps.store.sessions.liveId, state: 'running', startedAt: iso(), endedAt: null, params: p, prompt: null, note: null,
        cases: defs.map((d) => ({ id: d.id, verdict: 'pending', reason: '', evidence: [], steps: [], restored: [], findings: [], startedAt: null, endedAt: null })),
      };
      run.id = runs.create(run);
      const a: Active = { run, abort: new AbortController(), watch: new Watch(deps.timers), answer: null, done: Promise.resolve() };
      active.set(run.id, a);
      byCharger.set(chargerId, a);
      save(a);
      a.done = execute(a, defs, params).catch((err: Error) => {
        a.run.state = 'cancelled';
        a.run.note = `the run stopped: ${err.message}`;
        save(a);
        publish(a);
      }).finally(() => {
        active.delete(run.id);
        byCharger.delete(chargerId);
      });
      publish(a);
      return structuredClone(run);
    },
    get(runId: string): TestRun | undefined {
      const a = active.get(runId);
      return a ? structuredClone(a.run) : runs.get(runId);
    },
    list(sessionId: number, chargerId?: string): TestRun[] {
      return runs.list(sessionId, chargerId).map((r) => (active.has(r.id) ? structuredClone(active.get(r.id)!.run) : r));
    },
    cancel(runId: string): TestRun {
      const a = active.get(runId);
      if (!a) {
        if (runs.get(runId)) throw new RunnerError('CONFLICT', `run ${runId} has already ended`);
        throw new RunnerError('NOT_FOUND', `test run ${runId} does not exist`);
      }
      a.abort.abort(new Error('cancelled'));
      return structuredClone(a.run);
    },
    answer(runId: string, answer: TestPromptAnswer): TestRun {
      const a = active.get(runId);
      if (!a) throw new RunnerError('NOT_FOUND', `test run ${runId} is not running`);
      if (!a.answer || !a.run.prompt) throw new RunnerError('CONFLICT', `run ${runId} is not waiting for the engineer`);
      a.answer(answer);
      return structuredClone(a.run);
    },
    /** The CSMS's live events: the runs watch their charger's. */
    observe(event: LiveEvent): void {
      if (byCharger.size === 0) return;
      for (const a of byCharger.values()) if (concerns(event, a.run.chargerId)) a.watch.push(event);
    },
    active: (): boolean => byCharger.size > 0,
    /** Resolves when the run has ended (tests, shutdown). */
    settled: (runId: string): Promise<void> => active.get(runId)?.done ?? Promise.resolve(),
    notes: runs.notes,
    putNotes: runs.putNotes,
    async close(): Promise<void> {
      for (const a of active.values()) a.abort.abort(new Error('ChargeScope is stopping'));
      await Promise.all([...active.values()].map((a) => a.done));
    },
  };
}
export type TestRunner = ReturnType<typeof createTestRunner>;
