import { Readable } from 'node:stream';
import type { CommissioningRouteKey } from '../../shared/api/routes.ts';
import type { ReportNotes, TestRunParams } from '../../shared/api/commissioning.ts';
import { FileReply } from '../api/http-adapter.ts';
import { ApiError, badRequest, notFound } from '../api/errors.ts';
import { isObject, requireObject } from '../api/params.ts';
import { knownCharger, sessionOf, type RouteTable } from '../api/routes.ts';
import type { Reporter } from './report/reporter.ts';
import { RunnerError, type TestRunner } from './runner.ts';

function runnerToApi(err: unknown): never {
  if (err instanceof RunnerError) throw new ApiError(err.code, err.message);
  throw err;
}

const PARAM_KEYS: Record<keyof TestRunParams, 'string' | 'int' | 'protocol'> = {
  idTag: 'string', connectorId: 'int', reactionSec: 'int', manualSec: 'int', rebootSec: 'int', heartbeatSec: 'int',
  reservationSec: 'int', limitA: 'int', firmwareId: 'string', protocol: 'protocol',
};

/** Checks run parameters: known keys, bounded values (a run must end). */
export function checkParams(v: unknown): TestRunParams {
  if (v === undefined) return {};
  if (!isObject(v)) throw badRequest('params must be an object');
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v)) {
    const kind = PARAM_KEYS[k as keyof TestRunParams];
    if (!kind) throw badRequest(`unknown parameter ${k}: use ${Object.keys(PARAM_KEYS).join(', ')}`);
    if (kind === 'int' && (!Number.isInteger(val) || (val as number) < 0 || (val as number) > 86_400)) throw badRequest(`${k} must be an integer from 0 to 86400`);
    if (kind === 'string' && (typeof val !== 'string' || val.length < 1 || val.length > (k === 'idTag' ? 20 : 200))) throw badRequest(`${k} must be a string of ${k === 'idTag' ? '1 to 20' : '1 to 200'} characters`);
    if (kind === 'protocol' && val !== 'http' && val !== 'ftp') throw badRequest('protocol must be http or ftp');
    out[k] = val;
  }
  return out as TestRunParams;
}

function checkNotes(v: unknown): ReportNotes {
  const b = requireObject(v);
  const out: Record<string, string> = {};
  for (const [k, max] of [['engineer', 200], ['site', 200], ['notes', 10_000]] as const) {
    const s = b[k] ?? '';
    if (typeof s !== 'string' || s.length > max) throw badRequest(`${k} must be a string of at most ${max} characters`);
    out[k] = s;
  }
  const extra = Object.keys(b).find((k) => !['engineer', 'site', 'notes'].includes(k));
  if (extra) throw badRequest(`unknown field ${extra}: report notes have engineer, site and notes`);
  return out as unknown as ReportNotes;
}

/** Routes of main/commissioning: test cases, runs, prompts and the commissioning report. */
export function commissioningRoutes(runner: TestRunner, reporter: Reporter): Pick<RouteTable, CommissioningRouteKey> {
  return {
    'GET /api/test-cases': () => runner.catalogue(),
    'POST /api/chargers/:id/test-runs': (r, s) => {
      const id = knownCharger(s, r.params['id']!);
      const b = requireObject(r.body);
      const cases = b['cases'];
      if (!Array.isArray(cases) || cases.length === 0 || cases.length > 200 || !cases.every((c) => typeof c === 'string' && c.length <= 100)) {
        throw badRequest('cases must be a list of test case ids (GET /api/test-cases), or ["all"] / ["all-automatic"]');
      }
      try {
        return { runId: runner.start(id, cases as string[], checkParams(b['params'])).id };
      } catch (err) {
        runnerToApi(err);
      }
    },
    'GET /api/chargers/:id/test-runs': (r, s) => runner.list(sessionOf(r.query, s), knownCharger(s, r.params['id']!)),
    'GET /api/test-runs/:runId': (r) => {
      const run = runner.get(r.params['runId']!);
      if (!run) throw notFound(`test run ${r.params['runId']} does not exist`);
      return run;
    },
    'DELETE /api/test-runs/:runId': (r) => {
      try {
        return runner.cancel(r.params['runId']!);
      } catch (err) {
        runnerToApi(err);
      }
    },
    'POST /api/test-runs/:runId/prompt': (r) => {
      const b = requireObject(r.body);
      if (b['answer'] !== 'done' && b['answer'] !== 'skip') throw badRequest('answer must be "done" or "skip"');
      try {
        return runner.answer(r.params['runId']!, b['answer']);
      } catch (err) {
        runnerToApi(err);
      }
    },
    'GET /api/chargers/:id/report': async (r, s) => {
      const session = sessionOf(r.query, s);
      const id = r.params['id']!;
      if (!reporter.hasCharger(session, id)) throw notFound(`charger ${JSON.stringify(id)} has nothing in session ${session}`);
      const format = r.query['format'] ?? 'html';
      if (format !== 'html' && format !== 'pdf') throw badRequest('format must be html or pdf');
      const safe = id.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64);
      const name = `commissioning-${safe}-session${session}.${format}`;
      const bytes = format === 'html' ? Buffer.from(reporter.html(session, id), 'utf8') : await reporter.pdf(session, id);
      return new FileReply(Readable.from([bytes]), format === 'html' ? 'text/html; charset=utf-8' : 'application/pdf', name, bytes.length) as unknown as Uint8Array;
    },
    'GET /api/chargers/:id/report-notes': (r, s) => {
      const session = sessionOf(r.query, s);
      const id = r.params['id']!;
      return reporter.notes(session, id);
    },
    'PUT /api/chargers/:id/report-notes': (r, s) => {
      const session = sessionOf(r.query, s);
      const id = r.params['id']!;
      if (!reporter.hasCharger(session, id)) throw notFound(`charger ${JSON.stringify(id)} has nothing in session ${session}`);
      const notes = checkNotes(r.body);
      runner.putNotes(session, id, notes, s.clock().toISOString());
      return notes;
    },
  };
}
