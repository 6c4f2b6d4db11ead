/**
 * Over real HTTP, the secrets in what the server produced (a GET, a list page, a PATCH's and a
 * DELETE's changes echoing an attribute a client stored) are scrubbed where the exchange is recorded
 * (capture-scrub.ts), whichever way it is recorded: by the recording worker; on the main thread once
 * the worker has died with the batch in flight (the same code, inline); and as its plain facts when
 * the structured clone refused the capture (recorded without interpretation). Every exit is searched:
 * the admin API, the live socket, the HAR, the exchanges and history files (every string decoded).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ExchangeSummary } from '../../server/contract/exchange.js';
import { RetryDetector } from '../../server/faults/retry-detector.js';
import { INTERPRETATION_FAILED } from '../../server/recorder/record-processing.js';
import { REDACTED } from '../../server/recorder/redact.js';
import { openSocket } from '../helpers/event-socket.js';
import { recordingFiles } from '../helpers/files-under.js';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
/** A basic-auth password whose JSON form differs from its raw one. */
const PASSWORD = 'off"main\\pw/34';

afterEach(() => vi.restoreAllMocks());

/** The secrets a value holds in any string or key, raw or percent-encoded, strings that are JSON text themselves (a HAR's bodies) decoded too. */
function held(value: unknown, secrets: string[]): string[] {
  if (typeof value === 'string') {
    const found = secrets.filter((s) => value.includes(s) || value.includes(encodeURIComponent(s)));
    try {
      const inner = JSON.parse(value) as unknown;
      if (inner !== null && typeof inner === 'object') found.push(...held(inner, secrets));
    } catch {
      // not JSON text
    }
    return found;
  }
  if (Array.isArray(value)) return value.flatMap((v) => held(v, secrets));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [...held(k, secrets), ...held(v, secrets)]);
  return [];
}

/** How the exchanges after the setup are recorded: `arm` is called once the users holding the secret exist. */
const WAYS: { name: string; mode: 'worker' | 'inline'; interpreted: boolean; start: (armed: () => boolean) => Parameters<typeof startSandbox>[0]; arm?: () => void }[] = [
  { name: 'by the recording worker', mode: 'worker', interpreted: true, start: () => ({}) },
  {
    name: 'on the main thread, the worker dead with the batch in flight',
    mode: 'inline',
    interpreted: true,
    start: (armed) => ({
      postToWorker: (worker, message) => {
        worker.postMessage(message);
        if (armed() && message.type === 'batch') void worker.terminate();
      },
    }),
  },
  {
    name: 'as plain facts, the structured clone having refused each capture',
    mode: 'worker',
    interpreted: false,
    start: () => ({}),
    arm: () => {
      // A hook on the request path leaves a function in the capture: the real postMessage throws DataCloneError.
      const annotate = RetryDetector.prototype.annotate;
      vi.spyOn(RetryDetector.prototype, 'annotate').mockImplementation(function (this: RetryDetector, parts, rawBody) {
        annotate.call(this, parts, rawBody);
        Object.assign(parts, { replayOf: () => 'not cloneable' });
      });
    },
  },
];

describe('a stored secret echoed by the server, recorded off the request path', () => {
  let t: TestSandbox | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it.each(WAYS)('recorded $name: no exit holds it', async ({ mode, interpreted, start, arm }) => {
    let armed = false;
    t = await startSandbox({ seed: 'empty', ...start(() => armed) });
    expect((await t.admin('PUT', '/api/settings', { body: { auth: { basic: { password: PASSWORD } } } })).status).toBe(200);
    const secrets = [t.token, PASSWORD];
    const socket = await openSocket(`${t.addresses.adminUrl.replace('http', 'ws')}/api/events`, { Authorization: `Bearer ${t.adminToken}` });
    try {
      // Two users holding a secret each in an attribute (the POSTs, recorded by the worker, carry it in the request).
      const ids: string[] = [];
      for (const [i, secret] of secrets.entries()) {
        const res = await t.scim('POST', '/Users', { body: { schemas: [USER], userName: `${i}@example.com`, nickName: secret, title: 'keep me' } });
        expect(res.status).toBe(201);
        ids.push(res.body.id as string);
      }
      armed = true;
      arm?.();
      const requests: [string, string, unknown?][] = [
        ['GET', `/Users/${ids[0]}`],
        ['GET', '/Users?startIndex=1&count=100'],
        ['PATCH', `/Users/${ids[1]}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'title', value: 'patched' }] }],
        ['DELETE', `/Users/${ids[0]}`],
      ];
      const recorded = nextExchanges(t.sandbox, requests.length);
      for (const [method, target, body] of requests) {
        const res = await t.scim(method, target, body === undefined ? {} : { body });
        expect(res.status, `${method} ${target}`).toBe(method === 'DELETE' ? 204 : 200);
        if (method !== 'DELETE') expect(held(res.body, secrets).length, `${method} ${target} answers a stored secret`).toBeGreaterThan(0);
      }
      const summaries: ExchangeSummary[] = await recorded;
      expect(t.sandbox.recordingMode()).toBe(mode);
      for (const [i, summary] of summaries.entries()) {
        const [method, target] = requests[i]!;
        const ex = await t.admin('GET', `/api/exchanges/${summary.id}`);
        expect(ex.status).toBe(200);
        expect(held(ex.body, secrets), `${method} ${target} over the admin API`).toEqual([]);
        if (!interpreted) {
          expect(ex.body.lint, `${method} ${target}`).toEqual([expect.objectContaining({ code: INTERPRETATION_FAILED })]);
          if (method !== 'DELETE') expect(ex.body.response.body, `${method} ${target}`).toContain(REDACTED);
          continue;
        }
        if (i === 0) expect(ex.body.response.body).toMatchObject({ id: ids[0], nickName: REDACTED, title: 'keep me' });
        if (i === 1) expect(ex.body.response.body.Resources.map((r: { nickName: string }) => r.nickName)).toEqual([REDACTED, REDACTED]);
        if (i === 2) expect(ex.body.response.body).toMatchObject({ id: ids[1], nickName: REDACTED, title: 'patched' });
        if (method !== 'GET') expect(ex.body.changes, `${method} ${target}`).toEqual([expect.objectContaining({ id: ids[method === 'PATCH' ? 1 : 0] })]);
      }
      const har = await t.admin('GET', '/api/exchanges.har');
      expect(har.status).toBe(200);
      expect(held(har.body, secrets), 'the HAR').toEqual([]);
      const last = summaries.at(-1)!.id;
      await socket.next((m) => m.type === 'batch' && m.events.some((e: { exchange?: { id: string } }) => e.exchange?.id === last));
      expect(held(socket.messages, secrets), 'the live socket').toEqual([]);
      for (const id of ids) {
        const history = await t.admin('GET', `/api/users/${id}/history`);
        expect(history.status).toBe(200);
        expect(history.text, `the history of ${id}`).toContain(REDACTED);
        expect(held(history.body, secrets), `the history of ${id}`).toEqual([]);
      }
      await t.sandbox.exchanges.flush();
      const files = await recordingFiles(t.sandbox.exchanges.dir);
      expect(files.length).toBeGreaterThan(0);
      for (const { file, text, strings } of files) {
        expect(held(strings, secrets), file).toEqual([]);
        expect(held(text, secrets), file).toEqual([]);
      }
    } finally {
      socket.ws.close();
      await socket.closed;
    }
  });
});
