import { fail, inconclusive } from '../verdicts.ts';
import { frameOf, payloadOf, type CaseDef, type CaseContext } from '../types.ts';
import { connectorOf, expectStatus, reactionMs, requireNoTransaction, statusOf, waitStatus } from './helpers.ts';

const CHARGING = ['Charging', 'SuspendedEV', 'SuspendedEVSE'];

/** Resets and waits for the reboot: the link drops, the charger reconnects and sends BootNotification. */
async function resetCase(ctx: CaseContext, type: 'Soft' | 'Hard'): Promise<string> {
  for (let c = 1; c <= ctx.facts.numberOfConnectors; c++) requireNoTransaction(ctx, c);
  const from = ctx.mark();
  expectStatus(await ctx.call('Reset', { type }), 'Reset', ['Accepted']);
  const limit = ctx.params.rebootSec * 1000;
  ctx.step(`wait for the charger to reboot (up to ${ctx.params.rebootSec} s)`);
  const closed = await ctx.waitEvent(from, limit, (s) => s.event.type === 'connection' && (s.event.event.kind === 'closed' || s.event.event.kind === 'replaced'));
  const boot = await ctx.waitCall('BootNotification', from, closed ? limit : 1);
  if (!boot) throw fail(`Reset ${type} was Accepted but the charger did not reboot (no new BootNotification within ${ctx.params.rebootSec} s)`);
  const reason = String(payloadOf(boot)['reason'] ?? '');
  const statuses = await ctx.waitCall('StatusNotification', from, reactionMs(ctx), (_p, f) => f.seq > boot.seq);
  return `${closed ? 'the link dropped, ' : ''}BootNotification #${boot.seq}${reason ? ` (${reason})` : ''} after Reset ${type}${statuses ? ', statuses reported' : ''}`;
}

