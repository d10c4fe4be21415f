/** The Files tab's arithmetic: sizes, percent, rate and ETA from transfer events, and search in opened files. */
import { describe, expect, it } from 'vitest';
import type { Transfer } from '../../../../shared/api/types.ts';
import { bytes, duration, percent } from '../../../../renderer/files/format.ts';
import { isReceived, receivedAt } from '../../../../renderer/files/received-list.tsx';
import { findMatches, segments, splitLines } from '../../../../renderer/files/text-search.ts';
import { emptyTrack, observe, rateOf } from '../../../../renderer/files/transfer-rate.ts';

const base: Transfer = {
  id: 't1', kind: 'firmware', chargerId: 'CP', protocol: 'http', location: 'http://x/', bytes: 0, totalBytes: 100_000_000,
  state: 'transferring', fileName: 'fw.bin', firmwareId: 'f', statuses: [], createdAt: '2025-01-01T00:00:00.000Z',
  expiresAt: '2025-01-01T01:00:00.000Z', error: null,
};
const at = (bytes: number, state: Transfer['state'] = 'transferring'): Transfer => ({ ...base, bytes, state });

describe('format', () => {
  it('shows binary units and caps percent at 100 (a retried download serves more than the file)', () => {
    expect([bytes(512), bytes(1536), bytes(100 * 1024 * 1024), bytes(null)]).toEqual(['512 B', '1.50 KB', '100 MB', '—']);
    expect([percent(50, 200), percent(300, 200), percent(5, null), percent(0, 0)]).toEqual([25, 100, null, null]);
    expect([duration(42), duration(185), duration(3720), duration(null)]).toEqual(['42 s', '3 min 05 s', '1 h 02 min', '—']);
  });
});

describe('rate and ETA', () => {
  it('uses the last 3 s of byte counts while moving, and an ETA from what is left', () => {
    let tr = emptyTrack();
    tr = observe(tr, at(0), 0);
    tr = observe(tr, at(10_000_000), 1000);
    tr = observe(tr, at(20_000_000), 2000);
    const r = rateOf(tr, at(20_000_000), 2000);
    expect(r.bytesPerSecond).toBe(10_000_000);
    expect(r.etaSeconds).toBe(8);
    expect(r.averaged).toBe(false);
  });

  it('says 0 B/s when nothing moved for a whole window, not the last burst', () => {
    let tr = observe(emptyTrack(), at(0), 0);
    tr = observe(tr, at(1000), 100);
    expect(rateOf(tr, at(1000), 10_000)).toMatchObject({ bytesPerSecond: 0, etaSeconds: null });
  });

  it('averages over what the page saw once the transfer ended; unknown when it saw no movement', () => {
    let tr = observe(emptyTrack(), at(0), 0);
    tr = observe(tr, at(50_000_000), 500);
    tr = observe(tr, at(100_000_000, 'done'), 1000);
    expect(rateOf(tr, at(100_000_000, 'done'), 5000)).toEqual({ bytesPerSecond: 100_000_000, etaSeconds: null, averaged: true });
    expect(rateOf(emptyTrack(), at(100_000_000, 'done'), 5000).bytesPerSecond).toBeNull();
  });

  it('starts over when a new attempt counts from a lower offset', () => {
    let tr = observe(emptyTrack(), at(0), 0);
    tr = observe(tr, at(80_000_000), 1000);
    tr = observe(tr, at(1_000_000), 1100);
    expect(tr.first).toEqual({ t: 1100, bytes: 1_000_000 });
  });
});

describe('received files', () => {
  it('lists only diagnostics that are done, timed by the Uploaded status', () => {
    const d: Transfer = { ...base, kind: 'diagnostics', state: 'done', statuses: [{ status: 'Uploading', at: '2025-01-01T00:00:01.000Z' }, { status: 'Uploaded', at: '2025-01-01T00:00:09.000Z' }] };
    expect(isReceived(d)).toBe(true);
    expect(isReceived({ ...d, state: 'transferring' })).toBe(false);
    expect(isReceived({ ...d, state: 'failed' })).toBe(false);
    expect(receivedAt(d)).toBe('2025-01-01T00:00:09.000Z');
  });
});

describe('search in an opened file', () => {
  const lines = splitLines('boot ok\r\nERROR overcurrent\nerror again: Error\n');
  it('splits on every line ending and drops the empty last line', () => {
    expect(lines).toEqual(['boot ok', 'ERROR overcurrent', 'error again: Error']);
  });
  it('finds every occurrence, case-insensitive unless asked, with a limit', () => {
    expect(findMatches(lines, 'error').matches.map((m) => [m.line, m.start])).toEqual([[1, 0], [2, 0], [2, 13]]);
    expect(findMatches(lines, 'Error', { caseSensitive: true }).matches).toEqual([{ line: 2, start: 13, end: 18 }]);
    expect(findMatches(lines, 'error', { limit: 2 })).toMatchObject({ more: true });
    expect(findMatches(lines, '').matches).toEqual([]);
  });
  it('cuts a line into plain and matched parts for highlighting', () => {
    expect(segments('a Error b error', 'error')).toEqual([
      { text: 'a ', hit: false }, { text: 'Error', hit: true }, { text: ' b ', hit: false }, { text: 'error', hit: true },
    ]);
    expect(segments('', 'x')).toEqual([{ text: '', hit: false }]);
  });
});
