/**
 * OCTT Security cases of the 1.6 security whitepaper that the operator triggers (TC_073 … TC_081): the
 * call on the wire, the notifications that follow answered, and for TC_073 the Basic Auth password that
 * follows an accepted AuthorizationKey (A01.FR.03–04).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connectCharger, startApp, type TestApp } from '../../support/harness.ts';
import { accepted, booted, findings, frames, get, HASH, now, PEM, station } from './support.ts';

let t: TestApp;
beforeAll(async () => { t = await startApp(); });
afterAll(async () => { await t.stop(); });

const OLD = 'old-password-16chars';
const NEW_HEX = '00112233445566778899aabbccddeeff01234567';

async function refused(id: string, password: string | Buffer): Promise<boolean> {
  try {
    const cp = await connectCharger(t, id, { boot: false, password: password as string });
    await cp.close({ force: true });
    return false;
  } catch {
    return true;
  }
}

describe('Security', () => {
  test('TC_073_CSMS Update Charge Point Password for HTTP Basic Authentication', async () => {
    await t.api('PUT', '/api/chargers/tc073/auth', { password: OLD });
    const st = await station(t, 'tc073', {}, { password: OLD });
    await booted(st);
    const { wire, result } = await accepted(t, st, 'ChangeConfiguration', { key: 'AuthorizationKey', value: NEW_HEX });
    expect(wire).toEqual({ key: 'AuthorizationKey', value: NEW_HEX });
    expect(result).toEqual({ status: 'Accepted' });
    expect(await get(t, 'tc073', 'configuration')).toEqual([expect.objectContaining({ key: 'AuthorizationKey', value: null, lastChange: 'Accepted' })]);
    expect(await findings(t, 'tc073', 'authorization-key-changed')).toHaveLength(1);
    await st.close();
    // The charger reconnects with the new key: as its hex text or as the decoded bytes; the old one is refused.
    const again = await station(t, 'tc073', {}, { boot: false, password: NEW_HEX });
    expect((await again.call('Heartbeat', {})).currentTime).toBeDefined();
    await again.close();
    expect(await refused('tc073', Buffer.from(NEW_HEX, 'hex'))).toBe(false);
    expect(await refused('tc073', OLD)).toBe(true);
    const refusals = (await t.api('GET', '/api/connections?charger=tc073')).body.filter((e: any) => e.kind === 'refused');
    expect(refusals.at(-1).reason).toContain('wrong Basic Auth password');
  });

  for (const status of ['Rejected', 'NotSupported', 'RebootRequired'] as const) {
    test(`TC_073 variant: AuthorizationKey answered ${status} keeps the old password (A01.FR.04)`, async () => {
      const id = `tc073-${status}`;
      await t.api('PUT', `/api/chargers/${id}/auth`, { password: OLD });
      const st = await station(t, id, { ChangeConfiguration: { status } }, { password: OLD });
      await accepted(t, st, 'ChangeConfiguration', { key: 'AuthorizationKey', value: NEW_HEX });
      await st.close();
      expect(await refused(id, OLD)).toBe(false);
      expect(await refused(id, NEW_HEX)).toBe(true);
    });
  }

  test('TC_074_CSMS Update Charge Point Certificate by request of Central System', async () => {
    const st = await station(t, 'tc074');
    await booted(st);
    const trigger = await accepted(t, st, 'ExtendedTriggerMessage', { requestedMessage: 'SignChargePointCertificate' });
    expect(trigger.wire).toEqual({ requestedMessage: 'SignChargePointCertificate' });
    expect(trigger.wire.connectorId).toBeUndefined();
    expect(await st.call('SignCertificate', { csr: '-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n' })).toEqual({ status: 'Accepted' });
    const signed = await accepted(t, st, 'CertificateSigned', { certificateChain: PEM });
    expect(signed.wire).toEqual({ certificateChain: PEM });
    expect(signed.result).toEqual({ status: 'Accepted' });
    await st.close();
  });

  for (const [name, certificateType] of [
    ['TC_075_1_CSMS Install a certificate on the Charge Point – ManufacturerRootCertificate', 'ManufacturerRootCertificate'],
    ['TC_075_2_CSMS Install a certificate on the Charge Point – CentralSystemRootCertificate', 'CentralSystemRootCertificate'],
  ] as const) {
    test(name, async () => {
      const st = await station(t, `tc075-${certificateType}`);
      await booted(st);
      const install = await accepted(t, st, 'InstallCertificate', { certificateType, certificate: PEM });
      expect(install.wire).toEqual({ certificateType, certificate: PEM });
      expect(install.result).toEqual({ status: 'Accepted' });
      const ids = await accepted(t, st, 'GetInstalledCertificateIds', { certificateType });
      expect(ids.wire).toEqual({ certificateType });
      await st.close();
    });
  }

  test('TC_076_CSMS Delete a specific certificate from the Charge Point (with the hash data it reported)', async () => {
    const reported = { ...HASH, hashAlgorithm: 'SHA384' };
    const st = await station(t, 'tc076', { GetInstalledCertificateIds: { status: 'Accepted', certificateHashData: [reported] } });
    await booted(st);
    const ids = await accepted(t, st, 'GetInstalledCertificateIds', { certificateType: 'CentralSystemRootCertificate' });
    const del = await accepted(t, st, 'DeleteCertificate', { certificateHashData: ids.result.certificateHashData[0] });
    expect(del.wire).toEqual({ certificateHashData: reported });
    expect(del.result).toEqual({ status: 'Accepted' });
    await st.close();
  });

  test('TC_077_CSMS Invalid ChargePointCertificate Security Event', async () => {
    const st = await station(t, 'tc077', { CertificateSigned: { status: 'Rejected' } });
    await booted(st);
    await accepted(t, st, 'ExtendedTriggerMessage', { requestedMessage: 'SignChargePointCertificate' });
    await st.call('SignCertificate', { csr: 'CSR' });
    expect((await accepted(t, st, 'CertificateSigned', { certificateChain: PEM })).result).toEqual({ status: 'Rejected' });
    expect(await st.call('SecurityEventNotification', { type: 'InvalidChargePointCertificate', timestamp: now() })).toEqual({});
    expect((await findings(t, 'tc077', 'security-event'))[0].message).toContain('InvalidChargePointCertificate');
    await st.close();
  });

  test('TC_078_CSMS Invalid CentralSystemCertificate Security Event', async () => {
    const st = await station(t, 'tc078', { InstallCertificate: { status: 'Rejected' } });
    await booted(st);
    const { wire, result } = await accepted(t, st, 'InstallCertificate', { certificateType: 'CentralSystemRootCertificate', certificate: PEM });
    expect(wire.certificateType).toBe('CentralSystemRootCertificate');
    expect(result).toEqual({ status: 'Rejected' });
    expect(await st.call('SecurityEventNotification', { type: 'InvalidCentralSystemCertificate', timestamp: now() })).toEqual({});
    await st.close();
  });

  test('TC_079_CSMS Get Security Log', async () => {
    const st = await station(t, 'tc079');
    await booted(st);
    const body = { logType: 'SecurityLog', requestId: 79, log: { remoteLocation: 'ftp://log:pw@192.0.2.1:2121/logs/' } };
    const { wire, result } = await accepted(t, st, 'GetLog', body);
    expect(wire).toEqual(body);
    expect(result.status).toBe('Accepted');
    expect(await st.call('LogStatusNotification', { status: 'Uploading', requestId: 79 })).toEqual({});
    expect(await st.call('LogStatusNotification', { status: 'Uploaded', requestId: 79 })).toEqual({});
    await st.close();
  });

  test('TC_080_CSMS Secure Firmware Update', async () => {
    const st = await station(t, 'tc080');
    await booted(st);
    const body = { requestId: 80, firmware: { location: 'https://192.0.2.1/fw.bin', retrieveDateTime: now(), signingCertificate: PEM, signature: 'c2lnbmF0dXJl' } };
    const { wire, result } = await accepted(t, st, 'SignedUpdateFirmware', body);
    expect(wire).toEqual(body);
    expect(result).toEqual({ status: 'Accepted' });
    for (const s of ['Downloading', 'Downloaded', 'SignatureVerified', 'Installing', 'InstallRebooting']) {
      expect(await st.call('SignedFirmwareStatusNotification', { status: s, requestId: 80 })).toEqual({});
    }
    await st.close();
    const again = await station(t, 'tc080');
    expect(await again.call('SignedFirmwareStatusNotification', { status: 'Installed', requestId: 80 })).toEqual({});
    expect(await again.call('SecurityEventNotification', { type: 'FirmwareUpdated', timestamp: now() })).toEqual({});
    await booted(again);
    expect((await frames(t, 'tc080')).filter((f) => f.messageType === 'CALLERROR')).toEqual([]);
    await again.close();
  });

  test('TC_081_CSMS Secure Firmware Update – Invalid Signature', async () => {
    const st = await station(t, 'tc081');
    await booted(st);
    const body = { requestId: 81, firmware: { location: 'https://192.0.2.1/fw.bin', retrieveDateTime: now(), signingCertificate: PEM, signature: 'bm90LXZhbGlk' } };
    expect((await accepted(t, st, 'SignedUpdateFirmware', body)).wire).toEqual(body);
    for (const s of ['Downloading', 'Downloaded', 'InvalidSignature']) {
      expect(await st.call('SignedFirmwareStatusNotification', { status: s, requestId: 81 })).toEqual({});
    }
    await st.close();
  });
});
