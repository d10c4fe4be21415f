import type { CaseDef } from '../types.ts';
import { coreCases } from './core.ts';
import { fileCases } from './files.ts';
import { localAuthCases } from './local-auth.ts';
import { meterCases } from './meter.ts';
import { remoteCases } from './remote.ts';
import { reservationCases } from './reservation.ts';
import { smartCases } from './smart.ts';
import { triggerCases } from './trigger.ts';

const resets = new Set(['reset.soft', 'reset.hard']);

/** Every case, in the order a run takes them: reboots and firmware last so the others see a settled charger. */
export const CASES: readonly CaseDef[] = [
  ...coreCases,
  ...triggerCases,
  ...remoteCases.filter((c) => !resets.has(c.id)),
  ...localAuthCases,
  ...reservationCases,
  ...smartCases,
  ...meterCases,
  ...fileCases.filter((c) => c.id !== 'firmware.update'),
  ...remoteCases.filter((c) => resets.has(c.id)),
  ...fileCases.filter((c) => c.id === 'firmware.update'),
];

const BY_ID = new Map(CASES.map((c) => [c.id, c]));
export const caseById = (id: string): CaseDef | undefined => BY_ID.get(id);
