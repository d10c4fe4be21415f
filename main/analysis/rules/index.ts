/** Every family of rules, in the order they run on a frame. */
import type { RuleFamily } from '../types.ts';
import { chargerRules } from './charger.ts';
import { commandRules } from './commands.ts';
import { configurationRules } from './configuration.ts';
import { localListRules } from './local-list.ts';
import { meterValueRules } from './meter-values.ts';
import { protocolRules } from './protocol.ts';
import { reservationRules } from './reservations.ts';
import { smartChargingRules } from './smart-charging.ts';
import { statusRules } from './status.ts';
import { transactionRules } from './transactions.ts';

export const FAMILIES: readonly RuleFamily[] = [
  protocolRules, chargerRules, statusRules, transactionRules, meterValueRules, commandRules, configurationRules, localListRules, reservationRules,
  smartChargingRules,
];
