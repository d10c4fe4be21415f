/** Data shapes of the control API, shared by main/ and renderer/. Times are ISO 8601 UTC with milliseconds. */
import type { MessageTypeName } from '../ocpp/actions.ts';
import type { RuleId } from '../rules/catalogue.ts';
import type { TestRun } from './commissioning.ts';

export interface SchemaIssue {
  /** JSON pointer into the payload ('/' for the root). */
  path: string;
  /** The JSON-schema keyword that failed (required, type, enum, ...). */
  keyword: string;
  message: string;
}

export type RegistrationStatus = 'Accepted' | 'Pending' | 'Rejected';

export interface Connector {
  connectorId: number;
  status: string;
  errorCode: string;
  info: string | null;
  vendorErrorCode: string | null;
  /** The charger's timestamp of the last StatusNotification, when it gave one. */
  timestamp: string | null;
  updatedAt: string;
}

export interface Charger {
  id: string;
  connected: boolean;
  lastSeen: string | null;
  firstSeen: string;
  /** The last BootNotification payload, or null when the charger never booted. */
  boot: Record<string, unknown> | null;
  bootAt: string | null;
  /** The status of the last BootNotification reply, null when never answered. */
  registration: RegistrationStatus | null;
  connectors: Connector[];
  /** Local address:port at which the charger reached us (for file URLs). */
  localAddress: string | null;
  remoteAddress: string | null;
  subprotocol: string | null;
  hasPassword: boolean;
  /**
   * The security profile the charger accepted through ChargeScope (ChangeConfiguration SecurityProfile): 1 needs
   * Basic Auth, 2 and 3 also TLS (wss://); connections below it are refused. Null when never set.
   */
  securityProfile: number | null;
  findings: number;
  localListVersion: number;
  /** Proxy mode: how this charger is (or from its next connection will be) relayed to its back-end. */
  proxy?: ProxyView;
}

export type Direction = 'in' | 'out';

export interface Frame {
  seq: number;
  sessionId: number;
  chargerId: string;
  direction: Direction;
  messageType: MessageTypeName | null;
  messageId: string | null;
  action: string | null;
  payload: unknown;
  raw: string;
  at: string;
  latencyMs: number | null;
  valid: boolean;
  issues: SchemaIssue[];
  /** For results: the seq of the CALL they answer. */
  callSeq: number | null;
  /** For CALLERRORs: the code. */
  errorCode: string | null;
  /** Proxy mode: which side wrote a relayed frame, or `injected` for the engineer's calls and their answers. */
  relay?: RelayTag | null;
  /** The OCPP version of the link; absent means 1.6. */
  ocppVersion?: OcppVersion;
  /**
   * An imported frame whose log gave it no time: it keeps its place in the file's order, `at` only stands in for a
   * time (the time of the frame before it, or the import's time) and `latencyMs` is null. Absent when the time is known.
   */
  timeUnknown?: true;
}

export interface Transaction {
  id: number;
  sessionId: number;
  chargerId: string;
  connectorId: number;
  idTag: string;
  idTagStatus: string;
  meterStart: number;
  startedAt: string;
  meterStop: number | null;
  stoppedAt: string | null;
  reason: string | null;
  reservationId: number | null;
  stopIdTag: string | null;
  /** Energy in Wh from meterStart to meterStop (or to the last Energy.Active.Import.Register sample). */
  energyWh: number | null;
  /** Set when a new start on the same connector closed this never-stopped transaction: the new one's id. */
  supersededBy: number | null;
}

export type Severity = 'info' | 'warning' | 'error';

export interface Finding {
  id: number;
  sessionId: number;
  chargerId: string;
  seq: number | null;
  severity: Severity;
  rule: RuleId;
  message: string;
  at: string;
  /**
   * The finding's frame is an imported one whose log gave it no time: `at` only stands in (see `Frame.timeUnknown`) and
   * is not to be shown as a time. Absent when the frame's time is known, and on a finding without a frame.
   */
  timeUnknown?: true;
}

export interface ConnectionEvent {
  id: number;
  sessionId: number;
  chargerId: string | null;
  at: string;
  kind: 'connected' | 'refused' | 'closed' | 'replaced' | UpstreamEventKind;
  remoteAddress: string | null;
  path: string | null;
  subprotocols: string | null;
  reason: string;
  code: number | null;
}

export type IdTagStatus = 'Accepted' | 'Blocked' | 'Expired' | 'Invalid';

export interface IdTag {
  idTag: string;
  status: IdTagStatus;
  expiryDate: string | null;
  parentIdTag: string | null;
  updatedAt: string;
}

