/**
 * The import's annotations of the engine's pairing findings at the edges of a file (import-possibly-cut, info): a
 * result among a charger's first EDGE_FRAMES frames that answers no CALL, a CALL near the end that has no answer; and
 * a reply that does not parse, paired with its CALL by message id.
 */
import { describe, expect, test } from 'vitest';
import { EDGE_FRAMES, FrameReplay } from '../../../../main/logs/import/frame-replay.ts';
import type { FindingRow, FrameRow, ReplaySink } from '../../../../main/store/replay-ops.ts';
import { createOcppValidator } from '../../../../main/ocpp/validation.ts';

const validator = createOcppValidator();

function replay() {
  const frames: FrameRow[] = [];
  const findings: FindingRow[] = [];
  const sink: ReplaySink = {
    frame: (f) => frames.push(f),
    finding: (f) => void findings.push(f),
    sample: () => undefined,
    startTransaction: () => 1,
    stopTransaction: () => undefined,
    supersede: () => undefined,
    status: () => undefined,
    lastEnergy: () => undefined,
  };
  return { r: new FrameReplay(sink, validator), frames, findings };
}
const time = (s: number) => new Date(Date.UTC(2025, 0, 1, 10, 0, s)).toISOString();
/** `n` answered heartbeats from second `from`, one second apart. */
function heartbeats(r: FrameReplay, n: number, from: number, id = 'CP'): void {
  for (let i = 0; i < n; i++) {
    r.frame(id, 'in', `[2,"hb-${from}-${i}","Heartbeat",{}]`, time(from + 2 * i));
    r.frame(id, 'out', `[3,"hb-${from}-${i}",{"currentTime":"${time(from + 2 * i)}"}]`, time(from + 2 * i));
  }
}
const rules = (findings: FindingRow[]) => findings.map((f) => [f.rule, f.severity]);

describe('import-possibly-cut', () => {
  test('fires on an unmatched answer among the first frames and on an unanswered CALL at the end', () => {
    const { r, findings } = replay();
    r.frame('CP', 'in', '[3,"before-the-log",{}]', time(0));
    heartbeats(r, 3, 1);
    r.frame('CP', 'out', '[2,"gc-1","GetConfiguration",{}]', time(20));
    r.finish(time(30));
    expect(rules(findings)).toEqual([['import-possibly-cut', 'info'], ['import-possibly-cut', 'info']]);
    expect(findings[0]!.message).toMatch(/^possibly cut: CALLRESULT with messageId before-the-log answers no CALL .* first 10 frames of CP/);
    expect(findings[1]!.message).toMatch(/^possibly cut: GetConfiguration \(message id gc-1\) has no answer .* ends 0 frame\(s\) of CP after it/);
  });

  test('stays quiet (the engine\'s own findings) away from the edges of the file', () => {
    const { r, findings } = replay();
    heartbeats(r, EDGE_FRAMES, 0);
    r.frame('CP', 'in', '[3,"nobody",{}]', time(30));
    r.frame('CP', 'out', '[2,"gc-1","GetConfiguration",{}]', time(40));
    heartbeats(r, EDGE_FRAMES, 200);
    r.finish(time(300));
    expect(rules(findings)).toEqual([['unmatched-result', 'warning'], ['unanswered-call', 'warning']]);
    expect(findings.some((f) => f.message.startsWith('possibly cut'))).toBe(false);
  });
});

describe('an effect of a command still awaited when the log ends', () => {
  const remoteStart = (r: FrameReplay, at: number) => {
    r.frame('CP', 'out', '[2,"rs-1","RemoteStartTransaction",{"idTag":"CARD"}]', time(at));
    r.frame('CP', 'in', '[3,"rs-1",{"status":"Accepted"}]', time(at));
  };

  test('is possibly cut when the log ends before it was due', () => {
    const { r, findings } = replay();
    heartbeats(r, EDGE_FRAMES, 0);
    remoteStart(r, 30);
    heartbeats(r, 2, 32); // the log ends 35 s in: long before ConnectionTimeOut has run out
    r.finish(time(36));
    expect(rules(findings)).toEqual([['import-possibly-cut', 'info']]);
    expect(findings[0]!.message).toMatch(/^possibly cut: RemoteStartTransaction for idTag CARD was Accepted, but no StartTransaction came within .* the log of CP ends \d+ s before it was due \(remote-start-no-transaction\)$/);
  });

  test('stays the engine\'s finding when the log runs past the deadline', () => {
    const { r, findings } = replay();
    heartbeats(r, EDGE_FRAMES, 0);
    remoteStart(r, 30);
    heartbeats(r, EDGE_FRAMES, 1900); // half an hour later: long past ConnectionTimeOut
    r.finish('2025-01-01T11:00:00.000Z');
    expect(rules(findings)).toEqual([['remote-start-no-transaction', 'warning']]);
  });
});

