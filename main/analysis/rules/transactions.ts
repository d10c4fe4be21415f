/** Transaction lifecycle: starts, stops, supersession, authorization, reservations used (OCPP 1.6 §4.10, §5.13, §6.39–6.47). */
import type { StartTransactionRequest, StopTransactionRequest } from '../../../shared/ocpp/payloads.ts';
import { dropTxProfiles } from '../../csms/smart-charging/profiles-model.ts';
import type { TxState } from '../state.ts';
import type { CheckContext, RuleFamily } from '../types.ts';
import { checkTimestamp } from './charger.ts';

const READY_TO_START = new Set(['Preparing', 'Reserved', 'Charging', 'SuspendedEV', 'SuspendedEVSE']);
const REFUSED = new Set(['Invalid', 'Blocked', 'Expired']);
const VERY_SHORT_MS = 10_000;
const RESET_REASONS: Record<string, string> = { HardReset: 'Hard', SoftReset: 'Soft' };

function start(c: CheckContext): void {
  const { f, cs } = c;
  if (!f.valid) return;
  const req = f.payload as unknown as StartTransactionRequest;
  if (req.connectorId === 0) c.report('start-on-connector-0', 'StartTransaction on connector 0, which is the charger as a whole');
  const status = cs.status.get(req.connectorId);
  if (status !== undefined && !READY_TO_START.has(status)) {
    c.report('start-without-preparing', `StartTransaction on connector ${req.connectorId} while it was ${status} (no Preparing before the start)`);
  }
  const auth = cs.authorized.get(req.idTag);
  if (auth !== undefined && REFUSED.has(auth)) c.report('start-after-refused-authorize', `idTag ${req.idTag} was answered ${auth} in Authorize, yet the charger started a transaction with it`);
  const open = cs.openByConnector.get(req.connectorId);
  if (open) c.report('transaction-superseded', `StartTransaction on connector ${req.connectorId} while transaction ${open.id} there was never stopped: it is superseded by the new start`);
  if (req.reservationId !== undefined) useReservation(c, req);
  checkTimestamp(c, req.timestamp, 'StartTransaction.timestamp');
}

function useReservation(c: CheckContext, req: StartTransactionRequest): void {
  const id = req.reservationId!;
  const r = c.cs.reservations.get(id);
  if (r === undefined) {
    c.report('unknown-reservation', `StartTransaction carries reservationId ${id}, which the Central System never reserved on ${c.f.chargerId}`);
    return;
  }
  const state = r.state === 'active' && r.expiryMs <= c.f.atMs ? 'expired' : r.state;
  if (state !== 'active') c.report('reservation-not-active', `reservation ${id} is ${state}, yet StartTransaction used it`);
  if (r.connectorId !== 0 && r.connectorId !== req.connectorId) {
    c.report('reservation-connector', `reservation ${id} is for connector ${r.connectorId}, the transaction started on ${req.connectorId}`);
  }
  if (r.idTag !== req.idTag) c.report('reservation-idtag', `reservation ${id} was made for idTag ${r.idTag}, the transaction uses ${req.idTag}`);
}

/** The Central System's answer gives the transaction its id: from here on it is open. */
function started(c: CheckContext): void {
  const { f, pair, cs } = c;
  if (pair === null || !pair.valid || !f.valid) return;
  const req = pair.payload as unknown as StartTransactionRequest;
  const id = f.payload!['transactionId'] as number;
  const status = (f.payload!['idTagInfo'] as { status: string }).status;
  if (status === 'ConcurrentTx') c.report('concurrent-transaction', `idTag ${req.idTag} already has an open transaction on another connector: answered ConcurrentTx`, pair.seq);
  const superseded = cs.openByConnector.get(req.connectorId);
  if (superseded) close(c, superseded, `superseded by ${id}`);
  const startedMs = Date.parse(req.timestamp);
  const tx: TxState = {
    id, connectorId: req.connectorId, idTag: req.idTag, idTagStatus: status, startSeq: pair.seq, startedMs: Number.isFinite(startedMs) ? startedMs : f.atMs,
    meterStart: req.meterStart, lastEnergyWh: null, lastSampleMs: f.atMs, gapReported: false, continuedReported: false, withoutIdReported: false,
    energyDecreaseReported: false, aboveLimitReported: false,
  };
  cs.open.set(id, tx);
  cs.openByConnector.set(req.connectorId, tx);
  if (req.reservationId !== undefined) {
    const r = cs.reservations.get(req.reservationId);
    if (r) r.state = 'used';
  }
  // The TxProfile a RemoteStartTransaction brought along is now this transaction's (OCPP 1.6 §3.13.4).
  if (cs.profiles.length > 0) {
    const waiting = (on: number) => cs.profiles.filter((p) => p.profile.chargingProfilePurpose === 'TxProfile' && p.profile.transactionId === undefined && p.connectorId === on);
    const own = waiting(req.connectorId);
    const bound = new Set(own.length > 0 ? own : waiting(0));
    cs.profiles = cs.profiles.map((p) => (bound.has(p) ? { connectorId: req.connectorId, profile: { ...p.profile, transactionId: id } } : p));
  }
}

