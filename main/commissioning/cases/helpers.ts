import type { Frame } from '../../../shared/api/types.ts';
import { fail, inconclusive, skipped } from '../verdicts.ts';
import { frameOf, type CaseContext, type Reply } from '../types.ts';

/** The answer's `status`, or a fail naming the CALLERROR. */
export function statusOf(reply: Reply, action: string): string {
  if (reply.errorCode !== null) throw fail(`the charger answered ${action} with CALLERROR ${reply.errorCode}`);
  const s = reply.result?.['status'];
  return typeof s === 'string' ? s : '';
}

/** Fails unless the answer's status is one of `ok`. */
export function expectStatus(reply: Reply, action: string, ok: readonly string[], why = ''): string {
  const s = statusOf(reply, action);
  if (!ok.includes(s)) throw fail(`the charger answered ${action} with ${s || 'no status'}; expected ${ok.join(' or ')}${why ? ` (${why})` : ''}`);
  return s;
}

export const reactionMs = (ctx: CaseContext): number => ctx.params.reactionSec * 1000;

/** Waits for a StatusNotification of `connectorId` with one of `statuses`. */
export function waitStatus(ctx: CaseContext, connectorId: number, statuses: readonly string[], from: number, ms = reactionMs(ctx)): Promise<Frame | null> {
  ctx.step(`wait for StatusNotification ${statuses.join('/')} on connector ${connectorId}`);
  return ctx.waitCall('StatusNotification', from, ms, (p) => p['connectorId'] === connectorId && statuses.includes(String(p['status'])));
}

/** The connector under test, after checking the charger has it. */
export function connectorOf(ctx: CaseContext): number {
  const c = ctx.params.connectorId;
  if (c < 1 || c > ctx.facts.numberOfConnectors) throw inconclusive(`connector ${c} is not one of the charger's ${ctx.facts.numberOfConnectors} connectors: choose another`);
  return c;
}

/** The connector's open transaction; when there is none, the engineer is asked to start one (inconclusive if not). */
export async function chargingTransaction(ctx: CaseContext, connectorId: number): Promise<{ id: number }> {
  const open = ctx.csmsState.openTransaction(connectorId);
  if (open) return open;
  await ctx.prompt(`Start charging a vehicle on connector ${connectorId} (plug in and tap a card)`, (s) => {
    const f = frameOf(s);
    return f !== null && f.action === 'StartTransaction' && f.messageType === 'CALLRESULT';
  });
  const tx = ctx.csmsState.openTransaction(connectorId);
  if (!tx) throw inconclusive(`no transaction is open on connector ${connectorId}`);
  return tx;
}

/** A connector in a transaction would spoil a case that changes it: skipped, saying why. */
export function requireNoTransaction(ctx: CaseContext, connectorId: number): void {
  const tx = ctx.csmsState.openTransaction(connectorId);
  if (tx) throw skipped(`connector ${connectorId} has transaction ${tx.id} open: stop it first`);
}

/** Reads one configuration key with GetConfiguration (fresh, not the run's snapshot). */
export async function readKey(ctx: CaseContext, key: string): Promise<{ value: string | null; readonly: boolean | null; unknown: boolean }> {
  const r = await ctx.call('GetConfiguration', { key: [key] });
  if (r.errorCode !== null) throw fail(`the charger answered GetConfiguration with CALLERROR ${r.errorCode}`);
  const keys = (r.result?.['configurationKey'] ?? []) as { key?: string; value?: string; readonly?: boolean }[];
  const k = Array.isArray(keys) ? keys.find((x) => x.key === key) : undefined;
  const unknown = Array.isArray(r.result?.['unknownKey']) && (r.result!['unknownKey'] as unknown[]).includes(key);
  return { value: k?.value ?? null, readonly: k?.readonly ?? null, unknown: unknown || k === undefined };
}

/** Sets a key and registers its restore when the charger accepts. */
export async function changeKey(ctx: CaseContext, key: string, value: string, old: string | null): Promise<string> {
  const r = await ctx.call('ChangeConfiguration', { key, value });
  const s = statusOf(r, 'ChangeConfiguration');
  if ((s === 'Accepted' || s === 'RebootRequired') && old !== null && old !== value) {
    ctx.onRestore(`${key} = ${old}`, async () => {
      const back = await ctx.call('ChangeConfiguration', { key, value: old });
      const bs = statusOf(back, 'ChangeConfiguration');
      if (bs !== 'Accepted' && bs !== 'RebootRequired') throw new Error(`the charger answered ${bs}`);
    });
  }
  return s;
}
