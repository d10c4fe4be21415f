/**
 * One command to many chargers (item 14): each charger gets its own call (each has its own one-at-a-time queue in
 * the core), a few chargers at a time, and each answer lands in its own row of the result table.
 */
import type { CsmsAction } from '../../shared/ocpp/actions.ts';
import { call, describeFailure } from '../api/client.ts';
import { answerSummary, answerTone, sendCommand } from '../commands/send.ts';

export type BulkCommand =
  | { kind: 'call'; action: CsmsAction; payload: Record<string, unknown> }
  | { kind: 'firmware'; firmwareId: string; protocol: 'http' | 'ftp' };

export interface BulkResult {
  chargerId: string;
  state: 'queued' | 'pending' | 'ok' | 'warn' | 'bad';
  text: string;
  ms: number | null;
}

/** Chargers sent to at once; the rest wait for a free slot. */
export const BULK_CONCURRENCY = 8;

export async function sendOne(chargerId: string, cmd: BulkCommand): Promise<Omit<BulkResult, 'chargerId'>> {
  const t0 = performance.now();
  const ms = () => Math.round(performance.now() - t0);
  if (cmd.kind === 'call') {
    const out = await sendCommand(chargerId, cmd.action, cmd.payload);
    if (out.kind === 'result') {
      const text = answerSummary(out.payload) || 'answered';
      return { state: typeof out.payload['status'] === 'string' ? answerTone(text) : 'ok', text, ms: ms() };
    }
    if (out.kind === 'callError') return { state: 'bad', text: `CALLERROR ${out.error.errorCode}${out.error.errorDescription ? `: ${out.error.errorDescription}` : ''}`, ms: ms() };
    return { state: 'bad', text: out.kind === 'failed' ? out.message : 'failed', ms: ms() };
  }
  try {
    const out = await call('POST /api/chargers/:id/firmware-update', { params: { id: chargerId }, body: { firmwareId: cmd.firmwareId, protocol: cmd.protocol } });
    if ('callError' in out) return { state: 'bad', text: `CALLERROR ${out.callError.errorCode}`, ms: ms() };
    return { state: 'ok', text: 'UpdateFirmware.conf: follow the download in its Files tab', ms: ms() };
  } catch (err) {
    return { state: 'bad', text: describeFailure(err), ms: ms() };
  }
}

/** Sends `cmd` to every charger, BULK_CONCURRENCY at a time, reporting each result as it comes. */
export async function sendToAll(chargerIds: readonly string[], cmd: BulkCommand, onResult: (r: BulkResult) => void): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < chargerIds.length) {
      const id = chargerIds[next++]!;
      onResult({ chargerId: id, state: 'pending', text: 'waiting for the charger…', ms: null });
      onResult({ chargerId: id, ...(await sendOne(id, cmd)) });
    }
  };
  await Promise.all(Array.from({ length: Math.min(BULK_CONCURRENCY, chargerIds.length) }, worker));
}
