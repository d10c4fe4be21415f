/**
 * What each operator command should have caused (OCPP 1.6 §5): the status after ChangeAvailability, the reboot after
 * Reset, the transaction after RemoteStartTransaction, the stop after RemoteStopTransaction, the message after
 * TriggerMessage, and the status sequences of firmware updates and diagnostics uploads.
 */
import type {
  ChangeAvailabilityRequest, RemoteStopTransactionRequest, ResetRequest, TriggerMessageRequest, UnlockConnectorRequest,
} from '../../../shared/ocpp/payloads.ts';
import type { Expectation } from '../state.ts';
import type { AnalysisFrame, CheckContext, RuleFamily } from '../types.ts';

const STATUS_WITHIN_MS = 60_000;
const REBOOT_WITHIN_MS = 5 * 60_000;
const STOP_WITHIN_MS = 60_000;
const TRIGGER_WITHIN_MS = 60_000;
/** Added to ConnectionTimeOut before a remote start counts as not followed. */
const REMOTE_START_SLACK_MS = 30_000;
const DEFAULT_CONNECTION_TIMEOUT_S = 60;

const isCall = (f: AnalysisFrame, action: string) => f.type === 'CALL' && f.action === action && f.payload !== null;

function expect(c: CheckContext, e: Omit<Expectation, 'seq'>): void {
  c.cs.expectations.push({ ...e, seq: c.pair!.seq });
}

const accepted = (c: CheckContext, value = 'Accepted') => c.pair !== null && c.pair.valid && c.f.valid && c.f.payload?.['status'] === value;

function changeAvailability(c: CheckContext): void {
  if (!accepted(c)) return;
  const req = c.pair!.payload as unknown as ChangeAvailabilityRequest;
  const current = c.cs.status.get(req.connectorId);
  const inoperative = req.type === 'Inoperative';
  // Nothing to report when the connector already is where the command puts it.
  if (inoperative ? current === 'Unavailable' : current !== 'Unavailable') return;
  expect(c, {
    rule: 'availability-not-followed', deadlineMs: c.f.atMs + STATUS_WITHIN_MS,
    message: `ChangeAvailability ${req.type} of connector ${req.connectorId} was Accepted, but no StatusNotification ${inoperative ? 'Unavailable' : 'leaving Unavailable'} came within ${STATUS_WITHIN_MS / 1000} s`,
    met: (f) => isCall(f, 'StatusNotification') && (req.connectorId === 0 || f.payload!['connectorId'] === req.connectorId)
      && (f.payload!['status'] === 'Unavailable') === inoperative,
  });
}

function reset(c: CheckContext): void {
  if (!accepted(c)) return;
  const req = c.pair!.payload as unknown as ResetRequest;
  c.cs.lastReset = { type: req.type, atMs: c.f.atMs };
  expect(c, {
    rule: 'reset-no-reboot', deadlineMs: c.f.atMs + REBOOT_WITHIN_MS,
    message: `${req.type} Reset was Accepted, but no BootNotification came within ${REBOOT_WITHIN_MS / 60_000} minutes`,
    met: (f) => isCall(f, 'BootNotification'),
  });
}

function remoteStart(c: CheckContext): void {
  if (!accepted(c)) return;
  const timeout = c.cs.intKey('ConnectionTimeOut') ?? DEFAULT_CONNECTION_TIMEOUT_S;
  const within = Math.max(0, timeout) * 1000 + REMOTE_START_SLACK_MS;
  expect(c, {
    rule: 'remote-start-no-transaction', deadlineMs: c.f.atMs + within,
    message: `RemoteStartTransaction for idTag ${String(c.pair!.payload?.['idTag'])} was Accepted, but no StartTransaction came within ${within / 1000} s (ConnectionTimeOut ${timeout} s + ${REMOTE_START_SLACK_MS / 1000} s)`,
    met: (f) => isCall(f, 'StartTransaction'),
  });
}

function remoteStop(c: CheckContext): void {
  if (!accepted(c)) return;
  const { transactionId } = c.pair!.payload as unknown as RemoteStopTransactionRequest;
  c.cs.remoteStops.add(transactionId);
  expect(c, {
    rule: 'remote-stop-not-followed', deadlineMs: c.f.atMs + STOP_WITHIN_MS,
    message: `RemoteStopTransaction of transaction ${transactionId} was Accepted, but no StopTransaction came within ${STOP_WITHIN_MS / 1000} s`,
    met: (f) => isCall(f, 'StopTransaction') && f.payload!['transactionId'] === transactionId,
  });
}

function unlock(c: CheckContext): void {
  if (!accepted(c, 'Unlocked')) return;
  c.cs.unlocks.add((c.pair!.payload as unknown as UnlockConnectorRequest).connectorId);
}

