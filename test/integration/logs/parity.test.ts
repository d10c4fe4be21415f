/**
 * One engine, the same verdict: generated sessions (seeded; every family of rules that real-time traffic can reach,
 * malformed frames included) run live over real sockets, then re-opened from their chargescope export and imported
 * from their trace JSONL export, give the same findings. The documented exceptions: findings about what the trace
 * format cannot carry (connection problems, frames that are not OCPP-J arrays, and the answers to those frames).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RPCClient } from 'ocpp-rpc';
import { connectCharger, rawCharger, TOKEN, type TestApp, startApp } from '../../support/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
  await t.api('PUT', '/api/idtags/BLOCKED-1', { status: 'Blocked' });
});
afterAll(async () => {
  await t?.stop();
});

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const STATUSES = ['Available', 'Preparing', 'Charging', 'SuspendedEV', 'Finishing', 'Faulted', 'Unavailable', 'Reserved'];
const TAGS = ['TAG-A', 'TAG-B', 'BLOCKED-1'];
const now = () => new Date().toISOString();

/** Runs one generated site visit live; returns its session id. */
async function runLive(seed: number): Promise<number> {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const sessionId = (await t.api('POST', '/api/sessions', { name: `parity ${seed}` })).body.id as number;
  const id = `PAR-${seed}`;
  const cp: RPCClient = await connectCharger(t, id, { boot: false });
  cp.handle(async ({ method }): Promise<Record<string, unknown>> => {
    switch (method) {
      case 'GetConfiguration': return { configurationKey: [
        { key: 'HeartbeatInterval', readonly: false, value: pick(['60', 'sixty']) }, { key: 'NumberOfConnectors', readonly: true, value: '2' },
        { key: 'MeterValuesSampledData', readonly: false, value: 'Energy.Active.Import.Register' }, { key: 'AuthorizationKey', readonly: false, value: pick(['', '0011']) },
      ] };
      case 'GetCompositeSchedule': return { status: 'Accepted', connectorId: 1, scheduleStart: now(), chargingSchedule: { duration: 60, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: pick([10, 16]) }] } };
      case 'GetLocalListVersion': return { listVersion: pick([0, 3]) };
      case 'UnlockConnector': return { status: 'Unlocked' };
      case 'ClearChargingProfile': return { status: pick(['Accepted', 'Unknown']) };
      case 'UpdateFirmware': case 'GetDiagnostics': return {};
      default: return { status: pick(['Accepted', 'Rejected']) };
    }
  });
  const op = (action: string, body: object) => t.api('POST', `/api/chargers/${id}/calls/${action}`, body);
  const open: number[] = [];
  let nextConnector = 1;
  await cp.call('BootNotification', { chargePointVendor: 'Par', chargePointModel: 'M', firmwareVersion: `1.${seed}`, ...(rnd() < 0.5 ? { chargeBoxSerialNumber: 'BOX' } : {}) });
  const steps = 45;
  for (let i = 0; i < steps; i++) {
    const r = rnd();
    if (r < 0.14) await cp.call('StatusNotification', { connectorId: pick([0, 1, 2, 3]), status: pick(STATUSES), errorCode: 'NoError', timestamp: rnd() < 0.1 ? '2025-06-01T10:00:00.000+02:00' : now() });
    else if (r < 0.2) await cp.call('Heartbeat', {});
    else if (r < 0.27) await cp.call('Authorize', { idTag: pick(TAGS) });
    else if (r < 0.37) {
      const connectorId = rnd() < 0.7 ? nextConnector : pick([0, 1, 2]);
      nextConnector = nextConnector === 1 ? 2 : 1;
      const res = (await cp.call('StartTransaction', { connectorId, idTag: pick(TAGS), meterStart: 1000, timestamp: now(), ...(rnd() < 0.15 ? { reservationId: 7 } : {}) })) as { transactionId: number };
      open.push(res.transactionId);
    } else if (r < 0.5) {
      const tx = open.length && rnd() < 0.85 ? pick(open) : 987654;
      await cp.call('MeterValues', { connectorId: pick([1, 1, 2, 0]), transactionId: tx, meterValue: [{ timestamp: now(), sampledValue: [
        { value: pick(['1500', '900', 'abc']), measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
        { value: '16', measurand: 'Current.Import', unit: pick(['A', 'W']) },
        { value: '7', measurand: 'Power.Active.Import', unit: 'kW' },
      ] }] });
    } else if (r < 0.58) {
      const tx = open.length && rnd() < 0.8 ? pick(open) : 424242;
      await cp.call('StopTransaction', { transactionId: tx, meterStop: pick([800, 1000, 2000]), timestamp: now(), reason: pick(['Local', 'Remote', 'EVDisconnected', 'HardReset', 'UnlockCommand']) });
    } else if (r < 0.62) await cp.call('DataTransfer', { vendorId: 'Par', messageId: 'x' });
    else if (r < 0.66) await cp.call('FirmwareStatusNotification', { status: pick(['Downloading', 'Downloaded', 'Installing', 'Installed', 'Idle']) });
    else if (r < 0.69) await cp.call('DiagnosticsStatusNotification', { status: pick(['Uploading', 'Uploaded', 'UploadFailed']) });
    else {
      const call = pick([
        ['ChangeAvailability', { connectorId: pick([1, 2]), type: pick(['Inoperative', 'Operative']) }],
        ['Reset', { type: pick(['Hard', 'Soft']) }],
        ['TriggerMessage', { requestedMessage: pick(['StatusNotification', 'Heartbeat', 'MeterValues']) }],
        ['GetConfiguration', rnd() < 0.5 ? {} : { key: ['HeartbeatInterval', 'Missing'] }],
        ['ChangeConfiguration', { key: pick(['HeartbeatInterval', 'SecurityProfile', 'AuthorizationKey']), value: pick(['2', '1', '00112233445566778899']) }],
        ['ReserveNow', { connectorId: pick([1, 2]), expiryDate: new Date(Date.now() + pick([-60_000, 3_600_000])).toISOString(), idTag: pick(TAGS), reservationId: 7 }],
        ['CancelReservation', { reservationId: pick([7, 8]) }],
        ['SetChargingProfile', { connectorId: 1, csChargingProfiles: { chargingProfileId: pick([1, 2]), stackLevel: 0, chargingProfilePurpose: pick(['TxDefaultProfile', 'TxProfile']), chargingProfileKind: 'Relative', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] } } }],
        ['GetCompositeSchedule', { connectorId: 1, duration: 60, chargingRateUnit: 'A' }],
        ['ClearChargingProfile', { id: pick([1, 5]) }],
        ['SendLocalList', { listVersion: pick([0, 3, 3]), updateType: pick(['Full', 'Differential']), localAuthorizationList: [{ idTag: 'TAG-A', ...(rnd() < 0.5 ? { idTagInfo: { status: 'Accepted' } } : {}) }] }],
        ['GetLocalListVersion', {}],
        ['RemoteStartTransaction', { idTag: 'TAG-A', connectorId: 1 }],
        ['RemoteStopTransaction', { transactionId: open.length ? pick(open) : 1 }],
        ['UnlockConnector', { connectorId: 1 }],
        ['UpdateFirmware', { location: 'http://x/fw.bin', retrieveDate: now() }],
        ['GetDiagnostics', { location: 'ftp://x/' }],
      ] as const);
      expect((await op(call[0], call[1])).status).toBe(200);
    }
  }
  await cp.close();
  // Frames no trace can carry, and frames that break the protocol, from a charger that never booted.
  const raw = await rawCharger(t, `PAR-RAW-${seed}`);
  raw.send('{ not json');
  await raw.next();
  raw.send('[2,"raw-1","Heartbeat"');
  await raw.next();
  raw.send('[7,"raw-2",{}]');
  expect(await raw.call('Heartbeat', { extra: true }, 'raw-3')).toEqual([4, 'raw-3', expect.any(String), expect.any(String), {}]);
  await raw.call('Hearbeat', {}, 'raw-4');
  await raw.call('Heartbeat', {}, 'raw-5');
  raw.send('[3,"nobody",{}]');
  await raw.call('Heartbeat', {}, 'raw-5');
  raw.close();
  // Ending the session states what was still expected and never answered (as the end of an import does).
  await t.api('POST', '/api/sessions', { name: `after parity ${seed}` });
  return sessionId;
}

