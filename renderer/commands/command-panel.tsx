/** The Commands tab: every CSMS-initiated action as a schema form, grouped by feature profile. */
import { useState } from 'react';
import type { Charger } from '../../shared/api/types.ts';
import type { CsmsAction } from '../../shared/ocpp/actions.ts';
import { ACTION_GROUPS } from './command-context.ts';
import { CommandForm } from './command-form.tsx';
import { CommandHistory } from './command-history.tsx';
import { useCommandContext } from './use-command-context.ts';
import { useCommands } from './use-commands.ts';

export function CommandPanel({ charger, initial }: { charger: Charger; initial?: CsmsAction }) {
  const [action, setAction] = useState<CsmsAction>(initial ?? 'ChangeAvailability');
  const ctx = useCommandContext(charger);
  const { outcomes, send } = useCommands(charger.id);
  return (
    <div className="commands">
      <div className="commands-top">
        <nav className="action-list" aria-label="OCPP actions">
          {ACTION_GROUPS.map((g) => (
            <div key={g.profile} className="action-group">
              <h3>{g.profile}</h3>
              {g.actions.map((a) => (
                <button key={a} type="button" className={a === action ? 'action-item action-on' : 'action-item'} onClick={() => setAction(a)} data-form-action={a}>
                  {a}
                  {outcomes[a]?.kind === 'pending' && <span className="spinner" aria-label="pending" />}
                </button>
              ))}
            </div>
          ))}
        </nav>
        <section className="panel form-panel" aria-label={`${action} form`}>
          <h2>{action}<span className="muted small"> → {charger.id}</span></h2>
          <CommandForm key={action} action={action} ctx={ctx} outcome={outcomes[action]} onSend={(payload) => void send(action, action, payload)} />
        </section>
      </div>
      <CommandHistory chargerId={charger.id} />
    </div>
  );
}
