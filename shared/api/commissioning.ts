/** Charger tests and the commissioning report (issue #15): the data shapes of the control API. */

export type FeatureProfile = 'Core' | 'FirmwareManagement' | 'LocalAuthListManagement' | 'Reservation' | 'SmartCharging' | 'RemoteTrigger';

export interface TestCase {
  id: string;
  title: string;
  profile: FeatureProfile;
  /** True when a person must act: plug a vehicle, tap a card. */
  manual: boolean;
  /** Settings or configuration the case relies on (keys, run parameters). */
  needs: string[];
  /** What the case checks, citing the specification section. */
  description: string;
  /** The specification section(s) it rests on. */
  spec: string;
  /** The OCTT 1.6 Charge Point case it follows, when one exists (TC_xxx_CS). */
  tc: string | null;
  /** Runs only when picked by name ("all" leaves it out): it reboots the charger into new firmware. */
  onlyWhenAsked: boolean;
}

export type Verdict = 'pending' | 'running' | 'pass' | 'fail' | 'inconclusive' | 'skipped';

export interface TestStep {
  at: string;
  text: string;
}

export interface TestCaseFinding {
  seq: number | null;
  rule: string;
  severity: string;
  message: string;
}

export interface TestCaseResult {
  id: string;
  verdict: Verdict;
  reason: string;
  /** The frames (seq) that prove the verdict. */
  evidence: number[];
  steps: TestStep[];
  /** What the case changed and put back, or could not. */
  restored: string[];
  findings: TestCaseFinding[];
  startedAt: string | null;
  endedAt: string | null;
}

/** A manual step waiting for the engineer. */
export interface TestPrompt {
  caseId: string;
  text: string;
  /** When the case stops waiting (ISO UTC). */
  deadline: string;
}

export interface TestRun {
  id: string;
  chargerId: string;
  sessionId: number;
  state: 'running' | 'done' | 'cancelled';
  startedAt: string;
  endedAt: string | null;
  params: TestRunParams;
  cases: TestCaseResult[];
  prompt: TestPrompt | null;
  /** Set when the run could not read what it needs before the cases (e.g. GetConfiguration failed). */
  note: string | null;
}

export interface TestRunParams {
  /** The card used for RemoteStartTransaction, the local list and reservations (default CHARGESCOPE01). */
  idTag?: string;
  /** The connector the cases use (default 1). */
  connectorId?: number;
  /** How long a charger gets to react where OCPP names no timing, in seconds (default 30). */
  reactionSec?: number;
  /** How long a manual step waits for the person, in seconds (default 180). */
  manualSec?: number;
  /** How long a reset or a firmware update may take before the new BootNotification, in seconds (default 300). */
  rebootSec?: number;
  /** HeartbeatInterval set while heartbeat.interval measures, in seconds (default 10). */
  heartbeatSec?: number;
  /** How far ahead reservation.expiry's reservation expires, in seconds (default 15). */
  reservationSec?: number;
  /** The charging limit smart.limit-obeyed sets, in A (default 6). */
  limitA?: number;
  /** The firmware image firmware.update installs (GET /api/firmware); the case is skipped without it. */
  firmwareId?: string;
  /** Transfer protocol of firmware.update and diagnostics.upload (default http). */
  protocol?: 'http' | 'ftp';
}

export interface ReportNotes {
  engineer: string;
  site: string;
  notes: string;
}

export type TestPromptAnswer = 'done' | 'skip';
