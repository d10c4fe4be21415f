/** Schema messages in the engineer's words, next to the field they are about (issue 13, item 6). */
import { describe, expect, test } from 'vitest';
import { humanIssue, humanMessage, issueField } from '../../../renderer/api/humanize.ts';

describe('humanized schema issues', () => {
  test('limits read as at most / at least, with the number', () => {
    expect(humanIssue({ path: '/heartbeatInterval', keyword: 'maximum', message: 'must be <= 86400' })).toBe('heartbeatInterval must be at most 86400');
    expect(humanMessage('maxLength', 'must NOT have more than 50 characters')).toBe('must be at most 50 characters');
    expect(humanMessage('exclusiveMinimum', 'must be > 0')).toBe('must be above 0');
    expect(humanMessage('minLength', 'must NOT have fewer than 1 characters')).toBe('must not be empty');
  });

  test('a missing property names the field that is missing, not the object holding it', () => {
    const issue = { path: '/', keyword: 'required', message: "must have required property 'key'" };
    expect(issueField(issue)).toBe('key');
    expect(humanIssue(issue)).toBe('key is required: fill it in');
    expect(issueField({ path: '/csChargingProfiles', keyword: 'required', message: "must have required property 'stackLevel'" })).toBe('csChargingProfiles.stackLevel');
  });

  test('types say what to type', () => {
    expect(humanMessage('type', 'must be integer')).toBe('must be a whole number');
    expect(humanMessage('format', 'must match format "date-time"')).toMatch(/date and time/);
  });
});
