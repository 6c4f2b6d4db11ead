/**
 * The resource history's own edges on real files: clear() (a store reset's) empties memory and disk
 * and the history carries on; a write the disk refuses is logged, its entries are left out of the
 * timeline rather than read from the wrong place, and the next write lands whole.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../server/contract/admin.js';
import { ResourceHistory } from '../../server/recorder/resource-history.js';
import { tempDir } from '../helpers/temp-dir.js';

const change = (id: string, version: number): HistoryEntry => ({
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, version)).toISOString(),
  resourceType: 'User',
  id,
  source: 'inspector',
  exchangeId: null,
  client: null,
  kind: 'user.update',
  summary: `updated ${id}`,
  before: { id, userName: `${id}@example.com`, meta: { version: `W/"${version - 1}"` } },
  after: { id, userName: `${id}@example.com`, meta: { version: `W/"${version}"` } },
});

describe('resource history', () => {
  let folder: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    folder = await tempDir();
  });
  afterEach(() => folder.remove());

  it('clears memory and files, then records again', async () => {
    const { history } = await ResourceHistory.open(folder.dir);
    history.append([change('a', 1), change('a', 2), change('b', 1)]);
    await history.flush();
    expect((await readdir(folder.dir)).sort()).toEqual(['history-index.jsonl', 'history.jsonl']);
    await history.clear();
    expect(await history.forResource('User', 'a')).toEqual([]);
    expect(await readdir(folder.dir)).toEqual([]);
    history.append([change('a', 3)]);
    expect(await history.forResource('User', 'a')).toEqual([change('a', 3)]);
    await history.close();
    const { history: again } = await ResourceHistory.open(folder.dir);
    expect(await again.forResource('User', 'a')).toEqual([change('a', 3)]);
    expect(await again.forResource('User', 'b')).toEqual([]);
    await again.close();
  });

  it('logs a write the disk refuses, leaves those entries out, and writes the next ones whole', async () => {
    const logged: string[] = [];
    const { history } = await ResourceHistory.open(folder.dir, 100, (m) => logged.push(m));
    history.append([change('a', 1)]);
    await history.flush();
    // The data file's place is taken by a folder: opening it for append throws.
    await history.close();
    const { history: reopened } = await ResourceHistory.open(folder.dir, 100, (m) => logged.push(m));
    await rm(path.join(folder.dir, 'history.jsonl'));
    await mkdir(path.join(folder.dir, 'history.jsonl'));
    reopened.append([change('a', 2)]);
    await reopened.flush();
    expect(logged.join('\n')).toMatch(/Could not write .*history\.jsonl/);
    await rm(path.join(folder.dir, 'history.jsonl'), { recursive: true });
    reopened.append([change('a', 3)]);
    await reopened.flush();
    // Entry 1 went with the removed file and entry 2 was never written: they are missing, not wrong.
    expect(await reopened.forResource('User', 'a')).toEqual([change('a', 3)]);
    expect(logged.join('\n')).toMatch(/Could not read 2 history entries of User a/);
    await reopened.close();
    expect(existsSync(path.join(folder.dir, 'history.jsonl'))).toBe(true);
  });
});
