/** Connection dots and OCPP status chips, coloured by what the engineer must do about them. */
import type { Connector } from '../../shared/api/types.ts';

/** ChargePointStatus (OCPP 1.6 §7.7) → colour class. */
const STATUS_TONE: Record<string, string> = {
  Available: 'ok',
  Preparing: 'busy',
  Charging: 'charging',
  SuspendedEVSE: 'warn',
  SuspendedEV: 'warn',
  Finishing: 'busy',
  Reserved: 'reserved',
  Unavailable: 'off',
  Faulted: 'bad',
};

export function statusTone(status: string): string {
  return STATUS_TONE[status] ?? 'unknown';
}

export function Dot({ on, title }: { on: boolean; title?: string }) {
  return <span className={`dot ${on ? 'dot-on' : 'dot-off'}`} title={title ?? (on ? 'connected' : 'not connected')} aria-label={on ? 'connected' : 'not connected'} />;
}

export function StatusChip({ status }: { status: string }) {
  return <span className={`chip tone-${statusTone(status)}`} data-status={status}>{status}</span>;
}

export function ErrorCodeChip({ errorCode }: { errorCode: string }) {
  if (errorCode === 'NoError') return <span className="chip tone-quiet" data-error-code={errorCode}>NoError</span>;
  return <span className="chip tone-bad" data-error-code={errorCode}>{errorCode}</span>;
}

/** One connector: its id, status and (when not NoError) error code, with info/vendor code in the tooltip. */
export function ConnectorChip({ c }: { c: Connector }) {
  const extra = [c.info, c.vendorErrorCode ? `vendor code ${c.vendorErrorCode}` : null].filter(Boolean).join(' · ');
  return (
    <span className="connector" data-connector={c.connectorId} title={`connector ${c.connectorId}: ${c.status} / ${c.errorCode}${extra ? ` — ${extra}` : ''}`}>
      <span className="connector-id">#{c.connectorId}</span>
      <StatusChip status={c.status} />
      {c.errorCode !== 'NoError' && <ErrorCodeChip errorCode={c.errorCode} />}
    </span>
  );
}

export function ValidBadge({ valid }: { valid: boolean }) {
  return valid ? <span className="badge badge-ok" title="matches the OCPP 1.6 schema">valid</span> : <span className="badge badge-bad" title="breaks the OCPP 1.6 schema: select the row for the issues">invalid</span>;
}