export interface Settings {
  unknownChargers: 'accept' | 'pending' | 'reject';
  unknownIdTags: 'accept' | 'reject';
  heartbeatInterval: number;
  callTimeoutMs: number;
  strict: boolean;
  requireAuth: boolean;
  /** vendorId → the status a DataTransfer from that vendor is answered with. Others get UnknownVendorId. */
  dataTransferVendors: Record<string, 'Accepted' | 'Rejected' | 'UnknownMessageId'>;
  /**
   * Seconds between WebSocket pings (default 30), on chargers' links and on proxy mode's back-end links. A charger
   * link silent for a whole interval after a ping is dropped; a back-end link is then `upstream-silent` and its
   * fallback applies.
   */
  pingIntervalSec: number;
  /** Largest frame accepted, in bytes; over it the link closes with 1009. */
  maxFrameBytes: number;
  nominalVoltage: number;
  /**
   * `allow` (default): one card may run transactions on several connectors. `refuse`: StartTransaction is answered
   * ConcurrentTx when the idTag has a live open transaction on another connector (its charger connected, not rebooted since).
   */
  concurrentTransactions: 'allow' | 'refuse';
  /** Automatic CALLs are off by default (the OCA's test tool fails unsolicited CALLs). */
  autoGetConfiguration: boolean;
  /** Largest firmware image accepted, in bytes. */
  maxFirmwareBytes: number;
  /** Largest diagnostics upload accepted, in bytes. */
  maxUploadBytes: number;
  /** Proxy mode: the site's default back-end (the charger's identity is appended); a charger's own upstream wins. */
  upstream: UpstreamConfig | null;
  /** Proxy mode: one extra CA certificate file (PEM) trusted for wss:// back-ends, besides the system's. */
  upstreamCaFile: string | null;
}

export interface Session {
  id: number;
  name: string;
  site: string | null;
  notes: string | null;
  startedAt: string;
  endedAt: string | null;
  live: boolean;
  readOnly: boolean;
  source: string | null;
}

export interface CallErrorBody {
  errorCode: string;
  errorDescription: string;
  errorDetails: Record<string, unknown>;
}

export type CallOutcome = { callResult: Record<string, unknown> } | { callError: CallErrorBody };

export interface Command {
  id: number;
  sessionId: number;
  chargerId: string;
  action: string;
  request: Record<string, unknown>;
  state: 'queued' | 'sent' | 'answered' | 'error' | 'timeout' | 'failed';
  response: Record<string, unknown> | null;
  error: CallErrorBody | null;
  messageId: string | null;
  createdAt: string;
  answeredAt: string | null;
  latencyMs: number | null;
}

export interface LocalListEntry {
  idTag: string;
  idTagInfo: { status: string; expiryDate?: string; parentIdTag?: string } | null;
}

export interface LocalList {
  chargerId: string;
  version: number;
  entries: LocalListEntry[];
  updatedAt: string | null;
}

export interface Reservation {
  chargerId: string;
  reservationId: number;
  connectorId: number;
  idTag: string;
  parentIdTag: string | null;
  expiryDate: string;
  state: 'active' | 'cancelled' | 'used' | 'expired';
  transactionId: number | null;
  createdAt: string;
}

export interface InstalledProfile {
  chargerId: string;
  connectorId: number;
  chargingProfileId: number;
  stackLevel: number;
  purpose: 'ChargePointMaxProfile' | 'TxDefaultProfile' | 'TxProfile';
  transactionId: number | null;
  profile: Record<string, unknown>;
  installedAt: string;
}

export interface ConfigurationKey {
  key: string;
  value: string | null;
  readonly: boolean | null;
  /** True when the charger reported the key in unknownKey, or answered NotSupported to it. */
  unknown: boolean;
  updatedAt: string;
  lastChange: string | null;
}

export interface Firmware {
  id: string;
  name: string;
  size: number;
  sha256: string;
  addedAt: string;
  /** In GET /api/firmware: why the image may not be one (it reads as text, or is tiny); null when it looks fine. */
  warning?: string | null;
}

export type TransferState = 'waiting' | 'transferring' | 'done' | 'failed' | 'expired';

export interface Transfer {
  id: string;
  kind: 'firmware' | 'diagnostics';
  chargerId: string;
  protocol: 'http' | 'ftp';
  location: string;
  bytes: number;
  totalBytes: number | null;
  state: TransferState;
  fileName: string | null;
  firmwareId: string | null;
  statuses: { status: string; at: string }[];
  createdAt: string;
  expiresAt: string;
  error: string | null;
}

