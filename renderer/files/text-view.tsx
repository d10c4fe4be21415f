/**
 * An opened text file: line numbers, a virtualized list (a 16 MB log stays smooth), and search with match
 * count, previous/next, case sensitivity and "matching lines only".
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { findMatches, segments, splitLines } from './text-search.ts';

const LINE_HEIGHT = 18;

function Line({ text, query, caseSensitive, current }: { text: string; query: string; caseSensitive: boolean; current: number | null }) {
  let hitIndex = -1;
  return (
    <>
      {segments(text, query, caseSensitive).map((s, i) => {
        if (!s.hit) return <span key={i}>{s.text}</span>;
        hitIndex++;
        return <mark key={i} className={hitIndex === current ? 'fx-hit fx-hit-current' : 'fx-hit'}>{s.text}</mark>;
      })}
    </>
  );
}

export function TextView({ text, name, initialQuery = '' }: { text: string; name: string; initialQuery?: string }) {
  const lines = useMemo(() => splitLines(text), [text]);
  const [query, setQuery] = useState(initialQuery);
  const [caseSensitive, setCaseSensitive] = useState(false);
  const [onlyMatching, setOnlyMatching] = useState(false);
  const [current, setCurrent] = useState(0);
  const deferred = useDeferredValue(query);
  const { matches, more } = useMemo(() => findMatches(lines, deferred, { caseSensitive }), [lines, deferred, caseSensitive]);
  const shown = useMemo(() => {
    if (!onlyMatching || !deferred) return null;
    const rows: number[] = [];
    for (const m of matches) if (rows.at(-1) !== m.line) rows.push(m.line);
    return rows;
  }, [onlyMatching, deferred, matches]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const count = shown ? shown.length : lines.length;
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scrollRef.current, estimateSize: () => LINE_HEIGHT, overscan: 20 });

  useEffect(() => setCurrent(0), [deferred, caseSensitive]);
  const at = matches[current];
  useEffect(() => {
    if (!at) return;
    const row = shown ? shown.indexOf(at.line) : at.line;
    if (row >= 0) virtualizer.scrollToIndex(row, { align: 'center' });
  }, [at, shown, virtualizer]);

  const step = (d: number) => matches.length && setCurrent((c) => (c + d + matches.length) % matches.length);
  const digits = String(lines.length).length;

  return (
    <div className="fx-text" data-testid="text-view">
      <div className="toolbar fx-search">
        <input
          type="search" value={query} placeholder={`search ${name}`} aria-label="search in file" className="fx-search-input"
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              step(e.shiftKey ? -1 : 1);
            }
          }}
        />
        <span className="small" data-testid="match-count" aria-live="polite">
          {deferred ? (matches.length ? `${current + 1} of ${matches.length}${more ? '+' : ''}` : 'no match') : `${lines.length} lines`}
        </span>
        <button type="button" className="btn btn-small" onClick={() => step(-1)} disabled={!matches.length} aria-label="previous match">↑</button>
        <button type="button" className="btn btn-small" onClick={() => step(1)} disabled={!matches.length} aria-label="next match">↓</button>
        <label className="fx-check"><input type="checkbox" checked={caseSensitive} onChange={(e) => setCaseSensitive(e.target.checked)} /> match case</label>
        <label className="fx-check"><input type="checkbox" checked={onlyMatching} onChange={(e) => setOnlyMatching(e.target.checked)} /> matching lines only</label>
      </div>
      <div className="fx-lines" ref={scrollRef} tabIndex={0} aria-label={`contents of ${name}`}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth: '100%' }}>
          {virtualizer.getVirtualItems().map((v) => {
            const lineNo = shown ? shown[v.index]! : v.index;
            const isCurrent = at?.line === lineNo;
            // Which hit on this line is the current one (for the stronger highlight).
            const nth = isCurrent ? matches.slice(0, current).filter((m) => m.line === lineNo).length : null;
            return (
              <div key={v.key} className={isCurrent ? 'fx-line fx-line-current' : 'fx-line'} style={{ transform: `translateY(${v.start}px)`, height: LINE_HEIGHT }} data-line={lineNo + 1}>
                <span className="fx-ln">{String(lineNo + 1).padStart(digits, ' ')}</span>
                <span className="fx-lt"><Line text={lines[lineNo]!} query={deferred} caseSensitive={caseSensitive} current={nth} /></span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
