/** The firmware card follows the charger's own statuses (item 2), not a timer of ours. */
import { describe, expect, test } from 'vitest';
import type { Transfer } from '../../../../shared/api/types.ts';
import { cardState, installFrom } from '../../../../renderer/files/transfer-card.tsx';

function transfer(state: Transfer['state'], statuses: string[]): Transfer {
  return {
    id: 't1', kind: 'firmware', chargerId: 'CP-1', protocol: 'http', location: 'http://x/f', bytes: 10, totalBytes: 10, state, fileName: 'fw.bin',
    firmwareId: 'f1', statuses: statuses.map((status, i) => ({ status, at: new Date(Date.UTC(2026, 0, 1, 10, i)).toISOString() })),
    createdAt: '2026-01-01T09:59:00.000Z', expiresAt: '2026-01-01T11:00:00.000Z', error: state === 'expired' ? 'the transfer expired before the charger reported it complete' : null,
  };
}

describe('the firmware card', () => {
  test('Downloaded and waiting: the charger status leads, an expired location is a quiet note, not a warning', () => {
    const s = cardState(transfer('expired', ['Downloading', 'Downloaded']));
    expect(s.text).toMatch(/^Downloaded — the charger installs when it is ready/);
    expect(s.tone).toBe('busy');
    expect(s.note).toMatch(/location has expired/);
  });

  test('Installed is done and green; a failure is red with its own name; nothing reported yet is our state', () => {
    expect(cardState(transfer('expired', ['Downloaded', 'Installing', 'Installed']))).toMatchObject({ text: 'Installed', tone: 'ok' });
    expect(cardState(transfer('failed', ['Downloading', 'DownloadFailed']))).toMatchObject({ text: 'DownloadFailed', tone: 'bad' });
    expect(cardState(transfer('waiting', []))).toMatchObject({ text: 'waiting for the charger', tone: 'quiet' });
    expect(cardState(transfer('expired', []))).toMatchObject({ text: 'expired', tone: 'warn' });
  });

  test('the boot that counts is the one after the charger had the image (even before it reports Installed)', () => {
    expect(installFrom(transfer('transferring', ['Downloading']))).toBeNull();
    expect(installFrom(transfer('done', ['Downloading', 'Downloaded', 'Installing']))).toBe('2026-01-01T10:01:00.000Z');
  });
});