export interface MeterSample {
  seq: number;
  chargerId: string;
  connectorId: number;
  transactionId: number | null;
  timestamp: string;
  value: string;
  measurand: string;
  unit: string | null;
  phase: string | null;
  context: string | null;
  location: string | null;
  format: string | null;
}

export interface CompositeSchedule {
  connectorId: number;
  scheduleStart: string;
  chargingSchedule: {
    duration?: number;
    chargingRateUnit: 'A' | 'W';
    chargingSchedulePeriod: { startPeriod: number; limit: number; numberPhases?: number }[];
    minChargingRate?: number;
  };
}

/** Live events on /api/events. The server sends arrays of these, batched. */
export type LiveEvent =
  | { type: 'frame'; frame: Frame }
  | { type: 'charger'; charger: Charger }
  | { type: 'finding'; finding: Finding }
  | { type: 'connection'; event: ConnectionEvent }
  | { type: 'transaction'; transaction: Transaction }
  | { type: 'command'; command: Command }
  | { type: 'transfer'; transfer: Transfer }
  | { type: 'session'; session: Session }
  | { type: 'settings'; settings: SettingsView }
  | { type: 'progress'; progress: JobProgress }
  /* charger tests (shared/api/commissioning.ts) */
  | { type: 'testRun'; run: TestRun };

export interface ApiErrorBody {
  error: string;
  code: string;
  [key: string]: unknown;
}

/* ---- Sessions and logs: export, re-open, import (main/logs) ---- */

/** `chargescope`: the whole session, re-opens with nothing lost; `trace-jsonl`: OCPP Trace Format v1.1; CSVs for spreadsheets. */
export type ExportFormat = 'chargescope' | 'trace-jsonl' | 'transactions-csv' | 'meter-values-csv';
/** What an imported file was recognised as (by its content, never by its name). */
export type ImportFormat = 'chargescope' | 'trace-jsonl' | 'jsonl' | 'text-log';

/** A line of an imported file that held no readable frame (also stored as a finding of the imported session). */
export interface SkippedLine {
  line: number;
  reason: string;
  /** The line, shortened to 200 characters. */
  text: string;
}

export interface ImportResult {
  sessionId: number;
  session: Session;
  format: ImportFormat;
  fileName: string;
  frames: number;
  /** How many lines held no readable frame (blank lines are not counted). */
  skippedLines: number;
  /** The first 1,000 of them, with their line numbers. */
  skipped: SkippedLine[];
  /** True when this very file (same SHA-256) was already open: that session is returned, nothing is added. */
  alreadyOpen: boolean;
  /** How a log was read (null for a ChargeScope export). */
  reading: ImportReading | null;
}

/** Where a read-only session came from: for the banner "recording of ..., from ...". */
export interface Recording {
  sessionId: number;
  format: ImportFormat;
  fileName: string;
  sha256: string | null;
  importedAt: string;
  frames: number;
  skippedLines: number;
  /** From a chargescope file: when and by which ChargeScope it was exported. */
  exportedAt: string | null;
  appVersion: string | null;
  formatVersion: number | null;
  anonymized: boolean;
  /** How a log was read (null for a ChargeScope export, and for logs imported before readers were recorded). */
  reading: ImportReading | null;
}

/** A charger as seen in one session: for a recording, its state when the session was exported (or as the trace shows it). */
export interface SessionCharger extends Charger {
  configuration: ConfigurationKey[];
  localList: LocalList | null;
  reservations: Reservation[];
  chargingProfiles: InstalledProfile[];
}

/** A long export or import; `progress` events carry it as it runs and once when it ends. */
export interface JobProgress {
  id: string;
  kind: 'export' | 'import';
  format: ExportFormat | ImportFormat | null;
  sessionId: number | null;
  fileName: string | null;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  /** `reading` (upload or file), `copying` (rows), `writing` (lines out), `sending` (bytes to the client), `cleaning` (after a cancel). */
  phase: string;
  done: number;
  total: number | null;
  unit: 'frames' | 'rows' | 'lines' | 'bytes';
  frames: number;
  skippedLines: number;
  startedAt: string;
  error: string | null;
}

/* ---- Import formats: how a foreign log was read (main/logs/formats) ---- */

/** The format family that read a log (one module each in main/logs/formats). */
export type ImportReader = 'trace-jsonl' | 'json-frames' | 'json-object-log' | 'text-log';

/** A zone offset the frames' own UTC timestamps suggest for line times written without a zone; never applied unasked. */
export interface TimeZoneOffer {
  /** The `tz` parameter to import with, e.g. `+02:00`. */
  tz: string;
  /** Frames whose payload timestamp was compared, and how many of them agree on this offset. */
  samples: number;
  agreeing: number;
  message: string;
}

