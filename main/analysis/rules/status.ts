/** Connector status: connector 0, faults, and every transition against the OCPP 1.6 state table (§4.9). */
import type { StatusNotificationRequest } from '../../../shared/ocpp/payloads.ts';
import type { CheckContext, RuleFamily } from '../types.ts';
import { checkTimestamp } from './charger.ts';

/** OCPP 1.6 §4.9: from → the statuses it may go to (Faulted may go back to any; errata 3.20 keeps Preparing → Finishing). */
export const ALLOWED_TRANSITIONS: Readonly<Record<string, readonly string[]>> = {
  Available: ['Preparing', 'Charging', 'SuspendedEV', 'SuspendedEVSE', 'Reserved', 'Unavailable', 'Faulted'],
  Preparing: ['Available', 'Charging', 'SuspendedEV', 'SuspendedEVSE', 'Finishing', 'Faulted'],
  Charging: ['Available', 'SuspendedEV', 'SuspendedEVSE', 'Finishing', 'Unavailable', 'Faulted'],
  SuspendedEV: ['Available', 'Charging', 'SuspendedEVSE', 'Finishing', 'Unavailable', 'Faulted'],
  SuspendedEVSE: ['Available', 'Charging', 'SuspendedEV', 'Finishing', 'Unavailable', 'Faulted'],
  Finishing: ['Available', 'Preparing', 'Unavailable', 'Faulted'],
  Reserved: ['Available', 'Preparing', 'Unavailable', 'Faulted'],
  Unavailable: ['Available', 'Preparing', 'Charging', 'SuspendedEV', 'SuspendedEVSE', 'Faulted'],
  Faulted: ['Available', 'Preparing', 'Charging', 'SuspendedEV', 'SuspendedEVSE', 'Finishing', 'Reserved', 'Unavailable'],
};

function check(c: CheckContext): void {
  const { f, cs } = c;
  if (!f.valid) return;
  const req = f.payload as unknown as StatusNotificationRequest;
  const { connectorId, status } = req;
  if (connectorId === 0 && !['Available', 'Unavailable', 'Faulted'].includes(status)) {
    c.report('connector0-status', `connectorId 0 reported ${status}; OCPP 1.6 §4.9 allows only Available, Unavailable or Faulted for the whole charger`);
  }
  if (status === 'Faulted' && req.errorCode === 'NoError') c.report('faulted-without-error', 'status Faulted with errorCode NoError');
  const connectors = cs.intKey('NumberOfConnectors');
  if (connectors !== null && connectorId > connectors) {
    c.report('status-connector-unknown', `StatusNotification for connector ${connectorId}, but NumberOfConnectors is ${connectors}`);
  }
  const before = cs.status.get(connectorId);
  if (connectorId > 0 && before !== undefined && before !== status && !(ALLOWED_TRANSITIONS[before] ?? []).includes(status)) {
    c.report('status-transition', `connector ${connectorId} went ${before} → ${status}, which the OCPP 1.6 state table (§4.9) does not allow`);
  }
  checkTimestamp(c, req.timestamp, 'StatusNotification.timestamp');
}

function follow(c: CheckContext): void {
  if (!c.f.valid) return;
  const req = c.f.payload as unknown as StatusNotificationRequest;
  c.cs.status.set(req.connectorId, req.status);
}

export const statusRules: RuleFamily = {
  name: 'status',
  rules: ['connector0-status', 'faulted-without-error', 'status-connector-unknown', 'status-transition'],
  checks: { 'in:CALL:StatusNotification': check },
  follow: { 'in:CALL:StatusNotification': follow },
};
