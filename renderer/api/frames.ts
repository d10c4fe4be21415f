/**
 * Frame paging for the trace. GET /api/frames pages forward by keyset (`after`, exclusive) and backward
 * (`before`, exclusive): the trace opens at the newest frames and loads older ones on scroll.
 */
import type { Frame } from '../../shared/api/types.ts';
import { call } from './client.ts';

const MAX_PAGE = 5000;

export interface FrameScope {
  charger?: string;
  session?: number;
}

/** `before` for the newest frames: above every seq. */
export const NEWEST = Number.MAX_SAFE_INTEGER;

/**
 * Up to `want` frames with seq < before, newest last (`before` pages backwards, sparse scopes included).
 * `exhausted` is true when nothing older exists.
 */
export async function framesBefore(scope: FrameScope, before: number, want: number): Promise<{ frames: Frame[]; exhausted: boolean }> {
  let got: Frame[] = [];
  let hi = before;
  while (got.length < want && hi > 1) {
    const limit = Math.min(MAX_PAGE, want - got.length);
    const page = await call('GET /api/frames', { query: { ...scope, before: hi, limit } });
    got = page.frames.concat(got);
    if (page.frames.length < limit) return { frames: got, exhausted: true };
    hi = page.frames[0]!.seq;
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