describe('an awaited effect in a log with frames that have no time', () => {
  const STAND_IN = time(30);
  /** A Reset answered Accepted, both frames given no time by the log (`at` is only the stand-in). */
  const untimedReset = (r: FrameReplay) => {
    r.frame('CP', 'out', '[2,"rst-1","Reset",{"type":"Soft"}]', STAND_IN, undefined, false);
    r.frame('CP', 'in', '[3,"rst-1",{"status":"Accepted"}]', STAND_IN, undefined, false);
  };
  const untimedHeartbeats = (r: FrameReplay, n: number) => {
    for (let i = 0; i < n; i++) {
      r.frame('CP', 'in', `[2,"u-${i}","Heartbeat",{}]`, STAND_IN, undefined, false);
      r.frame('CP', 'out', `[3,"u-${i}",{"currentTime":"${STAND_IN}"}]`, STAND_IN, undefined, false);
    }
  };

  test('an untimed command near the end is possibly cut, and no time is made up for it', () => {
    const { r, findings } = replay();
    heartbeats(r, EDGE_FRAMES, 0);
    untimedReset(r);
    untimedHeartbeats(r, 2);
    r.finish(time(36));
    expect(rules(findings)).toEqual([['import-possibly-cut', 'info']]);
    expect(findings[0]!.message).toMatch(/^possibly cut: Soft Reset was Accepted, but no BootNotification came within .* the log gives the answer no time and ends 4 frame\(s\) of CP after it, so the charger may not have had the time to do it \(reset-no-reboot\)$/);
  });

  test('an untimed command followed by many frames keeps the engine\'s finding, saying nothing was timed', () => {
    const { r, findings } = replay();
    heartbeats(r, EDGE_FRAMES, 0);
    untimedReset(r);
    untimedHeartbeats(r, EDGE_FRAMES);
    r.finish(time(36));
    expect(rules(findings)).toEqual([['reset-no-reboot', 'warning']]);
    expect(findings[0]!.message).toMatch(/\(none in the 20 frames of CP after it, to the end of the log; the log gives the answer no time, so the delay is not measured\)$/);
  });

  test('an untimed command in a log whose last frame has a time: no "NaN s" in the message', () => {
    const { r, findings } = replay();
    heartbeats(r, EDGE_FRAMES, 0);
    untimedReset(r);
    heartbeats(r, 1, 40);
    r.finish(time(50));
    expect(rules(findings)).toEqual([['import-possibly-cut', 'info']]);
    expect(findings[0]!.message).not.toMatch(/NaN/);
  });

  test('a timed command whose later frames have no time: judged by the last time the log gives', () => {
    const before = replay();
    heartbeats(before.r, EDGE_FRAMES, 0);
    before.r.frame('CP', 'out', '[2,"rst-1","Reset",{"type":"Soft"}]', time(30));
    before.r.frame('CP', 'in', '[3,"rst-1",{"status":"Accepted"}]', time(30));
    untimedHeartbeats(before.r, 2);
    before.r.finish(time(40));
    expect(rules(before.findings)).toEqual([['import-possibly-cut', 'info']]);
    expect(before.findings[0]!.message).toMatch(/the last time the log of CP gives is \d+ s before it was due, and its later frames carry no time \(reset-no-reboot\)$/);

    // The log's times run past the deadline (half an hour later) before the untimed tail: the engine's finding stands.
    const past = replay();
    heartbeats(past.r, EDGE_FRAMES, 0);
    past.r.frame('CP', 'out', '[2,"rst-1","Reset",{"type":"Soft"}]', time(30));
    past.r.frame('CP', 'in', '[3,"rst-1",{"status":"Accepted"}]', time(30));
    past.r.frame('CP', 'in', '[2,"late","Heartbeat",{}]', '2025-01-01T10:30:00.000Z');
    past.r.frame('CP', 'out', '[3,"late",{"currentTime":"2025-01-01T10:30:00.000Z"}]', '2025-01-01T10:30:00.000Z');
    untimedHeartbeats(past.r, 2);
    past.r.finish('2025-01-01T11:00:00.000Z');
    expect(rules(past.findings)).toEqual([['reset-no-reboot', 'warning']]);
  });
});

describe('a reply that does not parse', () => {
  test('is paired with its CALL by message id: action, latency and call seq kept, the CALL answered', () => {
    const { r, frames, findings } = replay();
    heartbeats(r, EDGE_FRAMES, 0);
    r.frame('CP', 'out', '[2,"t1","TriggerMessage",{"requestedMessage":"Heartbeat"}]', time(40));
    r.frame('CP', 'in', '[3,"t1",{"status":"Accepted"', '2025-01-01T10:00:40.300Z', 28);
    heartbeats(r, EDGE_FRAMES, 100);
    r.finish(time(300));
    const reply = frames.find((f) => f.messageId === 't1' && f.messageType === 'CALLRESULT');
    expect(reply).toMatchObject({ action: 'TriggerMessage', latencyMs: 300, valid: false, direction: 'in' });
    // The sink's handle of a frame is its count so far.
    expect(reply!.callSeq).toBe(frames.findIndex((f) => f.messageId === 't1' && f.messageType === 'CALL') + 1);
    expect(rules(findings)).toEqual([['malformed-frame', 'error']]);
    expect(findings[0]!.message).toMatch(/^line 28: the reply to TriggerMessage \(message id t1\) does not parse: /);
  });
});
