import type { RegistrationStatus } from '../../../shared/api/types.ts';
import type { HandlerContext, HandlerTable } from '../context.ts';
import { bindRemoteStartProfiles } from '../followers/index.ts';
import { idTagInfoFor } from '../id-tag-info.ts';
import { recordMeterValues } from './meter-values.ts';

const CLOCK_SKEW_MS = 5 * 60_000;

function registrationFor(ctx: HandlerContext): RegistrationStatus {
  const rec = ctx.store.chargers.get(ctx.chargerId);
  if (rec?.everAccepted) return 'Accepted';
  return ctx.settings.unknownChargers === 'accept' ? 'Accepted' : ctx.settings.unknownChargers === 'pending' ? 'Pending' : 'Rejected';
}

/** A timestamp the charger sends far ahead of our clock is worth a look (OCPP 1.6 errata 3.10). */
function checkClock(ctx: HandlerContext, timestamp: string, field: string): void {
  const t = Date.parse(timestamp);
  if (Number.isFinite(t) && t - ctx.now.getTime() > CLOCK_SKEW_MS) {
    ctx.finding('clock-skew', 'warning', `${field} ${timestamp} is ${Math.round((t - ctx.now.getTime()) / 1000)} s ahead of this laptop's clock: check the charger's time sync`);
  }
}

