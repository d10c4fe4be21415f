import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { SessionLogRouteKey } from '../../shared/api/routes.ts';
import type { ExportFormat } from '../../shared/api/types.ts';
import { LogError, type LogErrorCode } from '../logs/errors.ts';
import { SessionFileError } from '../store/session-files/errors.ts';
import { ApiError, badRequest, notFound } from './errors.ts';
import { FileReply } from './http-adapter.ts';
import { optInt, requireObject } from './params.ts';
import type { RouteTable } from './routes.ts';
import type { LogFile, Logs } from '../logs/logs.ts';
import { sessionChargers } from '../logs/session-view.ts';

const FORMATS: readonly ExportFormat[] = ['chargescope', 'trace-jsonl', 'transactions-csv', 'meter-values-csv'];

function sessionParam(params: Record<string, string>): number {
  const v = params['id'] ?? '';
  if (!/^\d+$/.test(v)) throw badRequest(`a session id is a positive integer, got ${JSON.stringify(v)}`);
  return Number(v);
}

function text(b: Record<string, unknown>, key: string, max: number, nullable: boolean): string | null | undefined {
  const v = b[key];
  if (v === undefined) return undefined;
  if (v === null && nullable) return null;
  if (typeof v !== 'string' || v.length > max || (!nullable && v.length === 0)) {
    throw badRequest(`${key} must be a ${nullable ? '' : 'non-empty '}string of at most ${max} characters${nullable ? ' or null' : ''}`);
  }
  return v;
}

/**
 * `date=YYYY-MM-DD` (the date of a log whose lines carry a time only) and `tz=±hh:mm` (the zone its times were written
 * in when they carry none, as an import may offer it): checked here, applied by the line readers.
 */
export function importTimeParams(q: Record<string, string | undefined>): { date: string | null; tzMinutes: number | null } {
  const date = q['date'] || null;
  if (date !== null && (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date)) {
    throw badRequest(`date must be a day as YYYY-MM-DD (the date of lines that carry a time only), got ${JSON.stringify(date.slice(0, 40))}`);
  }
  const tz = q['tz'] || null;
  if (tz === null) return { date, tzMinutes: null };
  const m = /^(?:UTC)?([+-])(\d{2}):?(\d{2})$/i.exec(tz.replace(' ', '+'));
  const minutes = m ? (Number(m[2]) * 60 + Number(m[3])) * (m[1] === '-' ? -1 : 1) : NaN;
  if (/^(?:Z|UTC)$/i.test(tz)) return { date, tzMinutes: 0 };
  if (!m || Number(m[3]) > 59 || Math.abs(minutes) > 14 * 60) throw badRequest(`tz must be an offset from UTC as +hh:mm or -hh:mm (at most 14 h), e.g. tz=+02:00, got ${JSON.stringify(tz.slice(0, 40))}`);
  return { date, tzMinutes: minutes };
}

const LOG_ERROR_TO_API: Record<LogErrorCode, ApiError['code']> = { BAD_INPUT: 'BAD_REQUEST', REFUSED: 'BAD_REQUEST', NOT_FOUND: 'NOT_FOUND', CONFLICT: 'CONFLICT' };

/**
 * main/logs and the store's session-file checks speak no HTTP: their errors become ApiErrors here, with the same
 * message (it already says what to fix) and the `reason` of a refused file beside the details the error carries.
 */
export function logErrorToApi(err: unknown): unknown {
  if (err instanceof LogError) {
    return new ApiError(LOG_ERROR_TO_API[err.code], err.message, { ...(err.reason ? { reason: err.reason } : {}), ...err.details }, { cause: err });
  }
  if (err instanceof SessionFileError) return new ApiError('BAD_REQUEST', err.message, { reason: err.reason }, { cause: err });
  return err;
}

const fileReply = (f: LogFile): FileReply => new FileReply(f.stream, f.contentType, f.fileName, f.length, f.headers);

/** Every handler of the table with its errors mapped (logErrorToApi), thrown synchronously or by its promise. */
function mapped<T extends Record<string, (...args: never[]) => unknown>>(table: T): T {
  const out: Record<string, (...args: never[]) => unknown> = {};
  for (const [key, handler] of Object.entries(table)) {
    out[key] = (...args: never[]) => {
      try {
        const r = handler(...args);
        return r instanceof Promise ? r.catch((err: unknown) => {
          throw logErrorToApi(err);
        }) : r;
      } catch (err) {
        throw logErrorToApi(err);
      }
    };
  }
  return out as T;
}

