/**
 * The resource history lives on disk (history.jsonl with its offset index) and the history
 * endpoint reads a timeline back from it: the same entries, with their before and after, after
 * creates, PATCHes and group pushes, after a restart, after the file rotates, with a torn last line
 * or a damaged index, and with lines from before seqs under a raised cap; a group push stores the
 * group once; no password reaches it; workspaces never see each other's timelines.
 */
import { existsSync } from 'node:fs';
import { appendFile, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { adminJson, createWorkspace } from '../helpers/workspaces.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const PASSWORD = 'Correct-horse-battery-staple-9';

interface Entry {
  kind: string;
  source: string;
  before: Record<string, any> | null;
  after: Record<string, any> | null;
  exchangeId: string | null;
}

const timeline = async (t: TestSandbox, type: 'users' | 'groups', id: string) => {
  const res = await t.admin('GET', `/api/${type}/${id}/history`);
  expect(res.status).toBe(200);
  expect(res.body.total).toBe(res.body.items.length);
  return res.body.items as Entry[];
};

const lines = async (file: string) => (await readFile(file, 'utf8')).split('\n').filter((l) => l !== '');

/** Sends SCIM requests one after another and waits until the recorder has put them in the history. */
async function scimRecorded(t: TestSandbox, requests: [string, string, unknown?][]): Promise<any[]> {
  const recorded = nextExchanges(t.sandbox, requests.length);
  const bodies: any[] = [];
  for (const [method, url, body] of requests) {
    const res = await t.scim(method, url, body === undefined ? {} : { body });
    expect(res.status, `${method} ${url}: ${res.text}`).toBeLessThan(300);
    bodies.push(res.body);
  }
  await recorded;
  return bodies;
}

const deactivate = (active: boolean) => ({ schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: active }] });

