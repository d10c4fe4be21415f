import { fail, skipped } from '../verdicts.ts';
import type { CaseDef, CaseContext } from '../types.ts';
import { connectorOf, reactionMs, statusOf } from './helpers.ts';

type Triggered = 'BootNotification' | 'Heartbeat' | 'StatusNotification' | 'MeterValues' | 'DiagnosticsStatusNotification' | 'FirmwareStatusNotification';

function triggerCase(message: Triggered, spec: string, optional: boolean, withConnector: boolean): CaseDef {
  return {
    id: `trigger.${message}`, title: `TriggerMessage ${message}`, profile: 'RemoteTrigger', manual: false, needs: [],
    tc: 'TC_054_CS', spec: `OCPP 1.6 §5.17, ${spec}`,
    description: `TriggerMessage ${message}${withConnector ? ' for the connector' : ''} (§5.17) is Accepted and the charger then sends ${message} (${spec})${withConnector ? ' for that connector' : ''}${optional ? '; NotImplemented is allowed ("if implemented" in TC_054_CS) and makes the case skipped' : ''}.`,
    async run(ctx: CaseContext) {
      const c = withConnector ? connectorOf(ctx) : null;
      const from = ctx.mark();
      const r = await ctx.call('TriggerMessage', { requestedMessage: message, ...(c !== null ? { connectorId: c } : {}) });
      const s = statusOf(r, 'TriggerMessage');
      if (s === 'NotImplemented' && optional) throw skipped(`the charger does not implement triggering ${message} (allowed)`);
      if (s !== 'Accepted') throw fail(`TriggerMessage ${message} was answered ${s}; expected Accepted`);
      const f = await ctx.waitCall(message, from, reactionMs(ctx), (p) => c === null || message === 'BootNotification' || p['connectorId'] === c);
      if (!f) throw fail(`TriggerMessage ${message} was Accepted but no ${message}${c !== null ? ` for connector ${c}` : ''} came within ${ctx.params.reactionSec} s`);
      if (message === 'DiagnosticsStatusNotification' || message === 'FirmwareStatusNotification') {
        const st = String((f.payload as Record<string, unknown>)['status']);
        return `${message} ${st} (#${f.seq})`;
      }
      return `${message} came (#${f.seq})`;
    },
  };
}

export const triggerCases: CaseDef[] = [
  triggerCase('BootNotification', '§4.2', false, false),
  triggerCase('Heartbeat', '§4.6', false, false),
  triggerCase('StatusNotification', '§4.9', false, true),
  triggerCase('MeterValues', '§4.7', false, true),
  triggerCase('DiagnosticsStatusNotification', '§4.4', true, false),
  triggerCase('FirmwareStatusNotification', '§4.5', true, false),
  {
    id: 'trigger.unknown-connector', title: 'TriggerMessage for a connector that does not exist is Rejected', profile: 'RemoteTrigger', manual: false,
    needs: ['NumberOfConnectors'], tc: 'TC_055_CS', spec: 'OCPP 1.6 §5.17',
    description: 'TriggerMessage MeterValues for connector NumberOfConnectors + 1 (§5.17) must be Rejected (a CALLERROR is allowed by TC_055_CS), and no MeterValues may follow.',
    async run(ctx) {
      const c = ctx.facts.numberOfConnectors + 1;
      const r = await ctx.call('TriggerMessage', { requestedMessage: 'MeterValues', connectorId: c });
      if (r.errorCode !== null) return `answered CALLERROR ${r.errorCode} (allowed)`;
      const s = statusOf(r, 'TriggerMessage');
      if (s !== 'Rejected') throw fail(`TriggerMessage MeterValues for connector ${c} (which does not exist) was answered ${s}; expected Rejected`);
    },
  },
];
