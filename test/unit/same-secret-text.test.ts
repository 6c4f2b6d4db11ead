/**
 * The comparison the SCIM auth step uses for the header it remembers: equal exactly when the
 * strings are equal, whatever their lengths, and without ever reading past `expected`.
 */
import { describe, expect, it } from 'vitest';
import { sameSecretText } from '../../server/scim/auth.js';

const expected = 'Bearer scim_0123456789abcdefABCDEF-_xyz';
const cases: [string, string, boolean][] = [
  ['identical', expected, true],
  ['empty', '', false],
  ['a prefix', expected.slice(0, -1), false],
  ['one more character', `${expected}z`, false],
  ['first character changed', `b${expected.slice(1)}`, false],
  ['last character changed', `${expected.slice(0, -1)}Z`, false],
  ['same length, all different', 'x'.repeat(expected.length), false],
  ['twice as long, starting with it', expected + expected, false],
  ['a NUL in place of the last character', `${expected.slice(0, -1)}\0`, false],
  ['non-Latin-1 text of the same length', '\u0100'.repeat(expected.length), false],
];

describe('sameSecretText', () => {
  it.each(cases)('%s → %s', (_name, presented, equal) => {
    expect(sameSecretText(presented, expected)).toBe(equal);
    expect(presented === expected).toBe(equal);
  });

  it('treats an empty expected value as equal only to the empty string', () => {
    expect(sameSecretText('', '')).toBe(true);
    expect(sameSecretText('a', '')).toBe(false);
  });
});