export interface ImportReading {
  reader: ImportReader;
  /** The family as people call it, e.g. "text log (a line prefix, then an OCPP-J array)". */
  title: string;
  /** The zone assumed for times written without one: `UTC`, or the `tz` asked for. */
  timeZone: string;
  /** Frames whose line carried no time: kept in order, their times unknown, no latency claimed for them. */
  framesWithoutTime: number;
  /** The date of lines that carry a time only: asked for (`date`), from the first dated payload, or the import's day. */
  date: { value: string; from: 'parameter' | 'payload' | 'import-day' } | null;
  tzOffer: TimeZoneOffer | null;
  /** The charger named by the file's name, for frames whose lines name none (and no `charger` was given). */
  chargerFromFileName: string | null;
  /** Lines skipped because they repeat the frame just logged (another logger quoting it). */
  echoes: number;
}

/* ---- Received diagnostics opened in place (main/files/archive) ---- */

/** What a received file was recognised as, by its bytes (never by its name). */
export type ReceivedFormat = 'zip' | 'tar' | 'tar.gz' | 'gzip' | 'text';

/** One entry of a received file. A plain text file or a .gz is one entry (index 0). */
export interface ReceivedEntry {
  /** Position in the listing: the handle for GET /api/transfers/:id/entries/:index/text. */
  index: number;
  /** As stored in the archive; never used as a path on disk. */
  name: string;
  kind: 'file' | 'directory' | 'other';
  /** Uncompressed bytes; null when the format does not say (a .gz). */
  size: number | null;
  modifiedAt: string | null;
  /** Why the name would be unsafe to extract (absolute, `..`, backslashes), or null. */
  unsafeName: string | null;
}

export interface ReceivedListing {
  transferId: string;
  fileName: string;
  format: ReceivedFormat;
  /** Bytes of the received file itself. */
  size: number;
  entries: ReceivedEntry[];
  /** True when the listing stopped at the entry or scan limit; `note` says which. */
  truncated: boolean;
  note: string | null;
}

/** One entry read as text, from its start, up to a limit. */
export interface EntryText {
  index: number;
  name: string;
  /** `utf-8`, `utf-16le`/`utf-16be` (with a BOM) or `latin1` when the bytes are not UTF-8. */
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'latin1';
  text: string;
  /** Bytes decoded into `text`. */
  bytes: number;
  /** True when the entry holds more than the limit; `text` is its beginning. */
  truncated: boolean;
}

/* ---- Proxy mode (main/proxy) ---- */

export type OcppVersion = '1.6' | '2.0.1';
/** `charger`/`backend`: relayed from that side to the other; `injected`: the engineer's call and its answer, never relayed. */
export type RelayTag = 'charger' | 'backend' | 'injected';
/** When the back-end fails: `answer` as the local CSMS, or `close` the charger's link so that it retries. */
export type UpstreamFallback = 'answer' | 'close';

export interface UpstreamConfig {
  /** ws:// or wss:// URL of the back-end; ChargeScope connects to `<url>/<identity>`. */
  url: string;
  /**
   * Basic Auth password towards the back-end; without one the charger's own Authorization header is passed on.
   * In a PUT or PATCH: absent keeps the password already set, null clears it. No GET ever returns it.
   */
  password?: string | null;
  fallback?: UpstreamFallback;
}

/**
 * Settings as `GET /api/settings`, PATCH's answer, the `settings` event and a session export show them: the site
 * default back-end without its password (it must be stored to be sent, so it is never shown), only whether one is set.
 */
export type SettingsView = Omit<Settings, 'upstream'> & { upstream: Omit<UpstreamConfig, 'password'> | null; upstreamPasswordSet: boolean };

/** Back-end link events, recorded in the connection list (code: the HTTP status of a refusal, the close code). */
export type UpstreamEventKind = 'upstream-connected' | 'upstream-refused' | 'upstream-unreachable' | 'upstream-closed' | 'upstream-silent';

export interface ProxyView {
  /** `local`: ChargeScope is the CSMS; `proxied`: relayed to `upstream`; `fallback`: the back-end failed, ChargeScope answers. */
  mode: 'local' | 'proxied' | 'fallback';
  /** The configured upstream (for the charger's next connection), host only; null when none. */
  configured: { host: string; url: string; fallback: UpstreamFallback; source: 'charger' | 'site'; hasPassword: boolean } | null;
  /** The live back-end link of the current connection. */
  link: { url: string; host: string; state: 'open' | 'failed' | 'closed'; protocol: string | null; since: string; reason: string | null } | null;
}
