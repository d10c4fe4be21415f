/** Sending one operator command and describing its outcome in the engineer's terms. */
import type { CallErrorBody } from '../../shared/api/types.ts';
import type { CsmsAction } from '../../shared/ocpp/actions.ts';
import { ApiFailure, call, describeFailure } from '../api/client.ts';

export type Outcome =
  | { kind: 'pending'; action: string; startedAt: number }
  | { kind: 'result'; action: string; payload: Record<string, unknown>; ms: number; at: number }
  | { kind: 'callError'; action: string; error: CallErrorBody; ms: number; at: number }
  | { kind: 'failed'; action: string; reason: 'timeout' | 'not-connected' | 'refused' | 'other'; message: string; ms: number; at: number };

export async function sendCommand(chargerId: string, action: CsmsAction, payload: Record<string, unknown>): Promise<Outcome> {
  const t0 = performance.now();
  const ms = () => Math.round(performance.now() - t0);
  try {
    const out = await call('POST /api/chargers/:id/calls/:action', { params: { id: chargerId, action }, body: payload });
    if ('callError' in out) return { kind: 'callError', action, error: out.callError, ms: ms(), at: Date.now() };
    return { kind: 'result', action, payload: out.callResult, ms: ms(), at: Date.now() };
  } catch (err) {
    const reason = err instanceof ApiFailure ? (err.status === 504 ? 'timeout' : err.status === 409 ? 'not-connected' : err.status === 400 ? 'refused' : 'other') : 'other';
    return { kind: 'failed', action, reason, message: describeFailure(err), ms: ms(), at: Date.now() };
  }
}

/** "Accepted", "Rejected", "status: Unlocked", or a short JSON of the answer. */
export function answerSummary(payload: Record<string, unknown> | null | undefined): string {
  if (!payload) return '';
  if (typeof payload['status'] === 'string') return payload['status'];
  if (Array.isArray(payload['configurationKey']) || Array.isArray(payload['unknownKey'])) {
    const keys = Array.isArray(payload['configurationKey']) ? payload['configurationKey'].length : 0;
    const unknown = Array.isArray(payload['unknownKey']) ? payload['unknownKey'].length : 0;
    return `${keys} key${keys === 1 ? '' : 's'}${unknown ? `, ${unknown} unknown: ${(payload['unknownKey'] as string[]).join(', ')}` : ''}`;
  }
  if (typeof payload['listVersion'] === 'number') return `listVersion ${payload['listVersion']}`;
  if (Object.keys(payload).length === 0) return 'answered {}';
  const text = JSON.stringify(payload);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** The tone of an answer status: Accepted-like is ok, Rejected-like is bad, the rest a warning. */
export function answerTone(status: string): 'ok' | 'bad' | 'warn' {
  if (/^(Accepted|Unlocked|Scheduled)$/.test(status)) return 'ok';
  if (/^(Rejected|Failed|UnlockFailed|NotSupported|NotImplemented|Faulted|Occupied|Unavailable|VersionMismatch|UnknownVendorId|UnknownMessageId|NotFound|Unknown)$/.test(status)) return 'bad';
  return 'warn';
}