describe('resource history on disk', () => {
  it('shows creates, PATCHes and group pushes with their before and after, the same after a restart', async () => {
    const t = await startSandbox();
    const [jane, sam] = await scimRecorded(t, [
      ['POST', '/Users', { schemas: [USER], userName: 'jane.hist@example.com', password: PASSWORD, active: true }],
      ['POST', '/Users', { schemas: [USER], userName: 'sam.hist@example.com', active: true }],
    ]);
    const [group] = await scimRecorded(t, [['POST', '/Groups', { schemas: [GROUP], displayName: 'History Pushers', members: [{ value: sam.id }] }]]);
    await scimRecorded(t, [
      ['PATCH', `/Users/${jane.id}`, deactivate(false)],
      ['PATCH', `/Groups/${group.id}`, { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: jane.id }] }] }],
      ['PATCH', `/Groups/${group.id}`, { schemas: [PATCH], Operations: [{ op: 'remove', path: `members[value eq "${sam.id}"]` }] }],
    ]);

    const janeLine = await timeline(t, 'users', jane.id);
    // Joining a group changes the user's `groups` too: her timeline shows the push.
    expect(janeLine.map((e) => e.kind)).toEqual(['user.create', 'user.deactivate', 'group.members.add']);
    expect(janeLine[2]!.after!.groups.map((g: { value: string }) => g.value)).toEqual([group.id]);
    expect(janeLine[2]!.before!.groups ?? []).toEqual([]);
    expect(janeLine[0]).toMatchObject({ source: 'scim', before: null, after: { userName: 'jane.hist@example.com', active: true } });
    expect(janeLine[1]!.before).toMatchObject({ active: true });
    expect(janeLine[1]!.after).toMatchObject({ active: false });
    expect(janeLine[1]!.before!.meta.version).not.toBe(janeLine[1]!.after!.meta.version);

    const groupLine = await timeline(t, 'groups', group.id);
    expect(groupLine.map((e) => e.kind)).toEqual(['group.create', 'group.members.add', 'group.members.remove']);
    const values = (r: Record<string, any> | null) => (r?.members ?? []).map((m: { value: string }) => m.value);
    expect(values(groupLine[1]!.before)).toEqual([sam.id]);
    expect(values(groupLine[1]!.after)).toEqual([sam.id, jane.id]);
    expect(values(groupLine[2]!.before)).toEqual([sam.id, jane.id]);
    expect(values(groupLine[2]!.after)).toEqual([jane.id]);
    // The timeline's last after is the group as SCIM reads it now.
    const now = (await t.scim('GET', `/Groups/${group.id}`)).body;
    expect(groupLine[2]!.after).toMatchObject({ displayName: now.displayName, meta: { version: now.meta.version, lastModified: now.meta.lastModified } });
    expect(values(groupLine[2]!.after)).toEqual(values(now));

    await t.stop();
    // A group push stores the group once: the before is what differs from the after.
    const stored = (await lines(path.join(t.dataDir, 'history.jsonl'))).map((l) => JSON.parse(l));
    const push = stored.find((l) => l.id === group.id && l.kind === 'group.members.add');
    expect(push.before).toBeUndefined();
    expect(push.beforeDelta).toEqual({ membersAdded: [jane.id], was: { meta: groupLine[1]!.before!.meta } });
    // No password anywhere in the history, on disk or through the API.
    for (const name of await readdir(t.dataDir)) if (name.startsWith('history')) expect(await readFile(path.join(t.dataDir, name), 'utf8')).not.toContain(PASSWORD);
    expect(JSON.stringify(janeLine)).not.toContain(PASSWORD);

    const again = await startSandbox({ dataDir: t.dataDir });
    expect(again.sandbox.warnings).toEqual([]);
    expect(await timeline(again, 'users', jane.id)).toEqual(janeLine);
    expect(await timeline(again, 'groups', group.id)).toEqual(groupLine);
    await again.close();
    await t.close();
  });

  it('keeps the newest entries up to its cap across rotations and restarts', async () => {
    const t = await startSandbox({ seed: 'empty' });
    expect((await adminJson(t, 'PUT', '/api/settings', { recording: { historyCap: 100 } })).status).toBe(200);
    const [user] = await scimRecorded(t, [['POST', '/Users', { schemas: [USER], userName: 'rotating@example.com', active: true }]]);
    await scimRecorded(t, Array.from({ length: 12 }, (_, i): [string, string, unknown] => ['PATCH', `/Users/${user.id}`, deactivate(i % 2 === 1)]));
    // 13 entries of the user, then 95 others: the file rotates at 100 and the user's oldest 8 go.
    expect((await adminJson(t, 'POST', '/api/users/generate', { count: 95 })).status).toBe(201);
    const expected = Array.from({ length: 5 }, (_, i) => ((12 - 5 + i) % 2 === 0 ? 'user.deactivate' : 'user.reactivate'));
    const kept = await timeline(t, 'users', user.id);
    expect(kept.map((e) => e.kind)).toEqual(expected);
    expect(kept.at(-1)!.after).toMatchObject({ active: true });
    await t.stop();
    const names = (await readdir(t.dataDir)).filter((n) => n.startsWith('history')).sort();
    expect(names).toEqual(['history-index.1.jsonl', 'history-index.jsonl', 'history.1.jsonl', 'history.jsonl']);
    expect((await lines(path.join(t.dataDir, 'history.1.jsonl'))).length).toBe(100);
    expect((await lines(path.join(t.dataDir, 'history.jsonl'))).length).toBe(8);
    // The cap is a setting: the restart keeps it.
    const again = await startSandbox({ dataDir: t.dataDir });
    expect(await timeline(again, 'users', user.id)).toEqual(kept);
    await again.close();
    await t.close();
  });

  it('keeps every change made since the upgrade when more lines from before seqs load later (a raised cap)', async () => {
    const t = await startSandbox({ seed: 'empty' });
    expect((await adminJson(t, 'PUT', '/api/settings', { recording: { historyCap: 100 } })).status).toBe(200);
    const generated = await adminJson(t, 'POST', '/api/users/generate', { count: 150, seed: 11 });
    expect(generated.status).toBe(201);
    await t.stop();
    // The history files as the version before seqs wrote them.
    for (const name of await readdir(t.dataDir)) {
      if (!name.startsWith('history')) continue;
      const file = path.join(t.dataDir, name);
      await writeFile(file, (await readFile(file, 'utf8')).replace(/"seq":\d+,/g, ''));
    }
    // The first start after the upgrade: the newest 100 old lines, then new changes.
    const upgraded = await startSandbox({ dataDir: t.dataDir });
    const made = await adminJson(upgraded, 'POST', '/api/users', { schemas: [USER], userName: 'after-upgrade@example.com' });
    expect(made.status).toBe(201);
    await adminJson(upgraded, 'PATCH', `/api/users/${made.body.id}`, deactivate(false));
    const newest = await timeline(upgraded, 'users', made.body.id);
    expect(newest.map((e) => e.kind)).toEqual(['user.create', 'user.deactivate']);
    const lastOld = generated.body.ids.at(-1) as string;
    const oldLine = await timeline(upgraded, 'users', lastOld);
    expect(oldLine.map((e) => e.kind)).toEqual(['user.create']);
    expect((await adminJson(upgraded, 'PUT', '/api/settings', { recording: { historyCap: 200 } })).status).toBe(200);
    await upgraded.stop();
    // With the cap raised, all 150 old lines load: the changes since the upgrade are still there, with the same seqs.
    const raised = await startSandbox({ dataDir: t.dataDir });
    expect(await timeline(raised, 'users', made.body.id)).toEqual(newest);
    expect(await timeline(raised, 'users', lastOld)).toEqual(oldLine);
    await raised.close();
    await upgraded.close();
    await t.close();
  });

  it('skips a torn last line (a crash mid-append) with a warning, keeps it on disk, and carries on after it', async () => {
    const t = await startSandbox({ seed: 'empty' });
    const made = await t.admin('POST', '/api/users', { body: { schemas: [USER], userName: 'torn@example.com' }, headers: { 'Content-Type': 'application/json' } });
    await t.stop();
    const file = path.join(t.dataDir, 'history.jsonl');
    const torn = `{"id":${JSON.stringify(made.body.id)},"resourceType":"User","at":"2026-`;
    await appendFile(file, torn);
    const second = await startSandbox({ dataDir: t.dataDir });
    expect(second.sandbox.warnings.join(' ')).toMatch(/incomplete last line in .*history\.jsonl/);
    expect((await timeline(second, 'users', made.body.id)).map((e) => e.kind)).toEqual(['user.create']);
    await adminJson(second, 'PATCH', `/api/users/${made.body.id}`, deactivate(false));
    expect((await timeline(second, 'users', made.body.id)).map((e) => e.kind)).toEqual(['user.create', 'user.deactivate']);
    await second.stop();
    // The torn text is still there (never overwritten); the next entry starts on its own line.
    expect(await readFile(file, 'utf8')).toContain(`${torn}\n`);
    const third = await startSandbox({ dataDir: t.dataDir });
    expect((await timeline(third, 'users', made.body.id)).map((e) => e.kind)).toEqual(['user.create', 'user.deactivate']);
    await third.close();
    await t.close();
  });

  it.each([
    ['is missing', (file: string) => rm(file)],
    ['has a garbage line', (file: string) => appendFile(file, 'not json\n')],
    ['points past its data file', (file: string) => writeFile(file, '{"key":"User:x","kind":"user.create","offset":999999,"length":10}\n')],
  ])('rebuilds the index from the data file when it %s', async (_name, damage) => {
    const t = await startSandbox({ seed: 'empty' });
    const made = await t.admin('POST', '/api/users', { body: { schemas: [USER], userName: 'index@example.com' }, headers: { 'Content-Type': 'application/json' } });
    await adminJson(t, 'PATCH', `/api/users/${made.body.id}`, deactivate(false));
    const before = await timeline(t, 'users', made.body.id);
    await t.stop();
    await damage(path.join(t.dataDir, 'history-index.jsonl'));
    const again = await startSandbox({ dataDir: t.dataDir });
    expect(await timeline(again, 'users', made.body.id)).toEqual(before);
    await again.stop();
    expect((await lines(path.join(t.dataDir, 'history-index.jsonl'))).map((l) => JSON.parse(l).key)).toEqual([`User:${made.body.id}`, `User:${made.body.id}`]);
    await t.close();
  });

  it("keeps each workspace's timelines to itself", async () => {
    const t = await startSandbox();
    await createWorkspace(t, 'hist-a');
    const made = await adminJson(t, 'POST', '/api/w/hist-a/users', { schemas: [USER], userName: 'isolated@example.com' });
    expect(made.status).toBe(201);
    expect((await t.admin('GET', `/api/w/hist-a/users/${made.body.id}/history`)).body.items.map((e: Entry) => e.kind)).toEqual(['user.create']);
    const elsewhere = await t.admin('GET', `/api/users/${made.body.id}/history`);
    expect(elsewhere.status).toBe(404);
    await t.stop();
    expect(await readFile(path.join(t.dataDir, 'history.jsonl'), 'utf8').catch(() => '')).not.toContain(made.body.id);
    await t.close();
  });

  it('keeps a memory sandbox’s timeline in a temporary folder it removes at close', async () => {
    const t = await startSandbox({ dataDir: ':memory:' });
    const made = await t.admin('POST', '/api/users', { body: { schemas: [USER], userName: 'memory@example.com' }, headers: { 'Content-Type': 'application/json' } });
    await adminJson(t, 'PATCH', `/api/users/${made.body.id}`, deactivate(false));
    await t.sandbox.history.flush();
    expect((await timeline(t, 'users', made.body.id)).map((e) => e.kind)).toEqual(['user.create', 'user.deactivate']);
    const folder = t.sandbox.history.dir;
    expect((await readdir(folder)).sort()).toEqual(['history-index.jsonl', 'history.jsonl']);
    await t.close();
    expect(existsSync(folder)).toBe(false);
  });
});
