import type { ReceivedEntry } from '../../../shared/api/types.ts';

/** Caps that keep a hostile or broken upload (zip bomb, millions of entries) from costing more than a moment. */
export interface ArchiveLimits {
  /** Entries listed (and reachable by index). */
  maxEntries: number;
  /** Decompressed bytes a tar / tar.gz walk reads before it gives up. */
  maxScanBytes: number;
}

export const DEFAULT_LIMITS: ArchiveLimits = { maxEntries: 10_000, maxScanBytes: 512 * 1024 * 1024 };

/** Text read from one entry: 2 MiB unless asked, never over 16 MiB. */
export const DEFAULT_TEXT_BYTES = 2 * 1024 * 1024;
export const MAX_TEXT_BYTES = 16 * 1024 * 1024;

/** Takes one entry's bytes in order; `push` returns false when it has enough (reading stops there). */
export interface EntrySink {
  push(chunk: Buffer): boolean;
}

/** What reading one entry found: the entry, and whether its bytes were read to the end. */
export interface EntryRead {
  entry: ReceivedEntry;
  complete: boolean;
}

/** Feeds a stream into a sink until it ends or the sink is full; true when it ended. */
export async function drainInto(stream: AsyncIterable<Buffer> & { destroy?(): void }, sink: EntrySink): Promise<boolean> {
  for await (const chunk of stream) {
    if (!sink.push(chunk)) {
      stream.destroy?.();
      return false;
    }
  }
  return true;
}
