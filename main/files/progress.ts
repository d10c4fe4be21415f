import type { TransferRecord } from './transfer-store.ts';

export interface ProgressOptions {
  /** Tells the world (onTransfer). */
  emit(record: TransferRecord): void;
  /** Writes the record to the database. */
  persist(record: TransferRecord): void;
  /** Smallest gap between two byte-count emissions of one transfer (default 100 ms, i.e. ≤ 10/s). */
  emitIntervalMs?: number;
  /** Smallest gap between two byte-count writes of one transfer (default 1 s; each write is an fsync). */
  persistIntervalMs?: number;
  /** Monotonic milliseconds. */
  now?: () => number;
}

interface Slot {
  record: TransferRecord;
  lastEmit: number;
  lastPersist: number;
  emitTimer: NodeJS.Timeout | null;
  persistTimer: NodeJS.Timeout | null;
}

/**
 * Throttles progress of byte counts per transfer (at most one emission per emitIntervalMs and one database
 * write per persistIntervalMs, the latest count always delivered), while state changes go out and to disk
 * at once.
 */
export function createProgress(opts: ProgressOptions) {
  const emitGap = opts.emitIntervalMs ?? 100;
  const persistGap = opts.persistIntervalMs ?? 1000;
  const now = opts.now ?? (() => performance.now());
  const slots = new Map<string, Slot>();

  const clearTimers = (slot: Slot) => {
    if (slot.emitTimer) clearTimeout(slot.emitTimer);
    if (slot.persistTimer) clearTimeout(slot.persistTimer);
    slot.emitTimer = slot.persistTimer = null;
  };

  const emit = (slot: Slot) => {
    slot.emitTimer = null;
    slot.lastEmit = now();
    opts.emit(slot.record);
  };

  const persist = (slot: Slot) => {
    slot.persistTimer = null;
    slot.lastPersist = now();
    opts.persist(slot.record);
  };

  const later = (fn: (slot: Slot) => void, slot: Slot, ms: number): NodeJS.Timeout => {
    const timer = setTimeout(() => fn(slot), Math.max(1, Math.ceil(ms)));
    timer.unref();
    return timer;
  };

  return {
    /** The byte count moved: emit and persist when their gaps allow, the latest count later otherwise. */
    bytes(record: TransferRecord): void {
      let slot = slots.get(record.id);
      if (!slot) {
        slot = { record, lastEmit: -Infinity, lastPersist: -Infinity, emitTimer: null, persistTimer: null };
        slots.set(record.id, slot);
      }
      slot.record = record;
      const t = now();
      if (!slot.emitTimer) {
        if (t - slot.lastEmit >= emitGap) emit(slot);
        else slot.emitTimer = later(emit, slot, slot.lastEmit + emitGap - t);
      }
      if (!slot.persistTimer) {
        if (t - slot.lastPersist >= persistGap) persist(slot);
        else slot.persistTimer = later(persist, slot, slot.lastPersist + persistGap - t);
      }
    },

    /** State, statuses, file or error changed: persist and emit now. */
    now(record: TransferRecord): void {
      opts.persist(record);
      opts.emit(record);
      const slot = slots.get(record.id);
      if (!slot) return;
      clearTimers(slot);
      slot.record = record;
      slot.lastPersist = slot.lastEmit = now();
    },

    /** Writes what is pending and forgets the transfer (its stream ended, or the service stops). */
    flush(id?: string): void {
      for (const slot of id === undefined ? [...slots.values()] : [slots.get(id)].filter((s) => s !== undefined)) {
        const pendingPersist = slot.persistTimer !== null;
        const pendingEmit = slot.emitTimer !== null;
        clearTimers(slot);
        if (pendingPersist) opts.persist(slot.record);
        if (pendingEmit) opts.emit(slot.record);
        slots.delete(slot.record.id);
      }
    },
  };
}

export type Progress = ReturnType<typeof createProgress>;
