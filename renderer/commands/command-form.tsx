/**
 * One schema-generated form per CSMS-initiated action (@rjsf/core). The request is validated in the page
 * against the OCPP 1.6 schema by a validator precompiled at build time (the CSP forbids eval); a bad value
 * is shown on its field and nothing is sent. Odd-but-valid requests get warnings and can still be sent.
 */
import Form, { type IChangeEvent } from '@rjsf/core';
import { englishStringTranslator, TranslatableString, type RJSFSchema, type UiSchema } from '@rjsf/utils';
import createPrecompiledValidator from '@rjsf/validator-ajv8/lib/createPrecompiledValidator.js';
import { useMemo, useState } from 'react';
import { validatorFunctions } from 'virtual:ocpp-form-validators';
import type { CsmsAction } from '../../shared/ocpp/actions.ts';
import { humanMessage } from '../api/humanize.ts';
import { Notice } from '../components/common.tsx';
import type { CommandContext } from './command-context.ts';
import { defaultsFor } from './form-defaults.ts';
import { formSchema } from './form-schemas.ts';
import { warningsFor } from './form-warnings.ts';
import { OutcomeView } from './outcome.tsx';
import type { Outcome } from './send.ts';

const validators = new Map<CsmsAction, { schema: RJSFSchema; validator: ReturnType<typeof createPrecompiledValidator> }>();

function formFor(action: CsmsAction) {
  let v = validators.get(action);
  if (!v) {
    const schema = formSchema(action) as RJSFSchema;
    const fns = validatorFunctions[action];
    if (!fns) throw new Error(`no precompiled validator for ${action}: rebuild the UI (vite build)`);
    v = { schema, validator: createPrecompiledValidator(fns, schema) };
    validators.set(action, v);
  }
  return v;
}

const TEXTAREAS: Partial<Record<CsmsAction, string[]>> = {
  DataTransfer: ['data'],
  CertificateSigned: ['certificateChain'],
  InstallCertificate: ['certificate'],
  SignedUpdateFirmware: [],
};

const HINTS: Partial<Record<CsmsAction, string>> = {
  GetDiagnostics: 'location is where the charger uploads its diagnostics: an ftp:// or http:// folder URL the charger can reach.',
  UpdateFirmware: 'location is the URL the charger downloads the firmware from; it must be reachable from the charger’s network.',
  SendLocalList: 'Prefilled with ChargeScope’s idTag list as a Full update with the next version.',
  SetChargingProfile: 'Checked against the OCPP 1.6 rules (and the charger’s ChargeProfileMaxStackLevel, ChargingScheduleMaxPeriods, ChargingScheduleAllowedChargingRateUnit when known).',
};

/**
 * Every optional object (RemoteStartTransaction's chargingProfile, SendLocalList entries' idTagInfo…) starts absent
 * and has its own Add / Remove control (rjsf's optional data controls): a request with only its required fields
 * is one click, and an optional object's required fields are checked only once it is added.
 */
function uiSchemaFor(action: CsmsAction): UiSchema {
  const ui: UiSchema = { 'ui:globalOptions': { enableOptionalDataFieldForType: ['object'] } };
  for (const field of TEXTAREAS[action] ?? []) ui[field] = { 'ui:widget': 'textarea', 'ui:options': { rows: 4 } };
  if (action === 'SignedUpdateFirmware') ui['firmware'] = { signingCertificate: { 'ui:widget': 'textarea' }, signature: { 'ui:widget': 'textarea' } };
  return ui;
}

/** Optional objects are not filled with defaults: they stay absent until added. */
const DEFAULT_STATE = { emptyObjectFields: 'populateRequiredDefaults', arrayMinItems: { populate: 'requiredOnly' } } as const;

function translate(s: TranslatableString, params?: string[]): string {
  if (s === TranslatableString.OptionalObjectAdd) return 'Add this optional object';
  if (s === TranslatableString.OptionalObjectRemove) return 'Remove this optional object';
  if (s === TranslatableString.OptionalObjectEmptyMsg) return 'not sent (optional)';
  return englishStringTranslator(s, params);
}

export function CommandForm({ action, ctx, outcome, onSend }: {
  action: CsmsAction;
  ctx: CommandContext;
  outcome: Outcome | undefined;
  onSend(payload: Record<string, unknown>): void;
}) {
  const { schema, validator } = formFor(action);
  const [data, setData] = useState<Record<string, unknown>>(() => defaultsFor(action, ctx));
  const warnings = useMemo(() => warningsFor(action, data, ctx), [action, data, ctx]);
  const ui = useMemo(() => uiSchemaFor(action), [action]);
  const hint = HINTS[action];
  return (
    <div className="command-form" data-action={action}>
      {hint && <p className="muted small">{hint}</p>}
      <Form
        schema={schema}
        uiSchema={ui}
        validator={validator}
        formData={data}
        onChange={(e: IChangeEvent) => setData((e.formData ?? {}) as Record<string, unknown>)}
        onSubmit={(e: IChangeEvent) => onSend((e.formData ?? {}) as Record<string, unknown>)}
        noHtml5Validate
        experimental_defaultFormStateBehavior={DEFAULT_STATE}
        translateString={translate}
        transformErrors={(errors) => errors.map((e) => {
          // In the engineer's words: "key is required: fill it in", "must be at most 50 characters".
          const message = e.name === 'required' ? 'is required: fill it in' : humanMessage(e.name ?? '', e.message ?? '');
          return { ...e, message, stack: `${(e.property ?? '').replace(/^\./, '') || 'request'} ${message}` };
        })}
        showErrorList="top"
        focusOnFirstError
        idPrefix={`f-${action}`}
      >
        {warnings.length > 0 && (
          <Notice kind="warn">
            <ul className="warnings">{warnings.map((w) => <li key={w}>{w}</li>)}</ul>
          </Notice>
        )}
        <div className="form-send">
          <button type="submit" className={`btn ${warnings.length ? 'btn-warn' : 'btn-primary'}`} disabled={outcome?.kind === 'pending'} data-testid="form-send">
            {warnings.length ? `Send ${action} anyway` : `Send ${action}`}
          </button>
          <button type="button" className="btn btn-small" onClick={() => setData(defaultsFor(action, ctx))}>Reset form</button>
          <OutcomeView outcome={outcome} />
        </div>
      </Form>
    </div>
  );
}
