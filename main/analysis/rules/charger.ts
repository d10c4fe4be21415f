/** Boot, heartbeat cadence, clocks and the charger's own notifications (OCPP 1.6 §4.2, §4.6; errata 3.10). */
import type { BootNotificationRequest, DataTransferRequest } from '../../../shared/ocpp/payloads.ts';
import { unanswered } from '../engine.ts';
import type { ChargerState } from '../state.ts';
import type { CheckContext, RuleFamily } from '../types.ts';

const CLOCK_SKEW_MS = 5 * 60_000;
const BOOT_WINDOW_MS = 10 * 60_000;
const BOOTS_IN_WINDOW = 3;
/** A heartbeat later than 1.5 × the interval plus this slack is late. */
const HEARTBEAT_SLACK_MS = 5_000;
const UTC = /(?:Z|[+-]00:?00)$/i;

/** A charger timestamp far ahead of the frame's time; and one in local time. */
export function checkTimestamp(c: CheckContext, timestamp: string | undefined, field: string): void {
  if (timestamp === undefined) return;
  const t = Date.parse(timestamp);
  if (Number.isFinite(t) && t - c.f.atMs > CLOCK_SKEW_MS) {
    c.report('clock-skew', `${field} ${timestamp} is ${Math.round((t - c.f.atMs) / 1000)} s ahead of the Central System's clock: check the charger's time sync`);
  }
  if (!UTC.test(timestamp) && once(c.cs, 'timestamp-not-utc')) {
    c.report('timestamp-not-utc', `${field} ${timestamp} is not in UTC; reported once per charger`);
  }
}

export function once(cs: ChargerState, key: string): boolean {
  if (cs.once.has(key)) return false;
  cs.once.add(key);
  return true;
}

function bootCall(c: CheckContext): void {
  const { f, cs } = c;
  const req = f.payload as unknown as BootNotificationRequest;
  if (f.valid) {
    if (req.chargeBoxSerialNumber !== undefined && once(cs, 'deprecated-boot-field')) {
      c.report('deprecated-boot-field', `BootNotification carries chargeBoxSerialNumber ${JSON.stringify(req.chargeBoxSerialNumber)}${req.chargePointSerialNumber === undefined ? ' and no chargePointSerialNumber' : ''}`);
    }
    checkFirmware(c, req.firmwareVersion ?? null);
  }
  cs.bootTimes = cs.bootTimes.filter((t) => f.atMs - t < BOOT_WINDOW_MS);
  cs.bootTimes.push(f.atMs);
  if (cs.bootTimes.length === BOOTS_IN_WINDOW) {
    c.report('boot-repeated', `${BOOTS_IN_WINDOW} BootNotifications within ${BOOT_WINDOW_MS / 60_000} minutes: the charger keeps rebooting`);
  }
}

function bootFollow(c: CheckContext): void {
  const { f, cs } = c;
  // A reboot: calls to the charger will never be answered, statuses and cadence start afresh.
  for (const [id, p] of cs.pending.out) {
    const u = unanswered(f.chargerId, id, p, 'out');
    c.report(u.rule, `${u.message} before the charger rebooted`, u.seq);
  }
  cs.pending.out.clear();
  cs.status.clear();
  cs.lastHeartbeatMs = null;
}

function checkFirmware(c: CheckContext, after: string | null): void {
  const { cs } = c;
  const before = cs.firmwareVersion;
  const pushed = cs.firmwarePushed && cs.firmwareInstalled;
  if (pushed && before === after) {
    c.report('firmware-unchanged', `after the firmware update the charger booted with the same firmwareVersion ${after ?? '(none)'}: the update did not take effect`);
  } else if (before !== undefined && before !== after) {
    c.report(pushed ? 'firmware-updated' : 'firmware-version-changed', `firmwareVersion ${before ?? '(none)'} → ${after ?? '(none)'}${pushed ? ' after the firmware update' : ''}`);
  }
  cs.firmwareVersion = after;
  cs.firmwarePushed = false;
  cs.firmwareInstalled = false;
}

