/**
 * Schema messages in the engineer's words (item 6): Ajv says "must be <= 86400" and "must have required property
 * 'key'"; the page says "at most 86400" and "key is required", next to the field it is about.
 */
import type { SchemaIssue } from '../../shared/api/types.ts';

/** One Ajv message as a phrase that completes "<field> …". */
export function humanMessage(keyword: string, message: string): string {
  const n = message.match(/-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/)?.[0];
  switch (keyword) {
    case 'maximum': return `must be at most ${n}`;
    case 'exclusiveMaximum': return `must be below ${n}`;
    case 'minimum': return `must be at least ${n}`;
    case 'exclusiveMinimum': return `must be above ${n}`;
    case 'maxLength': return `must be at most ${n} characters`;
    case 'minLength': return n === '1' ? 'must not be empty' : `must be at least ${n} characters`;
    case 'type': return message.includes('integer') ? 'must be a whole number' : message.replace(/^must be /, 'must be a ');
    case 'enum': return 'must be one of the offered values';
    case 'format': return message.includes('date-time') ? 'must be a date and time (UTC, like 2026-01-31T10:00:00Z)' : message;
    case 'required': {
      const prop = message.match(/'([^']+)'/)?.[1];
      return prop ? `needs ${prop}` : 'is missing a required field';
    }
    case 'additionalProperties': return 'has a field OCPP does not define';
    default: return message;
  }
}

/** The field an issue is about: `/heartbeatInterval` → heartbeatInterval; a `required` issue names the missing field. */
export function issueField(issue: SchemaIssue): string {
  if (issue.keyword === 'required') {
    const prop = issue.message.match(/'([^']+)'/)?.[1];
    if (prop) return [...issue.path.split('/').filter(Boolean), prop].join('.');
  }
  return issue.path.split('/').filter(Boolean).join('.') || 'request';
}

/** "heartbeatInterval must be at most 86400" — or "key is required" for a missing field. */
export function humanIssue(issue: SchemaIssue): string {
  if (issue.keyword === 'required') return `${issueField(issue)} is required: fill it in`;
  return `${issueField(issue)} ${humanMessage(issue.keyword, issue.message)}`;
}
