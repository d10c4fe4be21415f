import { describe, expect, test } from 'vitest';
import { RULES } from '../../../../shared/rules/catalogue.ts';
import { FrameReplay } from '../../../../main/logs/import/frame-replay.ts';
import type { FindingRow, ReplaySink, TxStartRow } from '../../../../main/store/replay-ops.ts';
import { createOcppValidator } from '../../../../main/ocpp/validation.ts';

/** A sink that keeps what the replay writes, in memory. */
function memorySink() {
  const findings: FindingRow[] = [];
  const starts: TxStartRow[] = [];
  let seq = 0;
  const sink: ReplaySink = {
    frame: () => ++seq,
    finding: (f) => void findings.push(f),
    sample: () => {},
    startTransaction: (t) => (starts.push(t), starts.length),
    stopTransaction: () => {},
    supersede: () => {},
    status: () => {},
    lastEnergy: () => {},
  };
  return { sink, findings, starts };
}

const validator = createOcppValidator();
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 8, 0, s)).toISOString();

/** A charger's StartTransaction whose meterStart is the literal text given, answered Accepted. */
function replayStart(meterStart: string) {
  const m = memorySink();
  const replay = new FrameReplay(m.sink, validator);
  const call = `[2,"s1","StartTransaction",{"connectorId":1,"idTag":"TAG1","meterStart":${meterStart},"timestamp":"${at(1)}"}]`;
  replay.frame('cp-big', 'in', call, at(1));
  replay.frame('cp-big', 'out', `[3,"s1",{"transactionId":1,"idTagInfo":{"status":"Accepted"}}]`, at(2));
  replay.finish(at(3));
  return m;
}

describe('rule number-beyond-storage (catalogued; ChargeScope\'s own, reported where a payload is clamped)', () => {
  test('fires on an integer past 2^53, quoting the text as the charger sent it; the state holds the nearest exact integer', () => {
    const m = replayStart('18446744073709551616');
    const found = m.findings.filter((f) => f.rule === 'number-beyond-storage');
    expect(found).toHaveLength(1);
    expect(found[0]!.severity).toBe(RULES['number-beyond-storage'].severity);
    expect(found[0]!.message).toContain('StartTransaction.meterStart = 18446744073709551616 ');
    expect(m.starts).toHaveLength(1);
    expect(m.starts[0]!.meterStart).toBe(Number.MAX_SAFE_INTEGER);
  });

  test('stays quiet on the largest exact integer (2^53 − 1)', () => {
    const m = replayStart(String(Number.MAX_SAFE_INTEGER));
    expect(m.findings.map((f) => f.rule)).not.toContain('number-beyond-storage');
    expect(m.starts[0]!.meterStart).toBe(Number.MAX_SAFE_INTEGER);
  });
});
