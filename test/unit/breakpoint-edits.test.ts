/**
 * The checks and merges behind a trainer's edit of a paused exchange, table-driven: bodies as JSON
 * or editor text (parsed, held to the nesting bound), header names, and `[redacted]` placeholders
 * put back to the real value only where the original had one.
 */
import { describe, expect, it } from 'vitest';
import { BreakpointError, checkHeaderNames, editedBody, restoreRedacted } from '../../server/breakpoints/breakpoint-edits.js';

describe('editedBody', () => {
  it.each([
    ['no body sent', {}, undefined],
    ['a JSON value', { body: { a: 1 } }, { a: 1 }],
    ['null: no body', { body: null }, null],
    ['editor text', { bodyText: '{ "a": [1, 2] }' }, { a: [1, 2] }],
    ['editor text with a BOM', { bodyText: '\ufeff{"a":1}' }, { a: 1 }],
    ['empty editor text: no body', { bodyText: '  \n' }, null],
    ['nested exactly to the bound', { bodyText: `${'['.repeat(32)}${']'.repeat(32)}` }, JSON.parse(`${'['.repeat(32)}${']'.repeat(32)}`)],
  ])('accepts %s', (_name, input, expected) => {
    expect(editedBody(input as never, 'request')).toEqual(expected);
  });

  it.each([
    ['text that is not JSON', { bodyText: '{"a": ' }, /not valid JSON/],
    ['text nested past the bound', { bodyText: `${'['.repeat(33)}${']'.repeat(33)}` }, /33|more than 32 levels/],
    ['a value nested past the bound', { body: JSON.parse(`${'['.repeat(40)}${']'.repeat(40)}`) }, /more than 32 levels/],
  ])('refuses %s with a 400', (_name, input, message) => {
    let thrown: unknown;
    try {
      editedBody(input as never, 'request');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(BreakpointError);
    expect((thrown as BreakpointError).status).toBe(400);
    expect((thrown as Error).message).toMatch(message);
  });
});

describe('checkHeaderNames', () => {
  it.each(['Content-Length', 'transfer-encoding', 'Connection', 'Content-Encoding', 'Host', 'Bad Name', 'x:y', ''])('refuses %j', (name) => {
    expect(() => checkHeaderNames({ [name]: 'v' })).toThrow(BreakpointError);
  });
  it('accepts ordinary names', () => {
    expect(() => checkHeaderNames({ 'X-Trace': 'a', Authorization: 'b', 'If-Match': 'W/"1"' })).not.toThrow();
  });
});

describe('restoreRedacted', () => {
  const original = { userName: 'ada', password: 'real-secret', emails: [{ value: 'a@x' }], Operations: [{ op: 'replace', path: 'password', value: 'pw-2' }] };
  it.each([
    ['a placeholder left in place', { userName: 'grace', password: '[redacted]' }, { userName: 'grace', password: 'real-secret' }],
    ['a placeholder in an array element', { Operations: [{ op: 'replace', path: 'password', value: '[redacted]' }] }, { Operations: [{ op: 'replace', path: 'password', value: 'pw-2' }] }],
    ['a new password typed over it', { password: 'typed-by-trainer' }, { password: 'typed-by-trainer' }],
    ['a placeholder where the original had none', { nickName: '[redacted]' }, { nickName: '[redacted]' }],
    ['a placeholder where the original had an object', { emails: '[redacted]' }, { emails: '[redacted]' }],
    ['a shape the original did not have', ['[redacted]'], ['[redacted]']],
  ])('%s', (_name, edited, expected) => {
    expect(restoreRedacted(edited as never, original)).toEqual(expected);
  });
});
