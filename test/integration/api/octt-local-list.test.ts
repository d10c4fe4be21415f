/**
 * OCTT Local Auth List Management cases (TC_042_x, TC_043_x) through the control API, and the local list
 * and version the CSMS keeps after each answer (OCPP 1.6 §3.5, §5.10, §5.15; errata 3.52).
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startApp, TOKEN, type TestApp } from '../../support/harness.ts';
import { accepted, booted, findings, get, op, station } from './support.ts';

let t: TestApp;
beforeAll(async () => { t = await startApp(); });
afterAll(async () => { await t.stop(); });

const full = (listVersion: number, tags: string[]) => ({
  listVersion, updateType: 'Full', localAuthorizationList: tags.map((idTag) => ({ idTag, idTagInfo: { status: 'Accepted' } })),
});
const charger = async (id: string) => (await t.api('GET', `/api/chargers/${id}`)).body;

describe('Local Auth List Management', () => {
  test('TC_042_1_CSMS Get Local List Version (not supported)', async () => {
    const st = await station(t, 'tc042-1', { GetLocalListVersion: { listVersion: -1 } });
    await booted(st);
    const { wire, result } = await accepted(t, st, 'GetLocalListVersion', {});
    expect(wire).toEqual({});
    expect(result).toEqual({ listVersion: -1 });
    expect((await get(t, 'tc042-1', 'local-list')).version).toBe(-1);
    expect(await findings(t, 'tc042-1', 'local-list-version-mismatch')).toEqual([]);
    await st.close();
  });

  test('TC_042_2_CSMS Get Local List Version (empty)', async () => {
    const st = await station(t, 'tc042-2', { GetLocalListVersion: { listVersion: 0 } });
    await booted(st);
    const { wire, result } = await accepted(t, st, 'GetLocalListVersion', {});
    expect(wire).toEqual({});
    expect(result).toEqual({ listVersion: 0 });
    expect(await get(t, 'tc042-2', 'local-list')).toMatchObject({ version: 0, entries: [] });
    await st.close();
  });

  for (const [name, status] of [['TC_043_1_CSMS Send Local Authorization List – NotSupported', 'NotSupported'], ['TC_043_3_CSMS Send Local Authorization List – Failed', 'Failed']] as const) {
    test(name, async () => {
      const id = `tc043-${status}`;
      const st = await station(t, id, { SendLocalList: { status } });
      await booted(st);
      const body = full(1, ['LAL1']);
      const { wire, result } = await accepted(t, st, 'SendLocalList', body);
      expect(wire).toEqual(body);
      expect(result).toEqual({ status });
      expect(await get(t, id, 'local-list')).toMatchObject({ version: 0, entries: [], updatedAt: null });
      await st.close();
    });
  }

  test('TC_043_4_CSMS Send Local Authorization List – Full', async () => {
    const st = await station(t, 'tc043-4');
    await booted(st);
    const body = {
      listVersion: 1, updateType: 'Full', localAuthorizationList: [
        { idTag: 'LAL1', idTagInfo: { status: 'Accepted' } },
        { idTag: 'LAL2', idTagInfo: { status: 'Blocked', expiryDate: '2030-01-01T00:00:00.000Z', parentIdTag: 'GROUP' } },
      ],
    };
    const { wire, result } = await accepted(t, st, 'SendLocalList', body);
    expect(wire).toEqual(body);
    expect(wire.localAuthorizationList.every((e: any) => e.idTagInfo !== undefined)).toBe(true);
    expect(result).toEqual({ status: 'Accepted' });
    const list = await get(t, 'tc043-4', 'local-list');
    expect(list).toMatchObject({ chargerId: 'tc043-4', version: 1, entries: body.localAuthorizationList });
    expect(list.updatedAt).not.toBeNull();
    expect((await charger('tc043-4')).localListVersion).toBe(1);
    expect(await findings(t, 'tc043-4')).toEqual([]);
    await st.close();
  });

  test('TC_043_5_CSMS Send Local Authorization List – Differential (after an initial Full list, a higher version)', async () => {
    const st = await station(t, 'tc043-5', { GetLocalListVersion: { listVersion: 1 } });
    await booted(st);
    await accepted(t, st, 'SendLocalList', full(1, ['LAL1']));
    const version = await accepted(t, st, 'GetLocalListVersion', {});
    expect(version.result).toEqual({ listVersion: 1 });
    const body = { listVersion: 2, updateType: 'Differential', localAuthorizationList: [{ idTag: 'LAL3', idTagInfo: { status: 'Accepted' } }] };
    const { wire, result } = await accepted(t, st, 'SendLocalList', body);
    expect(wire).toEqual(body);
    expect(result).toEqual({ status: 'Accepted' });
    expect(await get(t, 'tc043-5', 'local-list')).toMatchObject({
      version: 2, entries: [{ idTag: 'LAL1', idTagInfo: { status: 'Accepted' } }, { idTag: 'LAL3', idTagInfo: { status: 'Accepted' } }],
    });
    expect(await findings(t, 'tc043-5')).toEqual([]);
    await st.close();
  });
});

describe('the local list the CSMS keeps', () => {
  test('Differential: entries with idTagInfo add or update, entries without it remove', async () => {
    const st = await station(t, 'lal-diff');
    await accepted(t, st, 'SendLocalList', full(10, ['A', 'B', 'C']));
    await accepted(t, st, 'SendLocalList', {
      listVersion: 11, updateType: 'Differential', localAuthorizationList: [
        { idTag: 'A' }, { idTag: 'B', idTagInfo: { status: 'Blocked' } }, { idTag: 'D', idTagInfo: { status: 'Accepted' } }, { idTag: 'Z' },
      ],
    });
    const list = await get(t, 'lal-diff', 'local-list');
    expect(list.version).toBe(11);
    expect(list.entries).toEqual([
      { idTag: 'B', idTagInfo: { status: 'Blocked' } }, { idTag: 'C', idTagInfo: { status: 'Accepted' } }, { idTag: 'D', idTagInfo: { status: 'Accepted' } },
    ]);
    // A Full list replaces everything; an empty Full list empties it.
    await accepted(t, st, 'SendLocalList', full(12, ['X']));
    expect((await get(t, 'lal-diff', 'local-list')).entries.map((e: any) => e.idTag)).toEqual(['X']);
    await accepted(t, st, 'SendLocalList', { listVersion: 13, updateType: 'Full' });
    expect(await get(t, 'lal-diff', 'local-list')).toMatchObject({ version: 13, entries: [] });
    await st.close();
  });

  test('rejected answers (VersionMismatch, Failed, NotSupported) and a CALLERROR leave list and version as they were', async () => {
    const st = await station(t, 'lal-keep');
    await accepted(t, st, 'SendLocalList', full(5, ['KEEP']));
    const before = await get(t, 'lal-keep', 'local-list');
    for (const status of ['VersionMismatch', 'Failed', 'NotSupported']) {
      st.answer('SendLocalList', { status });
      await accepted(t, st, 'SendLocalList', full(6, ['OTHER']));
    }
    st.answer('SendLocalList', () => { throw new Error('storage full'); });
    expect((await op(t, st.id, 'SendLocalList', full(6, ['OTHER']))).body.callError).toBeDefined();
    expect(await get(t, 'lal-keep', 'local-list')).toEqual(before);
    await st.close();
  });

  test('listVersion 0 or -1 is a finding (errata 3.52), sent or not accepted', async () => {
    const st = await station(t, 'lal-zero');
    await accepted(t, st, 'SendLocalList', full(0, ['A']));
    st.answer('SendLocalList', { status: 'Failed' });
    await accepted(t, st, 'SendLocalList', full(-1, ['A']));
    const f = await findings(t, 'lal-zero', 'local-list-version-reserved');
    expect(f.map((x) => x.message)).toEqual([expect.stringContaining('listVersion 0'), expect.stringContaining('listVersion -1')]);
    expect(f[0].message).toContain('accepted');
    await st.close();
  });

  test('a Differential whose version is not above the known one is a finding', async () => {
    const st = await station(t, 'lal-down');
    await accepted(t, st, 'SendLocalList', full(7, ['A']));
    await accepted(t, st, 'SendLocalList', { listVersion: 7, updateType: 'Differential', localAuthorizationList: [{ idTag: 'B', idTagInfo: { status: 'Accepted' } }] });
    await accepted(t, st, 'SendLocalList', { listVersion: 3, updateType: 'Differential', localAuthorizationList: [] });
    expect((await findings(t, 'lal-down', 'local-list-version-not-increased')).map((f) => f.message)).toEqual([
      expect.stringContaining('listVersion 7, not above the known version 7'), expect.stringContaining('listVersion 3, not above the known version 7'),
    ]);
    // A Full list may use any version but 0 and -1.
    await accepted(t, st, 'SendLocalList', full(2, ['A']));
    expect(await findings(t, 'lal-down', 'local-list-version-not-increased')).toHaveLength(2);
    await st.close();
  });

  test('a Full list entry without idTagInfo is a finding and is not in the list', async () => {
    const st = await station(t, 'lal-bare');
    await accepted(t, st, 'SendLocalList', { listVersion: 1, updateType: 'Full', localAuthorizationList: [{ idTag: 'BARE' }, { idTag: 'OK', idTagInfo: { status: 'Accepted' } }] });
    expect((await get(t, 'lal-bare', 'local-list')).entries.map((e: any) => e.idTag)).toEqual(['OK']);
    expect((await findings(t, 'lal-bare', 'local-list-full-without-info'))[0].message).toContain('BARE');
    await st.close();
  });

  test('GetLocalListVersion stores what the charger reports, with a finding when it differs from the version it last accepted', async () => {
    const st = await station(t, 'lal-get', { GetLocalListVersion: { listVersion: 4 } });
    await accepted(t, st, 'SendLocalList', full(4, ['A']));
    await accepted(t, st, 'GetLocalListVersion', {});
    expect(await findings(t, 'lal-get', 'local-list-version-mismatch')).toEqual([]);
    st.answer('GetLocalListVersion', { listVersion: 0 });
    await accepted(t, st, 'GetLocalListVersion', {});
    const [f] = await findings(t, 'lal-get', 'local-list-version-mismatch');
    expect(f.message).toContain('reports local list version 0');
    expect(f.message).toContain('had version 4');
    expect((await get(t, 'lal-get', 'local-list')).version).toBe(0);
    expect((await charger('lal-get')).localListVersion).toBe(0);
    await st.close();
  });

  test('the live event stream carries the charger with its new list version after an accepted SendLocalList', async () => {
    const st = await station(t, 'lal-event');
    const ws = new WebSocket(`ws://127.0.0.1:${t.uiPort}/api/events?token=${TOKEN}`);
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
    const seen = new Promise<any>((resolve) => {
      ws.on('message', (d) => {
        const hit = (JSON.parse(d.toString()) as any[]).find((e) => e.type === 'charger' && e.charger.id === 'lal-event' && e.charger.localListVersion === 3);
        if (hit) resolve(hit.charger);
      });
    });
    await accepted(t, st, 'SendLocalList', full(3, ['EV']));
    expect(await seen).toMatchObject({ id: 'lal-event', connected: true, localListVersion: 3 });
    ws.close();
    await st.close();
  });
});
