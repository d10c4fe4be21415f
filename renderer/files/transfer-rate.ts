/**
 * Rate and ETA of a transfer from the byte counts the `transfer` events carry (at most ~10 a second): a
 * sliding window while bytes move, the average over what this page saw once it ends.
 */
import type { Transfer } from '../../shared/api/types.ts';

export interface Sample { t: number; bytes: number }

export interface RateTrack {
  samples: Sample[];
  /** First and last time bytes were seen moving (ms, page clock). */
  first: Sample | null;
  last: Sample | null;
}

const WINDOW_MS = 3000;

export function emptyTrack(): RateTrack {
  return { samples: [], first: null, last: null };
}

/** Adds one observation of a transfer at page time `t` (ms). Returns a new track. */
export function observe(track: RateTrack, transfer: Transfer, t: number): RateTrack {
  if (transfer.state !== 'transferring' && transfer.state !== 'done') return track;
  const prev = track.last;
  if (prev && transfer.bytes < prev.bytes) return { samples: [{ t, bytes: transfer.bytes }], first: { t, bytes: transfer.bytes }, last: { t, bytes: transfer.bytes } };
  if (prev && transfer.bytes === prev.bytes) return track;
  const s = { t, bytes: transfer.bytes };
  const samples = [...track.samples.filter((x) => t - x.t <= WINDOW_MS), s];
  return { samples, first: track.first ?? (prev ?? s), last: s };
}

export interface RateView {
  /** Bytes per second now (window) or on average (ended); null when unknown. */
  bytesPerSecond: number | null;
  /** Seconds left at that rate; null when unknown. */
  etaSeconds: number | null;
  averaged: boolean;
}

export function rateOf(track: RateTrack, transfer: Transfer, now: number): RateView {
  const ended = transfer.state !== 'transferring';
  if (ended) {
    const { first, last } = track;
    if (!first || !last || last.t <= first.t || last.bytes <= first.bytes) return { bytesPerSecond: null, etaSeconds: null, averaged: true };
    return { bytesPerSecond: ((last.bytes - first.bytes) * 1000) / (last.t - first.t), etaSeconds: null, averaged: true };
  }
  const recent = track.samples.filter((x) => now - x.t <= WINDOW_MS);
  // Nothing moved for a whole window: the rate is zero, not the last burst's.
  if (recent.length === 0 && track.last) return { bytesPerSecond: 0, etaSeconds: null, averaged: false };
  const a = recent[0];
  const b = recent.at(-1);
  if (!a || !b || b.t <= a.t) return { bytesPerSecond: null, etaSeconds: null, averaged: false };
  const bps = ((b.bytes - a.bytes) * 1000) / Math.max(now - a.t, b.t - a.t);
  const left = transfer.totalBytes !== null ? Math.max(0, transfer.totalBytes - transfer.bytes) : null;
  return { bytesPerSecond: bps, etaSeconds: left !== null && bps > 0 ? left / bps : null, averaged: false };
}
