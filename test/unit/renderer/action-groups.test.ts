import { describe, expect, test } from 'vitest';
import { ALL_CSMS_ACTIONS } from '../../../shared/ocpp/actions.ts';
import { ACTION_GROUPS } from '../../../renderer/commands/command-context.ts';

describe('the Commands tab', () => {
  test('every CSMS-initiated action of OCPP 1.6 and the security whitepaper has exactly one form group', () => {
    const grouped = ACTION_GROUPS.flatMap((g) => g.actions);
    expect([...grouped].sort()).toEqual([...ALL_CSMS_ACTIONS].sort());
    expect(new Set(grouped).size).toBe(grouped.length);
  });
});
