/**
 * A SCIM write whose client goes away while the store commits it, over real HTTP: the exchange is
 * recorded as aborted at once (with no changes, the commit has not landed), and the commit lands
 * after it. Its history entry must not wait as a draft for labels that already came: it is written
 * to history.jsonl with its exchange's labels, and nothing is left waiting. The journal is held by
 * a gate on the store's persistence (a slow disk, through the door the real one uses). A secret the
 * client put in an attribute (the workspace's bearer token, its OAuth client secret) is scrubbed from
 * that entry as from the exchange: in history.jsonl and in the timeline.
 */
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Persistence } from '../../server/store/persistence.js';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox } from '../helpers/sandbox.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** Holds the next journal append until released; `reached` resolves when a commit is waiting on it. */
function holdJournal(persistence: Persistence): { reached: Promise<void>; release: () => void } {
  const append = persistence.append.bind(persistence);
  let release!: () => void;
  let reached!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const waiting = new Promise<void>((resolve) => (reached = resolve));
  persistence.append = async (entry) => {
    persistence.append = append;
    reached();
    await gate;
    return append(entry);
  };
  return { reached: waiting, release };
}

type Started = Awaited<ReturnType<typeof startSandbox>>;

/** POSTs `user` as Okta and leaves while its commit waits on the journal; returns once the commit landed. */
async function abandonedCreate(t: Started, user: Record<string, unknown>) {
  const store = t.sandbox.store as unknown as { persistence: Persistence };
  const held = holdJournal(store.persistence);
  const url = new URL(`${t.addresses.scimUrl}/Users`);
  const recorded = nextExchanges(t.sandbox, 1);
  const body = JSON.stringify({ schemas: [USER], active: true, ...user });
  const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { Authorization: `Bearer ${t.token}`, 'Content-Type': 'application/scim+json', 'User-Agent': 'Okta SCIM Client 1.0.0' } });
  const gone = new Promise<void>((resolve) => req.once('error', () => resolve()).once('close', () => resolve()));
  req.end(body);
  await held.reached;
  // The commit waits on the journal: the client leaves, and its exchange is recorded without changes.
  req.destroy();
  await gone;
  const [exchange] = await recorded;
  expect(exchange!.outcome).toBe('aborted');
  expect(exchange!.client).toBe('okta');

  const committed = new Promise<void>((resolve) => t.sandbox.bus.once('store:changed', () => resolve()));
  held.release();
  await committed;
  expect(t.sandbox.history.drafts).toBe(0);
  const id = t.sandbox.store.idForUniqueName('User', user.userName as string)!;
  expect(id).toBeTruthy();
  return { exchange: exchange!, id };
}

describe('history of a write whose client went away', () => {
  it('writes the late commit with its aborted exchange’s labels instead of leaving a draft waiting', async () => {
    const t = await startSandbox({ seed: 'empty' });
    const { exchange, id } = await abandonedCreate(t, { userName: 'gone@example.com' });
    const timeline = await t.admin('GET', `/api/users/${id}/history`);
    expect(timeline.status, timeline.text).toBe(200);
    expect(timeline.body.items).toEqual([expect.objectContaining({ source: 'scim', exchangeId: exchange.id, client: 'okta', kind: exchange.operation.kind, at: exchange.startedAt, after: expect.objectContaining({ userName: 'gone@example.com' }) })]);
    // Written, not waiting: the line is on disk before close() (which would write a waiting draft).
    await t.sandbox.history.flush();
    const lines = (await readFile(path.join(t.dataDir, 'history.jsonl'), 'utf8')).split('\n').filter((line) => line.includes(id));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ exchangeId: exchange.id, client: 'okta' });
  });

  it('scrubs the workspace’s secrets the client stored in attributes from that entry, on disk and in the timeline', async () => {
    const t = await startSandbox({ seed: 'empty' });
    const clientSecret = t.sandbox.settings.current.auth.oauth.clientSecret;
    expect(clientSecret.length).toBeGreaterThanOrEqual(6);
    const { exchange, id } = await abandonedCreate(t, { userName: 'leaky@example.com', displayName: t.token, title: `secret ${clientSecret}` });
    const timeline = await t.admin('GET', `/api/users/${id}/history`);
    expect(timeline.status, timeline.text).toBe(200);
    expect(timeline.body.items).toEqual([expect.objectContaining({ exchangeId: exchange.id, client: 'okta', after: expect.objectContaining({ userName: 'leaky@example.com', displayName: '[redacted]', title: 'secret [redacted]' }) })]);
    await t.sandbox.history.flush();
    const file = await readFile(path.join(t.dataDir, 'history.jsonl'), 'utf8');
    expect(file).toContain('leaky@example.com');
    for (const secret of [t.token, clientSecret]) {
      expect(timeline.text).not.toContain(secret);
      expect(file).not.toContain(secret);
    }
  });
});
