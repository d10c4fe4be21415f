/// <reference types="vite/client" />

/** Built by renderer/build/form-validators-plugin.ts: precompiled Ajv validators, keyed by CSMS action name. */
declare module 'virtual:ocpp-form-validators' {
  import type { ValidatorFunctions } from '@rjsf/validator-ajv8';
  export const validatorFunctions: Record<string, ValidatorFunctions>;
}
