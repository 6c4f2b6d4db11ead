/**
 * Scrubbing configured secrets from a serialized record keeps it valid JSON, whatever the secret
 * holds; scrubbing a JSON text touches only its strings (keys and values), never a number, a literal
 * or the structure, and leaves a text without a secret as it is.
 */
import { describe, expect, it } from 'vitest';
import { REDACTED, scrubJsonText, scrubSecrets, scrubStrings } from '../../server/recorder/redact.js';

describe('scrubSecrets', () => {
  it.each(['plain-secret-token', 'ends-with-backslash\\', 'has"a-quote', 'mixed\\"both\\\\', 'ünïcødé-secret'])('removes %s and leaves valid JSON', (secret) => {
    const record = JSON.stringify({ body: { token: secret, note: `x${secret}y` }, header: secret });
    const scrubbed = scrubSecrets(record, [secret]);
    expect(scrubbed).not.toContain(JSON.stringify(secret).slice(1, -1));
    const parsed = JSON.parse(scrubbed);
    expect(parsed.header).toBe(REDACTED);
    expect(parsed.body.note).toBe(`x${REDACTED}y`);
  });
});

describe('scrubJsonText', () => {
  const record = { seq: 123456, n: 7123456.5, ok: true, none: null, summary: 'pw 123456 end', list: ['ab', 'cd'], 'k-123456': 'v', note: 'has"a-quote!', title: 'xa","by' };
  it.each<[string, string, Record<string, unknown>]>([
    ['of digits (in numbers, a value and a key)', '123456', { ...record, summary: `pw ${REDACTED} end`, 'k-123456': undefined, [`k-${REDACTED}`]: 'v' }],
    ["equal to a key's name (a body's keys are its data: renamed, its value kept)", 'summary', { ...record, summary: undefined, [REDACTED]: record.summary }],
    ['that is structure between two strings', 'ab","cd', record],
    ['holding ","', 'xa","by', { ...record, title: REDACTED }],
    ['with a quote', 'has"a-quote', { ...record, note: `${REDACTED}!` }],
  ])('removes a secret %s from the strings only', (_name, secret, expected) => {
    const text = JSON.stringify(record);
    const scrubbed = scrubJsonText(text, [secret]);
    const parsed = JSON.parse(scrubbed) as Record<string, unknown>;
    expect(parsed).toEqual(JSON.parse(JSON.stringify(expected)));
    // The same as scrubbing the value string by string (a record walked, not serialized).
    expect(parsed).toEqual(scrubStrings(record, [secret]));
  });

  it('leaves a text without a secret as it is', () => {
    const text = JSON.stringify(record);
    expect(scrubJsonText(text, ['absent-secret', 'short'])).toBe(text);
  });
});
