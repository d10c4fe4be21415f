/**
 * SetChargingProfile editor. Live validation with the specification's rules (validateChargingProfile, the
 * charger's connector, transaction and capability keys as context); Send is disabled while a rule is
 * broken, and "Send anyway" sends it regardless, for conformance tests (DESIGN: warn, don't block a
 * schema-valid request). Requests that are not schema-valid (a limit that is not a number) are not sent.
 */
import { useState, type ReactNode } from 'react';
import type { Charger } from '../../shared/api/types.ts';
import { validateChargingProfile, type ChargingProfilePurpose, type ChargingRateUnit, type RecurrencyKind } from '../../shared/ocpp/charging-profile.ts';
import { configValue, type CommandContext } from '../commands/command-context.ts';
import { profileContext, warningsFor } from '../commands/form-warnings.ts';
import { OutcomeView } from '../commands/outcome.tsx';
import { useCommands } from '../commands/use-commands.ts';
import { JsonView } from '../components/json-view.tsx';
import { PeriodsTable } from './periods-table.tsx';
import { KINDS, PURPOSES, buildSetChargingProfile, isoSeconds, withKind, type ProfileFormState } from './profile-form.ts';
import { TEMPLATES, applyTemplate, type TemplateId } from './templates.ts';

interface Props {
  charger: Charger;
  ctx: CommandContext;
  form: ProfileFormState;
  setForm(form: ProfileFormState): void;
  nextProfileId: number;
}

function Field({ label, problem, children, hint }: { label: string; problem?: string | undefined; children: ReactNode; hint?: ReactNode }) {
  return (
    <label className={`sc-field${problem ? ' sc-field-bad' : ''}`}>
      <span className="sc-field-label">{label}</span>
      {children}
      {hint && <span className="sc-hint">{hint}</span>}
    </label>
  );
}

