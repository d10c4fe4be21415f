/** Local Auth List Management: versions and entries (OCPP 1.6 §3.5, §5.10, §5.15, §7.2; errata 3.52). */
import type { SendLocalListRequest } from '../../../shared/ocpp/payloads.ts';
import type { CheckContext, RuleFamily } from '../types.ts';

function sendLocalList(c: CheckContext): void {
  const { f, pair, cs } = c;
  if (pair === null || !f.valid || !pair.valid) return;
  const req = pair.payload as unknown as SendLocalListRequest;
  const status = String(f.payload!['status']);
  const accepted = status === 'Accepted';
  const known = cs.localListVersion ?? 0;
  const outcome = accepted ? 'and the charger accepted it' : `(the charger answered ${status})`;
  if (req.listVersion === 0 || req.listVersion === -1) {
    c.report('local-list-version-reserved', `SendLocalList used listVersion ${req.listVersion}, which means "${req.listVersion === 0 ? 'no list' : 'not supported'}" and SHALL NOT be sent (errata 3.52) ${outcome}`);
  } else if (req.updateType === 'Differential' && req.listVersion <= known) {
    c.report('local-list-version-not-increased', `Differential SendLocalList with listVersion ${req.listVersion}, not above the known version ${known} (OCPP 1.6 §3.5.3: each update raises the version) ${outcome}`);
  }
  if (req.updateType === 'Full') {
    const bare = (req.localAuthorizationList ?? []).filter((e) => e.idTagInfo === undefined).map((e) => e.idTag);
    if (bare.length > 0) c.report('local-list-full-without-info', `Full SendLocalList entries without idTagInfo (required for Full, OCPP 1.6 §7.2): ${bare.join(', ')}; they are not in the list`);
  }
  if (accepted) cs.localListVersion = req.listVersion;
}

function getLocalListVersion(c: CheckContext): void {
  const { f, pair, cs } = c;
  if (pair === null || !f.valid) return;
  const listVersion = f.payload!['listVersion'] as number;
  const sent = cs.localListVersion;
  if (sent !== null && sent !== listVersion) {
    c.report('local-list-version-mismatch', `the charger reports local list version ${listVersion}, but the last list it accepted had version ${sent}${listVersion === -1 ? ' (-1: it says it does not support a local list)' : listVersion === 0 ? ' (0: it says it has no list)' : ''}`);
  }
  cs.localListVersion = listVersion;
}

export const localListRules: RuleFamily = {
  name: 'local-list',
  rules: ['local-list-version-reserved', 'local-list-version-not-increased', 'local-list-full-without-info', 'local-list-version-mismatch'],
  checks: {},
  follow: {
    'in:CALLRESULT:SendLocalList': sendLocalList,
    'in:CALLRESULT:GetLocalListVersion': getLocalListVersion,
  },
};
