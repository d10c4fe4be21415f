/**
 * Sessions own their state (DESIGN "Sessions and logs") and transactions as a field engineer lives them (DESIGN "OCPP
 * endpoint"): opening, importing or deleting a recording changes nothing the live CSMS answers; a start supersedes its
 * connector's unstopped transaction; ConcurrentTx is a policy against live transactions only.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connectCharger, rawCharger, startApp, TOKEN, until, type TestApp } from '../../support/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(async () => {
  await t?.stop();
});

const now = () => new Date().toISOString();
const start = async (cp: Awaited<ReturnType<typeof connectCharger>>, connectorId: number, idTag: string) =>
  (await cp.call('StartTransaction', { connectorId, idTag, meterStart: 100, timestamp: now() })) as { transactionId: number; idTagInfo: { status: string } };
const findings = async (charger: string, session?: number) =>
  (await t.api('GET', `/api/findings?charger=${encodeURIComponent(charger)}${session ? `&session=${session}` : ''}`)).body as { rule: string; severity: string; seq: number | null }[];
const transactions = async (query: string) => (await t.api('GET', `/api/transactions?${query}`)).body as any[];
async function download(path: string): Promise<Uint8Array> {
  const res = await fetch(`http://127.0.0.1:${t.uiPort}${path}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}
const settings = (patch: object) => t.api('PATCH', '/api/settings', patch);

describe('a session owns its state', () => {
  test('re-opening and importing an export with open transactions, then deleting it, changes nothing the live CSMS answers', async () => {
    await settings({ concurrentTransactions: 'refuse' });
    const recorded = (await t.api('POST', '/api/sessions', { name: 'yesterday' })).body.id as number;
    const old = await connectCharger(t, 'OWN-A');
    const a = await start(old, 1, 'OWN-TAG-1');
    const b = await start(old, 2, 'OWN-TAG-2');
    expect([a.idTagInfo.status, b.idTagInfo.status]).toEqual(['Accepted', 'Accepted']);
    await old.close();
    const chargescope = await download(`/api/sessions/${recorded}/export?format=chargescope`);
    const trace = await download(`/api/sessions/${recorded}/export?format=trace-jsonl`);
    const live = (await t.api('POST', '/api/sessions', { name: 'today' })).body.id as number;

    const reopened = await t.api('POST', '/api/sessions/import?name=yesterday.chargescope', chargescope);
    expect(reopened.status).toBe(201);
    const imported = await t.api('POST', '/api/sessions/import?name=yesterday.jsonl', trace);
    expect(imported.status).toBe(201);
    // The recordings hold the open transactions, as they were.
    for (const sid of [reopened.body.sessionId, imported.body.sessionId]) {
      const txs = await transactions(`session=${sid}`);
      expect(txs.map((x) => [x.idTag, x.stoppedAt])).toEqual([['OWN-TAG-1', null], ['OWN-TAG-2', null]]);
    }

    const cp = await connectCharger(t, 'OWN-B');
    const c = await start(cp, 1, 'OWN-TAG-1');
    const d = await start(cp, 2, 'OWN-TAG-2');
    expect([c.idTagInfo.status, d.idTagInfo.status]).toEqual(['Accepted', 'Accepted']);
    // The live sequence continues: the recordings' transactions took no live ids.
    expect([c.transactionId, d.transactionId]).toEqual([b.transactionId + 1, b.transactionId + 2]);
    expect((await findings('OWN-B', live)).map((f) => f.rule)).not.toContain('concurrent-transaction');

    expect((await t.api('DELETE', `/api/sessions/${reopened.body.sessionId}`)).status).toBe(200);
    expect((await t.api('DELETE', `/api/sessions/${imported.body.sessionId}`)).status).toBe(200);
    await cp.call('StopTransaction', { transactionId: c.transactionId, meterStop: 200, timestamp: now() });
    const e = await start(cp, 1, 'OWN-TAG-3');
    expect(e).toMatchObject({ transactionId: d.transactionId + 1, idTagInfo: { status: 'Accepted' } });
    await cp.close();
    await settings({ concurrentTransactions: 'allow' });
  });
});

describe('transactions', () => {
  test('a start on a connector supersedes its unstopped transaction: closed at the new start, supersededBy, a finding', async () => {
    await settings({ concurrentTransactions: 'refuse' });
    const cp = await connectCharger(t, 'SUP-1');
    const first = await start(cp, 1, 'SUP-TAG');
    const at = now();
    const second = (await cp.call('StartTransaction', { connectorId: 1, idTag: 'SUP-TAG', meterStart: 150, timestamp: at })) as { transactionId: number; idTagInfo: { status: string } };
    expect(second.idTagInfo.status).toBe('Accepted');
    const txs = await transactions('charger=SUP-1');
    expect(txs.find((x) => x.id === first.transactionId)).toMatchObject({ stoppedAt: at, supersededBy: second.transactionId, reason: 'Superseded' });
    expect(txs.find((x) => x.id === second.transactionId)).toMatchObject({ stoppedAt: null, supersededBy: null });
    await until(async () => (await findings('SUP-1')).find((f) => f.rule === 'transaction-superseded'), 'the transaction-superseded finding');
    // The superseded transaction never counts as open again: the card may start elsewhere once the new one stops.
    await cp.call('StopTransaction', { transactionId: second.transactionId, meterStop: 300, timestamp: now() });
    expect((await start(cp, 2, 'SUP-TAG')).idTagInfo.status).toBe('Accepted');
    await cp.close();
    await settings({ concurrentTransactions: 'allow' });
  });

  test('concurrentTransactions "allow" (default): one card starts both connectors', async () => {
    expect((await t.api('GET', '/api/settings')).body.concurrentTransactions).toBe('allow');
    const cp = await connectCharger(t, 'CON-ALLOW');
    expect((await start(cp, 1, 'CON-TAG-A')).idTagInfo.status).toBe('Accepted');
    expect((await start(cp, 2, 'CON-TAG-A')).idTagInfo.status).toBe('Accepted');
    await cp.close();
    expect((await findings('CON-ALLOW')).map((f) => f.rule)).not.toContain('concurrent-transaction');
  });

  test('concurrentTransactions "refuse": ConcurrentTx only while the other transaction is live (connected, not rebooted)', async () => {
    await settings({ concurrentTransactions: 'refuse' });
    const holder = await connectCharger(t, 'CON-HOLD');
    const other = await connectCharger(t, 'CON-OTHER');
    expect((await start(holder, 1, 'CON-TAG-R')).idTagInfo.status).toBe('Accepted');
    expect((await start(other, 1, 'CON-TAG-R')).idTagInfo.status).toBe('ConcurrentTx');
    await until(async () => (await findings('CON-OTHER')).find((f) => f.rule === 'concurrent-transaction'), 'the concurrent-transaction finding');
    // The holder reboots: its transaction is stale, not live.
    await holder.call('BootNotification', { chargePointVendor: 'TestVendor', chargePointModel: 'TestModel' });
    expect((await start(other, 2, 'CON-TAG-R')).idTagInfo.status).toBe('Accepted');
    // Disconnected is not live either.
    const third = await connectCharger(t, 'CON-THIRD');
    expect((await start(third, 1, 'CON-TAG-S')).idTagInfo.status).toBe('Accepted');
    await third.close();
    await until(async () => !(await t.api('GET', '/api/chargers/CON-THIRD')).body.connected, 'CON-THIRD disconnected');
    expect((await start(holder, 2, 'CON-TAG-S')).idTagInfo.status).toBe('Accepted');
    await Promise.all([holder.close(), other.close()]);
    await settings({ concurrentTransactions: 'allow' });
  });

  for (const policy of ['allow', 'refuse'] as const) {
    test(`OCTT: Charging state, then a new case with the same card is Accepted (concurrentTransactions "${policy}")`, async () => {
      await settings({ concurrentTransactions: policy });
      const id = `OCTT-SEQ-${policy}`;
      const charging = async () => {
        const cp = await connectCharger(t, id);
        await cp.call('StatusNotification', { connectorId: 0, status: 'Available', errorCode: 'NoError' });
        await cp.call('StatusNotification', { connectorId: 1, status: 'Available', errorCode: 'NoError' });
        expect(((await cp.call('Authorize', { idTag: 'OCTT-VALID' })) as any).idTagInfo.status).toBe('Accepted');
        await cp.call('StatusNotification', { connectorId: 1, status: 'Preparing', errorCode: 'NoError' });
        const tx = await start(cp, 1, 'OCTT-VALID');
        await cp.call('StatusNotification', { connectorId: 1, status: 'Charging', errorCode: 'NoError' });
        return { cp, tx };
      };
      const one = await charging();
      await one.cp.close();
      // The next case: the tool connects again, boots, and starts with the same card; the first case never stopped.
      const two = await charging();
      expect(two.tx.idTagInfo.status).toBe('Accepted');
      await two.cp.close();
      const txs = await transactions(`charger=${id}`);
      expect(txs.find((x) => x.id === one.tx.transactionId)).toMatchObject({ supersededBy: two.tx.transactionId });
      await settings({ concurrentTransactions: 'allow' });
    });
  }
});

describe('findings of a live session', () => {
  test('a clean, well-behaved charger session gets no warning', async () => {
    const id = 'CLEAN-1';
    const cp = await connectCharger(t, id);
    const st = (connectorId: number, status: string) => cp.call('StatusNotification', { connectorId, status, errorCode: 'NoError', timestamp: now() });
    await st(0, 'Available');
    await st(1, 'Available');
    await cp.call('Heartbeat', {});
    await cp.call('Authorize', { idTag: 'CLEAN-TAG' });
    await st(1, 'Preparing');
    const tx = await start(cp, 1, 'CLEAN-TAG');
    await st(1, 'Charging');
    await cp.call('MeterValues', { connectorId: 1, transactionId: tx.transactionId, meterValue: [{ timestamp: now(), sampledValue: [
      { value: '150', measurand: 'Energy.Active.Import.Register', unit: 'Wh', context: 'Sample.Periodic' },
      { value: '16.0', measurand: 'Current.Import', unit: 'A', phase: 'L1' }, { value: '230.1', measurand: 'Voltage', unit: 'V', phase: 'L1-N' },
    ] }] });
    await cp.call('StopTransaction', { transactionId: tx.transactionId, meterStop: 400, timestamp: now(), reason: 'EVDisconnected' });
    await st(1, 'Finishing');
    await st(1, 'Available');
    await cp.close();
    const bad = (await findings(id)).filter((f) => f.severity !== 'info');
    expect(bad).toEqual([]);
  });

  test('a binary WebSocket frame is a connection finding', async () => {
    const raw = await rawCharger(t, 'CONN-BIN');
    raw.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await until(async () => (await findings('CONN-BIN')).find((f) => f.rule === 'connection'), 'the connection finding');
    raw.close();
  });
});
