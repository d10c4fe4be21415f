import { fail } from '../verdicts.ts';
import type { CaseContext, CaseDef } from '../types.ts';
import { expectStatus, statusOf } from './helpers.ts';

async function listVersion(ctx: CaseContext): Promise<number> {
  const r = await ctx.call('GetLocalListVersion', {});
  if (r.errorCode !== null) throw fail(`GetLocalListVersion was answered with CALLERROR ${r.errorCode}`);
  const v = r.result?.['listVersion'];
  if (typeof v !== 'number') throw fail('GetLocalListVersion.conf has no listVersion');
  if (v === -1) throw fail('the charger lists LocalAuthListManagement but answers listVersion -1 (not supported, §5.10)');
  return v;
}

/** Puts back the list the charger had: the entries ChargeScope knows for that version, or says it cannot. */
function restoreList(ctx: CaseContext, before: number): void {
  const known = ctx.csmsState.localList();
  ctx.onRestore(`local list version ${before}`, async () => {
    if (before !== 0 && known.version !== before) throw new Error(`ChargeScope never saw the charger's list of version ${before}, so it cannot send it back`);
    const entries = before === 0 ? [] : known.entries.map((e) => (e.idTagInfo ? { idTag: e.idTag, idTagInfo: e.idTagInfo } : { idTag: e.idTag }));
    const r = await ctx.call('SendLocalList', { listVersion: before, updateType: 'Full', localAuthorizationList: entries });
    if (statusOf(r, 'SendLocalList') !== 'Accepted') throw new Error('SendLocalList was not Accepted');
  });
}

export const localAuthCases: CaseDef[] = [
  {
    id: 'localauth.full-and-version', title: 'A full local list is installed and its version reported', profile: 'LocalAuthListManagement', manual: false,
    needs: ['idTag', 'LocalAuthListEnabled'], tc: 'TC_043_4_CS', spec: 'OCPP 1.6 §5.15, §5.10, §3.5',
    description: 'SendLocalList Full (§5.15) with two entries and a new version is Accepted, and GetLocalListVersion (§5.10, TC_042) then reports that version. The previous list is sent back.',
    async run(ctx) {
      const before = await listVersion(ctx);
      const version = before + 1;
      restoreList(ctx, before);
      const list = [
        { idTag: ctx.params.idTag, idTagInfo: { status: 'Accepted' } },
        { idTag: 'CSTEST-BLOCKED', idTagInfo: { status: 'Blocked' } },
      ];
      expectStatus(await ctx.call('SendLocalList', { listVersion: version, updateType: 'Full', localAuthorizationList: list }), 'SendLocalList', ['Accepted']);
      const after = await listVersion(ctx);
      if (after !== version) throw fail(`SendLocalList version ${version} was Accepted but GetLocalListVersion reports ${after}`);
      return `list version ${before} → ${version}, reported back`;
    },
  },
  {
    id: 'localauth.differential', title: 'A differential update moves the list version', profile: 'LocalAuthListManagement', manual: false,
    needs: ['idTag'], tc: 'TC_043_5_CS', spec: 'OCPP 1.6 §5.15, §5.10',
    description: 'After a Full list, SendLocalList Differential (§5.15) adding one idTag with a higher version is Accepted and GetLocalListVersion (§5.10) reports the new version. The previous list is sent back.',
    async run(ctx) {
      const before = await listVersion(ctx);
      restoreList(ctx, before);
      expectStatus(await ctx.call('SendLocalList', { listVersion: before + 1, updateType: 'Full', localAuthorizationList: [{ idTag: ctx.params.idTag, idTagInfo: { status: 'Accepted' } }] }), 'SendLocalList', ['Accepted']);
      expectStatus(await ctx.call('SendLocalList', { listVersion: before + 2, updateType: 'Differential', localAuthorizationList: [{ idTag: 'CSTEST-DIFF', idTagInfo: { status: 'Accepted' } }] }), 'SendLocalList', ['Accepted']);
      const after = await listVersion(ctx);
      if (after !== before + 2) throw fail(`the Differential update to version ${before + 2} was Accepted but GetLocalListVersion reports ${after}`);
      return `versions ${before} → ${before + 1} (Full) → ${before + 2} (Differential)`;
    },
  },
];
