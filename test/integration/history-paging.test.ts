/**
 * A long timeline in pages, and the history cap as a setting, over real HTTP: pages come newest
 * first and a cursor walks to the end without a gap or a repeat; bad parameters answer the admin
 * API's JSON error; a resource whose entries were all evicted answers an empty timeline while it
 * exists and 404 once deleted, as an unknown one does; a cursor from one workspace never shows another's entries. The cap is checked
 * like every setting (a refusal changes nothing in memory or on disk), lowering it evicts the
 * oldest entries at once, and it is kept per workspace across a restart and carried by lab bundles.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { adminJson, createWorkspace } from '../helpers/workspaces.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

interface Entry {
  seq: number;
  kind: string;
  summary: string;
  after: Record<string, any> | null;
}
interface Page {
  items: Entry[];
  total: number;
  nextBefore: number | null;
}

async function history(t: TestSandbox, url: string): Promise<Page> {
  const res = await t.admin('GET', url);
  expect(res.status, res.text).toBe(200);
  return res.body;
}

/** A user made from the inspector and renamed `renames` times: 1 + renames entries. */
async function busyUser(t: TestSandbox, prefix: string, userName: string, renames: number): Promise<string> {
  const made = await adminJson(t, 'POST', `${prefix}/users`, { schemas: [USER], userName });
  expect(made.status, made.text).toBe(201);
  for (let i = 1; i <= renames; i++) expect((await adminJson(t, 'PATCH', `${prefix}/users/${made.body.id}`, { displayName: `${userName} #${i}` })).status).toBe(200);
  return made.body.id;
}

