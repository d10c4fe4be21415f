/**
 * A mergeable latency histogram with log buckets (1 % wide, from 1 µs up), so generator processes can send
 * theirs to the runner in a few hundred numbers instead of every sample. Quantiles are accurate to ~1 %.
 */
const BASE = Math.log(1.01);

export type HistJson = { n: number; sum: number; min: number; max: number; b: [number, number][] };

export class Hist {
  n = 0;
  sum = 0;
  min = Infinity;
  max = 0;
  private readonly buckets = new Map<number, number>();

  /** Adds one sample in milliseconds. */
  add(ms: number): void {
    const us = ms * 1000;
    const i = us < 1 ? 0 : Math.floor(Math.log(us) / BASE) + 1;
    this.buckets.set(i, (this.buckets.get(i) ?? 0) + 1);
    this.n++;
    this.sum += ms;
    if (ms < this.min) this.min = ms;
    if (ms > this.max) this.max = ms;
  }

  merge(other: Hist | HistJson): this {
    const o = other instanceof Hist ? other.toJSON() : other;
    for (const [i, c] of o.b) this.buckets.set(i, (this.buckets.get(i) ?? 0) + c);
    this.n += o.n;
    this.sum += o.sum;
    if (o.n > 0) {
      this.min = Math.min(this.min, o.min);
      this.max = Math.max(this.max, o.max);
    }
    return this;
  }

  /** The q-quantile (0..1) in ms; NaN when empty. */
  quantile(q: number): number {
    if (this.n === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.n));
    let seen = 0;
    for (const i of [...this.buckets.keys()].sort((a, b) => a - b)) {
      seen += this.buckets.get(i)!;
      if (seen >= rank) {
        if (i === 0) return Math.min(this.max, 0.001);
        // the geometric middle of the bucket [1.01^(i-1), 1.01^i) µs, clamped to what was seen
        const mid = Math.exp((i - 0.5) * BASE) / 1000;
        return Math.min(this.max, Math.max(this.min, mid));
      }
    }
    return this.max;
  }

  get mean(): number {
    return this.n ? this.sum / this.n : NaN;
  }

  toJSON(): HistJson {
    return { n: this.n, sum: this.sum, min: this.n ? this.min : 0, max: this.max, b: [...this.buckets.entries()] };
  }

  static from(j: HistJson): Hist {
    return new Hist().merge(j);
  }
}

export function median(xs: number[]): number {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}

/** Quantile of raw samples (used for the fsync floor, where every sample is kept). */
export function quantileOf(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
