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
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { REDACTED } from '../../server/recorder/redact.js';
import { openSocket, type OpenSocket } from '../helpers/event-socket.js';
import { filesUnder, recordingFiles } from '../helpers/files-under.js';
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

  /** The secrets a value holds in any string or key, raw or percent-encoded, strings that are JSON text themselves (a HAR's bodies) decoded too. */
  function held(value: unknown): string[] {
    if (typeof value === 'string') {
      const found = secrets.filter((s) => value.includes(s) || value.includes(encodeURIComponent(s)));
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

  it('a secret in the target, raw or percent-encoded: the path and query hold it redacted, the rest of the query kept', async () => {
    const targets: [string, string, Record<string, string>][] = [
      [`/Users/${encodeURIComponent(PASSWORD)}?attributes=userName`, `/scim/v2/Users/${REDACTED}`, { attributes: 'userName' }],
      [`/Users/${t.token}?attributes=userName`, `/scim/v2/Users/${REDACTED}`, { attributes: 'userName' }],
      [`/Users?filter=${encodeURIComponent(`nickName eq "${PASSWORD}"`)}&count=5`, '/scim/v2/Users', { filter: `nickName eq "${REDACTED}"`, count: '5' }],
    ];
    const recorded = nextExchanges(t.sandbox, targets.length);
    for (const [target] of targets) await t.scim('GET', target);
    for (const [i, summary] of (await recorded).entries()) {
      const ex = await t.admin('GET', `/api/exchanges/${summary.id}`);
      expect(ex.status).toBe(200);
      expect([ex.body.request.path, ex.body.request.query], targets[i]![0]).toEqual([targets[i]![1], targets[i]![2]]);
      expect(held(ex.body), targets[i]![0]).toEqual([]);
    }
    const har = await t.admin('GET', '/api/exchanges.har');
    expect(held(har.body), 'the HAR').toEqual([]);
    await t.sandbox.exchanges.flush();
    for (const file of (await filesUnder(t.sandbox.exchanges.dir)).filter((f) => path.basename(f).startsWith('exchange'))) expect(held(await readFile(file, 'utf8')), file).toEqual([]);
  });

  it('recorded without interpretation (the capture threw): the target and an escaped body hold it redacted too', async () => {
    const sends: [string, string, string?][] = [
      ['GET', `/Users/${encodeURIComponent(PASSWORD)}?attributes=userName`],
      // A userName taken by the first POST: answered 409, so the store (and the list page below) stays as it was.
      ['POST', '/Users', `{"schemas":["${USER}"],"userName":"0@example.com","nickName":"${escaped(t.token, () => true)}"}`],
    ];
    for (const [method, target, rawBody] of sends) {
      const recorded = nextExchanges(t.sandbox, 1);
      vi.spyOn(t.sandbox.exchanges, 'nextSeq').mockImplementationOnce(() => {
        throw new RangeError('injected: the capture broke');
      });
      let summary: { id: string } | undefined;
      try {
        expect((await t.scim(method, target, rawBody === undefined ? {} : { headers: { 'Content-Type': 'application/scim+json' }, rawBody })).status).toBe(method === 'GET' ? 404 : 409);
        // Restored once recorded: the capture runs after the answer, maybe after the client has it.
        [summary] = await recorded;
      } finally {
        vi.restoreAllMocks();
      }
      const ex = await t.admin('GET', `/api/exchanges/${summary!.id}`);
      expect(ex.status).toBe(200);
      expect(JSON.stringify(ex.body), `${method} ${target} was recorded without interpretation`).toContain('injected: the capture broke');
      expect(held(ex.body), `${method} ${target}`).toEqual([]);
    }
  });

  it('a GET, a PATCH and a list page of resources holding a stored secret, then their DELETEs: recorded with it redacted', async () => {
    expect(created).toHaveLength(WRITINGS.length);
    const requests: [string, string, unknown?][] = [
      ...created.map(({ id }): [string, string] => ['GET', `/Users/${id}`]),
      ...created.map(({ id }): [string, string, unknown] => ['PATCH', `/Users/${id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'title', value: 'patched' }] }]),
      // An import page: every user on one page (more than one resource: the page's text goes to the file as is).
      ['GET', '/Users?startIndex=1&count=100'],
      ...created.map(({ id }): [string, string] => ['DELETE', `/Users/${id}`]),
    ];
    const recorded = nextExchanges(t.sandbox, requests.length);
    for (const [method, target, body] of requests) {
      const res = await t.scim(method, target, body === undefined ? {} : { body });
      expect(res.status, `${method} ${target}`).toBe(method === 'DELETE' ? 204 : 200);
      if (method !== 'DELETE') expect(held(res.body).length, `${method} ${target} answers the stored secret`).toBeGreaterThan(0);
    }
    const exchanges = await recorded;
    const n = created.length;
    for (const [i, summary] of exchanges.entries()) {
      const ex = await t.admin('GET', `/api/exchanges/${summary.id}`);
      expect(ex.status).toBe(200);
      const [method, target] = requests[i]!;
      expect([ex.body.request.method, ex.body.request.path]).toEqual([method, `/scim/v2${target.split('?')[0]}`]);
      if (i < 2 * n) expect(ex.body.response.body, `${method} ${target}`).toMatchObject({ id: created[i % n]!.id, nickName: REDACTED, title: i < n ? 'keep me' : 'patched' });
      if (i === 2 * n) {
        expect(ex.body.response.body.totalResults).toBe(n);
        expect(ex.body.response.body.Resources.map((r: { nickName: string }) => r.nickName)).toEqual(Array(n).fill(REDACTED));
      }
      if (method !== 'GET') expect(ex.body.changes, `${method} ${target} changed its resource`).toHaveLength(1);
      expect(held(ex.body), `${method} ${target} over the admin API`).toEqual([]);
    }

    const har = await t.admin('GET', '/api/exchanges.har');
    expect(har.status).toBe(200);
    expect(har.body.log.entries.length).toBe(n + 5 + requests.length);
    expect(held(har.body), 'the HAR').toEqual([]);

    // The live socket has delivered every exchange (the last one included) and none holds the secret.
    const last = exchanges.at(-1)!.id;
    await socket.next((m) => m.type === 'batch' && m.events.some((e: { exchange?: { id: string } }) => e.exchange?.id === last));
    expect(held(socket.messages), 'the live socket').toEqual([]);

    await t.sandbox.exchanges.flush();
    const files = await recordingFiles(t.sandbox.exchanges.dir);
    expect(files.length).toBeGreaterThan(0);
    // Every string written, decoded, whatever the file's layout around it; and the bytes themselves.
    for (const { file, text, strings } of files) {
      expect(held(strings), file).toEqual([]);
      expect(held(text), file).toEqual([]);
    }
  });
});
