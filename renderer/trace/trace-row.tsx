import { memo } from 'react';
import type { Frame } from '../../shared/api/types.ts';
import { timeMs } from '../components/format.ts';
import { rowSummary } from './frame-summary.ts';
import { routeLabel, routeText } from '../proxy/relay-labels.ts';

export const ROW_HEIGHT = 24;

/** Why an imported frame shows no time (its tooltip in the trace row and the frame's detail). */
export const TIME_UNKNOWN_TEXT = 'The log gives this frame no time: it keeps its place in the file\'s order, and no latency is measured for it or its answer';

export interface RowProps {
  frame: Frame;
  answer: Frame | undefined;
  showCharger: boolean;
  selected: boolean;
  paired: boolean;
  top: number;
  onSelect(seq: number): void;
}

function latency(frame: Frame, answer: Frame | undefined): string {
  if (frame.messageType === 'CALL') {
    if (answer) return answer.latencyMs !== null ? `↳ ${answer.latencyMs} ms` : '↳';
    return frame.direction === 'out' ? 'waiting' : '';
  }
  return frame.latencyMs !== null ? `${frame.latencyMs} ms` : '';
}

/** One trace row, absolutely placed by the virtual list. */
export const TraceRow = memo(function TraceRow({ frame, answer, showCharger, selected, paired, top, onSelect }: RowProps) {
  const cls = ['trow', `trow-${frame.direction}`, frame.valid ? '' : 'trow-invalid', frame.messageType === 'CALLERROR' ? 'trow-error' : '',
    selected ? 'trow-selected' : '', paired ? 'trow-paired' : '', frame.messageType === 'CALL' ? '' : 'trow-result'].filter(Boolean).join(' ');
  return (
    <div
      className={cls}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      onClick={() => onSelect(frame.seq)}
      role="row"
      aria-selected={selected}
      data-seq={frame.seq}
      data-action={frame.action ?? ''}
      data-type={frame.messageType ?? ''}
    >
      {frame.timeUnknown
        ? <span className="c-time time-unknown" title={TIME_UNKNOWN_TEXT} data-testid="time-unknown">time unknown</span>
        : <span className="c-time">{timeMs(frame.at)}</span>}
      {showCharger && <span className="c-charger" title={frame.chargerId}>{frame.chargerId}</span>}
      <span className={`c-dir dir-${frame.direction}${frame.relay ? ` relay-${frame.relay}` : ''}`} title={routeText(frame)}>{routeLabel(frame)}</span>
      <span className="c-type">{frame.messageType ?? '—'}{frame.relay === 'injected' ? <em className="tag-injected" title="injected by the engineer, not relayed"> inj</em> : null}{frame.ocppVersion === '2.0.1' ? <em className="tag-version"> 2.0.1</em> : null}</span>
      <span className="c-action">{frame.action ?? ''}</span>
      <span className="c-sum">{frame.errorCode ? <em>{frame.errorCode} </em> : null}{rowSummary(frame, answer)}</span>
      <span className="c-id" title={frame.messageId ?? ''}>{frame.messageId ?? ''}</span>
      <span className="c-lat">{latency(frame, answer)}</span>
      <span className="c-valid">{frame.valid ? <span className="badge badge-ok">ok</span> : <span className="badge badge-bad">invalid</span>}</span>
    </div>
  );
});
