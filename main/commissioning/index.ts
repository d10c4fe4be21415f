import type { LiveEvent } from '../../shared/api/types.ts';
import type { Csms } from '../csms/csms.ts';
import type { FileService } from '../files/index.ts';
import type { Store } from '../store/store.ts';
import { createReporter } from './report/reporter.ts';
import { isRuleId, RULES } from '../../shared/rules/catalogue.ts';
import { commissioningRoutes } from './routes.ts';
import { createTestRunner } from './runner.ts';
import { realTimers, type Timers } from './timers.ts';
import type { TransferPort } from './types.ts';

export interface CommissioningOptions {
  store: Store;
  csms: Csms;
  files: FileService | null;
  clock(): Date;
  publish(event: LiveEvent): void;
  timers?: Timers;
  log?(message: string): void;
}

/** Charger tests and the commissioning report, wired to the CSMS, the file service and the API. */
export function createCommissioning(o: CommissioningOptions) {
  const files = o.files;
  const host = (id: string): string => {
    const link = o.csms.links.get(id);
    if (!link) throw new Error(`${id} is not connected`);
    return link.localAddress;
  };
  const transfers: TransferPort | undefined = files ? {
    createFirmware: (chargerId, firmwareId, protocol) => files.createFirmwareTransfer({ chargerId, firmwareId, protocol, host: host(chargerId), ttlMs: 3_600_000 }),
    createDiagnostics: (chargerId, protocol) => files.createDiagnosticsTransfer({ chargerId, protocol, host: host(chargerId) }),
  } : undefined;
  const runner = createTestRunner({
    store: o.store, timers: o.timers ?? realTimers, publish: o.publish, ...(transfers ? { transfers } : {}), ...(o.log ? { log: o.log } : {}),
    csms: { call: (id, action, payload) => o.csms.call(id, action, payload), isConnected: (id) => o.csms.links.has(id) },
  });
  const reporter = createReporter({
    store: o.store, runs: (s, c) => runner.list(s, c), catalogue: runner.catalogue, notes: runner.notes, now: o.clock,
    // The rules catalogue (#12): the report groups findings with their title, advice and spec section.
    ruleInfo: (rule) => (isRuleId(rule) ? RULES[rule] : undefined),
  });
  return { runner, reporter, routes: commissioningRoutes(runner, reporter) };
}
export type Commissioning = ReturnType<typeof createCommissioning>;