/** The session routes of main/logs: export, import, re-open, recordings, jobs. */
export function logRoutes(logs: Logs): Pick<RouteTable, SessionLogRouteKey> {
  return mapped({
    'PATCH /api/sessions/:id': (r, s) => {
      const id = sessionParam(r.params);
      const b = requireObject(r.body);
      const extra = Object.keys(b).filter((k) => !['name', 'site', 'notes'].includes(k));
      if (extra.length) throw badRequest(`unknown field ${extra[0]}: a session has name, site and notes`);
      const patch: { name?: string; site?: string | null; notes?: string | null } = {};
      const name = text(b, 'name', 200, false);
      const site = text(b, 'site', 200, true);
      const notes = text(b, 'notes', 10_000, true);
      if (name !== undefined && name !== null) patch.name = name;
      if (site !== undefined) patch.site = site;
      if (notes !== undefined) patch.notes = notes;
      const before = s.store.sessions.get(id);
      if (!before) throw notFound(`session ${id} does not exist (GET /api/sessions lists them)`);
      if (before.readOnly) throw new ApiError('CONFLICT', `session ${id} is a recording (${before.source ?? 'imported'}): it is read-only`);
      const session = s.store.sessions.update(id, patch)!;
      s.csms.env.publish({ type: 'session', session });
      return session;
    },
    'DELETE /api/sessions/:id': async (r) => {
      await logs.deleteSession(sessionParam(r.params));
      return { deleted: true };
    },
    'GET /api/sessions/:id/export': (r) => {
      const format = (r.query['format'] ?? 'chargescope') as ExportFormat;
      if (!FORMATS.includes(format)) throw badRequest(`format must be one of ${FORMATS.join(', ')}`);
      const anonymize = r.query['anonymize'];
      if (anonymize !== undefined && anonymize !== '0' && anonymize !== '1') throw badRequest('anonymize must be 0 or 1');
      const transactionId = optInt(r.query, 'transaction', { min: 0 });
      if (transactionId !== undefined && format !== 'meter-values-csv') throw badRequest('transaction applies to format=meter-values-csv only');
      // To the contract the output is the file's bytes; the HTTP adapter streams the FileReply.
      return logs.exportSession(sessionParam(r.params), { format, anonymize: anonymize === '1', jobId: r.query['job'], transactionId }).then(fileReply) as unknown as Promise<Uint8Array>;
    },
    'POST /api/sessions/import': (r) => {
      const req = r.body as IncomingMessage;
      const jobId = r.query['job'] ?? randomUUID();
      req.once('close', () => {
        if (!req.complete) logs.jobs.cancel(jobId);
      });
      const length = Number(req.headers['content-length']);
      const fileName = (r.query['name'] ?? '').trim() || 'upload';
      if (fileName.length > 255) throw badRequest('name must be at most 255 characters');
      const { date, tzMinutes } = importTimeParams(r.query);
      const charger = r.query['charger'] || null;
      if (charger !== null && charger.length > 64) throw badRequest('charger must be at most 64 characters');
      return logs.importStream(req, { fileName, jobId, fallbackCharger: charger, totalBytes: Number.isFinite(length) ? length : null, date, tzMinutes });
    },
    'POST /api/sessions/open': (r) => {
      const b = requireObject(r.body);
      if (typeof b['path'] !== 'string' || b['path'].length === 0) throw badRequest('path must be the file or folder to open, on this computer');
      return logs.openPath(b['path']);
    },
    'GET /api/sessions/:id/recording': (r) => {
      const id = sessionParam(r.params);
      const rec = logs.recordings.get(id);
      if (!rec) throw notFound(`session ${id} is not a recording (it was not re-opened or imported)`);
      return rec;
    },
    'GET /api/sessions/:id/chargers': (r, s) => {
      const id = sessionParam(r.params);
      if (!s.store.sessions.get(id)) throw notFound(`session ${id} does not exist (GET /api/sessions lists them)`);
      return sessionChargers(s.store, (c) => s.csms.chargerView(c), logs.recordings, id);
    },
    'GET /api/sessions/:id/commands': (r, s) => {
      const id = sessionParam(r.params);
      if (!s.store.sessions.get(id)) throw notFound(`session ${id} does not exist (GET /api/sessions lists them)`);
      const charger = r.query['charger'];
      if (!charger) throw badRequest('query parameter charger is required');
      return s.store.commands.list(id, charger);
    },
    'GET /api/jobs': () => logs.jobs.list(),
    'DELETE /api/jobs/:id': (r) => {
      if (!logs.jobs.cancel(r.params['id']!)) throw notFound(`job ${r.params['id']} is not running`);
      return { cancelled: true };
    },
  });
}
