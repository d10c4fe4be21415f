/**
 * Commands that disrupt a site (item 11): what each will do, named before it is sent. Null for a command that needs
 * no confirmation. Pure: the caller passes the charger's open transactions.
 */
import type { Transaction } from '../../shared/api/types.ts';

const txList = (txs: readonly Transaction[]) => txs.map((t) => `${t.id} on #${t.connectorId} (${t.idTag})`).join(', ');

export function disruption(chargerId: string, action: string, payload: Record<string, unknown>, open: readonly Transaction[]): string | null {
  switch (action) {
    case 'Reset':
      if (payload['type'] !== 'Hard' || open.length === 0) return null;
      return `Reset Hard reboots ${chargerId} at once, during ${open.length === 1 ? 'transaction' : 'transactions'} ${txList(open)}: charging stops without a normal StopTransaction.`;
    case 'ChangeAvailability': {
      if (payload['type'] !== 'Inoperative') return null;
      const c = Number(payload['connectorId']);
      const where = c === 0 ? `the whole of ${chargerId} (every connector)` : `connector #${c} of ${chargerId}`;
      const running = open.filter((t) => c === 0 || t.connectorId === c);
      return `Inoperative makes ${where} Unavailable: no one can charge there until you send Operative.${running.length ? ` Running: ${txList(running)} (the charger should let it finish, then go Unavailable).` : ''}`;
    }
    case 'ClearChargingProfile': {
      const criteria = ['id', 'connectorId', 'chargingProfilePurpose', 'stackLevel'].filter((k) => payload[k] !== undefined);
      if (criteria.length > 0) return null;
      return `ClearChargingProfile with no criteria clears every charging profile on ${chargerId}, ChargePointMaxProfile limits included: it then charges at its own defaults.`;
    }
    case 'SendLocalList': {
      const list = payload['localAuthorizationList'];
      if (payload['updateType'] !== 'Full' || (Array.isArray(list) && list.length > 0)) return null;
      return `A Full SendLocalList with no entries empties ${chargerId}'s local authorization list: offline, it will know no idTag.`;
    }
    case 'ClearCache':
      return null;
    default:
      return null;
  }
}
