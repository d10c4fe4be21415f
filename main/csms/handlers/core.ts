import type { RegistrationStatus, Transaction } from '../../../shared/api/types.ts';
import type { HandlerContext, HandlerTable } from '../context.ts';
import { bindRemoteStartProfiles } from '../followers/index.ts';
import { idTagInfoFor } from '../id-tag-info.ts';
import { recordMeterValues } from './meter-values.ts';

/**
 * Answering and storing only: what a charger's message means for the findings is the analysis engine's (main/analysis),
 * which sees the same CALL and this answer.
 */
function registrationFor(ctx: HandlerContext): RegistrationStatus {
  const rec = ctx.store.chargers.get(ctx.chargerId);
  if (rec?.everAccepted) return 'Accepted';
  return ctx.settings.unknownChargers === 'accept' ? 'Accepted' : ctx.settings.unknownChargers === 'pending' ? 'Pending' : 'Rejected';
}

/**
 * ConcurrentTx is a policy (setting concurrentTransactions "refuse"), and only against a *live* open transaction of the
 * idTag on another connector: its charger connected and not rebooted since that start. Superseded, stale and recorded
 * transactions never make ChargeScope refuse anything.
 */
function liveConcurrent(ctx: HandlerContext, idTag: string, connectorId: number): Transaction | undefined {
  if (ctx.settings.concurrentTransactions !== 'refuse') return undefined;
  return ctx.store.transactions.openForIdTag(idTag, ctx.sessionId).find((t) => {
    // Only a transaction the CSMS accepted is running; one answered ConcurrentTx (or Invalid) is not.
    if (t.idTagStatus !== 'Accepted' || (t.chargerId === ctx.chargerId && t.connectorId === connectorId)) return false;
    if (!ctx.isConnected(t.chargerId)) return false;
    const bootAt = ctx.store.chargers.get(t.chargerId)?.bootAt ?? null;
    return bootAt === null || bootAt <= t.startedAt;
  });
}

export const coreHandlers = {
  BootNotification(ctx, req) {
    const status = registrationFor(ctx);
    ctx.store.chargers.recordBoot(ctx.chargerId, req as unknown as Record<string, unknown>, status, ctx.at);
    return { status, currentTime: ctx.at, interval: ctx.settings.heartbeatInterval };
  },

  Heartbeat(ctx) {
    return { currentTime: ctx.at };
  },

  Authorize(ctx, req) {
    return { idTagInfo: idTagInfoFor(ctx, req.idTag) };
  },

  StartTransaction(ctx, req) {
    const idTagInfo = idTagInfoFor(ctx, req.idTag);
    if (idTagInfo.status === 'Accepted' && liveConcurrent(ctx, req.idTag, req.connectorId)) idTagInfo.status = 'ConcurrentTx';
    const reservationId = req.reservationId ?? null;
    const superseded = ctx.store.transactions.openOnConnector(ctx.chargerId, req.connectorId, ctx.sessionId);
    const transactionId = ctx.store.transactions.start({
      sessionId: ctx.sessionId, chargerId: ctx.chargerId, connectorId: req.connectorId, idTag: req.idTag,
      idTagStatus: idTagInfo.status, meterStart: req.meterStart, startedAt: req.timestamp, reservationId, startSeq: ctx.seq,
    });
    // A start on a connector supersedes its unstopped transaction: closed at the new start, never open again.
    for (const old of superseded) {
      ctx.store.transactions.supersede(old.id, transactionId, req.timestamp, ctx.seq);
      ctx.store.chargingProfiles.dropForTransaction(ctx.chargerId, old.id);
      if (ctx.listening) ctx.emit({ type: 'transaction', transaction: ctx.store.transactions.get(old.id)! });
    }
    if (reservationId !== null) useReservation(ctx, reservationId, transactionId);
    bindRemoteStartProfiles(ctx.store, ctx.chargerId, req.connectorId, transactionId);
    const tx = ctx.listening ? ctx.store.transactions.get(transactionId) : undefined;
    if (tx) ctx.emit({ type: 'transaction', transaction: tx });
    return { transactionId, idTagInfo };
  },

  StopTransaction(ctx, req) {
    const found = ctx.store.transactions.get(req.transactionId);
    // OCPP 1.6 errata 3.18: an unknown transaction is answered as if valid (the charger may never have had a transactionId).
    const tx = found !== undefined && found.chargerId === ctx.chargerId && found.sessionId === ctx.sessionId ? found : undefined;
    if (tx !== undefined && tx.stoppedAt === null) {
      ctx.store.transactions.stop({
        id: tx.id, meterStop: req.meterStop, stoppedAt: req.timestamp, reason: req.reason ?? 'Local', idTag: req.idTag ?? null, seq: ctx.seq,
      });
      ctx.store.chargingProfiles.dropForTransaction(ctx.chargerId, tx.id);
      const stopped = ctx.listening ? ctx.store.transactions.get(tx.id) : undefined;
      if (stopped) ctx.emit({ type: 'transaction', transaction: stopped });
    }
    if (req.transactionData) recordMeterValues(ctx, 0, tx?.id ?? null, req.transactionData, tx?.connectorId);
    return req.idTag === undefined ? {} : { idTagInfo: idTagInfoFor(ctx, req.idTag) };
  },

  MeterValues(ctx, req) {
    let txId: number | null = req.transactionId ?? null;
    if (txId !== null && ctx.store.transactions.chargerOf(txId, ctx.sessionId) !== ctx.chargerId) txId = null;
    recordMeterValues(ctx, req.connectorId, txId, req.meterValue);
    return {};
  },

  StatusNotification(ctx, req) {
    ctx.store.chargers.setConnectorStatus({
      chargerId: ctx.chargerId, sessionId: ctx.sessionId, seq: ctx.seq, connectorId: req.connectorId, status: req.status,
      errorCode: req.errorCode, info: req.info ?? null, vendorErrorCode: req.vendorErrorCode ?? null,
      timestamp: req.timestamp ?? null, updatedAt: ctx.at,
    });
    return {};
  },

  DataTransfer(ctx, req) {
    return { status: ctx.settings.dataTransferVendors[req.vendorId] ?? 'UnknownVendorId' };
  },

  DiagnosticsStatusNotification(ctx, req) {
    ctx.afterCommit(() => ctx.hooks.diagnosticsStatus?.(ctx.chargerId, req.status, ctx.at));
    return {};
  },

  FirmwareStatusNotification(ctx, req) {
    ctx.afterCommit(() => ctx.hooks.firmwareStatus?.(ctx.chargerId, req.status, ctx.at));
    return {};
  },
} satisfies Partial<HandlerTable>;

function useReservation(ctx: HandlerContext, reservationId: number, transactionId: number): void {
  const r = ctx.store.reservations.get(ctx.chargerId, reservationId);
  if (r !== undefined) ctx.store.reservations.setState(ctx.chargerId, reservationId, 'used', transactionId);
}
