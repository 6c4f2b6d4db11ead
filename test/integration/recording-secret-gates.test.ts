/**
 * Over real HTTP, a secret a client stored in a user's attribute (the SCIM token as a userName or
 * nickName) stays out of every exit where the recording worker's gate (capture-scrub.ts) or the
 * resource history could miss it: an exchange recorded without its bodies because the recorder had
 * fallen behind (the response that held the secret never reached the worker), a failed Group request
 * whose summary names the member looked up (the response does not hold the name), and a history
 * entry whose labels come back after the token was regenerated. The recording worker is held at its
 * door (the sandbox's `postToWorker`) to make each window certain. Exits searched: the admin API
 * (list, detail, history), the HAR, the live socket, the exchanges and history files (strings decoded).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExchangeSummary } from '../../server/contract/exchange.js';
import { BACKLOG_CHARS } from '../../server/recorder/handoff-backlog.js';
import { REDACTED } from '../../server/recorder/redact.js';
import { BODIES_NOT_KEPT_LINT } from '../../server/recorder/recording-wire.js';
import { openSocket, type OpenSocket } from '../helpers/event-socket.js';
import { filesUnder } from '../helpers/files-under.js';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { workerDoor } from '../helpers/worker-door.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
/** Users of ~1 M characters each (a request body's limit is 1 MiB): their page is more than half BACKLOG_CHARS. */
const BIG_USERS = Math.ceil(BACKLOG_CHARS / 2 / 1_000_000);

/** Whether a text holds the secret, raw, percent-encoded or in any JSON string once decoded (a HAR's bodies are JSON text inside JSON). */
function holds(text: string, secret: string): boolean {
  if (text.includes(secret) || text.includes(encodeURIComponent(secret))) return true;
  for (const [token] of text.matchAll(/"(?:[^"\\]|\\.)*"/g)) {
    try {
      const inner = JSON.parse(token) as string;
      if (inner !== token && inner.length > 2 && holds(inner, secret)) return true;
    } catch {
      // not a JSON string
    }
  }
  return false;
}

/** The exits that hold `secret`: the admin list and every listed exchange's detail, the HAR, the live socket, the recording's files. */
async function exitsHolding(t: TestSandbox, socket: OpenSocket, secret: string): Promise<string[]> {
  const found: string[] = [];
  const list = await t.admin('GET', '/api/exchanges?limit=1000');
  expect(list.status).toBe(200);
  if (holds(list.text, secret)) found.push('admin list');
  for (const s of list.body.items as ExchangeSummary[]) {
    const detail = await t.admin('GET', `/api/exchanges/${s.id}`);
    if (holds(detail.text, secret)) found.push(`detail ${s.method} ${s.path}`);
  }
  const har = await t.admin('GET', '/api/exchanges.har');
  expect(har.status).toBe(200);
  if (holds(har.text, secret)) found.push('HAR');
  if (holds(JSON.stringify(socket.messages), secret)) found.push('live socket');
  await t.sandbox.exchanges.flush();
  for (const file of await filesUnder(t.sandbox.exchanges.dir)) {
    if (/^(exchange|history)/.test(path.basename(file)) && holds(await readFile(file, 'utf8'), secret)) found.push(path.basename(file));
  }
  return found;
}

async function withSocket(t: TestSandbox, run: (socket: OpenSocket) => Promise<void>): Promise<void> {
  const socket = await openSocket(`${t.addresses.adminUrl.replace('http', 'ws')}/api/events`, { Authorization: `Bearer ${t.adminToken}` });
  try {
    await run(socket);
  } finally {
    socket.ws.close();
    await socket.closed;
  }
}

/** The live socket has carried the exchange (its batches come after the record is listed). */
const announced = (socket: OpenSocket, id: string) => socket.next((m) => m.type === 'batch' && m.events.some((e: { exchange?: { id: string } }) => e.exchange?.id === id));

async function createUser(t: TestSandbox, body: Record<string, unknown>): Promise<string> {
  const res = await t.scim('POST', '/Users', { body: { schemas: [USER], ...body } });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

describe('a stored secret the gate could miss', () => {
  it('a read recorded without its bodies (the recorder behind) does not quote the secret its response held', async () => {
    const door = workerDoor();
    const t = await startSandbox({ seed: 'empty', postToWorker: door.post });
    const secret = t.token;
    await withSocket(t, async (socket) => {
      const setup = nextExchanges(t.sandbox, 1 + BIG_USERS);
      const id = await createUser(t, { userName: secret });
      // Users whose list page is more than half the hand-off bound: the second page handed over passes it.
      for (let i = 0; i < BIG_USERS; i++) await createUser(t, { userName: `big${i}@example.com`, displayName: 'x'.repeat(1_000_000) });
      await setup;
      door.hold();
      const recorded = nextExchanges(t.sandbox, 3);
      const page = `/Users?filter=${encodeURIComponent('userName sw "big"')}`;
      for (const target of [page, page]) expect((await t.scim('GET', target)).status).toBe(200);
      const read = await t.scim('GET', `/Users/${id}`);
      expect(read.status).toBe(200);
      expect(read.body.userName).toBe(secret);
      door.release();
      const [, , summary] = await recorded;
      const detail = await t.admin('GET', `/api/exchanges/${summary!.id}`);
      // The window: this exchange reached the worker without its bodies.
      expect(detail.body.lint.map((l: { code: string }) => l.code)).toContain(BODIES_NOT_KEPT_LINT);
      expect(summary!.operation.summary).toContain(REDACTED);
      await announced(socket, summary!.id);
      expect(await exitsHolding(t, socket, secret)).toEqual([]);
    });
  });

  it('a failed Group request does not quote the member it names, looked up for its summary', async () => {
    const t = await startSandbox({ seed: 'empty' });
    const secret = t.token;
    await withSocket(t, async (socket) => {
      const id = await createUser(t, { userName: secret });
      const recorded = nextExchanges(t.sandbox, 1);
      const res = await t.scim('PATCH', '/Groups/no-such-group', { body: { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: id }] }] } });
      expect(res.status).toBe(404);
      expect(res.text).not.toContain(secret);
      const [summary] = await recorded;
      expect(summary!.operation.summary).toContain(REDACTED);
      await announced(socket, summary!.id);
      expect(await exitsHolding(t, socket, secret)).toEqual([]);
    });
  });

  it('a change recorded after the token it stored was regenerated keeps it out of the history', async () => {
    const door = workerDoor();
    const t = await startSandbox({ seed: 'empty', postToWorker: door.post });
    const old = t.token;
    await withSocket(t, async (socket) => {
      door.hold();
      const recorded = nextExchanges(t.sandbox, 1);
      const id = await createUser(t, { userName: 'rotated@example.com', nickName: old });
      expect((await t.admin('POST', '/api/settings/token/regenerate')).status).toBe(200);
      expect(t.sandbox.settings.current.auth.token).not.toBe(old);
      // While the labels wait, the timeline shows the draft.
      const draft = await t.admin('GET', `/api/users/${id}/history`);
      expect(draft.status).toBe(200);
      expect(holds(draft.text, old), 'the draft').toBe(false);
      door.release();
      const [summary] = await recorded;
      const history = await t.admin('GET', `/api/users/${id}/history`);
      expect(history.status).toBe(200);
      expect(history.text).toContain(REDACTED);
      expect(holds(history.text, old), 'the history').toBe(false);
      await t.sandbox.history.flush();
      await announced(socket, summary!.id);
      expect(await exitsHolding(t, socket, old)).toEqual([]);
    });
  });
});
