/**
 * The control API contract: every route with its input and output, written once. The server dispatches on
 * these keys and the renderer's client derives its functions from them; a surface test snapshots the list.
 * Path parameters are URL-encoded in the path (charger identities may hold any character).
 */
import type {
  Charger, CallOutcome, Command, CompositeSchedule, ConfigurationKey, ConnectionEvent, Finding, Firmware, Frame,
  IdTag, IdTagStatus, InstalledProfile, LocalList, MeterSample, Reservation, Session, Settings, Transaction, Transfer,
} from './types.ts';
import type { EntryText, ReceivedListing } from './types.ts';
import type { ExportFormat, ImportResult, JobProgress, Recording, SessionCharger } from './types.ts';
import type { TimelineInterval } from '../ocpp/charging-profile.ts';
import type { ProxyView, SettingsView, UpstreamConfig } from './types.ts';
import type { Rule } from '../rules/catalogue.ts';
import type { ReportNotes, TestCase, TestPromptAnswer, TestRun, TestRunParams } from './commissioning.ts';
import type { ChargerEndpoint } from './endpoints.ts';
import type { ConnectorReading } from './readings.ts';

export interface ServerInfo {
  version: string;
  /** ws://ADDRESS:PORT/ocpp/ for every non-internal IPv4 address (loopback when there is none). */
  chargerUrls: string[];
  ocppPort: number;
  ocppsPort: number | null;
  uiPort: number;
  ftpPort: number | null;
  dataDir: string;
  liveSessionId: number;
  viewedSessionId: number;
  connected: number;
  known: number;
  /** The charger URLs again, one per network interface with its name (Wi-Fi, Ethernet), TLS ones included. */
  chargerEndpoints: ChargerEndpoint[];
}

type SessionQuery = { session?: number };

