/**
 * Vite plugin: precompiles the command forms' validators at build time. The page runs under a CSP without
 * 'unsafe-eval', so Ajv cannot compile schemas in the browser; rjsf's precompiled validator takes the
 * standalone code Ajv generates here instead (https://ajv.js.org/standalone.html).
 *
 * The module `virtual:ocpp-form-validators` exports `validatorFunctions: Record<CsmsAction, ValidatorFunctions>`.
 */
import { compileSchemaValidatorsCode } from '@rjsf/validator-ajv8/compileSchemaValidators';
import type { Plugin } from 'vite';
import { FORM_ACTIONS, formSchema } from '../commands/form-schemas.ts';

const VIRTUAL_ID = 'virtual:ocpp-form-validators';
const RESOLVED_ID = `\0${VIRTUAL_ID}`;

/**
 * Turns Ajv's CommonJS standalone output into one ES module, hoisting its require() calls to namespace
 * imports: the runtime helpers it requires (ajv-formats' formats, ajv's ucs2length) are CommonJS modules
 * compiled from ESM (`__esModule`), so the bundler's namespace carries the same named exports and `default`.
 */
function toModule(): string {
  const imports = new Map<string, string>();
  const bodies: string[] = [];
  for (const action of FORM_ACTIONS) {
    let code = compileSchemaValidatorsCode(formSchema(action) as never, {});
    code = code.replace(/^"use strict";/, '').replace(/require\("([^"]+)"\)/g, (_m, spec: string) => {
      let name = imports.get(spec);
      if (!name) {
        name = `__dep${imports.size}`;
        imports.set(spec, name);
      }
      return name;
    });
    bodies.push(`  ${JSON.stringify(action)}: (() => {\n    const exports = {};\n${code}\n    return exports;\n  })(),`);
  }
  const head = [...imports].map(([spec, name]) => `import * as ${name} from ${JSON.stringify(spec.endsWith('.js') ? spec : `${spec}.js`)};`);
  return [
    ...head,
    'export const validatorFunctions = {',
    ...bodies,
    '};',
  ].join('\n');
}

export function formValidatorsPlugin(): Plugin {
  let cached: string | null = null;
  return {
    name: 'chargescope-form-validators',
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : null;
    },
    load(id) {
      if (id !== RESOLVED_ID) return null;
      cached ??= toModule();
      return cached;
    },
  };
}
