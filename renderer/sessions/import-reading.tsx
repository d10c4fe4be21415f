/** How a foreign log was read (ImportReading): its times, its charger, the echoes skipped, and a time-zone offer to confirm. */
import type { ImportReading, TimeZoneOffer } from '../../shared/api/types.ts';
import { Notice } from '../components/common.tsx';

const DATE_FROM: Record<NonNullable<ImportReading['date']>['from'], string> = {
  parameter: 'as asked', payload: 'from the first dated frame', 'import-day': 'the day of the import: no line or frame gave one',
};

/** Short notes for the recording banner: "times read as UTC+02:00", "12 frames without a time". */
export function readingNotes(r: ImportReading): string[] {
  const out: string[] = [];
  if (r.timeZone !== 'UTC') out.push(`times read as UTC${r.timeZone}`);
  if (r.framesWithoutTime > 0) out.push(`${r.framesWithoutTime.toLocaleString('en-US')} frames without a time`);
  if (r.tzOffer) out.push(`looks written in UTC${r.tzOffer.tz}`);
  return out;
}

export function ReadingRows({ reading }: { reading: ImportReading }) {
  return (
    <>
      <dt>times</dt>
      <dd data-testid="import-times">
        {reading.timeZone === 'UTC' ? 'times without a zone read as UTC' : `times without a zone read as UTC${reading.timeZone}`}
        {reading.date && `; date ${reading.date.value} (${DATE_FROM[reading.date.from]})`}
        {reading.framesWithoutTime > 0 && `; ${reading.framesWithoutTime.toLocaleString('en-US')} frames had no time: kept in order, no latency claimed`}
      </dd>
      {reading.chargerFromFileName && <><dt>charger</dt><dd>{reading.chargerFromFileName} (from the file name: no line named one)</dd></>}
      {reading.echoes > 0 && <><dt>echoes</dt><dd>{reading.echoes.toLocaleString('en-US')} lines repeated a frame just logged and were skipped</dd></>}
    </>
  );
}

export function TzOfferNotice({ offer, onReimport }: { offer: TimeZoneOffer; onReimport?: ((times: { tz: string }) => void) | undefined }) {
  return (
    <Notice kind="warn">
      <span data-testid="import-tz-offer">Time zone: {offer.message}</span>{' '}
      {onReimport && <button type="button" className="btn btn-small" onClick={() => onReimport({ tz: offer.tz })} data-testid="import-tz-confirm">Import again as UTC{offer.tz}</button>}
    </Notice>
  );
}
