import { zoneText } from './time.ts';
import type { ReadFrame } from './types.ts';

/**
 * A zone offset that the frames' own timestamps suggest for line times written without a zone: when the line times
 * run a whole number of quarter hours ahead of (or behind) the UTC timestamps inside the frames they log (a
 * BootNotification's currentTime, a StatusNotification's or MeterValues' timestamp), the log was likely written in
 * local time. Only offered: the engineer confirms by importing again with `tz`.
 */
const PAYLOAD_TIME = /"(?:timestamp|currentTime)"\s*:\s*"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2}))"/;
const MAX_SAMPLES = 5_000;
/** A line time this close to a quarter-hour offset from its payload's time counts for that offset. */
const SLACK_MS = 120_000;
const MIN_VOTES = 3;
const MIN_SHARE = 0.6;

export interface TzOffer { tz: string; minutes: number; samples: number; agreeing: number; message: string }

export class TzDetector {
  private samples = 0;
  private readonly votes = new Map<number, number>();

  observe(f: ReadFrame): void {
    if (!f.unzoned || f.at === null || this.samples >= MAX_SAMPLES) return;
    const i = f.raw.indexOf('imestamp"');
    const j = i === -1 ? f.raw.indexOf('urrentTime"') : i;
    if (j === -1) return;
    const m = PAYLOAD_TIME.exec(f.raw.slice(Math.max(0, j - 3), j + 80));
    if (!m) return;
    const diff = Date.parse(f.at) - Date.parse(m[1]!);
    if (!Number.isFinite(diff)) return;
    this.samples++;
    const quarter = Math.round(diff / 900_000);
    if (Math.abs(diff - quarter * 900_000) > SLACK_MS || Math.abs(quarter) > 56) return;
    this.votes.set(quarter, (this.votes.get(quarter) ?? 0) + 1);
  }

  offer(applied: number | null): TzOffer | null {
    let best = 0;
    let n = 0;
    for (const [q, v] of this.votes) if (v > n) [best, n] = [q, v];
    if (best === 0 || n < MIN_VOTES || n < this.samples * MIN_SHARE) return null;
    const minutes = best * 15 + (applied ?? 0);
    const tz = zoneText(minutes);
    const by = `${Math.floor(Math.abs(best) / 4)} h${Math.abs(best) % 4 ? ` ${(Math.abs(best) % 4) * 15} min` : ''}`;
    return {
      tz, minutes, samples: this.samples, agreeing: n,
      message: `the line times run ${by} ${best > 0 ? 'ahead of' : 'behind'} the UTC timestamps inside ${n} of ${this.samples} frames: the log looks written in UTC${tz}. `
        + `Its times were read as ${applied === null ? 'UTC' : `UTC${zoneText(applied)}`}; import it again with tz=${tz} to read them as UTC${tz}.`,
    };
  }
}
