/**
 * Frame paging for the trace. GET /api/frames pages forward by keyset (`after`, exclusive); the trace
 * wants the newest frames first and older ones on scroll, so this finds the newest seq with a few
 * `limit=1` probes (exponential, then binary search) and pages backwards by moving `after` back.
 */
import type { Frame } from '../../shared/api/types.ts';
import { call } from './client.ts';

const MAX_PAGE = 5000;

export interface FrameScope {
  charger?: string;
  session?: number;
}

async function firstAfter(scope: FrameScope, after: number): Promise<number | null> {
  const page = await call('GET /api/frames', { query: { ...scope, after, limit: 1 } });
  return page.frames[0]?.seq ?? null;
}

/** The newest seq in scope (0 when there is none). `hint` is a seq known to exist (e.g. from a live event). */
export async function newestSeq(scope: FrameScope, hint = 0): Promise<number> {
  let lower = hint > 0 ? hint : (await firstAfter(scope, 0)) ?? 0;
  if (lower === 0) return 0;
  let upper = Math.max(lower * 2, lower + 1024);
  for (;;) {
    const found = await firstAfter(scope, upper);
    if (found === null) break;
    lower = found;
    upper = found * 2 + 1024;
  }
  while (upper > lower) {
    const mid = Math.floor((lower + upper) / 2);
    const found = await firstAfter(scope, mid);
    if (found === null) upper = mid;
    else lower = found;
  }
  return lower;
}

/** Frames with lo < seq < hi, in seq order. */
async function range(scope: FrameScope, lo: number, hi: number): Promise<Frame[]> {
  const out: Frame[] = [];
  let after = lo;
  while (after < hi - 1) {
    const limit = Math.min(MAX_PAGE, hi - 1 - after);
    const page = await call('GET /api/frames', { query: { ...scope, after, limit } });
    for (const f of page.frames) if (f.seq < hi) out.push(f);
    if (page.frames.length < limit || page.next >= hi - 1) break;
    after = page.next;
  }
  return out;
}

/**
 * Up to about `want` frames with seq < before, newest last. For a charger's trace the seq range is widened
 * until enough of its frames are found. `exhausted` is true when nothing older exists.
 */
export async function framesBefore(scope: FrameScope, before: number, want: number): Promise<{ frames: Frame[]; exhausted: boolean }> {
  let hi = before;
  let widen = 1;
  let got: Frame[] = [];
  while (got.length < want && hi > 1) {
    // (lo, hi) holds at most hi - lo - 1 frames; a sparse scope (one charger among many) widens the next try.
    const lo = Math.max(0, hi - 1 - (want - got.length) * widen);
    const page = await range(scope, lo, hi);
    got = page.concat(got);
    hi = lo + 1;
    widen *= 4;
    if (lo === 0) return { frames: got, exhausted: true };
  }
  return { frames: got, exhausted: hi <= 1 };
}

/**
 * About `want` frames around `seq` (seq itself included when it is in scope), for opening the trace at one frame:
 * half before it, half after. `hasNewer` tells that frames after the window exist (the view then reloads the
 * tail on "jump to latest").
 */
export async function framesAround(scope: FrameScope, seq: number, want: number): Promise<{ frames: Frame[]; hasOlder: boolean; hasNewer: boolean }> {
  const half = Math.max(1, Math.floor(want / 2));
  const before = await framesBefore(scope, seq + 1, half);
  const limit = Math.min(MAX_PAGE, half);
  const after = await call('GET /api/frames', { query: { ...scope, after: seq, limit } });
  return { frames: before.frames.concat(after.frames), hasOlder: !before.exhausted, hasNewer: after.frames.length >= limit };
}