function close(c: CheckContext, tx: TxState, how: string): void {
  const { cs } = c;
  cs.open.delete(tx.id);
  if (cs.openByConnector.get(tx.connectorId) === tx) cs.openByConnector.delete(tx.connectorId);
  cs.rememberStopped(tx.id, `${Number.isNaN(c.f.atMs) ? 'a time the log does not give' : c.f.at} (${how})`);
  cs.remoteStops.delete(tx.id);
  if (cs.profiles.length > 0) cs.profiles = dropTxProfiles(cs.profiles, tx.id);
}

function stop(c: CheckContext): void {
  const { f, cs } = c;
  if (!f.valid) return;
  const req = f.payload as unknown as StopTransactionRequest;
  checkTimestamp(c, req.timestamp, 'StopTransaction.timestamp');
  const tx = cs.open.get(req.transactionId);
  if (tx === undefined) {
    const stoppedAt = cs.stopped.get(req.transactionId);
    if (stoppedAt !== undefined) c.report('transaction-stopped-twice', `transaction ${req.transactionId} was already stopped at ${stoppedAt}; answered as if valid`);
    else c.report('unknown-transaction', `StopTransaction for transactionId ${req.transactionId}, which the Central System never gave to ${f.chargerId}; answered as if valid`);
    return;
  }
  if (req.meterStop < tx.meterStart) c.report('meter-decreased', `meterStop ${req.meterStop} Wh is below meterStart ${tx.meterStart} Wh`);
  else if (tx.lastEnergyWh !== null && req.meterStop < tx.lastEnergyWh - 1) {
    c.report('meter-stop-below-samples', `meterStop ${req.meterStop} Wh is below the last energy reading ${tx.lastEnergyWh} Wh of transaction ${tx.id}`);
  }
  const stopMs = Date.parse(req.timestamp);
  if (Number.isFinite(stopMs) && stopMs - tx.startedMs < VERY_SHORT_MS && req.meterStop - tx.meterStart <= 0) {
    c.report('transaction-very-short', `transaction ${tx.id} lasted ${Math.max(0, Math.round((stopMs - tx.startedMs) / 1000))} s and delivered no energy (reason ${req.reason ?? 'Local'})`);
  }
  const reason = req.reason ?? 'Local';
  const reset = RESET_REASONS[reason];
  let unexplained: string | null = null;
  if (reason === 'Remote' && !cs.remoteStops.has(tx.id)) unexplained = 'no RemoteStopTransaction for it was accepted';
  else if (reset !== undefined && (cs.lastReset === null || cs.lastReset.type !== reset)) unexplained = `no ${reset} Reset was accepted`;
  else if (reason === 'UnlockCommand' && !cs.unlocks.has(tx.connectorId)) unexplained = `no UnlockConnector of connector ${tx.connectorId} was answered Unlocked`;
  if (unexplained) c.report('stop-reason-unexplained', `transaction ${tx.id} stopped with reason ${reason}, but ${unexplained}`);
  close(c, tx, 'stopped');
}

function authorized(c: CheckContext): void {
  const { f, pair, cs } = c;
  if (pair === null || !f.valid || !pair.valid) return;
  const status = (f.payload!['idTagInfo'] as { status: string }).status;
  cs.rememberAuthorize(String(pair.payload!['idTag']), status);
}

export const transactionRules: RuleFamily = {
  name: 'transactions',
  rules: ['start-on-connector-0', 'start-without-preparing', 'start-after-refused-authorize', 'transaction-superseded', 'unknown-reservation',
    'reservation-not-active', 'reservation-connector', 'reservation-idtag', 'concurrent-transaction', 'transaction-stopped-twice', 'unknown-transaction',
    'meter-decreased', 'meter-stop-below-samples', 'transaction-very-short', 'stop-reason-unexplained'],
  checks: {
    'in:CALL:StartTransaction': start,
    'in:CALL:StopTransaction': stop,
  },
  follow: {
    'out:CALLRESULT:StartTransaction': started,
    'out:CALLRESULT:Authorize': authorized,
  },
};
