import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { badRequest } from './errors.ts';

type AddFormats = (ajv: Ajv, formats: string[]) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;

const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv, ['date-time']);

const dateTime = { type: 'string', format: 'date-time' };

/** Request-body schemas of the control API (the same Ajv as the OCPP layer). */
const SCHEMAS = {
  settingsPatch: {
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    properties: {
      unknownChargers: { enum: ['accept', 'pending', 'reject'] },
      unknownIdTags: { enum: ['accept', 'reject'] },
      heartbeatInterval: { type: 'integer', minimum: 1, maximum: 86400 },
      callTimeoutMs: { type: 'integer', minimum: 100, maximum: 600000 },
      strict: { type: 'boolean' },
      requireAuth: { type: 'boolean' },
      dataTransferVendors: {
        type: 'object', additionalProperties: { enum: ['Accepted', 'Rejected', 'UnknownMessageId'] }, propertyNames: { maxLength: 255 },
      },
      pingIntervalSec: { type: 'integer', minimum: 1, maximum: 3600 },
      maxFrameBytes: { type: 'integer', minimum: 1024, maximum: 64 * 1024 * 1024 },
      nominalVoltage: { type: 'number', exclusiveMinimum: 0, maximum: 1000 },
      autoGetConfiguration: { type: 'boolean' },
      concurrentTransactions: { enum: ['allow', 'refuse'] },
      maxFirmwareBytes: { type: 'integer', minimum: 1, maximum: 8 * 1024 * 1024 * 1024 },
      maxUploadBytes: { type: 'integer', minimum: 1, maximum: 8 * 1024 * 1024 * 1024 },
      upstream: { anyOf: [{ type: 'null' }, { $ref: '#/$defs/upstream' }] },
      upstreamCaFile: { anyOf: [{ type: 'null' }, { type: 'string', minLength: 1, maxLength: 4096 }] },
    },
    $defs: {
      upstream: {
        type: 'object', additionalProperties: false, required: ['url'],
        properties: {
          url: { type: 'string', pattern: '^wss?://[^\\s]+$', maxLength: 2048 },
          // null clears the password; absent keeps the one set (GET never shows it).
          password: { anyOf: [{ type: 'null' }, { type: 'string', minLength: 1, maxLength: 512 }] },
          fallback: { enum: ['answer', 'close'] },
        },
      },
    },
  },
  upstreamPut: {
    type: 'object', additionalProperties: false, required: ['url'],
    properties: {
      url: { type: 'string', pattern: '^wss?://[^\\s]+$', maxLength: 2048 },
      password: { anyOf: [{ type: 'null' }, { type: 'string', minLength: 1, maxLength: 512 }] },
      fallback: { enum: ['answer', 'close'] },
    },
  },
  idTagPut: {
    type: 'object',
    additionalProperties: false,
    required: ['status'],
    properties: {
      status: { enum: ['Accepted', 'Blocked', 'Expired', 'Invalid'] },
      expiryDate: { anyOf: [dateTime, { type: 'null' }] },
      parentIdTag: { anyOf: [{ type: 'string', minLength: 1, maxLength: 20 }, { type: 'null' }] },
    },
  },
  authPut: {
    type: 'object', additionalProperties: false, required: ['password'],
    properties: { password: { type: 'string', minLength: 1, maxLength: 128 } },
  },
  sessionPost: {
    type: 'object', additionalProperties: false, required: ['name'],
    properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, site: { type: 'string', maxLength: 200 }, notes: { type: 'string', maxLength: 10000 } },
  },
  firmwareUpdate: {
    type: 'object', additionalProperties: false, required: ['firmwareId', 'protocol'],
    properties: {
      firmwareId: { type: 'string', minLength: 1 }, protocol: { enum: ['http', 'ftp'] }, retrieveDate: dateTime,
      retries: { type: 'integer', minimum: 0 }, retryInterval: { type: 'integer', minimum: 0 },
    },
  },
  diagnostics: {
    type: 'object', additionalProperties: false, required: ['protocol'],
    properties: {
      protocol: { enum: ['http', 'ftp'] }, startTime: dateTime, stopTime: dateTime,
      retries: { type: 'integer', minimum: 0 }, retryInterval: { type: 'integer', minimum: 0 },
    },
  },
} as const;

const compiled = new Map<string, ValidateFunction>();

/** Validates a body against one of the API schemas; a 400 listing every problem otherwise. */
export function checkBody<T>(name: keyof typeof SCHEMAS, body: unknown): T {
  let fn = compiled.get(name);
  if (!fn) {
    fn = ajv.compile(SCHEMAS[name]);
    compiled.set(name, fn);
  }
  if (!fn(body)) {
    const issues = (fn.errors ?? []).map((e) => ({ path: e.instancePath || '/', keyword: e.keyword, message: e.message ?? 'is invalid' }));
    throw badRequest(`invalid body: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, { issues });
  }
  return body as T;
}
