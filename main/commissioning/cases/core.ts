import { fail, inconclusive, skipped } from '../verdicts.ts';
import { frameOf, payloadOf, type CaseDef } from '../types.ts';
import { changeKey, connectorOf, expectStatus, reactionMs, readKey, requireNoTransaction, statusOf, waitStatus } from './helpers.ts';

/** Configuration keys OCPP 1.6 §9.1 marks required for every charger (Core profile). */
export const REQUIRED_CORE_KEYS = [
  'AuthorizeRemoteTxRequests', 'ClockAlignedDataInterval', 'ConnectionTimeOut', 'ConnectorPhaseRotation', 'GetConfigurationMaxKeys',
  'HeartbeatInterval', 'LocalAuthorizeOffline', 'LocalPreAuthorize', 'MeterValuesAlignedData', 'MeterValuesSampledData',
  'MeterValueSampleInterval', 'NumberOfConnectors', 'ResetRetries', 'StopTransactionOnEVSideDisconnect', 'StopTransactionOnInvalidId',
  'StopTxnAlignedData', 'StopTxnSampledData', 'SupportedFeatureProfiles', 'TransactionMessageAttempts', 'TransactionMessageRetryInterval',
  'UnlockConnectorOnEVSideDisconnect',
] as const;

const PROFILE_KEYS: Record<string, readonly string[]> = {
  LocalAuthListManagement: ['LocalAuthListEnabled', 'LocalAuthListMaxLength', 'SendLocalListMaxLength'],
  SmartCharging: ['ChargeProfileMaxStackLevel', 'ChargingScheduleAllowedChargingRateUnit', 'ChargingScheduleMaxPeriods', 'MaxChargingProfilesInstalled'],
};

