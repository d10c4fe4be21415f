import { useMemo } from 'react';
import type { Charger, LiveEvent } from '../../shared/api/types.ts';
import { useResource } from '../api/live.tsx';
import type { CommandContext } from './command-context.ts';

const forCharger = (id: string) => (e: LiveEvent) =>
  (e.type === 'command' && e.command.chargerId === id && e.command.state === 'answered') || (e.type === 'transaction' && e.transaction.chargerId === id);

/** Loads what the command forms and quick actions need, refreshed when commands are answered. */
export function useCommandContext(charger: Charger): CommandContext {
  const id = charger.id;
  const refresh = useMemo(() => forCharger(id), [id]);
  const config = useResource('GET /api/chargers/:id/configuration', { params: { id } }, refresh);
  const txs = useResource('GET /api/transactions', { query: { charger: id } }, refresh);
  const reservations = useResource('GET /api/chargers/:id/reservations', { params: { id } }, refresh);
  const idTags = useResource('GET /api/idtags', {});
  const localList = useResource('GET /api/chargers/:id/local-list', { params: { id } }, refresh);
  return useMemo(() => ({
    charger,
    configuration: config.data ?? [],
    openTransactions: (txs.data ?? []).filter((t) => t.stoppedAt === null),
    reservations: reservations.data ?? [],
    idTags: idTags.data ?? [],
    localListVersion: localList.data?.version ?? charger.localListVersion,
  }), [charger, config.data, txs.data, reservations.data, idTags.data, localList.data]);
}