export interface Routes {
  'GET /api/health': { params: {}; query: {}; body: undefined; output: { ok: true; version: string } };
  'GET /api/info': { params: {}; query: {}; body: undefined; output: ServerInfo };
  'GET /api/chargers': { params: {}; query: {}; body: undefined; output: Charger[] };
  'GET /api/chargers/:id': { params: { id: string }; query: {}; body: undefined; output: Charger };
  'DELETE /api/chargers/:id': { params: { id: string }; query: {}; body: undefined; output: { deleted: true } };
  'PUT /api/chargers/:id/auth': { params: { id: string }; query: {}; body: { password: string }; output: { ok: true } };
  'DELETE /api/chargers/:id/auth': { params: { id: string }; query: {}; body: undefined; output: { ok: true } };
  /**
   * Accepts a charger that was answered Pending or Rejected: its next BootNotification is answered Accepted
   * whatever `unknownChargers` says (send TriggerMessage BootNotification to make it boot now).
   */
  'POST /api/chargers/:id/accept': { params: { id: string }; query: {}; body: undefined; output: Charger };
  'POST /api/chargers/:id/calls/:action': {
    params: { id: string; action: string }; query: { timeoutMs?: number }; body: Record<string, unknown>; output: CallOutcome;
  };
  'GET /api/chargers/:id/commands': { params: { id: string }; query: SessionQuery; body: undefined; output: Command[] };
  'GET /api/chargers/:id/local-list': { params: { id: string }; query: {}; body: undefined; output: LocalList };
  'GET /api/chargers/:id/reservations': { params: { id: string }; query: {}; body: undefined; output: Reservation[] };
  'GET /api/chargers/:id/charging-profiles': { params: { id: string }; query: {}; body: undefined; output: InstalledProfile[] };
  'GET /api/chargers/:id/configuration': { params: { id: string }; query: {}; body: undefined; output: ConfigurationKey[] };
  'GET /api/chargers/:id/composite-schedule': {
    params: { id: string }; query: { connectorId: number; duration: number; chargingRateUnit?: 'A' | 'W' }; body: undefined; output: CompositeSchedule;
  };
  /** The same computation with each purpose's contribution per interval, for the smart-charging plot. */
  'GET /api/chargers/:id/composite-timeline': {
    params: { id: string }; query: { connectorId: number; duration: number; chargingRateUnit?: 'A' | 'W' }; body: undefined;
    output: { schedule: CompositeSchedule; timeline: TimelineInterval[] };
  };
  'GET /api/frames': {
    /** `before` (exclusive): the last `limit` frames below it instead of the first after `after`; still in seq order. */
    params: {}; query: SessionQuery & { charger?: string; after?: number; before?: number; limit?: number }; body: undefined;
    output: { frames: Frame[]; next: number };
  };
  'GET /api/transactions': { params: {}; query: SessionQuery & { charger?: string }; body: undefined; output: Transaction[] };
  'GET /api/meter-values': {
    params: {}; query: SessionQuery & { charger?: string; transaction?: number }; body: undefined; output: MeterSample[];
  };
  'GET /api/findings': { params: {}; query: SessionQuery & { charger?: string }; body: undefined; output: Finding[] };
  /** The catalogue of rules every finding's `rule` comes from (shared/rules/catalogue.ts). */
  'GET /api/rules': { params: {}; query: {}; body: undefined; output: Rule[] };
  'GET /api/connections': { params: {}; query: SessionQuery & { charger?: string }; body: undefined; output: ConnectionEvent[] };
  'GET /api/reservations': { params: {}; query: {}; body: undefined; output: Reservation[] };
  'GET /api/idtags': { params: {}; query: {}; body: undefined; output: IdTag[] };
  'PUT /api/idtags/:idTag': {
    params: { idTag: string }; query: {}; body: { status: IdTagStatus; expiryDate?: string | null; parentIdTag?: string | null }; output: IdTag;
  };
  'DELETE /api/idtags/:idTag': { params: { idTag: string }; query: {}; body: undefined; output: { deleted: true } };
  'GET /api/settings': { params: {}; query: {}; body: undefined; output: SettingsView };
  'PATCH /api/settings': { params: {}; query: {}; body: Partial<Settings>; output: SettingsView };
  'GET /api/sessions': { params: {}; query: {}; body: undefined; output: Session[] };
  'POST /api/sessions': { params: {}; query: {}; body: { name: string; site?: string; notes?: string }; output: Session };
  /** 409 for a read-only session (a recording). */
  'PATCH /api/sessions/:id': { params: { id: string }; query: {}; body: { name?: string; site?: string | null; notes?: string | null }; output: Session };
  /** Deletes a recording (read-only session) and all its rows; 409 for any other session. */
  'DELETE /api/sessions/:id': { params: { id: string }; query: {}; body: undefined; output: { deleted: true } };
  /**
   * The session as one file, streamed (Content-Disposition names it; header X-ChargeScope-Job carries the job id,
   * X-ChargeScope-Skipped-Frames how many frames a trace cannot represent). `job` lets the client choose the id it
   * will see in `progress` events and can cancel; `transaction` limits meter-values-csv to one transaction.
   */
  'GET /api/sessions/:id/export': {
    params: { id: string }; query: { format?: ExportFormat; anonymize?: 0 | 1; job?: string; transaction?: number }; body: undefined; output: Uint8Array;
  };
  /** Body: the file's bytes (application/octet-stream), told apart by content. 201; 400 when nothing is readable. */
  'POST /api/sessions/import': { params: {}; query: { name?: string; job?: string; charger?: string; date?: string; tz?: string }; body: Uint8Array; output: ImportResult };
  /** Re-opens a file or every file of a folder on this computer (what `--open` does). 201. */
  'POST /api/sessions/open': {
    params: {}; query: {}; body: { path: string }; output: { opened: ImportResult[]; failed: { path: string; error: string }[] };
  };
  'GET /api/sessions/:id/recording': { params: { id: string }; query: {}; body: undefined; output: Recording };
  /** The chargers seen in a session; for a recording, as they were when it was exported. */
  'GET /api/sessions/:id/chargers': { params: { id: string }; query: {}; body: undefined; output: SessionCharger[] };
  'GET /api/sessions/:id/commands': { params: { id: string }; query: { charger: string }; body: undefined; output: Command[] };
  /** Running and recently finished exports and imports. */
  'GET /api/jobs': { params: {}; query: {}; body: undefined; output: JobProgress[] };
  /** Cancels a running export or import (an import leaves nothing behind); 404 when it is not running. */
  'DELETE /api/jobs/:id': { params: { id: string }; query: {}; body: undefined; output: { cancelled: true } };
  'GET /api/firmware': { params: {}; query: {}; body: undefined; output: Firmware[] };
  'POST /api/firmware': { params: {}; query: { name: string }; body: Uint8Array; output: Firmware };
  'DELETE /api/firmware/:id': { params: { id: string }; query: {}; body: undefined; output: { deleted: true } };
  'POST /api/chargers/:id/firmware-update': {
    params: { id: string }; query: {};
    body: { firmwareId: string; protocol: 'http' | 'ftp'; retrieveDate?: string; retries?: number; retryInterval?: number };
    output: { transferId: string; location: string } & CallOutcome;
  };
  'POST /api/chargers/:id/diagnostics': {
    params: { id: string }; query: {};
    body: { protocol: 'http' | 'ftp'; startTime?: string; stopTime?: string; retries?: number; retryInterval?: number };
    output: { transferId: string; location: string } & CallOutcome;
  };
  'GET /api/transfers': { params: {}; query: { charger?: string }; body: undefined; output: Transfer[] };
  'GET /api/transfers/:id/content': { params: { id: string }; query: {}; body: undefined; output: Uint8Array };
  /**
   * The entries of a received diagnostics file, told apart by content: a zip's, tar's or tar.gz's members, or
   * the file itself (text, .gz) as entry 0. 404 when the transfer holds no file; 415 binary or unknown format.
   */
  'GET /api/transfers/:id/entries': { params: { id: string }; query: {}; body: undefined; output: ReceivedListing };
  /** One entry as text from its start, at most maxBytes (default 2 MiB, max 16 MiB); 415 when it is not text. */
  'GET /api/transfers/:id/entries/:index/text': {
    params: { id: string; index: string }; query: { maxBytes?: number }; body: undefined; output: EntryText;
  };
  /** Proxy mode: from its next connection the charger is relayed to `<url>/<identity>` (a charger never seen is fine). */
  'PUT /api/chargers/:id/upstream': { params: { id: string }; query: {}; body: UpstreamConfig; output: ProxyView };
  'DELETE /api/chargers/:id/upstream': { params: { id: string }; query: {}; body: undefined; output: ProxyView };
  /* ---- Charger tests and the commissioning report (main/commissioning) ---- */
  'GET /api/test-cases': { params: {}; query: {}; body: undefined; output: TestCase[] };
  /** 201. `cases` are ids, or "all" (every case but those run only when asked) and "all-automatic" (no person needed). */
  'POST /api/chargers/:id/test-runs': { params: { id: string }; query: {}; body: { cases: string[]; params?: TestRunParams }; output: { runId: string } };
  /** The runs of that charger in a session (default live), oldest first. */
  'GET /api/chargers/:id/test-runs': { params: { id: string }; query: SessionQuery; body: undefined; output: TestRun[] };
  'GET /api/test-runs/:runId': { params: { runId: string }; query: {}; body: undefined; output: TestRun };
  /** Cancels a running run: the case in progress ends inconclusive after putting back what it changed. */
  'DELETE /api/test-runs/:runId': { params: { runId: string }; query: {}; body: undefined; output: TestRun };
  /** Answers the manual step the run waits for: done (the person acted) or skip. 409 when none waits. */
  'POST /api/test-runs/:runId/prompt': { params: { runId: string }; query: {}; body: { answer: TestPromptAnswer }; output: TestRun };
  /** The commissioning report: one self-contained HTML page, or a PDF (no browser). */
  'GET /api/chargers/:id/report': { params: { id: string }; query: SessionQuery & { format?: 'html' | 'pdf' }; body: undefined; output: Uint8Array };
  'GET /api/chargers/:id/report-notes': { params: { id: string }; query: SessionQuery; body: undefined; output: ReportNotes };
  /** Engineer, site and notes of the report's cover; allowed on a recording too (they are the report's, not the session's record). */
  'PUT /api/chargers/:id/report-notes': { params: { id: string }; query: SessionQuery; body: ReportNotes; output: ReportNotes };
  /** The newest power, current, energy and SoC of every open transaction (the Overview's and the list's live readings). */
  'GET /api/readings': { params: {}; query: SessionQuery & { charger?: string }; body: undefined; output: ConnectorReading[] };
}

