/**
 * Scrubbing configured secrets from a serialized record keeps it valid JSON, whatever the secret
 * holds; scrubbing a JSON text touches only its strings (keys and values), never a number, a literal
 * or the structure, and leaves a text without a secret as it is; however the text's writer escaped
 * a secret's characters inside a string (`\uXXXX` for any of them, `\/`). `mentionsAny` answers
 * exactly whether a form of a secret is in a text, although it first searches for a part of it.
 */
import { describe, expect, it } from 'vitest';
import { mentionsAny, mentionsAnyInJson, REDACTED, scrubJsonText, scrubSecrets, scrubStrings } from '../../server/recorder/redact.js';

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

/** `text` as a JSON string token with the characters at `at` (all when omitted) written as `\uXXXX` (hex in `hexCase`), and `/` as `\/`. */
function escaped(text: string, at?: number[], hexCase: 'lower' | 'upper' = 'lower'): string {
  const chars = [...text].map((c, i) => {
    if (at && !at.includes(i)) return c === '/' ? '\\/' : JSON.stringify(c).slice(1, -1);
    const hex = c.charCodeAt(0).toString(16).padStart(4, '0');
    return `\\u${hexCase === 'upper' ? hex.toUpperCase() : hex}`;
  });
  return `"${chars.join('')}"`;
}

describe('scrubJsonText with a secret written in other JSON escapes', () => {
  const token = 'upstream-secret-token-0123';
  // Each case: the secret, a JSON text (as an upstream might write it) holding it, and what the text must read back as.
  it.each<[string, string, string, Record<string, unknown>]>([
    ['one character as \\u', token, `{"echo":${escaped(token, [0])},"n":1}`, { echo: REDACTED, n: 1 }],
    ['every character as \\u', token, `{"echo":${escaped(token)}}`, { echo: REDACTED }],
    ['upper-case hex', token, `{"echo":${escaped(token, [8, 9], 'upper')}}`, { echo: REDACTED }],
    ['inside a longer string', token, `{"note":"Bearer ${escaped(token, [3]).slice(1, -1)} was sent"}`, { note: `Bearer ${REDACTED} was sent` }],
    ['a slash as \\/', 'tok/en-secret-42', `{"echo":"tok\\/en-secret-42"}`, { echo: REDACTED }],
    ['a slash as \\/ and a letter as \\u', 'tok/en-secret-42', `{"echo":${escaped('tok/en-secret-42', [1])}}`, { echo: REDACTED }],
    ['a quote as \\u0022', 'has"a-quote', `{"note":"x has\\u0022a-quote y"}`, { note: `x ${REDACTED} y` }],
    ['non-ASCII as \\u', 'ünïcødé-secret', `{"echo":${escaped('ünïcødé-secret', [0, 2, 4])}}`, { echo: REDACTED }],
    ['of digits, in a string as \\u and in a number', '123456', `{"pin":${escaped('pw 123456', [3, 4])},"n":123456}`, { pin: `pw ${REDACTED}`, n: 123456 }],
    ['in a key', token, `{${escaped(token, [0])}:"v"}`, { [REDACTED]: 'v' }],
    ['in an array, next to escapes that hold no secret', token, `{"list":["Z\\u00f6e",${escaped(token, [5])}]}`, { list: ['Zöe', REDACTED] }],
  ])('removes a secret with %s', (_name, secret, text, expected) => {
    expect(() => JSON.parse(text)).not.toThrow();
    expect(JSON.parse(text)).not.toEqual(expected); // the text really holds the secret
    expect(mentionsAnyInJson(text, [secret])).toBe(true);
    const scrubbed = scrubJsonText(text, [secret]);
    const parsed = JSON.parse(scrubbed) as Record<string, unknown>;
    expect(parsed).toEqual(expected);
    // The same as scrubbing the parsed value string by string.
    expect(parsed).toEqual(scrubStrings(JSON.parse(text), [secret]));
  });

  it.each<[string, string, string]>([
    ['escapes that hold no secret', token, '{"name":"Z\\u00f6e","url":"http:\\/\\/h\\/scim"}'],
    ['a backslash written before "u" (the text \\u0075pstream..., not the secret)', token, `{"raw":"\\\\u0075${token.slice(1)}"}`],
    ['a secret of digits only in a number', '123456', '{"n":123456,"s":"\\u0031"}'],
  ])('leaves a text with %s byte for byte', (_name, secret, text) => {
    expect(() => JSON.parse(text)).not.toThrow();
    expect(scrubJsonText(text, [secret])).toBe(text);
  });
});

describe('mentionsAny', () => {
  const page = (value: string) => JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: '2819c223-7f76-453a-919d-413861904646', userName: 'ann@example.com', meta: { created: '2026-12-05T03:00:00.000Z' }, title: value });
  const secrets = ['scim_9x2kVJ0qPzLm4TtR8sYw', 'pw_4bW48mmQ', 'all-lower-case-secret', 'quote"and\\backslash-QX', 'shrtQ'];
  it.each([
    { name: 'a secret whole', value: 'x scim_9x2kVJ0qPzLm4TtR8sYw y', found: true },
    { name: 'its part from its first upper-case letter only', value: 'VJ0qPzLm4TtR8sYw', found: false },
    { name: 'its part before that letter only', value: 'scim_9x2k', found: false },
    { name: 'a short secret whose rare letter comes too late (searched whole)', value: 'pw_4bW48mmQ', found: true },
    { name: 'the end of that one only', value: 'W48mmQ', found: false },
    { name: 'a secret without a rare character (searched whole)', value: 'all-lower-case-secret', found: true },
    { name: 'most of it', value: 'all-lower-case-secre', found: false },
    { name: 'a secret with a quote and backslash, as JSON writes it', value: 'quote"and\\backslash-QX', found: true },
    { name: 'a secret under 6 characters (never searched)', value: 'shrtQ', found: false },
    { name: 'none', value: 'Ann Lee', found: false },
  ])('$name: $found', ({ value, found }) => {
    expect(mentionsAny(page(value), secrets)).toBe(found);
  });
});
