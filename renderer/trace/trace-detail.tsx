/** The selected trace row: its fields, schema issues, pretty JSON (issues highlighted) and its pair. */
import { memo, useState } from 'react';
import type { Frame } from '../../shared/api/types.ts';
import { CopyButton } from '../components/common.tsx';
import { dateTime, timeMs } from '../components/format.ts';
import { IssueList, JsonView } from '../components/json-view.tsx';
import { ValidBadge } from '../components/status.tsx';
import { chargerHref } from '../router.ts';
import { routeLabel, routeText } from '../proxy/relay-labels.ts';
import { TIME_UNKNOWN_TEXT } from './trace-row.tsx';

export function directionLabel(d: Frame['direction']): string {
  return d === 'in' ? 'CP→CS' : 'CS→CP';
}

export const TraceDetail = memo(function TraceDetail({ frame, pair, onSelect }: { frame: Frame | undefined; pair: Frame | undefined; onSelect(seq: number): void }) {
  const [raw, setRaw] = useState(false);
  if (!frame) {
    return (
      <aside className="trace-detail trace-detail-empty">
        <p className="muted">Select a row to see its JSON. ↑/↓ move the selection.</p>
      </aside>
    );
  }
  const pairText = pair
    ? frame.messageType === 'CALL'
      ? `answered by ${pair.messageType} #${pair.seq}${pair.latencyMs !== null ? ` after ${pair.latencyMs} ms` : ''}`
      : `answers CALL #${pair.seq}`
    : frame.messageType === 'CALL'
      ? 'no answer in the loaded rows yet'
      : frame.callSeq !== null
        ? `answers CALL #${frame.callSeq} (not loaded)`
        : 'matches no CALL of ours';
  // A pair one of whose times the log does not give has no latency, and says why.
  const noLatency = pair !== undefined && pair.latencyMs === null && (frame.timeUnknown === true || pair.timeUnknown === true);
  return (
    <aside className="trace-detail" data-testid="trace-detail">
      <div className="detail-head">
        <div className="detail-title">
          <span className="mono">#{frame.seq}</span>
          <strong>{frame.messageType ?? 'unparsable'}</strong>
          <span>{frame.action ?? ''}</span>
          {frame.errorCode && <span className="chip tone-bad">{frame.errorCode}</span>}
          <ValidBadge valid={frame.valid} />
        </div>
        <dl className="kv">
          <dt>time</dt>
          {frame.timeUnknown
            ? <dd className="time-unknown" title={TIME_UNKNOWN_TEXT} data-testid="detail-time-unknown">unknown: not in the log, order kept from the file</dd>
            : <dd className="mono">{dateTime(frame.at).slice(0, 10)} {timeMs(frame.at)}Z</dd>}
          <dt>charger</dt><dd><a href={chargerHref(frame.chargerId)}>{frame.chargerId}</a></dd>
          <dt>direction</dt><dd>{routeLabel(frame)} ({routeText(frame)})</dd>
          {frame.ocppVersion && <><dt>OCPP</dt><dd>{frame.ocppVersion}</dd></>}
          <dt>message id</dt><dd className="mono">{frame.messageId ?? '—'} {frame.messageId && <CopyButton text={frame.messageId} />}</dd>
          <dt>pair</dt>
          <dd className={noLatency ? 'dd-wrap' : undefined}>
            {pair ? <button type="button" className="link" onClick={() => onSelect(pair.seq)}>{pairText}</button> : <span className="muted">{pairText}</span>}
            {noLatency && <span className="muted pair-note" data-testid="pair-no-latency">no latency: a time is unknown</span>}
          </dd>
        </dl>
      </div>
      {!frame.valid && (
        <div className="detail-issues">
          <h3>Schema issues</h3>
          {frame.issues.length ? <IssueList issues={frame.issues} /> : <p className="muted">The frame is not valid OCPP-J (see the raw text).</p>}
        </div>
      )}
      <div className="detail-body">
        <div className="detail-tabs">
          <button type="button" className={raw ? 'tab' : 'tab tab-on'} onClick={() => setRaw(false)}>Payload</button>
          <button type="button" className={raw ? 'tab tab-on' : 'tab'} onClick={() => setRaw(true)}>Raw frame</button>
          <span className="spacer" />
          <CopyButton text={raw ? frame.raw : JSON.stringify(frame.payload, null, 2)} label="Copy JSON" />
        </div>
        {raw ? <pre className="json">{frame.raw}</pre> : <JsonView value={frame.payload} issues={frame.issues} />}
      </div>
    </aside>
  );
});
