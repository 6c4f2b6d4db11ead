/**
 * The resource history's own edges on real files: clear() (a store reset's) empties memory and disk
 * and the history carries on; a write the disk refuses is logged, its entries are left out of the
 * timeline rather than read from the wrong place, and the next write lands whole. Pages come newest
 * first by seq, seqs survive a restart (lines from before seqs get numbers in order), and a lower cap
 * evicts the oldest at once. A SCIM change is numbered when reserved (its commit) and written when
 * labelled, so lines may be out of seq order on disk; a line's own seq is never renumbered.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
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
    const { history } = await ResourceHistory.open(folder.dir, 20_000);
    history.append([change('a', 1), change('a', 2), change('b', 1)]);
    await history.flush();
    expect((await readdir(folder.dir)).sort()).toEqual(['history-index.jsonl', 'history.jsonl']);
    await history.clear();
    expect(await history.forResource('User', 'a')).toEqual([]);
    expect(await readdir(folder.dir)).toEqual([]);
    history.append([change('a', 3)]);
    // Seqs are not reused after a clear: a cursor from before it never lands on a new entry.
    expect(await history.forResource('User', 'a')).toEqual([{ ...change('a', 3), seq: 4 }]);
    await history.close();
    const { history: again } = await ResourceHistory.open(folder.dir, 20_000);
    expect(await again.forResource('User', 'a')).toEqual([{ ...change('a', 3), seq: 4 }]);
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
    expect(await reopened.forResource('User', 'a')).toEqual([{ ...change('a', 3), seq: 3 }]);
    expect(logged.join('\n')).toMatch(/Could not read 2 history entries of User a/);
    await reopened.close();
    expect(existsSync(path.join(folder.dir, 'history.jsonl'))).toBe(true);
  });

  it('pages a timeline newest first by seq, across the files and the lines not yet written', async () => {
    const { history } = await ResourceHistory.open(folder.dir, 1000);
    // a gets 1, 3, 5, ... 19; b the even seqs.
    for (let v = 1; v <= 10; v++) history.append([change('a', v), change('b', v)]);
    await history.flush();
    history.append([change('a', 11)]); // seq 21, still waiting to be written
    const seqs = async (before: number | undefined, count: number) => {
      const page = await history.page('User', 'a', { before, count });
      return { seqs: page.entries.map((e) => e.seq), versions: page.entries.map((e) => (e.after!.meta as { version: string }).version), total: page.total, nextBefore: page.nextBefore };
    };
    expect(await seqs(undefined, 3)).toEqual({ seqs: [21, 19, 17], versions: ['W/"11"', 'W/"10"', 'W/"9"'], total: 11, nextBefore: 17 });
    expect(await seqs(17, 3)).toEqual({ seqs: [15, 13, 11], versions: ['W/"8"', 'W/"7"', 'W/"6"'], total: 11, nextBefore: 11 });
    expect(await seqs(16, 3)).toEqual({ seqs: [15, 13, 11], versions: ['W/"8"', 'W/"7"', 'W/"6"'], total: 11, nextBefore: 11 });
    expect(await seqs(5, 10)).toEqual({ seqs: [3, 1], versions: ['W/"2"', 'W/"1"'], total: 11, nextBefore: null });
    expect(await seqs(1, 10)).toEqual({ seqs: [], versions: [], total: 11, nextBefore: null });
    expect(await seqs(1_000, 100)).toMatchObject({ total: 11, nextBefore: null });
    expect((await history.page('User', 'nobody', { count: 5 })).total).toBe(0);
    await history.close();
    const { history: again } = await ResourceHistory.open(folder.dir, 1000);
    expect((await again.page('User', 'a', { count: 2 })).entries.map((e) => e.seq)).toEqual([21, 19]);
    again.append([change('b', 11)]);
    expect((await again.page('User', 'b', { count: 1 })).entries.map((e) => e.seq)).toEqual([22]);
    await again.close();
  });

  it('numbers lines written before seqs existed in order, and continues after them', async () => {
    const { history } = await ResourceHistory.open(folder.dir, 20_000);
    history.append([change('a', 1), change('a', 2), change('a', 3)]);
    await history.close();
    // The files as the previous version wrote them: no seq in the data lines or the index.
    for (const name of ['history.jsonl', 'history-index.jsonl']) {
      const file = path.join(folder.dir, name);
      await writeFile(file, (await readFile(file, 'utf8')).replace(/"seq":\d+,/g, ''));
    }
    // The index's offsets no longer match the shorter data lines: it is rebuilt from the data file.
    const logged: string[] = [];
    const { history: old } = await ResourceHistory.open(folder.dir, 100, (m) => logged.push(m));
    expect(logged.join('\n')).toMatch(/Rebuilt .*history-index\.jsonl/);
    expect((await old.forResource('User', 'a')).map((e) => e.seq)).toEqual([1, 2, 3]);
    old.append([change('a', 4)]);
    expect((await old.page('User', 'a', { count: 2 })).entries.map((e) => e.seq)).toEqual([4, 3]);
    await old.close();
  });

  it('keeps the seqs of lines that have one when more lines from before seqs load (a raised cap), and numbers those the same at every start', async () => {
    const { history } = await ResourceHistory.open(folder.dir, 30);
    for (let v = 1; v <= 30; v++) history.append([change('old', v)]);
    await history.close();
    // The files as the previous version wrote them: 30 lines without a seq.
    for (const name of ['history.jsonl', 'history-index.jsonl']) {
      const file = path.join(folder.dir, name);
      await writeFile(file, (await readFile(file, 'utf8')).replace(/"seq":\d+,/g, ''));
    }
    const logged: string[] = [];
    // The first start after the upgrade keeps the newest 20 and numbers them 1-20; new entries follow.
    const { history: first } = await ResourceHistory.open(folder.dir, 20, (m) => logged.push(m));
    const oldSeqs = (await first.forResource('User', 'old')).map((e) => e.seq);
    expect(oldSeqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    for (let v = 1; v <= 5; v++) first.append([change('new', v)]);
    const newLine = await first.forResource('User', 'new');
    expect(newLine.map((e) => e.seq)).toEqual([21, 22, 23, 24, 25]);
    await first.close();
    // The cap raised: all 30 old lines load again. The new entries keep their seqs and stay readable,
    // the old ones keep theirs, and the 10 that were beyond the cap when numbered stay out.
    const { history: raised } = await ResourceHistory.open(folder.dir, 50, (m) => logged.push(m));
    expect(await raised.forResource('User', 'new')).toEqual(newLine);
    const old = await raised.forResource('User', 'old');
    expect(old.map((e) => e.seq)).toEqual(oldSeqs);
    expect(old.map((e) => (e.after!.meta as { version: string }).version)).toEqual(Array.from({ length: 20 }, (_, i) => `W/"${i + 11}"`));
    expect(logged.join('\n')).not.toMatch(/Could not read/);
    expect(logged.join('\n')).toMatch(/Left out the 10 oldest history entries written before entries were numbered/);
    raised.append([change('new', 6)]);
    expect((await raised.page('User', 'new', { count: 2 })).entries.map((e) => e.seq)).toEqual([26, 25]);
    await raised.close();
  });

  it('numbers a reserved change when reserved, shows its draft until labelled, and writes it labelled', async () => {
    const { history } = await ResourceHistory.open(folder.dir, 100);
    const draft = { ...change('a', 1), source: 'scim' as const, exchangeId: 'ex-1', summary: 'A SCIM client updated a' };
    history.reserve('ex-1', [draft]);
    history.append([change('a', 2)]);
    expect(await history.forResource('User', 'a')).toEqual([{ ...draft, seq: 1 }, { ...change('a', 2), seq: 2 }]);
    await history.flush();
    // Written once labelled, after entry 2 in the file: the seq keeps its place.
    const scrubbed = { ...draft.after!, userName: '[scrubbed]' };
    history.complete('ex-1', { at: draft.at, client: 'okta', kind: 'user.update', summary: 'Okta updated a' }, [{ resourceType: 'User', id: 'a', before: draft.before, after: scrubbed }]);
    const labelled = { ...draft, client: 'okta', summary: 'Okta updated a', after: scrubbed, seq: 1 };
    expect(await history.forResource('User', 'a')).toEqual([labelled, { ...change('a', 2), seq: 2 }]);
    history.complete('ex-1', { at: draft.at, client: 'okta', kind: 'user.update', summary: 'twice' }, []);
    await history.close();
    const lines = (await readFile(path.join(folder.dir, 'history.jsonl'), 'utf8')).trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).seq)).toEqual([2, 1]);
    const { history: again } = await ResourceHistory.open(folder.dir, 100);
    expect(await again.forResource('User', 'a')).toEqual([labelled, { ...change('a', 2), seq: 2 }]);
    expect((await again.page('User', 'a', { count: 1, before: 2 })).entries).toEqual([labelled]);
    again.append([change('a', 3)]);
    expect((await again.forResource('User', 'a')).map((e) => e.seq)).toEqual([1, 2, 3]);
    await again.close();
  });

  it('writes a draft whose labels never came as it is at close', async () => {
    const { history } = await ResourceHistory.open(folder.dir, 100);
    const draft = { ...change('a', 1), source: 'scim' as const, exchangeId: 'lost', summary: 'A SCIM client updated a' };
    history.reserve('lost', [draft]);
    await history.close();
    const { history: again } = await ResourceHistory.open(folder.dir, 100);
    expect(await again.forResource('User', 'a')).toEqual([{ ...draft, seq: 1 }]);
    await again.close();
  });

  it('takes a line whose seq is not its record\'s for a missing entry, not for the change', async () => {
    const logged: string[] = [];
    const { history } = await ResourceHistory.open(folder.dir, 100, (m) => logged.push(m));
    history.append([change('a', 1)]);
    await history.close();
    const file = path.join(folder.dir, 'history.jsonl');
    await writeFile(file, (await readFile(file, 'utf8')).replace('"seq":1,', '"seq":7,'));
    const { history: again } = await ResourceHistory.open(folder.dir, 100, (m) => logged.push(m));
    // The index still says seq 1: the line read at its offset is not that entry.
    expect(await again.forResource('User', 'a')).toEqual([]);
    expect(logged.join('\n')).toMatch(/Could not read 1 history entries of User a/);
    await again.close();
  });

  it('evicts the oldest entries at once when the cap is lowered, and keeps the newest cap from then on', async () => {
    const { history } = await ResourceHistory.open(folder.dir, 10);
    for (let v = 1; v <= 8; v++) history.append([change('a', v)]);
    history.append([change('b', 1)]);
    expect(history.size).toBe(9);
    history.setCap(3);
    expect(history.size).toBe(3);
    expect((await history.forResource('User', 'a')).map((e) => e.seq)).toEqual([7, 8]);
    expect((await history.page('User', 'a', { count: 10 })).total).toBe(2);
    history.append([change('a', 9), change('a', 10)]);
    expect((await history.forResource('User', 'a')).map((e) => e.seq)).toEqual([10, 11]);
    expect((await history.forResource('User', 'b')).map((e) => e.seq)).toEqual([9]);
    history.setCap(5);
    history.append([change('a', 11), change('a', 12)]);
    expect((await history.forResource('User', 'a')).map((e) => e.seq)).toEqual([10, 11, 12, 13]);
    await history.close();
    // A restart keeps the newest cap entries, as the running history did.
    const { history: again } = await ResourceHistory.open(folder.dir, 5);
    expect((await again.forResource('User', 'a')).map((e) => e.seq)).toEqual([10, 11, 12, 13]);
    await again.close();
  });
});
