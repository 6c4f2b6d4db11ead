/**
 * What waits for its exchange's labels stays bounded: a SCIM change waits at most MAX_WAIT_MS (and
 * up to a second more: ages are looked at once a second) or
 * until MAX_AWAITING exchanges wait, then goes as drafted (written to disk, nothing left waiting);
 * the labels of an exchange recorded before its commit label that commit at once, and only the last
 * MAX_SETTLED such exchanges are remembered.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../server/contract/admin.js';
import { HistoryDrafts, MAX_AWAITING, MAX_SETTLED, MAX_WAIT_MS } from '../../server/recorder/history-drafts.js';
import { ResourceHistory } from '../../server/recorder/resource-history.js';
import { tempDir } from '../helpers/temp-dir.js';

const draft = (id: string, exchangeId: string): HistoryEntry => ({
  at: '2026-01-01T00:00:00.000Z',
  resourceType: 'User',
  id,
  source: 'scim',
  exchangeId,
  client: null,
  kind: 'user.create',
  summary: `A SCIM client created ${id}`,
  before: null,
  after: { id, userName: `${id}@example.com` },
});
const labels = { at: '2026-01-01T00:00:01.000Z', client: 'okta' as const, kind: 'user.create', summary: 'Okta created it' };

describe('history drafts', () => {
  it('calls an exchange overdue after MAX_WAIT_MS, oldest first, and not before (looking at ages once a second)', () => {
    let now = 0;
    const drafts = new HistoryDrafts<object>(() => now);
    drafts.wait('x1', {}, draft('a', 'x1'));
    now = 10_000;
    drafts.wait('x2', {}, draft('b', 'x2'));
    now = MAX_WAIT_MS - 1;
    expect(drafts.overdue()).toEqual([]);
    // Within a second of the last look, ages are not looked at again.
    now = MAX_WAIT_MS + 998;
    expect(drafts.overdue()).toEqual([]);
    now = MAX_WAIT_MS + 999;
    expect(drafts.overdue()).toEqual(['x1']);
    now = MAX_WAIT_MS + 10_000;
    expect(drafts.overdue()).toEqual(['x1', 'x2']);
  });

  it('remembers the labels of the last MAX_SETTLED writes recorded with nothing waiting, not of reads', () => {
    const drafts = new HistoryDrafts<object>();
    for (let i = 0; i <= MAX_SETTLED; i++) drafts.settle(`x${i}`, labels);
    drafts.settle('lookup', { ...labels, kind: 'user.lookup' });
    expect(drafts.recorded('x0')).toBeUndefined();
    expect(drafts.recorded('x1')).toEqual({ labels });
    expect(drafts.recorded(`x${MAX_SETTLED}`)).toEqual({ labels });
    expect(drafts.recorded('lookup')).toBeUndefined();
    // The ring keeps going round: the next write pushes out x1.
    drafts.settle('next', labels);
    expect(drafts.recorded('x1')).toBeUndefined();
    expect(drafts.recorded('x2')).toEqual({ labels });
  });
});

describe('resource history: waiting drafts', () => {
  let folder: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    folder = await tempDir();
  });
  afterEach(() => folder.remove());

  it('writes the oldest waiting exchange as drafted once MAX_AWAITING more wait', async () => {
    const { history } = await ResourceHistory.open(folder.dir, 20_000);
    for (let i = 0; i <= MAX_AWAITING; i++) history.reserve(`x${i}`, [draft(`u${i}`, `x${i}`)]);
    expect(history.drafts).toBe(MAX_AWAITING);
    await history.flush();
    const lines = (await readFile(path.join(folder.dir, 'history.jsonl'), 'utf8')).trim().split('\n');
    expect(lines.map((line) => JSON.parse(line).id)).toEqual(['u0']);
    // Its labels, should they come now, find nothing waiting: the entry stays as drafted.
    history.complete('x0', labels, []);
    expect((await history.forResource('User', 'u0'))[0]).toMatchObject({ summary: 'A SCIM client created u0', client: null });
    await history.close();
  });

  it('labels a commit at once when its exchange was recorded before it, every commit of that exchange', async () => {
    const { history } = await ResourceHistory.open(folder.dir, 20_000);
    history.complete('x1', labels, []);
    history.reserve('x1', [draft('a', 'x1')]);
    history.reserve('x1', [draft('b', 'x1')]);
    expect(history.drafts).toBe(0);
    for (const id of ['a', 'b']) expect(await history.forResource('User', id)).toEqual([expect.objectContaining({ ...labels, exchangeId: 'x1', id })]);
    await history.close();
  });
});