function trigger(c: CheckContext): void {
  if (!accepted(c)) return;
  const req = c.pair!.payload as unknown as TriggerMessageRequest;
  const wanted = req.requestedMessage;
  if (wanted === 'Heartbeat') c.cs.triggeredHeartbeat = true;
  expect(c, {
    rule: 'trigger-not-sent', deadlineMs: c.f.atMs + TRIGGER_WITHIN_MS,
    message: `TriggerMessage ${wanted}${req.connectorId !== undefined ? ` (connector ${req.connectorId})` : ''} was Accepted, but the charger sent no ${wanted} within ${TRIGGER_WITHIN_MS / 1000} s`,
    met: (f) => isCall(f, wanted) && (req.connectorId === undefined || !['StatusNotification', 'MeterValues'].includes(wanted) || f.payload!['connectorId'] === req.connectorId),
  });
}

/** Firmware statuses and what may come before each (OCPP 1.6 §4.5; null: right after UpdateFirmware). */
const FIRMWARE_AFTER: Record<string, readonly (string | null)[]> = {
  Downloading: [null, 'Downloading'],
  Downloaded: ['Downloading'],
  DownloadFailed: [null, 'Downloading'],
  Installing: ['Downloaded', 'Installing'],
  Installed: ['Downloaded', 'Installing'],
  InstallationFailed: ['Downloaded', 'Installing'],
};
const DIAGNOSTICS_AFTER: Record<string, readonly (string | null)[]> = {
  Uploading: [null, 'Uploading'],
  Uploaded: ['Uploading'],
  UploadFailed: [null, 'Uploading'],
};

function firmwareStatus(c: CheckContext): void {
  const { f, cs } = c;
  if (!f.valid) return;
  const status = String(f.payload!['status']);
  if (status !== 'Idle') {
    const before = cs.firmwareStatus;
    if (!cs.firmwarePushed && before === null) {
      c.report('firmware-status-sequence', `FirmwareStatusNotification ${status} without an UpdateFirmware before it`);
    } else if (!(FIRMWARE_AFTER[status] ?? []).includes(before)) {
      c.report('firmware-status-sequence', `FirmwareStatusNotification ${status} after ${before ?? 'UpdateFirmware'}; expected Downloading → Downloaded → Installing → Installed`);
    }
  }
  cs.firmwareStatus = status === 'Idle' ? null : status;
  if (status === 'Installing' || status === 'Installed') cs.firmwareInstalled = true;
}

function signedFirmwareStatus(c: CheckContext): void {
  if (c.f.valid && ['Installing', 'InstallRebooting', 'Installed'].includes(String(c.f.payload!['status']))) c.cs.firmwareInstalled = true;
}

function diagnosticsStatus(c: CheckContext): void {
  const { f, cs } = c;
  if (!f.valid) return;
  const status = String(f.payload!['status']);
  if (status !== 'Idle') {
    const before = cs.diagnosticsStatus;
    if (!cs.diagnosticsRequested && before === null) {
      c.report('diagnostics-status-sequence', `DiagnosticsStatusNotification ${status} without a GetDiagnostics before it`);
    } else if (!(DIAGNOSTICS_AFTER[status] ?? []).includes(before)) {
      c.report('diagnostics-status-sequence', `DiagnosticsStatusNotification ${status} after ${before ?? 'GetDiagnostics'}; expected Uploading → Uploaded (or UploadFailed)`);
    }
  }
  cs.diagnosticsStatus = status === 'Idle' || status === 'Uploaded' || status === 'UploadFailed' ? null : status;
  if (status === 'Uploaded' || status === 'UploadFailed') cs.diagnosticsRequested = false;
}

function firmwareRequested(c: CheckContext): void {
  if (c.pair === null) return;
  c.cs.firmwarePushed = true;
  c.cs.firmwareInstalled = false;
  c.cs.firmwareStatus = null;
}

function diagnosticsRequested(c: CheckContext): void {
  if (c.pair === null) return;
  c.cs.diagnosticsRequested = true;
  c.cs.diagnosticsStatus = null;
}

export const commandRules: RuleFamily = {
  name: 'commands',
  rules: ['availability-not-followed', 'reset-no-reboot', 'remote-start-no-transaction', 'remote-stop-not-followed', 'trigger-not-sent',
    'firmware-status-sequence', 'diagnostics-status-sequence'],
  checks: {
    'in:CALL:FirmwareStatusNotification': firmwareStatus,
    'in:CALL:DiagnosticsStatusNotification': diagnosticsStatus,
  },
  follow: {
    'in:CALLRESULT:ChangeAvailability': changeAvailability,
    'in:CALLRESULT:Reset': reset,
    'in:CALLRESULT:RemoteStartTransaction': remoteStart,
    'in:CALLRESULT:RemoteStopTransaction': remoteStop,
    'in:CALLRESULT:UnlockConnector': unlock,
    'in:CALLRESULT:TriggerMessage': trigger,
    'in:CALLRESULT:UpdateFirmware': firmwareRequested,
    'in:CALLRESULT:SignedUpdateFirmware': firmwareRequested,
    'in:CALLRESULT:GetDiagnostics': diagnosticsRequested,
    'in:CALL:SignedFirmwareStatusNotification': signedFirmwareStatus,
  },
};
