/**
 * The live trace, site-wide or for one charger: a virtual list with fixed row height over a bounded window
 * of frames, follow-tail that pauses when the engineer scrolls up, and the selected row's JSON beside it.
 */
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Frame, LiveEvent } from '../../shared/api/types.ts';
import { describeFailure } from '../api/client.ts';
import { framesAround, framesBefore, NEWEST, type FrameScope } from '../api/frames.ts';
import { useLiveEvents } from '../api/live.tsx';
import { Notice } from '../components/common.tsx';
import { useSite } from '../state/site-context.tsx';
import { TraceDetail } from './trace-detail.tsx';
import { EMPTY_FILTER, isFiltered, type TraceFilter } from './trace-filter.ts';
import { TraceFilters } from './trace-filters.tsx';
import { TraceModel } from './trace-model.ts';
import { ROW_HEIGHT, TraceRow } from './trace-row.tsx';

const INITIAL_ROWS = 2000;
const FOLLOW_RENDER_MS = 100;
const OLDER_PAGE = 2000;

/** `focusSeq` opens the trace at that frame, selected and paused (a finding's or a meter value's frame). */
export function TraceView({ chargerId, capacity, focusSeq }: { chargerId?: string; capacity?: number; focusSeq?: number }) {
  const site = useSite();
  const scope: FrameScope = useMemo(() => (chargerId ? { charger: chargerId } : {}), [chargerId]);
  const [filter, setFilter] = useState<TraceFilter>(() => ({ ...EMPTY_FILTER, chargerId: chargerId ?? '' }));
  const model = useMemo(() => new TraceModel({ ...EMPTY_FILTER, chargerId: chargerId ?? '' }, capacity), [chargerId, capacity]);
  const [, setVersion] = useState(0);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [following, setFollowingState] = useState(true);
  const followingRef = useRef(true);
  const loadingRef = useRef(true);
  const buffered = useRef<Frame[]>([]);
  const olderBusy = useRef(false);
  const scrollRef = useRef<HTMLDivElement>(null);
  const raf = useRef<number | null>(null);
  const focus = useRef(focusSeq);
  const [scrollTo, setScrollTo] = useState<number | null>(null);

  const setFollowing = useCallback((on: boolean) => {
    followingRef.current = on;
    setFollowingState(on);
    if (on) model.newWhilePaused = 0;
  }, [model]);

  const lastRender = useRef(0);
  /**
   * Re-renders at the next animation frame, and at most every FOLLOW_RENDER_MS while following: at hundreds
   * of frames a second every batch replaces the whole visible page of rows, and no one reads faster.
   */
  const rerender = useCallback(() => {
    if (raf.current !== null) return;
    const wait = followingRef.current ? Math.max(0, lastRender.current + FOLLOW_RENDER_MS - performance.now()) : 0;
    const run = () => {
      raf.current = requestAnimationFrame(() => {
        raf.current = null;
        lastRender.current = performance.now();
        setVersion(model.version);
      });
    };
    if (wait > 0) {
      raf.current = -1;
      window.setTimeout(run, wait);
    } else run();
  }, [model]);

  const loadTail = useCallback(async () => {
    loadingRef.current = true;
    setLoading(true);
    buffered.current = [];
    const at = focus.current;
    focus.current = undefined;
    try {
      if (at !== undefined) {
        const around = await framesAround(scope, at, INITIAL_ROWS);
        model.reset(around.frames, around.hasOlder);
        model.gapAtEnd = around.hasNewer;
        setError(model.bySeq(at) ? null : `Frame #${at} is not in this trace (another session or charger?): showing the frames around it.`);
      } else {
        // The newest page in one request (before= pages backwards from the end).
        const { frames, exhausted } = await framesBefore(scope, NEWEST, INITIAL_ROWS);
        model.reset(frames, !exhausted);
        model.append(buffered.current, true);
        setError(null);
      }
    } catch (err) {
      setError(`The trace could not be loaded: ${describeFailure(err)}`);
    } finally {
      buffered.current = [];
      loadingRef.current = false;
      setLoading(false);
      // Opened at one frame: stay there; at the end: follow live frames.
      setFollowing(at === undefined);
      if (at !== undefined) {
        setSelected(at);
        setScrollTo(at);
      }
      setVersion(model.version);
    }
  }, [model, scope, setFollowing]);

  useEffect(() => {
    void loadTail();
    return () => {
      if (raf.current !== null && raf.current > 0) cancelAnimationFrame(raf.current);
      raf.current = null;
    };
  }, [loadTail]);

  useLiveEvents((events: LiveEvent[]) => {
    const frames: Frame[] = [];
    for (const e of events) if (e.type === 'frame' && (!chargerId || e.frame.chargerId === chargerId)) frames.push(e.frame);
    if (frames.length === 0) return;
    if (loadingRef.current) {
      buffered.current.push(...frames);
      return;
    }
    model.append(frames, followingRef.current);
    rerender();
  }, () => void loadTail());

  const applyFilter = useCallback((f: TraceFilter) => {
    setFilter(f);
    model.setFilter(f);
    setVersion(model.version);
  }, [model]);

  const count = model.visible.length;
  // While following, render the tail rows at once: the list is scrolled to the bottom in the same commit,
  // so the rows need not wait for the scroll event (one render and one paint per batch, not two).
  const rangeExtractor = useCallback((range: Range) => {
    if (!followingRef.current) return defaultRangeExtractor(range);
    const rows = Math.ceil((virtualizerRef.current?.scrollRect?.height ?? 1000) / ROW_HEIGHT) + range.overscan;
    const out: number[] = [];
    for (let i = Math.max(0, range.count - rows); i < range.count; i++) out.push(i);
    return out;
  }, []);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: following ? 2 : 12,
    rangeExtractor,
    // Scrolling re-renders with React's normal batching instead of a synchronous render per scroll event.
    useFlushSync: false,
  });

  const virtualizerRef = useRef(virtualizer);
  virtualizerRef.current = virtualizer;

  // Follow the tail: after each render that added rows, stay at the bottom (without reading the layout back).
  const totalSize = virtualizer.getTotalSize();
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el && followingRef.current) el.scrollTop = totalSize + ROW_HEIGHT;
  }, [totalSize, following]);

  // Opened at a frame: bring it to the middle once its rows are there.
  useLayoutEffect(() => {
    if (scrollTo === null || loading) return;
    const idx = model.visible.findIndex((f) => f.seq === scrollTo);
    if (idx >= 0) virtualizer.scrollToIndex(idx, { align: 'center' });
    setScrollTo(null);
  }, [scrollTo, loading, model, virtualizer]);

  const loadOlder = useCallback(async () => {
    if (olderBusy.current || !model.hasOlder || model.frames.length === 0) return;
    olderBusy.current = true;
    try {
      const { frames, exhausted } = await framesBefore(scope, model.oldestSeq, OLDER_PAGE);
      const added = model.prepend(frames, exhausted);
      const el = scrollRef.current;
      setVersion(model.version);
      if (el && added) requestAnimationFrame(() => (el.scrollTop += added * ROW_HEIGHT));
    } catch (err) {
      setError(`Older frames could not be loaded: ${describeFailure(err)}`);
    } finally {
      olderBusy.current = false;
    }
  }, [model, scope]);

  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el || loadingRef.current) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT;
    if (!atBottom && followingRef.current) setFollowing(false);
    else if (atBottom && !followingRef.current && !model.gapAtEnd) setFollowing(true);
    if (!followingRef.current && el.scrollTop < ROW_HEIGHT * 40 && model.hasOlder) void loadOlder();
  }, [loadOlder, model, setFollowing]);

  const jumpToLatest = useCallback(() => {
    if (model.gapAtEnd) {
      void loadTail();
      return;
    }
    setFollowing(true);
    const el = scrollRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [loadTail, model, setFollowing]);

  const select = useCallback((seq: number) => {
    setSelected(seq);
    if (followingRef.current) setFollowing(false);
  }, [setFollowing]);

  const onKey = (e: React.KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const idx = selected === null ? -1 : model.visible.findIndex((f) => f.seq === selected);
    const next = Math.max(0, Math.min(count - 1, idx + (e.key === 'ArrowDown' ? 1 : -1)));
    const f = model.visible[next];
    if (f) {
      select(f.seq);
      virtualizer.scrollToIndex(next, { align: 'auto' });
    }
  };

  const chargerIds = useMemo(() => (chargerId ? null : site.chargers.map((c) => c.id)), [chargerId, site.chargers]);
  const selectedFrame = selected !== null ? model.bySeq(selected) : undefined;
  const pair = selectedFrame ? model.pairOf(selectedFrame) : undefined;
  const showCharger = !chargerId;
  const filtered = isFiltered(filter, Boolean(chargerId));
  const pending = model.newWhilePaused;

  return (
    <div className="trace">
      <TraceFilters filter={filter} onChange={applyFilter} chargers={chargerIds} />
      <div className="trace-main">
        <div className="trace-listwrap">
          <div className={`trow trow-head${showCharger ? '' : ' no-charger'}`} role="row">
            <span className="c-time">time (UTC)</span>
            {showCharger && <span className="c-charger">charger</span>}
            <span className="c-dir">dir</span>
            <span className="c-type">type</span>
            <span className="c-action">action</span>
            <span className="c-sum">summary</span>
            <span className="c-id">msg id</span>
            <span className="c-lat">latency</span>
            <span className="c-valid">valid</span>
          </div>
          <div
            ref={scrollRef}
            className={`trace-list${showCharger ? '' : ' no-charger'}`}
            onScroll={onScroll}
            onKeyDown={onKey}
            tabIndex={0}
            role="grid"
            aria-label="OCPP frames"
            data-testid="trace-list"
          >
            {model.hasOlder && count > 0 && !following && <div className="trace-older muted">scroll up for older frames</div>}
            <div style={{ height: totalSize, position: 'relative' }}>
              {virtualizer.getVirtualItems().map((item) => {
                const f = model.visible[item.index]!;
                return (
                  <TraceRow
                    // Following a busy site, every render replaces the whole page of rows: keyed by slot, a row
                    // is updated in place instead of destroyed and created. Paused, rows keep their identity.
                    key={following ? `s${item.index % 256}` : f.seq}
                    frame={f}
                    answer={f.messageType === 'CALL' ? model.answers.get(f.seq) : undefined}
                    showCharger={showCharger}
                    selected={f.seq === selected}
                    paired={pair !== undefined && pair.seq === f.seq}
                    top={item.start}
                    onSelect={select}
                  />
                );
              })}
            </div>
            {!loading && count === 0 && (
              <p className="empty trace-empty">
                {filtered ? 'No frame matches the filters.' : chargerId ? `No frames from ${chargerId} in this session yet.` : 'No frames yet: connect a charger to one of the charger URLs above.'}
              </p>
            )}
          </div>
          <div className="trace-status">
            {loading ? <span>Loading frames…</span> : <span>{count.toLocaleString()} row{count === 1 ? '' : 's'}{filtered ? ` of ${model.frames.length.toLocaleString()} loaded` : ' loaded'}</span>}
            <span className="spacer" />
            {following ? <span className="follow-on">● following live</span> : <span className="muted">paused (scroll to the bottom to follow)</span>}
          </div>
          {!following && (pending > 0 || model.gapAtEnd) && (
            <button type="button" className="jump-latest" onClick={jumpToLatest}>
              {pending.toLocaleString()} new — jump to latest
            </button>
          )}
          {!following && pending === 0 && !model.gapAtEnd && (
            <button type="button" className="jump-latest jump-quiet" onClick={jumpToLatest}>Follow live</button>
          )}
        </div>
        <TraceDetail frame={selectedFrame} pair={pair} onSelect={select} />
      </div>
      {error && <Notice>{error}</Notice>}
    </div>
  );
}
