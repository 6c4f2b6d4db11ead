/**
 * The load index is a cache, and its failures cost only time: a compaction whose index write fails
 * counts as done; a refused clear right after start is undone without parsing the users it saved; a
 * user that does not parse in the background is reported without a crash or a lost write, and the
 * next start reads the full way.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { isAppError } from '../../server/app-errors.js';
import type { ScimResource } from '../../server/contract/scim.js';
import { FilePersistence } from '../../server/store/file-persistence.js';
import { readJournal } from '../../server/store/journal-format.js';
import { segmentName } from '../../server/store/journal-writer.js';
import { indexFile, indexFileOf } from '../../server/store/snapshot-index.js';
import { Store } from '../../server/store/store.js';
import { contents, copyOf, crashCopy, dir, file, group, open, openLogged, put, rewriteIndex, secret, seed, track, useStoreFolder, user } from '../helpers/store-load-index.js';

useStoreFolder();

describe('store.json load index when things fail', () => {
  it('counts a compaction whose index write fails (a full disk) as done: store.json written, journal folded, stale index removed, failure reported', async () => {
    const { store, logs } = await openLogged();
    await store.commit(seed, { source: 'seed' });
    await store.compact();
    expect(existsSync(indexFileOf(file()))).toBe(true);
    await store.commit([put('User', user('u8', 'eight@example.com'))], { source: 'scim' });
    const write = vi.spyOn(indexFile, 'write').mockRejectedValueOnce(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
    await store.compact();
    expect(write).toHaveBeenCalledTimes(1);
    expect(logs.join('\n')).not.toMatch(/Compaction failed/);
    expect(logs.join('\n')).toMatch(/load index .* was not written .*ENOSPC/);
    expect(existsSync(indexFileOf(file()))).toBe(false);
    expect(JSON.parse(await readFile(file(), 'utf8')).users.map((u: ScimResource) => u.id)).toContain('u8');
    expect((await readJournal(path.join(dir, 'journal'), segmentName)).entries).toEqual([]);
    // The next start reads the full way and holds the same.
    expect(contents(await open(true, await copyOf(dir)))).toEqual(contents(store));
  });

  it('undoes a refused clear right after start without parsing the users it saved, and then holds exactly what it held', async () => {
    const first = await open(true);
    await first.commit(Array.from({ length: 3_000 }, (_, i) => put('User', user(`p${i}`, `p${i}@example.com`, { externalId: `x${i % 7}` }))), { source: 'seed' });
    await first.commit([{ kind: 'secret', id: 'p1', secret }, put('Group', group('g1', 'Team', ['p1', 'p2999']))], { source: 'seed' });
    await first.close();
    const expected = contents(await open(false, await copyOf(dir)));
    const persistence = new FilePersistence({ dir, prettyLimit: 0 });
    const store = await Store.open(persistence, { log: () => undefined });
    track(store);
    vi.spyOn(persistence, 'append').mockRejectedValueOnce(new Error('disk full (injected)'));
    // A snapshot restore: clear, then a new user taking a name the clear freed. Up to the journal write
    // the commit runs synchronously, before the background parse has another turn: count its parses.
    const parse = vi.spyOn(JSON, 'parse');
    const committing = store.commit([{ kind: 'clear' }, put('User', user('n1', 'p5@example.com'))], { source: 'inspector' });
    // The written user is parsed once (laid out as a loaded record, record-layout.ts); none of the saved ones.
    const parsed = parse.mock.calls.filter(([text]) => !String(text).includes('"id":"n1"')).length;
    parse.mockRestore();
    let error: unknown;
    try {
      await committing;
    } catch (e) {
      error = e;
    }
    expect(isAppError(error, 'STORE_WRITE_FAILED'), String(error)).toBe(true);
    expect(parsed).toBe(0);
    // Everything as it was but the sequence number, which a refused commit still used up.
    const now = contents(store);
    expect({ ...now, capture: { ...now.capture, journalSeq: expected.capture.journalSeq } }).toEqual(expected);
  });

  it('survives a user that does not parse in the background: reported, no crash, the journal kept through close, the next start reads the full way', async () => {
    const first = await open(true);
    await first.commit(seed, { source: 'seed' });
    await first.compact();
    await first.commit([put('User', user('u8', 'eight@example.com'))], { source: 'scim' });
    // A crash: the journal holds u8, so the store compacts once its users are parsed.
    const folder = await crashCopy();
    // Each span in its place and in order (so the index is taken), the first one a byte off: that user does not parse.
    await rewriteIndex((body) => (body.users.spans[0]! += 1), folder);
    const { store, logs } = await openLogged(folder);
    expect(store.get('User', 'u8')?.userName).toBe('eight@example.com');
    await store.settled;
    expect(logs.join('\n')).toMatch(/in the background failed/);
    expect(logs.join('\n')).toMatch(/Compaction failed/);
    expect(existsSync(indexFileOf(path.join(folder, 'store.json')))).toBe(false);
    await store.close();
    expect((await readJournal(path.join(folder, 'journal'), segmentName)).entries.length).toBeGreaterThan(0);
    const reopened = await open(true, folder);
    expect(reopened.get('User', 'u8')?.userName).toBe('eight@example.com');
    // Its compaction (the journal, and a fresh index) ends before the folder is copied.
    await reopened.settled;
    expect(existsSync(indexFileOf(path.join(folder, 'store.json')))).toBe(true);
    expect(contents(reopened)).toEqual(contents(await open(false, await copyOf(folder))));
  });
});