export type RouteKey = keyof Routes;
/** The routes main/commissioning serves. */
export type CommissioningRouteKey =
  | 'GET /api/test-cases' | 'POST /api/chargers/:id/test-runs' | 'GET /api/chargers/:id/test-runs' | 'GET /api/test-runs/:runId'
  | 'DELETE /api/test-runs/:runId' | 'POST /api/test-runs/:runId/prompt' | 'GET /api/chargers/:id/report'
  | 'GET /api/chargers/:id/report-notes' | 'PUT /api/chargers/:id/report-notes';
/** The routes main/logs serves (sessions export, import, re-open, jobs). */
export type SessionLogRouteKey =
  | 'PATCH /api/sessions/:id' | 'DELETE /api/sessions/:id' | 'GET /api/sessions/:id/export' | 'POST /api/sessions/import'
  | 'POST /api/sessions/open' | 'GET /api/sessions/:id/recording' | 'GET /api/sessions/:id/chargers'
  | 'GET /api/sessions/:id/commands' | 'GET /api/jobs' | 'DELETE /api/jobs/:id';
export type Input<K extends RouteKey> = Pick<Routes[K], 'params' | 'query' | 'body'>;
export type Output<K extends RouteKey> = Routes[K]['output'];

/** Every route, in the order the server matches them (the surface test snapshots this list). */
export const ROUTE_KEYS = [
  'GET /api/health',
  'GET /api/info',
  'GET /api/chargers',
  'GET /api/chargers/:id',
  'DELETE /api/chargers/:id',
  'PUT /api/chargers/:id/auth',
  'DELETE /api/chargers/:id/auth',
  'POST /api/chargers/:id/accept',
  'POST /api/chargers/:id/calls/:action',
  'GET /api/chargers/:id/commands',
  'GET /api/chargers/:id/local-list',
  'GET /api/chargers/:id/reservations',
  'GET /api/chargers/:id/charging-profiles',
  'GET /api/chargers/:id/configuration',
  'GET /api/chargers/:id/composite-schedule',
  'GET /api/chargers/:id/composite-timeline',
  'GET /api/frames',
  'GET /api/transactions',
  'GET /api/meter-values',
  'GET /api/findings',
  'GET /api/rules',
  'GET /api/connections',
  'GET /api/reservations',
  'GET /api/idtags',
  'PUT /api/idtags/:idTag',
  'DELETE /api/idtags/:idTag',
  'GET /api/settings',
  'PATCH /api/settings',
  'GET /api/sessions',
  'POST /api/sessions',
  'POST /api/sessions/import',
  'POST /api/sessions/open',
  'PATCH /api/sessions/:id',
  'DELETE /api/sessions/:id',
  'GET /api/sessions/:id/export',
  'GET /api/sessions/:id/recording',
  'GET /api/sessions/:id/chargers',
  'GET /api/sessions/:id/commands',
  'GET /api/jobs',
  'DELETE /api/jobs/:id',
  'GET /api/firmware',
  'POST /api/firmware',
  'DELETE /api/firmware/:id',
  'POST /api/chargers/:id/firmware-update',
  'POST /api/chargers/:id/diagnostics',
  'GET /api/transfers',
  'GET /api/transfers/:id/content',
  'GET /api/transfers/:id/entries',
  'GET /api/transfers/:id/entries/:index/text',
  'PUT /api/chargers/:id/upstream',
  'DELETE /api/chargers/:id/upstream',
  'GET /api/test-cases',
  'POST /api/chargers/:id/test-runs',
  'GET /api/chargers/:id/test-runs',
  'GET /api/test-runs/:runId',
  'DELETE /api/test-runs/:runId',
  'POST /api/test-runs/:runId/prompt',
  'GET /api/chargers/:id/report',
  'GET /api/chargers/:id/report-notes',
  'PUT /api/chargers/:id/report-notes',
  'GET /api/readings',
] as const satisfies readonly RouteKey[];

/** Stable error codes of the API (the HTTP adapter maps them to statuses). */
export const API_ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_LARGE: 413,
  UNSUPPORTED_MEDIA: 415,
  INTERNAL: 500,
  TIMEOUT: 504,
} as const;
export type ApiErrorCode = keyof typeof API_ERROR_STATUS;
