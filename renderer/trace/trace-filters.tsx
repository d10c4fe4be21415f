import { memo, useEffect, useState } from 'react';
import { ALL_CSMS_ACTIONS, ALL_INCOMING_ACTIONS } from '../../shared/ocpp/actions.ts';
import type { TraceFilter } from './trace-filter.ts';

const ACTIONS = [...new Set([...ALL_INCOMING_ACTIONS, ...ALL_CSMS_ACTIONS])].sort();

/** Filter bar: charger (site-wide trace only), action, direction, only invalid, free text (debounced). */
export const TraceFilters = memo(function TraceFilters({ filter, onChange, chargers }: { filter: TraceFilter; onChange(f: TraceFilter): void; chargers: string[] | null }) {
  const [text, setText] = useState(filter.text);
  useEffect(() => {
    if (text === filter.text) return;
    const t = window.setTimeout(() => onChange({ ...filter, text }), 150);
    return () => window.clearTimeout(t);
  }, [text, filter, onChange]);
  const set = (patch: Partial<TraceFilter>) => onChange({ ...filter, ...patch });
  const any = (chargers && filter.chargerId) || filter.action || filter.direction || filter.onlyInvalid || filter.text || filter.leg;
  return (
    <div className="filters" role="search">
      {chargers && (
        <label>
          Charger
          <select value={filter.chargerId} onChange={(e) => set({ chargerId: e.target.value })} aria-label="charger filter">
            <option value="">all</option>
            {chargers.map((id) => <option key={id} value={id}>{id}</option>)}
          </select>
        </label>
      )}
      <label>
        Action
        <select value={filter.action} onChange={(e) => set({ action: e.target.value })} aria-label="action filter">
          <option value="">all</option>
          {ACTIONS.map((a) => <option key={a} value={a}>{a}</option>)}
        </select>
      </label>
      <label>
        Direction
        <select value={filter.direction} onChange={(e) => set({ direction: e.target.value as TraceFilter['direction'] })} aria-label="direction filter">
          <option value="">both</option>
          <option value="in">CP→CS (from charger)</option>
          <option value="out">CS→CP (to charger)</option>
        </select>
      </label>
      <label>
        Leg
        <select value={filter.leg} onChange={(e) => set({ leg: e.target.value as TraceFilter['leg'] })} aria-label="leg filter" title="proxy mode: which leg of a relayed charger's traffic">
          <option value="">both</option>
          <option value="backend">back-end (relayed)</option>
          <option value="charger">charger only (local, injected)</option>
        </select>
      </label>
      <label className="check">
        <input type="checkbox" checked={filter.onlyInvalid} onChange={(e) => set({ onlyInvalid: e.target.checked })} />
        only invalid
      </label>
      <label className="grow">
        Text
        <input type="search" value={text} placeholder="message id, idTag, any text in the frame" onChange={(e) => setText(e.target.value)} aria-label="text filter" />
      </label>
      {any && (
        <button type="button" className="btn btn-small" onClick={() => { setText(''); onChange({ chargerId: chargers ? '' : filter.chargerId, action: '', direction: '', onlyInvalid: false, text: '', leg: '' }); }}>
          Clear filters
        </button>
      )}
    </div>
  );
});
