/**
 * A paused exchange is shown (bus event, GET /api/breakpoints/paused, the live socket) without any
 * configured secret, whatever characters the secret holds: a basic-auth password with `"` and `\`
 * takes another form once serialized, and is still found and replaced, in the request shown before
 * the store and in the answer shown after it. Over real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PausedExchange } from '../../server/contract/breakpoints.js';
import { REDACTED } from '../../server/recorder/redact.js';
import { openSocket, type OpenSocket } from '../helpers/event-socket.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PASSWORD = 'pa"ss\\word/12';

const CASES: { name: string; phase: 'before' | 'after'; rawBody: (n: number) => string; shown: (p: PausedExchange) => unknown; expected: unknown }[] = [
  { name: 'a JSON request, paused before the store', phase: 'before', rawBody: (n) => JSON.stringify({ schemas: [USER], userName: `b${n}@example.com`, nickName: PASSWORD }), shown: (p) => p.request.body, expected: expect.objectContaining({ nickName: REDACTED }) },
  { name: 'the answer echoing the stored attribute, paused after the store', phase: 'after', rawBody: (n) => JSON.stringify({ schemas: [USER], userName: `a${n}@example.com`, nickName: `nick ${PASSWORD}` }), shown: (p) => p.response?.body, expected: expect.objectContaining({ nickName: `nick ${REDACTED}` }) },
];

describe('a paused exchange and a secret holding " or \\', () => {
  let t: TestSandbox;
  let socket: OpenSocket;
  beforeAll(async () => {
    t = await startSandbox({ seed: 'empty' });
    expect((await t.admin('PUT', '/api/settings', { body: { auth: { basic: { password: PASSWORD } } } })).status).toBe(200);
    socket = await openSocket(`${t.addresses.adminUrl.replace('http', 'ws')}/api/events`, { Authorization: `Bearer ${t.adminToken}` });
  });
  afterAll(async () => {
    socket?.ws.close();
    await socket?.closed;
    await t?.close();
  });

  /** Whether a value holds the password in any string or key, raw or as JSON writes it. */
  const holds = (value: unknown) => {
    const text = JSON.stringify(value);
    return text.includes(PASSWORD) || text.includes(JSON.stringify(PASSWORD).slice(1, -1));
  };

  it.each(CASES.map((c, i) => ({ ...c, i })))('$name: shown with the secret replaced, everywhere', async ({ phase, rawBody, shown, expected, i }) => {
    for (const r of (await t.admin('GET', '/api/breakpoints')).body.items) await t.admin('DELETE', `/api/breakpoints/${r.id}`);
    expect((await t.admin('POST', '/api/breakpoints', { body: { name: `case ${i}`, phase, match: { methods: ['POST'], path: '/Users' } } })).status).toBe(201);
    const paused = new Promise<PausedExchange>((resolve) => t.sandbox.bus.once('breakpoint:paused', resolve));
    const answer = t.scim('POST', '/Users', { headers: { 'Content-Type': 'application/scim+json' }, rawBody: rawBody(i) });
    const p = await paused;
    expect(shown(p)).toEqual(expected);
    expect(holds(p), 'the bus event').toBe(false);
    const listed = await t.admin('GET', '/api/breakpoints/paused');
    expect(listed.body.items.map((x: PausedExchange) => x.id)).toEqual([p.id]);
    expect(holds(listed.body), 'GET /api/breakpoints/paused').toBe(false);
    const batch = await socket.next((m) => m.type === 'batch' && m.events.some((e: { type: string; paused?: PausedExchange }) => e.paused?.id === p.id));
    const sent = batch.events.find((e: { paused?: PausedExchange }) => e.paused?.id === p.id);
    expect(sent.type).toBe('breakpoint:paused');
    expect(shown(sent.paused)).toEqual(expected);
    expect(holds(sent), 'the live socket').toBe(false);
    expect((await t.admin('POST', `/api/breakpoints/paused/${p.id}/continue`, { body: {} })).status).toBe(200);
    expect((await answer).status).toBe(201);
  });
});
