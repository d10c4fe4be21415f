/**
 * The machine's durability floor: write 4 KB + fdatasync, timed, in a temp dir on the same file system as the
 * bench's data dirs. "overwrite" rewrites blocks of an already allocated file (what SQLite's WAL does once it
 * has grown); "append" extends the file each time (a fresh WAL, so the size change must be synced too).
 */
import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { quantileOf } from './hist.ts';

export interface FsyncFigures { samples: number; medianMs: number; p99Ms: number; maxMs: number }

function time(samples: number, position: (i: number) => number, prefill: number): FsyncFigures {
  const dir = mkdtempSync(join(tmpdir(), 'chargescope-fsync-'));
  const fd = openSync(join(dir, 'probe'), 'w');
  const buf = randomBytes(4096);
  try {
    for (let i = 0; i < prefill; i++) writeSync(fd, buf, 0, 4096, i * 4096);
    fdatasyncSync(fd);
    const warm = 20;
    const out: number[] = [];
    for (let i = 0; i < samples + warm; i++) {
      const t0 = performance.now();
      writeSync(fd, buf, 0, 4096, position(i));
      fdatasyncSync(fd);
      if (i >= warm) out.push(performance.now() - t0);
    }
    out.sort((a, b) => a - b);
    return { samples, medianMs: quantileOf(out, 0.5), p99Ms: quantileOf(out, 0.99), maxMs: out[out.length - 1]! };
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
}

export function measureFsync(samples = 500): { overwrite: FsyncFigures; append: FsyncFigures } {
  return {
    overwrite: time(samples, (i) => (i % 64) * 4096, 64),
    append: time(samples, (i) => i * 4096, 0),
  };
}
