import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import * as schemas from 'typed-ocpp/dist/ocpp16/schemas.js';
import type { OcppErrorCode } from '../../shared/ocpp/actions.ts';
import type { SchemaIssue } from '../../shared/api/types.ts';

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
type AddFormats = (ajv: Ajv, formats: string[]) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;

/** Ajv keyword → OCPP-J 1.6 error code (OCPP-J §4.2.3 Table 7), in one table. */
const KEYWORD_TO_CODE: Record<string, OcppErrorCode> = {
  type: 'TypeConstraintViolation',
  required: 'OccurenceConstraintViolation',
  minItems: 'OccurenceConstraintViolation',
  maxItems: 'OccurenceConstraintViolation',
  minProperties: 'OccurenceConstraintViolation',
  maxProperties: 'OccurenceConstraintViolation',
  additionalProperties: 'PropertyConstraintViolation',
  enum: 'PropertyConstraintViolation',
  const: 'PropertyConstraintViolation',
  pattern: 'PropertyConstraintViolation',
  maxLength: 'FormationViolation',
  minLength: 'FormationViolation',
  maximum: 'FormationViolation',
  minimum: 'FormationViolation',
  exclusiveMaximum: 'FormationViolation',
  exclusiveMinimum: 'FormationViolation',
  multipleOf: 'FormationViolation',
  format: 'FormationViolation',
};

export function errorCodeForKeyword(keyword: string): OcppErrorCode {
  return KEYWORD_TO_CODE[keyword] ?? 'FormationViolation';
}

export type SchemaKind = 'Request' | 'Response';

export interface ValidationResult {
  valid: boolean;
  issues: SchemaIssue[];
  /** The OCPP-J code for the first issue (the one a CALLERROR names). */
  code?: OcppErrorCode;
}

const schemas16 = schemas as unknown as Record<string, object>;
/** The answer for every valid payload: shared and frozen, nothing allocated per message. */
const VALID: ValidationResult = Object.freeze({ valid: true, issues: Object.freeze([]) as unknown as SchemaIssue[] });

/**
 * Validators for every OCPP 1.6 request and response schema (core and security whitepaper) of typed-ocpp,
 * the closest npm copy of the OCA's 2019-12 errata-corrected release. Each schema is compiled once, on first use.
 * Another table of `<Action>Request`/`<Action>Response` schemas (OCPP 2.0.1, for proxy mode) may be given instead.
 */
export function createOcppValidator(schemaTable: Record<string, object> = schemas16) {
  const ajv = new Ajv({ strict: false, allErrors: true, allowUnionTypes: true });
  addFormats(ajv, ['date-time', 'uri']);
  // Keyed by kind, then action: no string is built per lookup (two lookups per message).
  const compiled: Record<SchemaKind, Map<string, ValidateFunction>> = { Request: new Map(), Response: new Map() };

  function validatorFor(action: string, kind: SchemaKind): ValidateFunction | undefined {
    let fn = compiled[kind].get(action);
    if (fn === undefined) {
      const name = `${action}${kind}`;
      const schema = Object.hasOwn(schemaTable, name) ? schemaTable[name] : undefined;
      if (schema === undefined) return undefined;
      fn = ajv.compile(schema);
      compiled[kind].set(action, fn);
    }
    return fn;
  }

  function hasSchema(action: string, kind: SchemaKind = 'Request'): boolean {
    return Object.hasOwn(schemaTable, `${action}${kind}`);
  }

  function validate(action: string, kind: SchemaKind, payload: unknown): ValidationResult {
    const fn = validatorFor(action, kind);
    if (fn === undefined) {
      return { valid: false, issues: [{ path: '', keyword: 'action', message: `no ${kind.toLowerCase()} schema for action ${action}` }], code: 'NotImplemented' };
    }
    if (fn(payload)) return VALID;
    const issues = (fn.errors ?? []).map(toIssue);
    const first = issues[0];
    return { valid: false, issues, ...(first ? { code: errorCodeForKeyword(first.keyword) } : {}) };
  }

  return { validate, hasSchema, validatorFor };
}

export type OcppValidator = ReturnType<typeof createOcppValidator>;

function toIssue(err: ErrorObject): SchemaIssue {
  const path = err.instancePath || '/';
  let message = err.message ?? 'is invalid';
  if (err.keyword === 'required') message = `missing required property '${String(err.params['missingProperty'])}'`;
  else if (err.keyword === 'additionalProperties') message = `property '${String(err.params['additionalProperty'])}' is not allowed`;
  else if (err.keyword === 'enum') message = `must be one of ${(err.params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  return { path, keyword: err.keyword, message };
}

/** One line for a CALLERROR description: the first issues, with their paths. */
export function describeIssues(issues: SchemaIssue[], max = 3): string {
  const parts = issues.slice(0, max).map((i) => `${i.path} ${i.message}`);
  const more = issues.length > max ? ` (+${issues.length - max} more)` : '';
  return parts.join('; ') + more;
}