function bootReply(c: CheckContext): void {
  const { f, pair, cs } = c;
  if (!f.valid || pair === null) return;
  const status = f.payload!['status'];
  if (status !== 'Accepted') {
    c.report('boot-not-accepted', `BootNotification answered ${String(status)}; the charger may send only BootNotification until it is Accepted`, pair.seq);
    return;
  }
  const interval = f.payload!['interval'];
  if (typeof interval === 'number' && interval > 0) setInterval(cs, interval);
}

export function setInterval(cs: ChargerState, seconds: number): void {
  if (cs.heartbeatInterval !== seconds) {
    cs.heartbeatInterval = seconds;
    cs.heartbeatLateReported = false;
    cs.once.delete('heartbeat-too-frequent');
  }
}

function heartbeat(c: CheckContext): void {
  const { f, cs } = c;
  const interval = cs.heartbeatInterval;
  if (interval === null || interval <= 0) return;
  const ms = interval * 1000;
  if (cs.lastInMs !== null) {
    const gap = f.atMs - cs.lastInMs;
    if (gap > ms * 1.5 + HEARTBEAT_SLACK_MS) {
      if (!cs.heartbeatLateReported) c.report('heartbeat-late', `${Math.round(gap / 1000)} s of silence before this Heartbeat; the interval is ${interval} s (reported once until the cadence recovers)`);
      cs.heartbeatLateReported = true;
    } else {
      cs.heartbeatLateReported = false;
    }
  }
  if (cs.lastHeartbeatMs !== null && !cs.triggeredHeartbeat) {
    const gap = f.atMs - cs.lastHeartbeatMs;
    if (gap < ms / 2 - 1000 && once(cs, 'heartbeat-too-frequent')) {
      c.report('heartbeat-too-frequent', `Heartbeat ${Math.round(gap / 1000)} s after the previous one; the interval is ${interval} s (reported once per interval)`);
    }
  }
  cs.triggeredHeartbeat = false;
  cs.lastHeartbeatMs = f.atMs;
}

function lastIn(c: CheckContext): void {
  c.cs.lastInMs = c.f.atMs;
}

function dataTransferReply(c: CheckContext): void {
  const { f, pair } = c;
  if (pair === null || f.payload?.['status'] !== 'UnknownVendorId') return;
  const req = (pair.payload ?? {}) as unknown as DataTransferRequest;
  c.report('data-transfer', `DataTransfer from vendorId ${req.vendorId}${req.messageId ? ` messageId ${req.messageId}` : ''} answered UnknownVendorId`, pair.seq);
}

export const chargerRules: RuleFamily = {
  name: 'charger',
  rules: ['boot-not-accepted', 'boot-repeated', 'deprecated-boot-field', 'heartbeat-late', 'heartbeat-too-frequent', 'clock-skew', 'timestamp-not-utc',
    'firmware-unchanged', 'firmware-updated', 'firmware-version-changed', 'data-transfer', 'security-event', 'sign-certificate'],
  checks: {
    'in:CALL:BootNotification': bootCall,
    'out:CALLRESULT:BootNotification': bootReply,
    'in:CALL:Heartbeat': heartbeat,
    'out:CALLRESULT:DataTransfer': dataTransferReply,
    'in:CALL:SecurityEventNotification': (c) => {
      if (!c.f.valid) return;
      const p = c.f.payload!;
      c.report('security-event', `security event ${String(p['type'])} at ${String(p['timestamp'])}${p['techInfo'] ? `: ${String(p['techInfo'])}` : ''}`);
    },
    'in:CALL:SignCertificate': (c) => {
      if (c.f.valid) c.report('sign-certificate', 'SignCertificate received: send CertificateSigned with a chain signed by your CA');
    },
  },
  follow: {
    'in:CALL:BootNotification': bootFollow,
    'in:*': lastIn,
  },
};
