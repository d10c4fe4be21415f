import { describe, expect, test } from 'vitest';
import { Anonymizer } from '../../../../main/logs/export/anonymize.ts';
import { rewriteJsonStrings } from '../../../../main/logs/export/json-rewrite.ts';

describe('rewriteJsonStrings', () => {
  test('replaces only the addressed strings and keeps every other byte', () => {
    const text = '[2, "a1" ,"Authorize",{ "idTag" : "ABC\\u0031", "n": 1.50e1, "list":["x","y"] }]';
    const out = rewriteJsonStrings(text, new Map([['/3/idTag', 'T-1'], ['/3/list/1', 'Z']]));
    expect(out).toBe('[2, "a1" ,"Authorize",{ "idTag" : "T-1", "n": 1.50e1, "list":["x","Z"] }]');
  });

  test('keys with / and ~ are addressed as RFC 6901 says', () => {
    expect(rewriteJsonStrings('{"a/b":{"c~d":"v"}}', new Map([['/a~1b/c~0d', 'w']]))).toBe('{"a/b":{"c~d":"w"}}');
  });
});

describe('Anonymizer', () => {
  test('the same value gets the same pseudonym wherever it is found', () => {
    const a = new Anonymizer();
    const r1 = a.raw('[2,"1","Authorize",{"idTag":"CARD-123456"}]');
    const r2 = a.raw('[2,"2","StartTransaction",{"connectorId":1,"idTag":"CARD-123456","meterStart":0,"timestamp":"2025-01-01T00:00:00Z"}]');
    expect(r1).toBe('[2,"1","Authorize",{"idTag":"ANON-TAG-00001"}]');
    expect(r2).toContain('"idTag":"ANON-TAG-00001"');
    expect(a.text('idTag CARD-123456 already has open transaction 4')).toBe('idTag ANON-TAG-00001 already has open transaction 4');
  });

  test('serials, AuthorizationKey values, password-like configuration keys and URL passwords', () => {
    const a = new Anonymizer();
    const boot = JSON.parse(a.raw('[2,"b","BootNotification",{"chargePointVendor":"V","chargePointModel":"M","chargePointSerialNumber":"SN1","iccid":"8931"}]'))[3];
    expect(boot).toEqual({ chargePointVendor: 'V', chargePointModel: 'M', chargePointSerialNumber: 'ANON-SN-00001', iccid: 'ANON-SN-00002' });
    const conf = JSON.parse(a.raw('[3,"c",{"configurationKey":[{"value":"AABB","key":"AuthorizationKey","readonly":false},{"key":"ApnPassword","value":"pw"},{"key":"MeterValueSampleInterval","value":"60"}]}]'))[2];
    expect(conf.configurationKey.map((k: { value: string }) => k.value)).toEqual(['ANON-KEY-00001', 'ANON-PW-00001', '60']);
    expect(a.text('see ftp://user:hunter2@10.0.0.1/x')).toBe('see ftp://user:ANON-PW-00002@10.0.0.1/x');
  });

  test('a charger identity that contains a serial is replaced inside it; a meter reading equal to a short idTag is kept', () => {
    const a = new Anonymizer();
    a.raw('[2,"b","BootNotification",{"chargePointVendor":"V","chargePointModel":"M","chargeBoxSerialNumber":"XY998877"}]');
    a.raw('[2,"a","Authorize",{"idTag":"1500"}]');
    const row: Record<string, unknown> = { charger_id: 'CP-XY998877', raw: '[2,"m","MeterValues",{"connectorId":1,"meterValue":[{"timestamp":"t","sampledValue":[{"value":"1500"}]}]}]' };
    a.row('frames', row);
    expect(row['charger_id']).toBe('CP-ANON-SN-00001');
    expect(row['raw']).toContain('"value":"1500"');
  });

  test('text that is not JSON gets the known values replaced as words', () => {
    const a = new Anonymizer();
    a.raw('[2,"a","Authorize",{"idTag":"TAG-7788"}]');
    expect(a.raw('[2,"x","Authorize",{"idTag":"TAG-7788"')).toBe('[2,"x","Authorize",{"idTag":"ANON-TAG-00001"');
  });
});