interface Keyed { key: string; malformed: boolean; answersMalformed: boolean }

/** A session's findings as comparable keys: charger, rule and the frame (direction, type, message id, action). */
async function keyed(sessionId: number): Promise<Keyed[]> {
  const frames = (await t.api('GET', `/api/frames?session=${sessionId}&limit=5000`)).body.frames as any[];
  const bySeq = new Map(frames.map((f) => [f.seq, f]));
  const findings = (await t.api('GET', `/api/findings?session=${sessionId}`)).body as any[];
  return findings.filter((f) => !f.rule.startsWith('import-') || f.rule === 'import-possibly-cut').map((f) => {
    const fr = f.seq === null ? undefined : bySeq.get(f.seq);
    // An import marks an unanswered CALL or an unmatched answer at the edge of its file "possibly cut", and so an effect
    // of a command still awaited when the file ends before it was due (its rule named at the end): the same verdict.
    if (f.rule === 'import-possibly-cut') {
      f.rule = /\(([a-z0-9-]+)\)$/.exec(f.message)?.[1] ?? (fr?.messageType === 'CALL' ? 'unanswered-call' : 'unmatched-result');
    }
    const call = fr?.callSeq ? bySeq.get(fr.callSeq) : undefined;
    return {
      key: `${f.chargerId}|${f.rule}|${fr ? `${fr.direction}:${fr.messageType}:${fr.messageId}:${fr.action}` : '-'}`,
      malformed: fr !== undefined && fr.messageType === null, answersMalformed: call !== undefined && call.messageType === null,
    };
  });
}

