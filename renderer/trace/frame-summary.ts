/**
 * A one-line summary of a frame for its trace row ("StatusNotification #1 Charging", "MeterValues #1 21.6 kW 43 %",
 * "StartTransaction #2 04A1… → 117 Accepted"), so a trace can be read without opening frames. Pure and cached per
 * frame object: the live trace renders hundreds of rows a second, each summary is computed once.
 */
import type { Frame } from '../../shared/api/types.ts';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
/** Long identifiers (idTags, keys) cut to a readable head. */
const short = (v: unknown, n = 8): string => {
  const s = str(v);
  if (s === undefined) return '';
  return s.length > n ? `${s.slice(0, n)}…` : s;
};
const conn = (p: Obj): string => (p['connectorId'] !== undefined ? `#${str(p['connectorId']) ?? '?'}` : '');
const join = (...parts: (string | undefined | false)[]): string => parts.filter((x): x is string => Boolean(x)).join(' ');

function num(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function fixed(n: number): string {
  const s = n.toFixed(Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 2);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** The readings of a MeterValues' last meterValue: power, current, energy register, SoC — in that order. */
export function meterSummary(p: Obj): string {
  const mvs = Array.isArray(p['meterValue']) ? p['meterValue'] : [];
  const last = mvs.at(-1);
  if (!isObj(last) || !Array.isArray(last['sampledValue'])) return '';
  let power: string | undefined;
  let current: string | undefined;
  let energy: string | undefined;
  let soc: string | undefined;
  for (const sv of last['sampledValue'] as unknown[]) {
    if (!isObj(sv)) continue;
    const value = num(sv['value']);
    if (value === undefined) continue;
    const measurand = str(sv['measurand']) ?? 'Energy.Active.Import.Register';
    const unit = str(sv['unit']);
    if (measurand === 'Power.Active.Import' && power === undefined) {
      power = unit === 'kW' ? `${fixed(value)} kW` : value >= 1000 ? `${fixed(value / 1000)} kW` : `${fixed(value)} W`;
    } else if (measurand === 'Current.Import' && current === undefined) {
      current = `${fixed(value)} A`;
    } else if (measurand === 'Energy.Active.Import.Register' && energy === undefined) {
      const wh = unit === 'kWh' ? value * 1000 : value;
      energy = wh >= 1000 ? `${fixed(wh / 1000)} kWh` : `${fixed(wh)} Wh`;
    } else if (measurand === 'SoC' && soc === undefined) {
      soc = `${fixed(value)} %`;
    }
  }
  const n = (last['sampledValue'] as unknown[]).length;
  const shown = join(power, current, energy, soc);
  return shown || `${n} value${n === 1 ? '' : 's'}`;
}

/** What a CALL asks, by action. */
function callSummary(action: string, p: Obj): string {
  switch (action) {
    case 'BootNotification': return join(str(p['chargePointVendor']), str(p['chargePointModel']), str(p['firmwareVersion']));
    case 'StatusNotification': {
      const code = str(p['errorCode']);
      return join(conn(p), str(p['status']), code && code !== 'NoError' ? code : undefined);
    }
    case 'MeterValues': return join(conn(p), p['transactionId'] !== undefined ? `tx ${str(p['transactionId'])}` : undefined, meterSummary(p));
    case 'StartTransaction': return join(conn(p), short(p['idTag']), p['meterStart'] !== undefined ? `${str(p['meterStart'])} Wh` : undefined);
    case 'StopTransaction': return join(`tx ${str(p['transactionId']) ?? '?'}`, p['meterStop'] !== undefined ? `${str(p['meterStop'])} Wh` : undefined, str(p['reason']));
    case 'Authorize': return short(p['idTag']);
    case 'FirmwareStatusNotification':
    case 'DiagnosticsStatusNotification':
    case 'SignedFirmwareStatusNotification':
    case 'LogStatusNotification':
      return str(p['status']) ?? '';
    case 'SecurityEventNotification': return str(p['type']) ?? '';
    case 'DataTransfer': return join(str(p['vendorId']), str(p['messageId']));
    case 'Reset': return str(p['type']) ?? '';
    case 'ChangeAvailability': return join(conn(p), str(p['type']));
    case 'ChangeConfiguration': return `${short(p['key'], 32)}=${short(p['value'], 24)}`;
    case 'GetConfiguration': return Array.isArray(p['key']) ? `${p['key'].length} key${p['key'].length === 1 ? '' : 's'}` : 'all keys';
    case 'RemoteStartTransaction': return join(conn(p), short(p['idTag']), isObj(p['chargingProfile']) ? '+ profile' : undefined);
    case 'RemoteStopTransaction': return `tx ${str(p['transactionId']) ?? '?'}`;
    case 'UnlockConnector': return conn(p);
    case 'TriggerMessage':
    case 'ExtendedTriggerMessage':
      return join(str(p['requestedMessage']), conn(p));
    case 'ReserveNow': return join(conn(p), `reservation ${str(p['reservationId']) ?? '?'}`, short(p['idTag']));
    case 'CancelReservation': return `reservation ${str(p['reservationId']) ?? '?'}`;
    case 'SetChargingProfile': {
      const cp = isObj(p['csChargingProfiles']) ? p['csChargingProfiles'] : {};
      return join(conn(p), str(cp['chargingProfilePurpose']), cp['chargingProfileId'] !== undefined ? `profile ${str(cp['chargingProfileId'])}` : undefined);
    }
    case 'ClearChargingProfile': return join(p['id'] !== undefined ? `profile ${str(p['id'])}` : undefined, conn(p), str(p['chargingProfilePurpose'])) || 'all profiles';
    case 'GetCompositeSchedule': return join(conn(p), p['duration'] !== undefined ? `${str(p['duration'])} s` : undefined, str(p['chargingRateUnit']));
    case 'SendLocalList': return join(`v${str(p['listVersion']) ?? '?'}`, str(p['updateType']), Array.isArray(p['localAuthorizationList']) ? `${p['localAuthorizationList'].length} idTags` : undefined);
    case 'UpdateFirmware':
    case 'GetDiagnostics':
      return short(p['location'], 40);
    default: return '';
  }
}

/** What a CALLRESULT answers, by the action of its CALL. */
function resultSummary(action: string | null, p: Obj): string {
  const status = isObj(p['idTagInfo']) ? str(p['idTagInfo']['status']) : str(p['status']);
  switch (action) {
    case 'StartTransaction': return join(str(p['transactionId']), status);
    case 'BootNotification': return join(status, p['interval'] !== undefined ? `interval ${str(p['interval'])} s` : undefined);
    case 'GetConfiguration': {
      const known = Array.isArray(p['configurationKey']) ? p['configurationKey'].length : 0;
      const unknown = Array.isArray(p['unknownKey']) ? p['unknownKey'].length : 0;
      return join(`${known} key${known === 1 ? '' : 's'}`, unknown ? `${unknown} unknown` : undefined);
    }
    case 'GetLocalListVersion': return `v${str(p['listVersion']) ?? '?'}`;
    case 'GetDiagnostics': return str(p['fileName']) ?? 'no file';
    case 'Heartbeat': return '';
    default: return status ?? '';
  }
}

function errorSummary(payload: unknown): string {
  const description = isObj(payload) ? str(payload['errorDescription']) : undefined;
  // The error code itself is shown by the row (in red); the summary carries the description.
  return description ? short(description, 60) : '';
}

const own = new WeakMap<Frame, string>();

/** The frame's own part of the summary (a CALL's request, a result's answer). */
export function frameSummary(frame: Frame): string {
  let s = own.get(frame);
  if (s !== undefined) return s;
  const p = frame.payload;
  if (frame.messageType === 'CALL') s = isObj(p) && frame.action ? callSummary(frame.action, p) : '';
  else if (frame.messageType === 'CALLRESULT') s = isObj(p) ? resultSummary(frame.action, p) : '';
  else if (frame.messageType === 'CALLERROR') s = errorSummary(p);
  else s = '';
  own.set(frame, s);
  return s;
}

/** A row's summary: a CALL with its answer reads "request → answer". */
export function rowSummary(frame: Frame, answer: Frame | undefined): string {
  const mine = frameSummary(frame);
  if (frame.messageType !== 'CALL' || !answer) return mine;
  const theirs = answer.messageType === 'CALLERROR' ? answer.errorCode ?? 'CALLERROR' : frameSummary(answer);
  return theirs ? `${mine} → ${theirs}` : mine;
}