export const coreCases: CaseDef[] = [
  {
    id: 'boot.fields', title: 'BootNotification carries the charger identity', profile: 'Core', manual: false, needs: [],
    tc: 'TC_001_CS', spec: 'OCPP 1.6 §4.2, §6.2',
    description: 'The last BootNotification (§4.2, fields §6.2) names vendor and model, and gives the firmware version and serial number the report needs. Without one in this session, TriggerMessage BootNotification (§5.17) asks for it.',
    async run(ctx) {
      let boot = ctx.csmsState.bootFrame();
      if (!boot) {
        if (ctx.facts.profiles && !ctx.facts.profiles.has('RemoteTrigger')) throw inconclusive('no BootNotification in this session and the charger cannot be triggered: restart it, then run again');
        const from = ctx.mark();
        expectStatus(await ctx.call('TriggerMessage', { requestedMessage: 'BootNotification' }), 'TriggerMessage', ['Accepted']);
        boot = (await ctx.waitCall('BootNotification', from, reactionMs(ctx))) ?? undefined;
        if (!boot) throw fail(`the charger accepted TriggerMessage BootNotification but sent none within ${ctx.params.reactionSec} s`);
      }
      ctx.evidence(boot.seq);
      const p = (boot.payload ?? {}) as Record<string, unknown>;
      const missing = ['chargePointVendor', 'chargePointModel'].filter((k) => typeof p[k] !== 'string' || (p[k] as string).trim() === '');
      if (missing.length) throw fail(`BootNotification #${boot.seq} has no ${missing.join(' or ')}`);
      const optional = ['firmwareVersion', 'chargePointSerialNumber'].filter((k) => typeof p[k] !== 'string' || (p[k] as string).trim() === '');
      return optional.length
        ? `vendor ${String(p['chargePointVendor'])}, model ${String(p['chargePointModel'])}; it gives no ${optional.join(' and ')} (optional, but the report cannot name them)`
        : `vendor ${String(p['chargePointVendor'])}, model ${String(p['chargePointModel'])}, firmware ${String(p['firmwareVersion'])}, serial ${String(p['chargePointSerialNumber'])}`;
    },
  },
  {
    id: 'boot.status-after-boot', title: 'A StatusNotification for every connector after boot', profile: 'Core', manual: false, needs: ['NumberOfConnectors'],
    tc: 'TC_001_CS', spec: 'OCPP 1.6 §4.2, §4.9',
    description: 'After its BootNotification was Accepted the charger reports the status of each connector with StatusNotification (§4.2 remark, §4.9), as TC_001_CS validates.',
    async run(ctx) {
      const boot = ctx.csmsState.bootFrame();
      if (!boot) throw inconclusive('no BootNotification in this session: run reset.soft, or restart the charger, then run again');
      ctx.evidence(boot.seq);
      const statuses = ctx.csmsState.framesSinceSeq('StatusNotification', boot.seq);
      const missing: number[] = [];
      for (let c = 1; c <= ctx.facts.numberOfConnectors; c++) {
        const f = statuses.find((s) => (s.payload as Record<string, unknown>)['connectorId'] === c);
        if (f) ctx.evidence(f.seq);
        else missing.push(c);
      }
      if (missing.length) throw fail(`after BootNotification #${boot.seq} the charger sent no StatusNotification for connector ${missing.join(', ')}`);
      return `every connector (1..${ctx.facts.numberOfConnectors}) reported its status after BootNotification #${boot.seq}`;
    },
  },
  {
    id: 'heartbeat.interval', title: 'Heartbeats at the configured interval', profile: 'Core', manual: false, needs: ['HeartbeatInterval'],
    tc: null, spec: 'OCPP 1.6 §4.6, §9.1.12',
    description: 'Sets HeartbeatInterval (§9.1.12) to a short test value, then measures the gap between two Heartbeat.req (§4.6): it must match the interval within 25 % (at least 2 s). The old value is put back.',
    async run(ctx) {
      const before = await readKey(ctx, 'HeartbeatInterval');
      if (before.unknown) throw fail('the charger does not know HeartbeatInterval, a required Core key (§9.1.12)');
      const old = before.value !== null && /^\d+$/.test(before.value) ? Number(before.value) : null;
      let interval = ctx.params.heartbeatSec;
      const s = await changeKey(ctx, 'HeartbeatInterval', String(interval), before.value);
      if (s !== 'Accepted') {
        if (old === null || old > 120) throw inconclusive(`the charger answered ${s} to HeartbeatInterval ${interval} and its own interval (${before.value}) is too long to measure here`);
        interval = old;
      }
      const tol = Math.max(2000, interval * 250);
      const firstWait = (Math.max(old ?? 0, interval) * 1000) + tol;
      const from = ctx.mark();
      ctx.step(`wait for a Heartbeat (up to ${Math.round(firstWait / 1000)} s)`);
      const first = await ctx.waitCall('Heartbeat', from, firstWait);
      if (!first) throw fail(`no Heartbeat within ${Math.round(firstWait / 1000)} s after HeartbeatInterval ${interval}`);
      const t0 = ctx.now();
      const after = ctx.mark();
      const second = await ctx.waitCall('Heartbeat', after, interval * 1000 + tol);
      if (!second) throw fail(`after Heartbeat #${first.seq} the next did not come within ${interval} s + ${Math.round(tol / 1000)} s`);
      const gap = (ctx.now() - t0) / 1000;
      if (gap < interval - tol / 1000) throw fail(`Heartbeats ${gap.toFixed(1)} s apart, HeartbeatInterval is ${interval} s: the charger heartbeats too often`);
      return `Heartbeats ${gap.toFixed(1)} s apart for HeartbeatInterval ${interval} s`;
    },
  },
  {
    id: 'config.get-all', title: 'GetConfiguration returns every required key', profile: 'Core', manual: false, needs: [],
    tc: 'TC_019_1_CS', spec: 'OCPP 1.6 §5.8, §9.1',
    description: 'GetConfiguration without keys (§5.8) must list every key the charger has, each with readonly; every key §9.1 requires (and §9.2/§9.4 for the listed profiles) must be there.',
    async run(ctx) {
      const r = await ctx.call('GetConfiguration', {});
      if (r.errorCode) throw fail(`GetConfiguration was answered with CALLERROR ${r.errorCode}`);
      const keys = (r.result?.['configurationKey'] ?? []) as { key: string; readonly?: boolean }[];
      if (!Array.isArray(keys) || keys.length === 0) throw fail('GetConfiguration without keys returned no configurationKey');
      const have = new Set(keys.map((k) => k.key));
      const wanted: string[] = [...REQUIRED_CORE_KEYS];
      for (const [profile, list] of Object.entries(PROFILE_KEYS)) if (ctx.facts.profiles?.has(profile as never)) wanted.push(...list);
      const missing = wanted.filter((k) => !have.has(k));
      if (missing.length) throw fail(`${missing.length} required key(s) missing: ${missing.join(', ')}`);
      return `${keys.length} keys, all ${wanted.length} required ones present`;
    },
  },
  {
    id: 'config.change-writable', title: 'A writable key can be changed and reads back', profile: 'Core', manual: false, needs: ['MeterValueSampleInterval'],
    tc: 'TC_021_CS', spec: 'OCPP 1.6 §5.3, §5.8',
    description: 'ChangeConfiguration of MeterValueSampleInterval (§5.3) must be Accepted and GetConfiguration (§5.8) must then return the new value; the old value is put back.',
    async run(ctx) {
      const key = 'MeterValueSampleInterval';
      const before = await readKey(ctx, key);
      if (before.unknown || before.value === null) throw fail(`the charger does not report ${key}, a required Core key`);
      if (before.readonly === true) throw skipped(`${key} is read-only on this charger`);
      const next = String((Number(before.value) || 0) + 7);
      const s = await changeKey(ctx, key, next, before.value);
      if (s !== 'Accepted' && s !== 'RebootRequired') throw fail(`ChangeConfiguration ${key}=${next} was answered ${s}, though the key is writable`);
      const after = await readKey(ctx, key);
      if (s === 'Accepted' && after.value !== next) throw fail(`ChangeConfiguration was Accepted but GetConfiguration still returns ${key}=${after.value ?? 'nothing'}`);
      return s === 'RebootRequired' ? `${key} accepted with RebootRequired` : `${key} ${before.value} → ${next}, read back`;
    },
  },
  {
    id: 'config.readonly-rejected', title: 'A read-only key cannot be changed', profile: 'Core', manual: false, needs: ['GetConfiguration readonly flags'],
    tc: null, spec: 'OCPP 1.6 §5.3',
    description: 'ChangeConfiguration of a key the charger reports read-only must be answered Rejected (§5.3). The key is sent its own value, so a wrong Accepted changes nothing.',
    async run(ctx) {
      const ro = [...ctx.facts.config.entries()].find(([k, v]) => v.readonly === true && v.value !== null && k !== 'AuthorizationKey');
      if (!ro) throw skipped('the charger reports no read-only key');
      const [key, v] = ro;
      expectStatus(await ctx.call('ChangeConfiguration', { key, value: v.value }), 'ChangeConfiguration', ['Rejected'], `${key} is read-only`);
      return `${key} (read-only) was Rejected`;
    },
  },
  {
    id: 'config.unknown-notsupported', title: 'An unknown key is NotSupported', profile: 'Core', manual: false, needs: [],
    tc: 'TC_040_1_CS', spec: 'OCPP 1.6 §5.3',
    description: 'ChangeConfiguration of a key the charger does not have must be answered NotSupported (§5.3).',
    async run(ctx) {
      expectStatus(await ctx.call('ChangeConfiguration', { key: 'ChargeScopeNoSuchKey', value: '1' }), 'ChangeConfiguration', ['NotSupported']);
    },
  },
  {
    id: 'config.invalid-value', title: 'A malformed value is Rejected', profile: 'Core', manual: false, needs: ['MeterValueSampleInterval'],
    tc: 'TC_040_2_CS', spec: 'OCPP 1.6 §5.3',
    description: 'ChangeConfiguration MeterValueSampleInterval = -1 must be Rejected (§5.3); if it is accepted, the old value is put back.',
    async run(ctx) {
      const before = await readKey(ctx, 'MeterValueSampleInterval');
      const s = await changeKey(ctx, 'MeterValueSampleInterval', '-1', before.value);
      if (s !== 'Rejected') throw fail(`MeterValueSampleInterval = -1 was answered ${s}`);
    },
  },
  {
    id: 'availability.connector', title: 'A connector goes Unavailable and back', profile: 'Core', manual: false, needs: [],
    tc: null, spec: 'OCPP 1.6 §5.2, §4.9',
    description: 'ChangeAvailability Inoperative for the connector (§5.2) is Accepted and followed by StatusNotification Unavailable (§4.9); Operative brings it back to Available.',
    async run(ctx) {
      const c = connectorOf(ctx);
      requireNoTransaction(ctx, c);
      const from = ctx.mark();
      const s = expectStatus(await ctx.call('ChangeAvailability', { connectorId: c, type: 'Inoperative' }), 'ChangeAvailability', ['Accepted', 'Scheduled']);
      ctx.onRestore(`connector ${c} Operative`, async () => {
        const back = ctx.mark();
        if (statusOf(await ctx.call('ChangeAvailability', { connectorId: c, type: 'Operative' }), 'ChangeAvailability') === 'Rejected') throw new Error('Operative was Rejected');
        if (!(await waitStatus(ctx, c, ['Available', 'Preparing', 'Charging', 'SuspendedEV', 'SuspendedEVSE', 'Finishing'], back))) throw new Error('no StatusNotification back to Available');
      });
      if (s === 'Scheduled') throw inconclusive(`ChangeAvailability was Scheduled: connector ${c} is busy`);
      const f = await waitStatus(ctx, c, ['Unavailable'], from);
      if (!f) throw fail(`ChangeAvailability Inoperative was Accepted but no StatusNotification Unavailable came for connector ${c} within ${ctx.params.reactionSec} s`);
      return `connector ${c} reported Unavailable (#${f.seq}) and came back`;
    },
  },
  {
    id: 'availability.charge-point', title: 'The whole charger goes Unavailable and back', profile: 'Core', manual: false, needs: [],
    tc: null, spec: 'OCPP 1.6 §5.2, §4.9',
    description: 'ChangeAvailability Inoperative with connectorId 0 (§5.2) makes every connector Unavailable, reported by StatusNotification (§4.9, connector 0 or each connector); Operative restores them.',
    async run(ctx) {
      for (let c = 1; c <= ctx.facts.numberOfConnectors; c++) requireNoTransaction(ctx, c);
      const from = ctx.mark();
      expectStatus(await ctx.call('ChangeAvailability', { connectorId: 0, type: 'Inoperative' }), 'ChangeAvailability', ['Accepted']);
      ctx.onRestore('charger Operative', async () => {
        const back = ctx.mark();
        if (statusOf(await ctx.call('ChangeAvailability', { connectorId: 0, type: 'Operative' }), 'ChangeAvailability') === 'Rejected') throw new Error('Operative was Rejected');
        await ctx.waitCall('StatusNotification', back, reactionMs(ctx), (p) => p['status'] === 'Available');
      });
      const seen = new Set<number>();
      const n = ctx.facts.numberOfConnectors;
      const all = () => seen.has(0) || Array.from({ length: n }, (_x, k) => k + 1).every((c) => seen.has(c));
      ctx.step('wait for StatusNotification Unavailable on connector 0 or on every connector');
      const done = await ctx.waitEvent(from, reactionMs(ctx), (e) => {
        const f = frameOf(e);
        if (!f || f.direction !== 'in' || f.messageType !== 'CALL' || f.action !== 'StatusNotification') return false;
        const q = payloadOf(f);
        if (q['status'] !== 'Unavailable') return false;
        seen.add(Number(q['connectorId']));
        ctx.evidence(f.seq);
        return all();
      });
      if (!done) {
        const missing = Array.from({ length: n }, (_x, k) => k + 1).filter((c) => !seen.has(c));
        throw fail(`ChangeAvailability 0 Inoperative was Accepted but connector ${missing.join(', ')} did not report Unavailable within ${ctx.params.reactionSec} s`);
      }
      return 'every connector reported Unavailable and came back';
    },
  },
  {
    id: 'datatransfer.unknown-vendor', title: 'DataTransfer to an unknown vendor is UnknownVendorId', profile: 'Core', manual: false, needs: [],
    tc: null, spec: 'OCPP 1.6 §5.6',
    description: 'DataTransfer with a vendorId the charger cannot know must be answered UnknownVendorId (§5.6).',
    async run(ctx) {
      expectStatus(await ctx.call('DataTransfer', { vendorId: 'org.chargescope.unknown', messageId: 'commissioning' }), 'DataTransfer', ['UnknownVendorId']);
    },
  },
];