async function download(path: string): Promise<Uint8Array> {
  const res = await fetch(`http://127.0.0.1:${t.uiPort}${path}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

const sorted = (xs: string[]) => [...xs].sort();

describe('live, re-opened and imported: the same findings', () => {
  for (const seed of [1, 2, 3]) {
    test(`seed ${seed}`, async () => {
      const live = await runLive(seed);
      const liveKeys = await keyed(live);
      const rules = new Set(liveKeys.map((k) => k.key.split('|')[1]));
      expect(rules.size, [...rules].join(', ')).toBeGreaterThan(12);

      const reopened = await t.api('POST', `/api/sessions/import?name=parity-${seed}.chargescope`, await download(`/api/sessions/${live}/export?format=chargescope`));
      expect(reopened.status).toBe(201);
      expect(sorted((await keyed(reopened.body.sessionId)).map((k) => k.key))).toEqual(sorted(liveKeys.map((k) => k.key)));

      const imported = await t.api('POST', `/api/sessions/import?name=parity-${seed}.jsonl`, await download(`/api/sessions/${live}/export?format=trace-jsonl`));
      expect(imported.status).toBe(201);
      // The exceptions: what the trace cannot carry (frames that are not OCPP-J arrays, connection findings) and the
      // unmatched answers that the CSMS's replies to those frames become without them.
      const expected = liveKeys.filter((k) => !k.malformed && !k.key.includes('|connection|')).map((k) => k.key);
      const importedKeys = (await keyed(imported.body.sessionId)).filter((k) => !(k.key.includes('|unmatched-result|') && liveKeys.some((l) => l.answersMalformed && l.key.split('|')[2] === k.key.split('|')[2])));
      expect(sorted(importedKeys.map((k) => k.key))).toEqual(sorted(expected));
    }, 60_000);
  }
});

describe('a hand-written log in each import format gives the findings an expert expects', () => {
  const cases: [string, string[]][] = [
    // A text log (SteVe): the AuthorizationKey change, a cut-off line, a StatusNotification without errorCode.
    ['steve.log', ['authorization-key-changed', 'malformed-frame', 'schema-violation']],
    // A charger's own log: boot, a TriggerMessage answered by the StatusNotification it asked for: nothing to say.
    ['charger-side.log', []],
    // OCPP Trace Format: a deprecated serial field, a NotSupported answer, a schema break, an answer to nothing.
    ['trace.jsonl', ['call-error', 'deprecated-boot-field', 'schema-violation', 'unmatched-result']],
    // Plain JSON lines: an invalid Reset answer, an unknown message type, a DataTransfer never answered at the end of the
    // file (possibly cut: import-possibly-cut).
    ['frames.jsonl', ['import-possibly-cut', 'invalid-reply', 'unknown-message-type']],
  ];
  for (const [file, expected] of cases) {
    test(file, async () => {
      const { readFileSync } = await import('node:fs');
      const r = await t.api('POST', `/api/sessions/import?name=${file}`, new Uint8Array(readFileSync(`test/fixtures/logs/${file}`)));
      expect(r.status).toBe(201);
      const rules = ((await t.api('GET', `/api/findings?session=${r.body.sessionId}`)).body as any[]).map((f) => f.rule).filter((x: string) => !x.startsWith('import-') || x === 'import-possibly-cut');
      expect(sorted([...new Set(rules)]), JSON.stringify(sorted([...new Set(rules)]))).toEqual(sorted(expected));
    });
  }
});