export const coreHandlers = {
  BootNotification(ctx, req) {
    const status = registrationFor(ctx);
    const before = ctx.store.chargers.get(ctx.chargerId);
    ctx.store.chargers.recordBoot(ctx.chargerId, req as unknown as Record<string, unknown>, status, ctx.at);
    if (before?.boot) checkFirmwareVersion(ctx, before.boot['firmwareVersion'], before.bootAt, req.firmwareVersion);
    if (status !== 'Accepted') {
      ctx.finding('boot-not-accepted', 'info', `BootNotification answered ${status} (setting unknownChargers); the charger may send only BootNotification until it is Accepted`);
    }
    return { status, currentTime: ctx.at, interval: ctx.settings.heartbeatInterval };
  },

  Heartbeat(ctx) {
    return { currentTime: ctx.at };
  },

  Authorize(ctx, req) {
    return { idTagInfo: idTagInfoFor(ctx, req.idTag) };
  },

  StartTransaction(ctx, req) {
    checkClock(ctx, req.timestamp, 'StartTransaction.timestamp');
    const idTagInfo = idTagInfoFor(ctx, req.idTag);
    const concurrent = ctx.store.transactions.openForIdTag(req.idTag);
    if (idTagInfo.status === 'Accepted' && concurrent) {
      idTagInfo.status = 'ConcurrentTx';
      ctx.finding('concurrent-transaction', 'warning', `idTag ${req.idTag} already has open transaction ${concurrent.id} on ${concurrent.chargerId} connector ${concurrent.connectorId}: answered ConcurrentTx`);
    }
    for (const open of ctx.store.transactions.openOnConnector(ctx.chargerId, req.connectorId)) {
      ctx.finding('transaction-still-open', 'warning', `StartTransaction on connector ${req.connectorId} while transaction ${open.id} there was never stopped`);
    }
    const reservationId = req.reservationId ?? null;
    const transactionId = ctx.store.transactions.start({
      sessionId: ctx.sessionId, chargerId: ctx.chargerId, connectorId: req.connectorId, idTag: req.idTag,
      idTagStatus: idTagInfo.status, meterStart: req.meterStart, startedAt: req.timestamp, reservationId, startSeq: ctx.seq,
    });
    if (reservationId !== null) useReservation(ctx, reservationId, req.connectorId, req.idTag, transactionId);
    bindRemoteStartProfiles(ctx.store, ctx.chargerId, req.connectorId, transactionId);
    const tx = ctx.listening ? ctx.store.transactions.get(transactionId) : undefined;
    if (tx) ctx.emit({ type: 'transaction', transaction: tx });
    return { transactionId, idTagInfo };
  },

  StopTransaction(ctx, req) {
    checkClock(ctx, req.timestamp, 'StopTransaction.timestamp');
    const tx = ctx.store.transactions.get(req.transactionId);
    if (tx === undefined || tx.chargerId !== ctx.chargerId) {
      // OCPP 1.6 errata 3.18: answer as if valid (the charger may never have had a transactionId).
      ctx.finding('unknown-transaction', 'warning', `StopTransaction for transactionId ${req.transactionId}, which this CSMS never gave to ${ctx.chargerId}; answered as if valid`);
    } else if (tx.stoppedAt !== null) {
      ctx.finding('transaction-stopped-twice', 'warning', `transaction ${tx.id} was already stopped at ${tx.stoppedAt}; answered as if valid`);
    } else {
      if (req.meterStop < tx.meterStart) {
        ctx.finding('meter-decreased', 'warning', `meterStop ${req.meterStop} Wh is below meterStart ${tx.meterStart} Wh`);
      }
      ctx.store.transactions.stop({
        id: tx.id, meterStop: req.meterStop, stoppedAt: req.timestamp, reason: req.reason ?? 'Local', idTag: req.idTag ?? null, seq: ctx.seq,
      });
      ctx.store.chargingProfiles.dropForTransaction(ctx.chargerId, tx.id);
      const stopped = ctx.listening ? ctx.store.transactions.get(tx.id) : undefined;
      if (stopped) ctx.emit({ type: 'transaction', transaction: stopped });
    }
    if (req.transactionData) {
      recordMeterValues(ctx, 0, tx?.chargerId === ctx.chargerId ? tx.id : null, req.transactionData, tx?.connectorId);
    }
    return req.idTag === undefined ? {} : { idTagInfo: idTagInfoFor(ctx, req.idTag) };
  },

  MeterValues(ctx, req) {
    let txId: number | null = req.transactionId ?? null;
    if (txId !== null) {
      if (ctx.store.transactions.chargerOf(txId) !== ctx.chargerId) {
        ctx.finding('unknown-transaction', 'warning', `MeterValues for transactionId ${txId}, unknown to this CSMS for ${ctx.chargerId}`);
        txId = null;
      } else if (req.connectorId === 0) {
        ctx.finding('connector0-transaction', 'info', 'MeterValues for connectorId 0 should carry no transactionId (errata 3.16)');
      }
    }
    recordMeterValues(ctx, req.connectorId, txId, req.meterValue);
    return {};
  },

  StatusNotification(ctx, req) {
    if (req.connectorId === 0 && !['Available', 'Unavailable', 'Faulted'].includes(req.status)) {
      ctx.finding('connector0-status', 'warning', `connectorId 0 reported ${req.status}; OCPP 1.6 §4.9 allows only Available, Unavailable or Faulted for the whole charger`);
    }
    if (req.status === 'Faulted' && req.errorCode === 'NoError') {
      ctx.finding('faulted-without-error', 'warning', 'status Faulted with errorCode NoError');
    }
    if (req.timestamp) checkClock(ctx, req.timestamp, 'StatusNotification.timestamp');
    ctx.store.chargers.setConnectorStatus({
      chargerId: ctx.chargerId, sessionId: ctx.sessionId, seq: ctx.seq, connectorId: req.connectorId, status: req.status,
      errorCode: req.errorCode, info: req.info ?? null, vendorErrorCode: req.vendorErrorCode ?? null,
      timestamp: req.timestamp ?? null, updatedAt: ctx.at,
    });
    return {};
  },

  DataTransfer(ctx, req) {
    const status = ctx.settings.dataTransferVendors[req.vendorId] ?? 'UnknownVendorId';
    if (status === 'UnknownVendorId') {
      ctx.finding('data-transfer', 'info', `DataTransfer from vendorId ${req.vendorId}${req.messageId ? ` messageId ${req.messageId}` : ''} answered UnknownVendorId (add the vendor in settings to accept it)`);
    }
    return { status };
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

/**
 * A boot with another firmwareVersion is noted; after a firmware push since the previous boot whose install
 * the charger reported (Installing/InstallRebooting/Installed), the same version means it did not take effect.
 */
function checkFirmwareVersion(ctx: HandlerContext, before: unknown, previousBootAt: string | null, after: string | undefined): void {
  const update = ctx.store.firmwareUpdates.latest(ctx.chargerId);
  const pushed = update !== undefined && (previousBootAt === null || update.createdAt > previousBootAt)
    && update.statuses.some((s) => ['Installing', 'InstallRebooting', 'Installed'].includes(s.status));
  const name = update?.firmwareName ? ` to ${update.firmwareName}` : '';
  if (pushed && before === after) {
    ctx.finding('firmware-unchanged', 'warning', `after the firmware update${name} the charger booted with the same firmwareVersion ${String(after ?? '(none)')}: the update did not take effect`);
  } else if (before !== after) {
    ctx.finding(pushed ? 'firmware-updated' : 'firmware-version-changed', 'info', `firmwareVersion ${String(before ?? '(none)')} → ${after ?? '(none)'}${pushed ? ` after the firmware update${name}` : ''}`);
  }
}

function useReservation(ctx: HandlerContext, reservationId: number, connectorId: number, idTag: string, transactionId: number): void {
  const r = ctx.store.reservations.get(ctx.chargerId, reservationId);
  if (r === undefined) {
    ctx.finding('unknown-reservation', 'warning', `StartTransaction carries reservationId ${reservationId}, which this CSMS never reserved on ${ctx.chargerId}`);
    return;
  }
  if (r.state !== 'active') ctx.finding('reservation-not-active', 'warning', `reservation ${reservationId} is ${r.state}, yet StartTransaction used it`);
  if (r.connectorId !== 0 && r.connectorId !== connectorId) {
    ctx.finding('reservation-connector', 'warning', `reservation ${reservationId} is for connector ${r.connectorId}, the transaction started on ${connectorId}`);
  }
  if (r.idTag !== idTag) ctx.finding('reservation-idtag', 'info', `reservation ${reservationId} was made for idTag ${r.idTag}, the transaction uses ${idTag}`);
  ctx.store.reservations.setState(ctx.chargerId, reservationId, 'used', transactionId);
}