describe('history pages', () => {
  let t: TestSandbox;
  let id: string;
  let whole: Entry[];
  beforeAll(async () => {
    t = await startSandbox({ seed: 'empty' });
    id = await busyUser(t, '/api', 'pages@example.com', 6);
    whole = (await history(t, `/api/users/${id}/history`)).items;
  });
  afterAll(() => t.close());

  it('answers the whole timeline oldest first without paging, as before, each entry with its seq', async () => {
    const page = await history(t, `/api/users/${id}/history`);
    expect(page).toMatchObject({ total: 7, nextBefore: null });
    expect(page.items.map((e) => e.kind)).toEqual(['user.create', ...Array(6).fill('user.update')]);
    const seqs = page.items.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(7);
  });

  const newestFirst = () => [...whole].reverse();
  it.each<[string, (s: number[]) => string, (s: number[]) => { seqs: number[]; nextBefore: number | null }]>([
    ['the first page', () => 'count=3', (s) => ({ seqs: s.slice(0, 3), nextBefore: s[2]! })],
    ['a page below a cursor', (s) => `count=3&before=${s[2]}`, (s) => ({ seqs: s.slice(3, 6), nextBefore: s[5]! })],
    ['the last page, shorter than count', (s) => `count=5&before=${s[4]}`, (s) => ({ seqs: s.slice(5), nextBefore: null })],
    ['a page that holds everything', () => 'count=500', (s) => ({ seqs: s, nextBefore: null })],
    ['before alone (the default count)', (s) => `before=${s[0]}`, (s) => ({ seqs: s.slice(1), nextBefore: null })],
    ['a cursor past the newest', (s) => `count=2&before=${s[0]! + 1000}`, (s) => ({ seqs: s.slice(0, 2), nextBefore: s[1]! })],
    ['below the oldest: empty', (s) => `count=3&before=${s[6]}`, () => ({ seqs: [], nextBefore: null })],
    ['below every seq: empty', () => 'before=1', () => ({ seqs: [], nextBefore: null })],
  ])('answers %s newest first', async (_name, query, expected) => {
    const seqs = newestFirst().map((e) => e.seq);
    const page = await history(t, `/api/users/${id}/history?${query(seqs)}`);
    expect({ seqs: page.items.map((e) => e.seq), nextBefore: page.nextBefore }).toEqual(expected(seqs));
    expect(page.total).toBe(7);
    // Each entry is the same as in the whole timeline.
    for (const item of page.items) expect(item).toEqual(whole.find((e) => e.seq === item.seq));
  });

  it('walks from the newest page to the oldest by its cursor, with no gap and no repeat', async () => {
    const seen: Entry[] = [];
    let before: number | null | undefined;
    let pages = 0;
    do {
      const page = await history(t, `/api/users/${id}/history?count=2${before ? `&before=${before}` : ''}`);
      seen.push(...page.items);
      before = page.nextBefore;
      pages++;
    } while (before !== null);
    expect(pages).toBe(4);
    expect(seen).toEqual(newestFirst());
  });

  it('keeps the cursor right while new entries arrive', async () => {
    const first = await history(t, `/api/users/${id}/history?count=3`);
    await adminJson(t, 'PATCH', `/api/users/${id}`, { displayName: 'pages, once more' });
    const second = await history(t, `/api/users/${id}/history?count=3&before=${first.nextBefore}`);
    expect(second.items.map((e) => e.seq)).toEqual(newestFirst().slice(3, 6).map((e) => e.seq));
    expect(second.total).toBe(8);
    const newest = await history(t, `/api/users/${id}/history?count=1`);
    expect(newest.items[0]).toMatchObject({ kind: 'user.update', after: { displayName: 'pages, once more' } });
    whole = (await history(t, `/api/users/${id}/history`)).items;
  });

  it.each([
    ['count=0', 'count', 'count: must be at least 1'],
    ['count=501', 'count', 'count: must be at most 500'],
    ['count=abc', 'count', 'count: must be a whole number'],
    ['count=-2', 'count', 'count: must be a whole number'],
    ['count=1.5', 'count', 'count: must be a whole number'],
    ['count=', 'count', 'count: must be a whole number'],
    ['before=0', 'before', 'before: must be at least 1'],
    ['before=next', 'before', 'before: must be a whole number'],
    ['before=1e3', 'before', 'before: must be a whole number'],
    ['before=3&before=4', 'before', 'before: give it once.'],
    ['limit=3', 'limit', 'Unknown query parameter "limit": the history takes count and before.'],
    ['count=2&cursor=7', 'cursor', 'Unknown query parameter "cursor": the history takes count and before.'],
    ['toString=1', 'toString', 'Unknown query parameter "toString": the history takes count and before.'],
    ['count=2&constructor=x', 'constructor', 'Unknown query parameter "constructor": the history takes count and before.'],
  ])('refuses %s with a JSON error', async (query, param, message) => {
    const res = await t.admin('GET', `/api/users/${id}/history?${query}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { status: 400, code: 'invalid_input', message } });
    expect(res.body.error.details[0].path).toBe(param);
  });

  it('answers 404 for an id never seen, paged or not, and checks parameters first', async () => {
    for (const query of ['', '?count=5', '?before=3']) {
      const res = await t.admin('GET', `/api/users/no-such-user/history${query}`);
      expect([res.status, res.body.error.code]).toEqual([404, 'not_found']);
    }
    expect((await t.admin('GET', '/api/groups/no-such-group/history?count=5')).status).toBe(404);
    expect((await t.admin('GET', '/api/users/no-such-user/history?count=0')).status).toBe(400);
  });
});

describe('the history cap setting', () => {
  it('refuses a bad cap with a JSON error and changes nothing, in memory or on disk', async () => {
    const t = await startSandbox({ seed: 'empty' });
    const id = await busyUser(t, '/api', 'kept@example.com', 2);
    const file = path.join(t.dataDir, 'settings.json');
    const onDisk = await readFile(file, 'utf8');
    const settings = (await t.admin('GET', '/api/settings')).body;
    expect(settings.recording.historyCap).toBe(20_000);
    for (const [value, message] of [
      [99, 'recording.historyCap: Keep at least 100 history entries.'],
      [1_000_001, 'recording.historyCap: Keep at most 1,000,000 history entries.'],
      [150.5, 'recording.historyCap'],
      ['200', 'recording.historyCap'],
      [null, 'recording.historyCap'],
    ] as const) {
      const res = await adminJson(t, 'PUT', '/api/settings', { recording: { historyCap: value, retention: 500 } });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_input');
      expect(res.body.error.message).toContain(message);
    }
    expect((await t.admin('GET', '/api/settings')).body).toEqual(settings);
    expect(await readFile(file, 'utf8')).toBe(onDisk);
    expect(t.sandbox.history.size).toBe(3);
    expect((await history(t, `/api/users/${id}/history`)).total).toBe(3);
  });

  it('evicts the oldest entries at once when lowered, and keeps the newest cap after a restart', async () => {
    const t = await startSandbox({ seed: 'empty' });
    const old = await busyUser(t, '/api', 'oldest@example.com', 4);
    const generated = await adminJson(t, 'POST', '/api/users/generate', { count: 97, seed: 7 });
    expect(generated.status).toBe(201);
    const recent = await busyUser(t, '/api', 'recent@example.com', 3);
    // 5 + 97 + 4 = 106 entries: a cap of 100 drops the oldest six, the oldest user's five and the first generated user's create.
    expect(t.sandbox.history.size).toBe(106);
    const res = await adminJson(t, 'PUT', '/api/settings', { recording: { historyCap: 100 } });
    expect(res.status, res.text).toBe(200);
    expect(res.body.recording).toMatchObject({ historyCap: 100, retention: 100_000 });
    expect(t.sandbox.history.size).toBe(100);
    // The user still exists; its changes were evicted: an empty timeline, not a 404.
    expect(await history(t, `/api/users/${old}/history`)).toEqual({ items: [], total: 0, nextBefore: null });
    expect(await history(t, `/api/users/${old}/history?count=10`)).toEqual({ items: [], total: 0, nextBefore: null });
    expect((await history(t, `/api/users/${generated.body.ids[0]}/history`)).items.map((e) => e.kind)).toEqual([]);
    expect((await history(t, `/api/users/${generated.body.ids[1]}/history`)).items.map((e) => e.kind)).toEqual(['user.create']);
    const kept = await history(t, `/api/users/${recent}/history`);
    expect(kept.total).toBe(4);
    const settingsFile = JSON.parse(await readFile(path.join(t.dataDir, 'settings.json'), 'utf8'));
    expect(settingsFile.settings.recording.historyCap).toBe(100);
    await t.stop();

    const again = await startSandbox({ dataDir: t.dataDir });
    expect((await again.admin('GET', '/api/settings')).body.recording.historyCap).toBe(100);
    expect(again.sandbox.history.size).toBe(100);
    expect(await history(again, `/api/users/${recent}/history`)).toEqual(kept);
    // Raised again: nothing comes back, and the history grows to the new cap.
    expect((await adminJson(again, 'PUT', '/api/settings', { recording: { historyCap: 200 } })).status).toBe(200);
    await busyUser(again, '/api', 'after@example.com', 9);
    expect(again.sandbox.history.size).toBe(110);
    await again.close();
    await t.close();
  });

  it('keeps a deleted resource\'s timeline until its entries are evicted, then answers 404 (an existing one answers an empty timeline)', async () => {
    const t = await startSandbox({ seed: 'empty' });
    const gone = await busyUser(t, '/api', 'gone@example.com', 0);
    const kept = await busyUser(t, '/api', 'stays@example.com', 0);
    expect((await t.admin('DELETE', `/api/users/${gone}`)).status).toBe(204);
    expect((await history(t, `/api/users/${gone}/history`)).items.map((e) => e.kind)).toEqual(['user.create', 'user.delete']);
    expect((await adminJson(t, 'POST', '/api/users/generate', { count: 100, seed: 3 })).status).toBe(201);
    expect((await adminJson(t, 'PUT', '/api/settings', { recording: { historyCap: 100 } })).status).toBe(200);
    // 103 entries, cap 100: the deleted user's two and the kept user's create are evicted.
    for (const query of ['', '?count=5']) {
      const res = await t.admin('GET', `/api/users/${gone}/history${query}`);
      expect([res.status, res.body.error?.code]).toEqual([404, 'not_found']);
      expect(await history(t, `/api/users/${kept}/history${query}`)).toEqual({ items: [], total: 0, nextBefore: null });
    }
    await t.close();
  });

  it('is set per workspace', async () => {
    const t = await startSandbox({ seed: 'empty' });
    await createWorkspace(t, 'cap-b');
    expect((await adminJson(t, 'PUT', '/api/w/cap-b/settings', { recording: { historyCap: 100 } })).status).toBe(200);
    expect((await t.admin('GET', '/api/w/cap-b/settings')).body.recording.historyCap).toBe(100);
    expect((await t.admin('GET', '/api/settings')).body.recording.historyCap).toBe(20_000);
    // 101 creates in each: cap-b drops its first, the default workspace keeps all.
    const idsIn = async (prefix: string) => (await adminJson(t, 'POST', `${prefix}/users/generate`, { count: 101 })).body.ids as string[];
    const [firstB] = await idsIn('/api/w/cap-b');
    const [firstDefault] = await idsIn('/api');
    expect((await history(t, `/api/w/cap-b/users/${firstB}/history`)).total).toBe(0);
    expect((await history(t, `/api/users/${firstDefault}/history`)).total).toBe(1);
    // A copy of cap-b takes its cap with its other settings.
    await createWorkspace(t, 'cap-c', 'cap-b');
    expect((await t.admin('GET', '/api/w/cap-c/settings')).body.recording.historyCap).toBe(100);
    await t.close();
  });
});

describe('the history cap in lab bundles', () => {
  it('travels in a bundle and applies on import at once, with the retention; a bundle from before the setting keeps the cap', async () => {
    const trainer = await startSandbox({ seed: 'empty' });
    const trainee = await startSandbox({ seed: 'empty' });
    expect((await adminJson(trainer, 'PUT', '/api/settings', { recording: { historyCap: 150, retention: 100 } })).status).toBe(200);
    const bundle = (await trainer.admin('GET', '/api/bundle')).body;
    expect(bundle.settings.recording).toMatchObject({ historyCap: 150, retention: 100 });
    expect((await adminJson(trainee, 'POST', '/api/users/generate', { count: 180 })).status).toBe(201);
    expect(trainee.sandbox.history.size).toBe(180);
    const recorded = nextExchanges(trainee.sandbox, 120);
    for (let i = 0; i < 120; i++) expect((await trainee.scim('GET', '/Users?count=1')).status).toBe(200);
    await recorded;
    expect(trainee.sandbox.exchanges.size).toBe(120);
    const imported = await adminJson(trainee, 'POST', '/api/bundle/import', { bundle, confirm: true });
    expect(imported.status, imported.text).toBe(200);
    expect((await trainee.admin('GET', '/api/settings')).body.recording).toMatchObject({ historyCap: 150, retention: 100 });
    // The import's own changes (180 users removed) joined the history, which keeps its newest 150.
    expect(trainee.sandbox.history.size).toBe(150);
    // The retention too, which only PUT /api/settings applied before.
    expect(trainee.sandbox.exchanges.size).toBe(100);

    const { historyCap: _cap, ...olderRecording } = bundle.settings.recording;
    const older = { ...bundle, settings: { ...bundle.settings, recording: olderRecording } };
    expect((await adminJson(trainee, 'PUT', '/api/settings', { recording: { historyCap: 5000 } })).status).toBe(200);
    expect((await adminJson(trainee, 'POST', '/api/bundle/import', { bundle: older, confirm: true })).status).toBe(200);
    expect((await trainee.admin('GET', '/api/settings')).body.recording.historyCap).toBe(5000);
    await trainer.close();
    await trainee.close();
  });
});

describe('history pages and workspaces', () => {
  it('never shows another workspace’s entries, whatever the cursor', async () => {
    const t = await startSandbox({ seed: 'empty' });
    const id = await busyUser(t, '/api', 'shared@example.com', 3);
    // A copy of the default workspace: the same user, with the same id, and a history of its own.
    await createWorkspace(t, 'copy-b', 'default');
    expect((await t.admin('GET', `/api/w/copy-b/users/${id}`)).status).toBe(200);
    await adminJson(t, 'PATCH', `/api/w/copy-b/users/${id}`, { displayName: 'only in copy-b' });
    const a = await history(t, `/api/users/${id}/history`);
    const b = await history(t, `/api/w/copy-b/users/${id}/history`);
    for (const before of [...a.items.map((e) => e.seq), a.items.at(-1)!.seq + 1, 1_000_000]) {
      const page = await history(t, `/api/w/copy-b/users/${id}/history?count=500&before=${before}`);
      for (const item of page.items) expect(b.items).toContainEqual(item);
      expect(page.total).toBe(b.total);
    }
    for (const item of a.items) expect(b.items).not.toContainEqual(item);
    expect(b.items.map((e) => e.after?.displayName)).toContain('only in copy-b');
    expect(a.items.map((e) => e.after?.displayName)).not.toContain('only in copy-b');
    // A workspace's resource that the other lacks: 404 there, cursor or not.
    const onlyA = await busyUser(t, '/api', 'only-a@example.com', 1);
    const cursor = (await history(t, `/api/users/${onlyA}/history?count=1`)).items[0]!.seq;
    expect((await t.admin('GET', `/api/w/copy-b/users/${onlyA}/history?before=${cursor + 1}`)).status).toBe(404);
    await t.close();
  });
});
