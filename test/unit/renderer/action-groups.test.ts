import { describe, expect, test } from 'vitest';
import { ALL_CSMS_ACTIONS, isCsmsAction } from '../../../shared/ocpp/actions.ts';
import { ACTION_GROUPS } from '../../../renderer/commands/command-context.ts';
import { FORM_ACTIONS, formSchema } from '../../../renderer/commands/form-schemas.ts';

/**
 * The CSMS-initiated messages of OCPP 1.6 by feature profile (OCPP 1.6 edition 2 §3.1, "Feature Profiles") and of the
 * security whitepaper (edition 2, §4), written out here from the specifications, independently of the product's lists.
 */
const SPEC: Record<string, string[]> = {
  'Core': ['ChangeAvailability', 'ChangeConfiguration', 'ClearCache', 'DataTransfer', 'GetConfiguration', 'RemoteStartTransaction', 'RemoteStopTransaction', 'Reset', 'UnlockConnector'],
  'Firmware Management': ['GetDiagnostics', 'UpdateFirmware'],
  'Local Auth List Management': ['GetLocalListVersion', 'SendLocalList'],
  'Reservation': ['CancelReservation', 'ReserveNow'],
  'Smart Charging': ['ClearChargingProfile', 'GetCompositeSchedule', 'SetChargingProfile'],
  'Remote Trigger': ['TriggerMessage'],
  'Security whitepaper': ['CertificateSigned', 'DeleteCertificate', 'ExtendedTriggerMessage', 'GetInstalledCertificateIds', 'GetLog', 'InstallCertificate', 'SignedUpdateFirmware'],
};
const sorted = (xs: readonly string[]) => [...xs].sort();

describe('the Commands tab', () => {
  test('ChargeScope can send every CSMS-initiated action of the six OCPP 1.6 profiles and the security whitepaper, and nothing else', () => {
    expect(sorted(ALL_CSMS_ACTIONS)).toEqual(sorted(Object.values(SPEC).flat()));
    for (const a of Object.values(SPEC).flat()) expect(isCsmsAction(a), a).toBe(true);
  });

  test('every action ChargeScope can send has exactly one form group, the group of its feature profile', () => {
    const grouped = ACTION_GROUPS.flatMap((g) => g.actions);
    const missing = ALL_CSMS_ACTIONS.filter((a) => !grouped.includes(a));
    expect(missing, 'actions without a form group').toEqual([]);
    expect(new Set(grouped).size).toBe(grouped.length);
    expect(sorted(grouped)).toEqual(sorted(ALL_CSMS_ACTIONS));
    expect(Object.fromEntries(ACTION_GROUPS.map((g) => [g.profile, sorted(g.actions)]))).toEqual(
      Object.fromEntries(Object.entries(SPEC).map(([p, actions]) => [p, sorted(actions)])),
    );
  });

  test('every grouped action has a request form: the object schema of its request', () => {
    expect(sorted(FORM_ACTIONS)).toEqual(sorted(ALL_CSMS_ACTIONS));
    for (const g of ACTION_GROUPS) {
      for (const a of g.actions) {
        const schema = formSchema(a);
        expect(schema['type'], a).toBe('object');
        expect(typeof schema['properties'], a).toBe('object');
      }
    }
  });
});
