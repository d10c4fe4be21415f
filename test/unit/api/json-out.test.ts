import { expect, test } from 'vitest';
import { eventBatchText, toJsonText } from '../../../main/api/json-out.ts';

const deep = (n: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = [v];
  return v;
};

test('outgoing JSON never throws: a value too deep to encode becomes an error object', () => {
  expect(toJsonText({ a: 1 })).toEqual({ text: '{"a":1}', ok: true });
  const r = toJsonText(deep(200_000));
  expect(r.ok).toBe(false);
  expect(JSON.parse(r.text)).toMatchObject({ code: 'UNENCODABLE' });
  expect(toJsonText({ n: 1n }).ok).toBe(false);
});

test('an event batch keeps the events it can encode and marks the others as overflow (the UI refetches)', () => {
  const text = eventBatchText([{ type: 'finding', n: 1 }, { type: 'frame', payload: deep(200_000) }]);
  const batch = JSON.parse(text) as { type: string }[];
  expect(batch.map((e) => e.type)).toEqual(['finding', 'overflow']);
});