export function ProfileEditor({ charger, ctx, form, setForm, nextProfileId }: Props) {
  const { outcomes, send, busy } = useCommands(charger.id);
  const [limitA, setLimitA] = useState('16');
  const { request, problems } = buildSetChargingProfile(form);
  const connectorId = request?.connectorId ?? (Number.parseInt(form.connectorId, 10) || 0);
  const profileCtx = profileContext(ctx, connectorId, false);
  const violations = request ? validateChargingProfile(request.csChargingProfiles, profileCtx) : [];
  const notes = request ? warningsFor('SetChargingProfile', request as unknown as Record<string, unknown>, ctx).filter((w) => !violations.some((v) => v.message === w)) : [];
  const problemOf = (field: string) => problems.find((p) => p.field === field)?.message;
  const set = (patch: Partial<ProfileFormState>) => setForm({ ...form, ...patch });
  const now = () => isoSeconds(new Date());
  const openOnConnector = ctx.openTransactions.filter((t) => t.connectorId === connectorId);
  const txChoice = form.transactionId === '' ? '' : openOnConnector.some((t) => String(t.id) === form.transactionId.trim()) ? form.transactionId.trim() : 'custom';

  const template = (id: TemplateId) => {
    const editorConnector = Number.parseInt(form.connectorId, 10);
    const connector = Number.isInteger(editorConnector) && editorConnector > 0 ? editorConnector : (charger.connectors.find((c) => c.connectorId > 0)?.connectorId ?? 1);
    const open = ctx.openTransactions.find((t) => t.connectorId === connector) ?? ctx.openTransactions[0];
    const units = configValue(ctx, 'ChargingScheduleAllowedChargingRateUnit');
    const unit: ChargingRateUnit = units !== null && !/current/i.test(units) && /power/i.test(units) ? 'W' : 'A';
    const limit = Number(limitA.replace(',', '.'));
    setForm(applyTemplate(id, {
      now: new Date(), connectorId: connector, nextProfileId, limitA: Number.isFinite(limit) && limit > 0 ? limit : 16, unit,
      ...(open ? { openTransaction: { id: open.id, connectorId: open.connectorId } } : {}),
    }));
  };

  const submit = () => {
    if (request) void send('set', 'SetChargingProfile', request as unknown as Record<string, unknown>);
  };

  return (
    <section className="panel sc-editor" aria-label="SetChargingProfile editor">
      <h2>SetChargingProfile</h2>
      <div className="sc-templates" aria-label="templates">
        <span className="sc-criteria-label">Templates</span>
        <label className="sc-inline">X =<input className="input-tiny" inputMode="decimal" value={limitA} onChange={(e) => setLimitA(e.target.value)} aria-label="X (A) for the templates" data-testid="template-limit" />A</label>
        {TEMPLATES.map((t) => (
          <button key={t.id} type="button" className="btn btn-small" title={t.description} onClick={() => template(t.id)} data-template={t.id}>{t.label}</button>
        ))}
      </div>
      <div className="sc-grid">
        <Field label="connectorId" problem={problemOf('connectorId')} hint="0 = whole charger">
          <input className="input-narrow" inputMode="numeric" value={form.connectorId} list="sc-connectors" onChange={(e) => set({ connectorId: e.target.value })} data-testid="f-connectorId" />
          <datalist id="sc-connectors">{[0, ...charger.connectors.map((c) => c.connectorId).filter((c) => c > 0)].map((c) => <option key={c} value={c} />)}</datalist>
        </Field>
        <Field label="chargingProfileId" problem={problemOf('chargingProfileId')}>
          <input className="input-narrow" inputMode="numeric" value={form.chargingProfileId} onChange={(e) => set({ chargingProfileId: e.target.value })} data-testid="f-chargingProfileId" />
        </Field>
        <Field label="stackLevel" problem={problemOf('stackLevel')} hint={profileCtx.maxStackLevel !== undefined ? `max ${profileCtx.maxStackLevel}` : undefined}>
          <input className="input-narrow" inputMode="numeric" value={form.stackLevel} onChange={(e) => set({ stackLevel: e.target.value })} data-testid="f-stackLevel" />
        </Field>
        <Field label="chargingProfilePurpose">
          <select value={form.purpose} onChange={(e) => set({ purpose: e.target.value as ChargingProfilePurpose })} data-testid="f-purpose">
            {PURPOSES.map((p) => <option key={p} value={p}>{p}</option>)}
          </select>
        </Field>
        <Field label="chargingProfileKind">
          <select value={form.kind} onChange={(e) => setForm(withKind(form, e.target.value as ProfileFormState['kind']))} data-testid="f-kind">
            {KINDS.map((k) => <option key={k} value={k}>{k}</option>)}
          </select>
        </Field>
        <Field label="recurrencyKind">
          <select value={form.recurrencyKind} onChange={(e) => set({ recurrencyKind: e.target.value as RecurrencyKind | '' })} data-testid="f-recurrencyKind">
            <option value="">(omitted)</option><option value="Daily">Daily</option><option value="Weekly">Weekly</option>
          </select>
        </Field>
        <Field label="transactionId" problem={problemOf('transactionId')} hint={form.purpose === 'TxProfile' && openOnConnector.length === 0 ? `no transaction open on #${connectorId}` : undefined}>
          <span className="sc-inline">
            <select value={txChoice} onChange={(e) => set({ transactionId: e.target.value === 'custom' ? (form.transactionId || '0') : e.target.value })} data-testid="f-transaction">
              <option value="">(omitted)</option>
              {openOnConnector.map((t) => <option key={t.id} value={String(t.id)}>{t.id} · {t.idTag} · since {t.startedAt.slice(11, 19)}Z</option>)}
              <option value="custom">other…</option>
            </select>
            {txChoice === 'custom' && <input className="input-narrow" inputMode="numeric" value={form.transactionId} onChange={(e) => set({ transactionId: e.target.value })} aria-label="transactionId" />}
          </span>
        </Field>
        <Field label="validFrom" problem={problemOf('validFrom')}>
          <span className="sc-inline"><input className="input-date" value={form.validFrom} placeholder="(omitted)" onChange={(e) => set({ validFrom: e.target.value })} /><button type="button" className="btn btn-tiny" onClick={() => set({ validFrom: now() })}>now</button></span>
        </Field>
        <Field label="validTo" problem={problemOf('validTo')}>
          <span className="sc-inline"><input className="input-date" value={form.validTo} placeholder="(omitted)" onChange={(e) => set({ validTo: e.target.value })} /><button type="button" className="btn btn-tiny" onClick={() => set({ validTo: isoSeconds(new Date(Date.now() + 86_400_000)) })}>+1 day</button></span>
        </Field>
        <Field label="chargingRateUnit">
          <span className="sc-inline" role="radiogroup" aria-label="chargingRateUnit">
            {(['A', 'W'] as const).map((u) => <label key={u} className="sc-radio"><input type="radio" name="editor-unit" checked={form.unit === u} onChange={() => set({ unit: u })} />{u}</label>)}
          </span>
        </Field>
        <Field label="startSchedule" problem={problemOf('startSchedule')} hint={form.kind === 'Relative' ? 'Relative: leave empty' : undefined}>
          <span className="sc-inline"><input className="input-date" value={form.startSchedule} placeholder="(omitted)" onChange={(e) => set({ startSchedule: e.target.value })} data-testid="f-startSchedule" /><button type="button" className="btn btn-tiny" onClick={() => set({ startSchedule: now() })}>now</button></span>
        </Field>
        <Field label="duration (s)" problem={problemOf('duration')}>
          <input className="input-narrow" inputMode="numeric" value={form.duration} placeholder="(none)" onChange={(e) => set({ duration: e.target.value })} data-testid="f-duration" />
        </Field>
        <Field label="minChargingRate" problem={problemOf('minChargingRate')}>
          <input className="input-narrow" inputMode="decimal" value={form.minChargingRate} placeholder="(omitted)" onChange={(e) => set({ minChargingRate: e.target.value })} />
        </Field>
      </div>
      <PeriodsTable rows={form.periods} unit={form.unit} problems={problems} onChange={(periods) => set({ periods })} />
      {problems.length > 0 && (
        <ul className="sc-problems" data-testid="form-problems">{problems.map((p) => <li key={p.field}>{p.message}</li>)}</ul>
      )}
      {violations.length > 0 && (
        <ul className="sc-violations" data-testid="violations" aria-label="rules broken">
          {violations.map((v, i) => <li key={i} data-rule={v.rule}><code>{v.rule}</code> {v.message}</li>)}
        </ul>
      )}
      {notes.length > 0 && <ul className="sc-notes">{notes.map((n) => <li key={n}>{n}</li>)}</ul>}
      <div className="sc-send">
        <button type="button" className="btn btn-primary" disabled={!request || violations.length > 0 || busy('set')} onClick={submit} data-command="send-profile">Send SetChargingProfile</button>
        {request && violations.length > 0 && (
          <button type="button" className="btn btn-danger" disabled={busy('set')} onClick={submit} data-command="send-anyway"
            title="the charger should refuse it: useful for conformance tests">
            Send anyway ({violations.length} rule{violations.length > 1 ? 's' : ''} broken)
          </button>
        )}
        <OutcomeView outcome={outcomes['set']} />
      </div>
      {request && (
        <details className="sc-json">
          <summary>Request payload</summary>
          <JsonView value={request} />
        </details>
      )}
    </section>
  );
}
