import type { Store } from '../store/store.ts';
import type { FrameQueries } from './frame-queries.ts';
import type { CsmsState } from './types.ts';

/** The CSMS's own view of a charger, read from the store (no writes). */
export function createCsmsState(store: Store, frames: FrameQueries, chargerId: string, sessionId: number): CsmsState {
  return {
    bootFrame: () => frames.lastCall(sessionId, chargerId, 'BootNotification'),
    framesSinceSeq: (action, afterSeq) => frames.callsAfter(sessionId, chargerId, action, afterSeq),
    connectorStatus: (connectorId) => store.chargers.connector(chargerId, connectorId)?.status,
    openTransaction: (connectorId) => store.transactions.openOnConnector(chargerId, connectorId, sessionId)[0],
    knownTransactionIds: () => new Set(store.transactions.list(sessionId, chargerId).map((t) => t.id)),
    localList: () => {
      const l = store.localList.get(chargerId);
      return { version: l.version, entries: l.entries.map((e) => ({ idTag: e.idTag, idTagInfo: e.idTagInfo as Record<string, unknown> | null })) };
    },
    installedProfiles: () => store.chargingProfiles.list(chargerId),
  };
}
