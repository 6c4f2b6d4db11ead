/**
 * The secrets in what the server produced are scrubbed where the exchange is recorded (capture-scrub.ts,
 * in the recording worker or inline), from the secrets the capture carries: the line written is the one
 * the main thread's scrub used to hand over (a list page's spans dropped, the new text scanned), the
 * capture itself when nothing holds a secret; a record made without interpretation (interpretation
 * threw, or the scrub itself did) holds none either; an upstream's answer is searched and parsed once;
 * and redact.ts keeps a list's forms once, made again when the list changes.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { scrubbedCapture, scrubbedParts } from '../../server/recorder/capture-scrub.js';
import { listSpans } from '../../server/recorder/json-list-view.js';
import { INTERPRETATION_FAILED, processCapture } from '../../server/recorder/record-processing.js';
import type { CapturedExchange } from '../../server/recorder/recording-wire.js';
import { mentionsAny, REDACTED, redactBody, scrubJsonText, scrubStrings, secretForms } from '../../server/recorder/redact.js';
import type { JsonValue } from '../../server/contract/scim.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
/** A secret whose JSON form differs from its raw one, and a token. */
const SECRET = 'pa"ss\\word/12';
const TOKEN = 'tok-0123456789abcdef';
const SECRETS = [TOKEN, SECRET, TOKEN, 'short'];

afterEach(() => vi.restoreAllMocks());

const user = (i: number, extra: Record<string, unknown> = {}) => ({ schemas: [USER], id: `u${i}`, userName: `user${i}@example.com`, title: 'keep me', meta: { resourceType: 'User', location: `/scim/v2/Users/u${i}` }, ...extra });

function capture(text: string | null, more: Partial<CapturedExchange> = {}, parts: Partial<CapturedExchange['parts']> = {}): CapturedExchange {
  return {
    parts: { id: 'ex1', seq: 1, startedAt: '2026-12-05T08:00:00.000Z', durationMs: 1, outcome: 'completed', method: 'GET', path: '/scim/v2/Users', query: {}, requestHeaders: { Authorization: 'Bearer [redacted]' }, remoteAddress: '127.0.0.1', status: 200, responseHeaders: { 'content-type': 'application/scim+json' }, changes: [], fault: null, retryOf: null, replayOf: null, upstream: null, ...parts },
    request: { data: null, json: false, size: 0 },
    response: { data: text, json: true, size: text === null ? 0 : Buffer.byteLength(text) },
    inputs: { leniencies: [], resourceType: 'User', resourceId: null, error: null, lookups: {}, rawQuery: '' },
    limit: 64 * 1024,
    secrets: SECRETS,
    ...more,
  };
}

/** Whether a line holds a secret anywhere: in its bytes, or in any string once decoded. */
function holds(line: string): boolean {
  const strings = [...line.matchAll(/"(?:[^"\\]|\\.)*"/g)].map(([token]) => JSON.parse(token) as string);
  return [TOKEN, SECRET].some((s) => line.includes(s) || strings.some((v) => v.includes(s)));
}