export const remoteCases: CaseDef[] = [
  {
    id: 'remote.start-stop', title: 'Remote start and stop of a transaction (vehicle)', profile: 'Core', manual: true, needs: ['idTag', 'ConnectionTimeOut'],
    tc: 'TC_010_CS', spec: 'OCPP 1.6 §5.11, §5.12, §4.8, §4.10',
    description: 'With a vehicle plugged in (StatusNotification Preparing), RemoteStartTransaction (§5.11) is Accepted and StartTransaction (§4.8) follows within ConnectionTimeOut, the connector Charging; RemoteStopTransaction (§5.12) is Accepted and StopTransaction (§4.10) follows with reason Remote.',
    async run(ctx) {
      const c = connectorOf(ctx);
      requireNoTransaction(ctx, c);
      if (ctx.csmsState.connectorStatus(c) !== 'Preparing') {
        await ctx.prompt(`Plug a vehicle into connector ${c}`, (s) => {
          const f = frameOf(s);
          return f !== null && f.action === 'StatusNotification' && f.messageType === 'CALL' && payloadOf(f)['connectorId'] === c && payloadOf(f)['status'] === 'Preparing';
        });
      }
      const from = ctx.mark();
      expectStatus(await ctx.call('RemoteStartTransaction', { connectorId: c, idTag: ctx.params.idTag }), 'RemoteStartTransaction', ['Accepted']);
      const timeout = (ctx.configInt('ConnectionTimeOut') ?? ctx.params.reactionSec) * 1000 + reactionMs(ctx);
      const start = await ctx.waitCall('StartTransaction', from, timeout, (p) => p['connectorId'] === c);
      if (!start) throw fail(`RemoteStartTransaction was Accepted but no StartTransaction came for connector ${c} within ConnectionTimeOut`);
      const tx = ctx.csmsState.openTransaction(c);
      if (!tx) throw inconclusive('the transaction did not open in ChargeScope');
      ctx.onRestore(`transaction ${tx.id} stopped`, async () => {
        if (!ctx.csmsState.openTransaction(c)) return;
        const r = await ctx.call('RemoteStopTransaction', { transactionId: tx.id });
        if (statusOf(r, 'RemoteStopTransaction') !== 'Accepted') throw new Error('RemoteStopTransaction was not Accepted');
      });
      const charging = await waitStatus(ctx, c, CHARGING, from);
      if (!charging) throw fail(`transaction ${tx.id} started but connector ${c} never reported Charging`);
      const stopFrom = ctx.mark();
      expectStatus(await ctx.call('RemoteStopTransaction', { transactionId: tx.id }), 'RemoteStopTransaction', ['Accepted']);
      const stop = await ctx.waitCall('StopTransaction', stopFrom, reactionMs(ctx), (p) => p['transactionId'] === tx.id);
      if (!stop) throw fail(`RemoteStopTransaction was Accepted but no StopTransaction for ${tx.id} came within ${ctx.params.reactionSec} s`);
      const reason = payloadOf(stop)['reason'];
      if (reason !== undefined && reason !== 'Remote') throw fail(`StopTransaction #${stop.seq} gives reason ${String(reason)}; a remote stop is reason Remote (§7.42)`);
      return `transaction ${tx.id} started (#${start.seq}) and stopped remotely (#${stop.seq})`;
    },
  },
  {
    id: 'remote.stop-unknown-transaction', title: 'RemoteStopTransaction of an unknown transaction is Rejected', profile: 'Core', manual: false, needs: [],
    tc: 'TC_028_CS', spec: 'OCPP 1.6 §5.12',
    description: 'RemoteStopTransaction with a transactionId the charger never had must be Rejected (§5.12).',
    async run(ctx) {
      const known = ctx.csmsState.knownTransactionIds();
      let id = 987_654_321;
      while (known.has(id)) id++;
      expectStatus(await ctx.call('RemoteStopTransaction', { transactionId: id }), 'RemoteStopTransaction', ['Rejected'], `transaction ${id} does not exist`);
    },
  },
  {
    id: 'unlock.connector', title: 'UnlockConnector without a transaction', profile: 'Core', manual: false, needs: [],
    tc: 'TC_017_1_CS', spec: 'OCPP 1.6 §5.18',
    description: 'UnlockConnector (§5.18) on an idle connector is answered Unlocked, or NotSupported for a fixed cable; UnlockFailed fails.',
    async run(ctx) {
      const c = connectorOf(ctx);
      requireNoTransaction(ctx, c);
      const s = expectStatus(await ctx.call('UnlockConnector', { connectorId: c }), 'UnlockConnector', ['Unlocked', 'NotSupported']);
      return s === 'NotSupported' ? 'NotSupported (a fixed cable)' : `connector ${c} Unlocked`;
    },
  },
  {
    id: 'unlock.unknown-connector', title: 'UnlockConnector of a connector that does not exist', profile: 'Core', manual: false, needs: ['NumberOfConnectors'],
    tc: 'TC_031_CS', spec: 'OCPP 1.6 §5.18',
    description: 'UnlockConnector for connector NumberOfConnectors + 1 must not answer Unlocked (§5.18): NotSupported, UnlockFailed or a CALLERROR.',
    async run(ctx) {
      const r = await ctx.call('UnlockConnector', { connectorId: ctx.facts.numberOfConnectors + 1 });
      if (r.errorCode !== null) return `CALLERROR ${r.errorCode}`;
      const s = statusOf(r, 'UnlockConnector');
      if (s === 'Unlocked') throw fail(`connector ${ctx.facts.numberOfConnectors + 1} does not exist, yet the charger answered Unlocked`);
      return s;
    },
  },
  {
    id: 'reset.soft', title: 'Soft reset reboots the charger', profile: 'Core', manual: false, needs: [],
    tc: 'TC_014_CS', spec: 'OCPP 1.6 §5.14, §4.2',
    description: 'Reset Soft (§5.14) is Accepted; the charger closes its link, reconnects and sends BootNotification (§4.2) within the reboot time.',
    run: (ctx) => resetCase(ctx, 'Soft'),
  },
  {
    id: 'reset.hard', title: 'Hard reset reboots the charger', profile: 'Core', manual: false, needs: [],
    tc: 'TC_013_CS', spec: 'OCPP 1.6 §5.14, §4.2',
    description: 'Reset Hard (§5.14) is Accepted; the charger reboots and sends BootNotification (§4.2) within the reboot time.',
    run: (ctx) => resetCase(ctx, 'Hard'),
  },
];
