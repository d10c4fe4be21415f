import type { Verdict } from '../../shared/api/commissioning.ts';

/** How a case ends other than pass: thrown from anywhere in the case, caught by the runner. */
export class CaseEnd extends Error {
  constructor(readonly verdict: Exclude<Verdict, 'pending' | 'running' | 'pass'>, readonly reason: string) {
    super(reason);
    this.name = 'CaseEnd';
  }
}

export const fail = (reason: string): CaseEnd => new CaseEnd('fail', reason);
export const inconclusive = (reason: string): CaseEnd => new CaseEnd('inconclusive', reason);
export const skipped = (reason: string): CaseEnd => new CaseEnd('skipped', reason);

/** The run was cancelled: the case ends inconclusive, its restores still run. */
export class Cancelled extends Error {
  constructor() {
    super('the run was cancelled');
    this.name = 'Cancelled';
  }
}
