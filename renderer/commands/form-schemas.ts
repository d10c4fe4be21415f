/**
 * The request schema of every CSMS-initiated action, as the command forms use it. typed-ocpp ships each
 * schema with one shared `definitions` object (mostly security-extension types); a form only keeps the
 * definitions its schema reaches, so each precompiled validator stays small. The build (vite.config.ts)
 * and the page call this same function: the precompiled validator only accepts the exact schema it was
 * compiled from.
 */
import * as schemas from 'typed-ocpp/dist/ocpp16/schemas.js';
import { ALL_CSMS_ACTIONS, type CsmsAction } from '../../shared/ocpp/actions.ts';

export type JsonSchema = { [key: string]: unknown };

const table = schemas as unknown as Record<string, JsonSchema>;

function collectRefs(node: unknown, out: Set<string>, defs: Record<string, unknown>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectRefs(item, out, defs);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/definitions/')) {
      const name = value.slice('#/definitions/'.length);
      if (!out.has(name)) {
        out.add(name);
        collectRefs(defs[name], out, defs);
      }
    } else if (key !== 'definitions') {
      collectRefs(value, out, defs);
    }
  }
}

/** The request schema of `action` with only the definitions it references, titled with the action's name. */
export function formSchema(action: CsmsAction): JsonSchema {
  const full = table[`${action}Request`];
  if (!full) throw new Error(`typed-ocpp has no schema for ${action}Request`);
  const { definitions, title: _title, ...rest } = full as { definitions?: Record<string, unknown>; title?: string };
  const used = new Set<string>();
  collectRefs(rest, used, definitions ?? {});
  const picked: Record<string, unknown> = {};
  for (const name of [...used].sort()) picked[name] = definitions?.[name];
  return { ...rest, ...(used.size ? { definitions: picked } : {}) };
}

/** Every action with a form: the 19 of the six 1.6 profiles and the 7 of the security whitepaper. */
export const FORM_ACTIONS: readonly CsmsAction[] = ALL_CSMS_ACTIONS;
