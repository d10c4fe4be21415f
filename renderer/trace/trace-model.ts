/**
 * The trace's rows in memory: a bounded window of frames in seq order, the filtered view of them, and the
 * CALL ↔ result pairing. Not React: the view renders `visible` through a virtual list and re-renders on
 * `version`.
 *
 * While following, the window keeps the newest `capacity` frames and drops the oldest. While the engineer
 * reads older rows (paused), the window stays where they are: new frames beyond capacity are not kept
 * (`gapAtEnd`) and "jump to latest" reloads the tail.
 */
import type { Frame } from '../../shared/api/types.ts';
import { makePredicate, type TraceFilter } from './trace-filter.ts';

export const DEFAULT_CAPACITY = 20_000;

export class TraceModel {
  frames: Frame[] = [];
  visible: Frame[] = [];
  /** Results by the seq of the CALL they answer. */
  readonly answers = new Map<number, Frame>();
  hasOlder = true;
  gapAtEnd = false;
  /** Matching frames that arrived while paused. */
  newWhilePaused = 0;
  version = 0;
  private predicate: (f: Frame) => boolean;

  constructor(public filter: TraceFilter, readonly capacity = DEFAULT_CAPACITY) {
    this.predicate = makePredicate(filter);
  }

  get newestSeq(): number {
    return this.frames.length ? this.frames[this.frames.length - 1]!.seq : 0;
  }

  get oldestSeq(): number {
    return this.frames.length ? this.frames[0]!.seq : 0;
  }

  /** Replaces the window (initial load, jump to latest). */
  reset(frames: Frame[], hasOlder: boolean): void {
    this.frames = frames.slice(-this.capacity);
    this.hasOlder = hasOlder || frames.length > this.capacity;
    this.gapAtEnd = false;
    this.newWhilePaused = 0;
    this.answers.clear();
    for (const f of this.frames) this.indexAnswer(f);
    this.visible = this.frames.filter(this.predicate);
    this.version++;
  }

  setFilter(filter: TraceFilter): void {
    this.filter = filter;
    this.predicate = makePredicate(filter);
    this.visible = this.frames.filter(this.predicate);
    this.newWhilePaused = 0;
    this.version++;
  }

  matches(f: Frame): boolean {
    return this.predicate(f);
  }

  /** Live frames. Returns how many of them are visible (for the "N new" counter). */
  append(batch: Frame[], following: boolean): number {
    let added = 0;
    let newest = this.newestSeq;
    for (const f of batch) {
      if (f.seq <= newest) continue;
      if (!following && (this.gapAtEnd || this.frames.length >= this.capacity)) {
        this.gapAtEnd = true;
        if (this.predicate(f)) this.newWhilePaused++;
        continue;
      }
      this.frames.push(f);
      this.indexAnswer(f);
      newest = f.seq;
      if (this.predicate(f)) {
        this.visible.push(f);
        added++;
        if (!following) this.newWhilePaused++;
      }
    }
    if (following) this.trimFront();
    if (added || !following) this.version++;
    return added;
  }

  /** Older frames fetched on scroll-up; returns how many visible rows were added on top. */
  prepend(older: Frame[], exhausted: boolean): number {
    const oldest = this.oldestSeq || Infinity;
    const fresh = older.filter((f) => f.seq < oldest);
    this.hasOlder = !exhausted;
    if (fresh.length === 0) {
      this.version++;
      return 0;
    }
    for (const f of fresh) this.indexAnswer(f);
    this.frames = fresh.concat(this.frames);
    const shown = fresh.filter(this.predicate);
    this.visible = shown.concat(this.visible);
    // Reading back in time: keep the window bounded by forgetting the newest rows.
    if (this.frames.length > this.capacity) {
      const drop = this.frames.length - this.capacity;
      const cut = this.frames[this.frames.length - drop]!.seq;
      this.frames.length -= drop;
      while (this.visible.length && this.visible[this.visible.length - 1]!.seq >= cut) this.visible.pop();
      this.gapAtEnd = true;
    }
    this.version++;
    return shown.length;
  }

  /** The CALL a result answers, or the result of a CALL, when it is in the window. */
  pairOf(f: Frame): Frame | undefined {
    if (f.messageType === 'CALL') return this.answers.get(f.seq);
    if (f.callSeq === null) return undefined;
    return this.bySeq(f.callSeq);
  }

  bySeq(seq: number): Frame | undefined {
    let lo = 0;
    let hi = this.frames.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = this.frames[mid]!.seq;
      if (s === seq) return this.frames[mid];
      if (s < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  private indexAnswer(f: Frame): void {
    if (f.callSeq !== null && f.messageType !== 'CALL') this.answers.set(f.callSeq, f);
  }

  /** Drops the oldest frames in chunks, so a busy site does not shift the arrays on every batch. */
  private trimFront(): void {
    const over = this.frames.length - this.capacity;
    if (over < Math.max(1, Math.floor(this.capacity / 20))) return;
    const cut = this.frames[over]!.seq;
    for (const f of this.frames.slice(0, over)) if (f.messageType === 'CALL') this.answers.delete(f.seq);
    this.frames = this.frames.slice(over);
    let v = 0;
    while (v < this.visible.length && this.visible[v]!.seq < cut) v++;
    if (v) this.visible = this.visible.slice(v);
    this.hasOlder = true;
  }
}