describe('scrubbing where the exchange is recorded', () => {
  const page = JSON.stringify({ schemas: [LIST], totalResults: 3, startIndex: 1, itemsPerPage: 3, Resources: [user(1), user(2, { nickName: SECRET }), user(3, { displayName: `x ${TOKEN} y` })] });

  it('a list page echoing stored secrets: its spans are dropped, the scrubbed text scanned, and the line is the one the main thread used to hand over', () => {
    const handed = capture(page, { response: { data: page, json: true, size: Buffer.byteLength(page), spans: listSpans(page)! } });
    const scrubbed = scrubbedCapture(handed);
    expect(scrubbed.response.spans).toBeUndefined();
    // What wave 6's main thread made: the text scrubbed, no spans, no secrets carried.
    const text = scrubJsonText(page, SECRETS);
    const before = capture(text, { secrets: undefined, response: { data: text, json: true, size: Buffer.byteLength(page) } });
    const { line } = processCapture(handed);
    expect(line).toBe(processCapture(before).line);
    expect(holds(line)).toBe(false);
    const body = JSON.parse(line).response.body;
    expect(body.Resources.map((r: { nickName?: string; displayName?: string }) => [r.nickName, r.displayName])).toEqual([[undefined, undefined], [REDACTED, undefined], [undefined, `x ${REDACTED} y`]]);
  });

  it('a page holding no secret is handed on as it came, spans and all', () => {
    const clean = JSON.stringify({ schemas: [LIST], totalResults: 2, Resources: [user(1), user(2)] });
    const handed = capture(clean, { response: { data: clean, json: true, size: clean.length, spans: listSpans(clean)! } });
    expect(scrubbedCapture(handed)).toBe(handed);
  });

  it("a DELETE whose change carries the resource with a stored secret: the change, the lookups and the error's detail are scrubbed", () => {
    const before = user(2, { nickName: SECRET, [`x-${TOKEN}`]: 1 });
    const handed = capture(null, { inputs: { leniencies: [], resourceType: 'User', resourceId: 'u2', error: null, lookups: { 'User:u2': { id: 'u2', userName: SECRET } }, rawQuery: '' } }, { method: 'DELETE', path: '/scim/v2/Users/u2', status: 204, changes: [{ resourceType: 'User', id: 'u2', before, after: null }] as CapturedExchange['parts']['changes'] });
    const scrubbed = scrubbedCapture(handed);
    expect(scrubbed.parts).toEqual(scrubbedParts(handed.parts, SECRETS));
    expect(scrubbed.parts.changes[0]!.before).toMatchObject({ nickName: REDACTED, [`x-${REDACTED}`]: 1 });
    expect(scrubbed.inputs.lookups).toEqual({ 'User:u2': { id: 'u2', userName: REDACTED } });
    expect(handed.parts.changes[0]!.before).toBe(before); // the store's objects are never touched
    expect(holds(processCapture(handed).line)).toBe(false);
  });

  it('interpretation throws: the record made without it holds no secret', () => {
    const { exchange, line } = processCapture(capture(page, {}, { changes: [{ resourceType: 'User', id: 'u2', before: null, after: user(2, { nickName: SECRET }) }] as CapturedExchange['parts']['changes'] }), () => {
      throw new Error('injected');
    });
    expect(exchange.lint).toEqual([expect.objectContaining({ code: INTERPRETATION_FAILED })]);
    expect(exchange.response.body).toContain(REDACTED);
    expect(holds(line)).toBe(false);
  });

  it('the scrub itself throws (a change that cannot be serialized): recorded without interpretation, its parts scrubbed as text, its changes left out', () => {
    const odd = capture(JSON.stringify(user(1)), {}, { responseHeaders: { 'x-echo': TOKEN }, changes: [{ resourceType: 'User', id: 'u1', before: null, after: { big: 1n } }] as unknown as CapturedExchange['parts']['changes'] });
    expect(() => scrubbedCapture(odd)).toThrow(TypeError);
    const { exchange, line } = processCapture(odd);
    expect(exchange.lint).toEqual([expect.objectContaining({ code: INTERPRETATION_FAILED })]);
    expect(exchange.changes).toEqual([]);
    expect(exchange.response.headers['x-echo']).toBe(REDACTED);
    expect(holds(line)).toBe(false);
  });

  it('a capture handed over without secrets (scrubbed whole on the main thread) is not searched again', () => {
    const handed = capture(page, { secrets: undefined });
    expect(scrubbedCapture(handed)).toBe(handed);
  });
});

describe("an upstream's answer (proxy mode)", () => {
  const escaped = (s: string) => [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');

  it('JSON echoing a secret escaped, in a value and a key: searched once, parsed once, its strings scrubbed', () => {
    const text = `{"id":"x","nickName":"${escaped(TOKEN)}","${escaped(SECRET)}":"k","password":"hunter2hunter2","n":123456}`;
    const parse = vi.spyOn(JSON, 'parse');
    const { exchange, line } = processCapture(capture(text, { response: { data: text, json: false, size: text.length, foreign: true } }));
    expect(parse.mock.calls.filter(([arg]) => arg === text)).toHaveLength(1);
    vi.restoreAllMocks();
    expect(exchange.response.body).toEqual(redactBody(scrubStrings(JSON.parse(text) as JsonValue, SECRETS)));
    expect(exchange.response.body).toEqual({ id: 'x', nickName: REDACTED, [REDACTED]: 'k', password: REDACTED, n: 123456 });
    expect(holds(line)).toBe(false);
  });

  it('text that is not JSON, echoing a secret raw and in a JSON string: scrubbed as text', () => {
    const text = `error: ${SECRET} and {"a":"${escaped(TOKEN)}"`;
    const { exchange, line } = processCapture(capture(text, { response: { data: text, json: false, size: text.length, foreign: true } }));
    expect(exchange.response.body).toBe(`error: ${REDACTED} and {"a":"${REDACTED}"`);
    expect(holds(line)).toBe(false);
  });
});

describe("a secrets list's forms (redact.ts secretForms, mentionsAny)", () => {
  it('are made once for equal lists, again when the list changes, each form once, short secrets left out', () => {
    const forms = secretForms([...SECRETS]);
    expect(secretForms([...SECRETS])).toBe(forms);
    expect([...forms.json].sort()).toEqual([TOKEN, SECRET, JSON.stringify(SECRET).slice(1, -1)].sort());
    expect([...forms.url].sort()).toEqual([TOKEN, SECRET, encodeURIComponent(SECRET)].sort());
    expect(mentionsAny(`"${TOKEN}"`, SECRETS)).toBe(true);
    expect(mentionsAny(`"${TOKEN}"`, [SECRET])).toBe(false);
    expect(secretForms([SECRET])).not.toBe(forms);
    expect(mentionsAny(JSON.stringify({ a: SECRET }), [SECRET])).toBe(true);
    expect(mentionsAny('short and sweet', ['short'])).toBe(false);
    expect(secretForms(SECRETS)).toEqual(forms);
  });
});
