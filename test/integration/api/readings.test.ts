/**
 * GET /api/readings: the newest power, current per phase, SoC and energy of every open transaction, from an
 * ocpp-rpc charger's MeterValues (kW and W, per-phase current, a value that is not a number); a stopped transaction
 * has no reading. GET /api/info names the network interface of every charger URL.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ConnectorReading } from '../../../shared/api/readings.ts';
import type { ServerInfo } from '../../../shared/api/routes.ts';
import { chargerEndpoints, interfaceKind } from '../../../main/app/endpoints.ts';
import { connectCharger, startApp, type TestApp } from '../../support/harness.ts';

let t: TestApp;
beforeAll(async () => { t = await startApp(); });
afterAll(async () => { await t.stop(); });

const at = (min: number) => new Date(Date.UTC(2026, 0, 1, 10, min)).toISOString();

describe('live readings per connector', () => {
  test('an open transaction reads its newest MeterValues; energy is counted from meterStart; a stopped one is gone', async () => {
    const cp = await connectCharger(t, 'CP-READ-1');
    const one = await cp.call('StartTransaction', { connectorId: 1, idTag: 'TAG-R1', meterStart: 435_000, timestamp: at(0) }) as { transactionId: number };
    const two = await cp.call('StartTransaction', { connectorId: 2, idTag: 'TAG-R2', meterStart: 0, timestamp: at(0) }) as { transactionId: number };
    const empty = await t.api<ConnectorReading[]>('GET', '/api/readings');
    expect(empty.body.map((r) => [r.connectorId, r.energyWh, r.powerW, r.at])).toEqual([[1, null, null, null], [2, null, null, null]]);
    await cp.call('MeterValues', { connectorId: 1, transactionId: one.transactionId, meterValue: [{ timestamp: at(1), sampledValue: [
      { value: '435100', measurand: 'Energy.Active.Import.Register', unit: 'Wh' }, { value: '7.4', measurand: 'Power.Active.Import', unit: 'kW' },
    ] }] });
    await cp.call('MeterValues', { connectorId: 1, transactionId: one.transactionId, meterValue: [{ timestamp: at(2), sampledValue: [
      { value: '435321', measurand: 'Energy.Active.Import.Register', unit: 'Wh' }, { value: '21600', measurand: 'Power.Active.Import', unit: 'W' },
      { value: '31.2', measurand: 'Current.Import', unit: 'A', phase: 'L2' }, { value: '31.0', measurand: 'Current.Import', unit: 'A', phase: 'L1' },
      { value: '43', measurand: 'SoC', unit: 'Percent', location: 'EV' }, { value: 'n/a', measurand: 'Voltage', unit: 'V' },
    ] }] });
    const r = await t.api<ConnectorReading[]>('GET', '/api/readings?charger=CP-READ-1');
    expect(r.status).toBe(200);
    const c1 = r.body.find((x) => x.connectorId === 1)!;
    expect(c1).toMatchObject({ chargerId: 'CP-READ-1', transactionId: one.transactionId, energyWh: 321, powerW: 21_600, soc: 43, at: at(2), startedAt: at(0) });
    expect(c1.currentA).toEqual([{ phase: 'L1', value: 31 }, { phase: 'L2', value: 31.2 }]);
    await cp.call('StopTransaction', { transactionId: two.transactionId, meterStop: 10, timestamp: at(3) });
    const after = await t.api<ConnectorReading[]>('GET', '/api/readings');
    expect(after.body.map((x) => x.transactionId)).toEqual([one.transactionId]);
    const other = await t.api<ConnectorReading[]>('GET', '/api/readings?charger=CP-NOT-THERE');
    expect(other.body).toEqual([]);
    await cp.close({ force: true });
  });

  test('a session that does not exist is a 404', async () => {
    expect((await t.api('GET', '/api/readings?session=9999')).status).toBe(404);
  });
});

describe('charger URLs per network interface', () => {
  test('GET /api/info lists every charger URL with the name of its interface', async () => {
    const info = await t.api<ServerInfo>('GET', '/api/info');
    expect(info.body.chargerEndpoints.map((e) => e.url).sort()).toEqual([...info.body.chargerUrls].sort());
    for (const e of info.body.chargerEndpoints) expect(e.interface).toBeTruthy();
  });

  test('interfaces are named and guessed by kind; TLS adds a wss:// URL per address; none gives loopback', () => {
    const v4 = (address: string) => ({ address, family: 'IPv4' as const, internal: false, netmask: '255.255.255.0', mac: '00:00:00:00:00:00', cidr: null });
    const list = chargerEndpoints(8887, 8443, { 'wlp2s0': [v4('192.168.1.20')], 'Ethernet 2': [v4('10.0.0.5')], docker0: [v4('172.17.0.1')] });
    expect(list.map((e) => `${e.interface}|${e.kind}|${e.url}`)).toEqual([
      'wlp2s0|Wi-Fi|ws://192.168.1.20:8887/ocpp/', 'wlp2s0|Wi-Fi|wss://192.168.1.20:8443/ocpp/',
      'Ethernet 2|Ethernet|ws://10.0.0.5:8887/ocpp/', 'Ethernet 2|Ethernet|wss://10.0.0.5:8443/ocpp/',
      'docker0|virtual|ws://172.17.0.1:8887/ocpp/', 'docker0|virtual|wss://172.17.0.1:8443/ocpp/',
    ]);
    expect(chargerEndpoints(8887, null, {})).toEqual([{ interface: 'lo', kind: null, address: '127.0.0.1', url: 'ws://127.0.0.1:8887/ocpp/' }]);
    // macOS en0 is Wi-Fi on one Mac and Ethernet on another: no guess.
    expect(['Wi-Fi', 'en0', 'eth0', 'enp3s0', 'utun3', 'xyz'].map(interfaceKind)).toEqual(['Wi-Fi', null, 'Ethernet', 'Ethernet', 'VPN', null]);
  });
});
