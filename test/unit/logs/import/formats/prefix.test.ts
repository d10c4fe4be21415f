import { describe, expect, test } from 'vitest';
import { chargerFromFileName, chargerIn, chargerInPath, directionIn } from '../../../../../main/logs/import/formats/prefix.ts';

describe('direction words', () => {
  test.each([
    ['SteVe Received:', 'in', true], ['Sending:', 'out', true], ['recv CP1:', 'in', true], ['send CP1:', 'out', true],
    ['DEBUG:websockets.server:< TEXT', 'in', true], ['DEBUG:websockets.client:> TEXT', 'out', true],
    ['[MO] ->', 'out', true], ['[MO] <-', 'in', true], ['[client->target]', 'in', false], ['[target->client]', 'out', false],
    ['INF [sendTXT]', 'out', true], ['INF [WStype_TEXT]', 'in', true], ['CP_1: receive message', 'in', true], ['csms-to-cp', 'out', false],
  ])('%s', (text, direction, relative) => {
    expect(directionIn(text)).toEqual({ direction, relative });
  });

  test('no direction word: null; <id> in angle brackets is not a direction', () => {
    expect(directionIn('[INFO ] de.rwth.idsg.steve - [chargeBoxId=X]')).toBeNull();
    expect(directionIn('<CP1> frame')).toBeNull();
  });
});

describe('the charger a line names', () => {
  test.each([
    ['[chargeBoxId=KEBA-P30-0042, sessionId=8a1f] Received: ', 'KEBA-P30-0042'],
    ['INFO:ocpp:CP_1: send ', 'CP_1'],
    ['INFO:ocpp:PY-CP-1: receive message ', 'PY-CP-1'],
    ['[ocpp  ] TRACE  recv EVCC-WB-01: ', 'EVCC-WB-01'],
    ['{"chargePointId": "AB12"} ', 'AB12'],
  ])('%s', (text, id) => {
    expect(chargerIn(text)).toBe(id);
  });

  test('words after a verb are not chargers; no id, no charger', () => {
    expect(chargerIn('send message: ')).toBeNull();
    expect(chargerIn('[ocpp] Received: ')).toBeNull();
    expect(chargerIn('20:38:40 recv ')).toBeNull();
  });

  test('connection lines name it by their path', () => {
    expect(chargerInPath('charge point connected: path: /EVCC-WB-01')).toBe('EVCC-WB-01');
    expect(chargerInPath('connecting to wss://csms.example.com/ocpp/ACME-X1-0007')).toBe('ACME-X1-0007');
    expect(chargerInPath('connecting to ws://10.0.0.5:8180/steve/websocket/CentralSystemService/')).toBeNull();
    expect(chargerInPath('GET /ocpp/CP%2F7 HTTP/1.1 path=/ocpp/CP%207')).toBe('CP 7');
  });

  test('the file name, when it looks like an id', () => {
    expect(chargerFromFileName('WB-4711_2023-10-02.log')).toBe('WB-4711');
    expect(chargerFromFileName('ocpp-KEBA_P30_17.txt.gz')).toBe('KEBA_P30_17');
    expect(chargerFromFileName('steve.log')).toBeNull();
    expect(chargerFromFileName('upload')).toBeNull();
    expect(chargerFromFileName('trace-2024-01-01.log')).toBeNull();
    expect(chargerFromFileName('my notes about the site.txt')).toBeNull();
  });
});
