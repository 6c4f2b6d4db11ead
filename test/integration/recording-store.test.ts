/**
 * Recorded bodies live on disk (server/recorder/exchange-file.ts): memory keeps summaries, an offset
 * index and a small cache. Over real HTTP: a full exchange comes back from the file after a restart
 * and after a rotation; retention trims and the files rotate; a damaged exchanges file or index is
 * reported and the good part kept (the data file never rewritten); the cache stays bounded; search
 * matches summary fields and identifiers quickly and body text on request; memory mode writes to a
 * temporary folder that is gone after close.
 */
import { existsSync } from 'node:fs';
import { appendFile, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_FILE, INDEX_FILE, PREVIOUS_DATA_FILE } from '../../server/recorder/exchange-file.js';
import { RECENT_CACHE_SIZE } from '../../server/recorder/exchange-log.js';
import { bodySearchToEnd, nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

async function record(t: TestSandbox, count: number, send: (i: number) => Promise<unknown>): Promise<void> {
  const recorded = nextExchanges(t.sandbox, count);
  for (let i = 0; i < count; i++) await send(i);
  await recorded;
}

async function createUsers(t: TestSandbox, n: number, prefix = 'disk'): Promise<void> {
  await record(t, n, (i) => t.scim('POST', '/Users', { body: { schemas: [USER], userName: `${prefix}${i}@example.com`, title: `title-${prefix}-${i}` } }));
}

const lineCount = async (file: string) => (await readFile(file, 'utf8')).split('\n').filter(Boolean).length;

describe('a full exchange read back from the exchanges file', () => {
  it('is the same through the admin API after a restart', async () => {
    const first = await startSandbox({ seed: 'empty' });
    await createUsers(first, 3);
    const { body: list } = await first.admin('GET', '/api/exchanges?limit=3');
    const before = await Promise.all(list.items.map((s: { id: string }) => first.admin('GET', `/api/exchanges/${s.id}`).then((r) => r.body)));
    expect(before.map((e) => e.request.body.userName)).toEqual(['disk2@example.com', 'disk1@example.com', 'disk0@example.com']);
    await first.stop();
    const second = await startSandbox({ dataDir: first.dataDir });
    for (const exchange of before) expect((await second.admin('GET', `/api/exchanges/${exchange.id}`)).body).toEqual(exchange);
    // The HAR export and curl read the bodies from disk too.
    const har = await second.admin('GET', '/api/exchanges.har');
    expect(har.body.log.entries.map((e: { request: { postData?: { text: string } } }) => JSON.parse(e.request.postData!.text).userName)).toEqual(['disk0@example.com', 'disk1@example.com', 'disk2@example.com']);
    expect((await second.admin('GET', `/api/exchanges/${before[0].id}/curl`)).body.curl).toContain('disk2@example.com');
    await second.close();
    await first.close();
  });

  it('keeps memory to the summaries: lists carry no bodies, and the cache of opened exchanges stays bounded', async () => {
    const t = await startSandbox({ seed: 'empty' });
    const n = RECENT_CACHE_SIZE + 16;
    await createUsers(t, n, 'cache');
    const { body: list } = await t.admin('GET', `/api/exchanges?limit=${n}`);
    expect(list.items[0]).not.toHaveProperty('request');
    for (const s of list.items) expect((await t.admin('GET', `/api/exchanges/${s.id}`)).body.id).toBe(s.id);
    expect(t.sandbox.exchanges.cachedCount).toBe(RECENT_CACHE_SIZE);
    // The oldest left the cache and is read from disk again, whole.
    const oldest = list.items[n - 1].id;
    expect((await t.admin('GET', `/api/exchanges/${oldest}`)).body.request.body.userName).toBe('cache0@example.com');
    expect(t.sandbox.exchanges.cachedCount).toBe(RECENT_CACHE_SIZE);
    await t.close();
  });
});

describe('retention and rotation', () => {
  it('keeps the newest `retention` exchanges, rotates the files, and reads bodies from both files', async () => {
    const t = await startSandbox({ seed: 'empty' });
    await t.admin('PUT', '/api/settings', { body: { recording: { retention: 100 } } });
    await createUsers(t, 250, 'rot');
    const { body: list } = await t.admin('GET', '/api/exchanges?limit=100');
    expect(list.total).toBe(100);
    expect(await lineCount(path.join(t.dataDir, DATA_FILE))).toBe(50);
    expect(await lineCount(path.join(t.dataDir, PREVIOUS_DATA_FILE))).toBe(100);
    // The newest 50 are in the current file, the 50 before them in the previous one.
    const names = await Promise.all(list.items.map((s: { id: string }) => t.admin('GET', `/api/exchanges/${s.id}`).then((r) => r.body.request.body.userName)));
    expect(names).toEqual(Array.from({ length: 100 }, (_, i) => `rot${249 - i}@example.com`));
    await t.stop();
    const again = await startSandbox({ dataDir: t.dataDir });
    const { body: after } = await again.admin('GET', '/api/exchanges?limit=100');
    expect(after.total).toBe(100);
    expect((await again.admin('GET', `/api/exchanges/${after.items[99].id}`)).body.request.body.userName).toBe('rot150@example.com');
    await again.close();
    await t.close();
  });
});

describe('a damaged exchanges file or index', () => {
  const cases: { name: string; damage: (dir: string) => Promise<void>; total: number; warning: RegExp | null; dataUntouched: boolean }[] = [
    {
      name: 'the index is missing (a folder from before the index): rebuilt from the data file',
      damage: (dir) => rm(path.join(dir, INDEX_FILE)),
      total: 4,
      warning: null,
      dataUntouched: true,
    },
    {
      name: 'an index line is garbage: the index is rebuilt, nothing is lost',
      damage: async (dir) => {
        const lines = (await readFile(path.join(dir, INDEX_FILE), 'utf8')).split('\n');
        lines[1] = '{"summary": nope';
        await writeFile(path.join(dir, INDEX_FILE), lines.join('\n'));
      },
      total: 4,
      warning: null,
      dataUntouched: true,
    },
    {
      name: 'an unreadable line in the middle of the data file (no index): skipped with a warning, the rest kept',
      damage: async (dir) => {
        await rm(path.join(dir, INDEX_FILE));
        const lines = (await readFile(path.join(dir, DATA_FILE), 'utf8')).split('\n');
        lines[1] = '{"id":"broken", this is not json';
        await writeFile(path.join(dir, DATA_FILE), lines.join('\n'));
      },
      total: 3,
      warning: /unreadable line 2/,
      dataUntouched: true,
    },
    {
      name: 'the data file was cut short (the index points past its end): the whole records kept, the torn one reported',
      damage: async (dir) => {
        const text = await readFile(path.join(dir, DATA_FILE), 'utf8');
        await truncate(path.join(dir, DATA_FILE), Buffer.byteLength(text) - 40);
      },
      total: 3,
      warning: /incomplete last line/,
      dataUntouched: true,
    },
  ];

  it.each(cases)('$name', async ({ damage, total, warning, dataUntouched }) => {
    const first = await startSandbox({ seed: 'empty' });
    await createUsers(first, 4, 'dmg');
    await first.stop();
    await damage(first.dataDir);
    const damaged = await readFile(path.join(first.dataDir, DATA_FILE));
    const second = await startSandbox({ dataDir: first.dataDir });
    if (warning) expect(second.sandbox.warnings.join(' ')).toMatch(warning);
    else expect(second.sandbox.warnings).toEqual([]);
    const { body: list } = await second.admin('GET', '/api/exchanges?limit=10');
    expect(list.total).toBe(total);
    for (const s of list.items) expect((await second.admin('GET', `/api/exchanges/${s.id}`)).body.request.body.userName).toMatch(/^dmg\d@example\.com$/);
    // Recording carries on; the next start finds everything again with no warning about the index.
    await record(second, 1, () => second.scim('GET', '/Users?count=1'));
    await second.stop();
    if (dataUntouched) expect((await readFile(path.join(first.dataDir, DATA_FILE))).subarray(0, damaged.length).equals(damaged)).toBe(true);
    const third = await startSandbox({ dataDir: first.dataDir });
    expect((await third.admin('GET', '/api/exchanges?limit=0')).body.total).toBe(total + 1);
    const newest = (await third.admin('GET', '/api/exchanges?limit=1')).body.items[0];
    expect((await third.admin('GET', `/api/exchanges/${newest.id}`)).body.request.query).toEqual({ count: '1' });
    await third.close();
    await first.close();
  });

  it('continues after a torn last data line without an index line for it', async () => {
    const first = await startSandbox({ seed: 'empty' });
    await createUsers(first, 2, 'torn');
    await first.stop();
    await appendFile(path.join(first.dataDir, DATA_FILE), '{"id":"torn","seq":99,"request":{"meth');
    const second = await startSandbox({ dataDir: first.dataDir });
    expect(second.sandbox.warnings.join(' ')).toMatch(/incomplete last line/);
    await createUsers(second, 1, 'after');
    const { body: list } = await second.admin('GET', '/api/exchanges');
    expect((await second.admin('GET', `/api/exchanges/${list.items[0].id}`)).body.request.body.userName).toBe('after0@example.com');
    await second.close();
    await first.close();
  });
});

describe('search over the recorded exchanges', () => {
  it('matches summary fields and identifiers at once, and body text when asked to read bodies', async () => {
    const t = await startSandbox({ seed: 'empty' });
    const created = await t.scim('POST', '/Users', { body: { schemas: [USER], userName: 'ada.lovelace@example.com', externalId: 'ext-ada-42', displayName: 'Countess Ada', title: 'analytical-engine-notes' } });
    const id = created.body.id as string;
    await record(t, 4, async (i) => {
      if (i === 0) await t.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "ada.lovelace@example.com"')}`);
      if (i === 1) await t.scim('PATCH', `/Users/${id}`, { body: { schemas: [PATCH], Operations: [{ op: 'replace', value: { nickName: 'needle-in-a-body' } }] } });
      if (i === 2) await t.scim('GET', '/Users?startIndex=1&count=100');
      if (i === 3) await t.scim('GET', '/Users/no-such-user');
    });
    const kinds = async (query: string) => {
      // A body search is read to its end: its first page may answer with its first match alone.
      const bodies = query.includes('&bodies=true');
      const { body } = bodies ? { body: await bodySearchToEnd(t.admin, query.replace('&bodies=true', '')) } : await t.admin('GET', `/api/exchanges?${query}`);
      return { kinds: body.items.map((s: { operation: { kind: string } }) => s.operation.kind).sort(), total: body.total, bodySearch: bodies ? undefined : body.bodySearch };
    };
    const table: [string, string[], boolean?][] = [
      // Summary fields: method, path, status, kind, client, summary text.
      ['search=PATCH', ['user.update']],
      ['search=404', ['user.read']],
      ['search=user.import', ['user.import']],
      // Identifiers from the bodies: userName, externalId, displayName, id.
      ['search=ADA.LOVELACE', ['user.create', 'user.import', 'user.lookup', 'user.update']],
      ['search=ext-ada-42', ['user.create', 'user.import', 'user.lookup', 'user.update']],
      ['search=countess', ['user.create', 'user.import', 'user.lookup', 'user.update']],
      [`search=${id}`, ['user.create', 'user.import', 'user.lookup', 'user.update']],
      // Other body text is not in the quick search...
      ['search=analytical-engine', []],
      ['search=needle-in-a-body', []],
      // ...but a body search reads the records and finds it (the import page came after the PATCH).
      ['search=analytical-engine&bodies=true', ['user.create', 'user.import', 'user.lookup', 'user.update'], true],
      ['search=needle-in-a-body&bodies=true', ['user.import', 'user.update'], true],
      // Filters combine with both.
      ['search=ada.lovelace&method=GET', ['user.import', 'user.lookup']],
      ['search=needle-in-a-body&bodies=true&method=GET', ['user.import'], true],
      ['search=needle-in-a-body&bodies=true&method=DELETE', [], true],
    ];
    for (const [query, expected, bodies] of table) {
      const got = await kinds(query);
      expect({ query, kinds: got.kinds, total: got.total }).toEqual({ query, kinds: expected, total: expected.length });
      // A body search is read to its end by bodySearchToEnd (it throws if it never completes).
      if (!bodies) expect(got.bodySearch).toBeUndefined();
    }
    await t.close();
  });

  it('says how far a body search got when its budget runs out, and continues below it', async () => {
    const t = await startSandbox({ seed: 'empty' });
    await createUsers(t, 30, 'budget');
    const { body: first } = await t.admin('GET', '/api/exchanges?search=title-budget-0&bodies=true&budgetMs=10&limit=1');
    expect(first.bodySearch.read).toBeGreaterThan(0);
    let found = first.items.length;
    let to = first.bodySearch.searchedTo as number;
    let complete = first.bodySearch.complete as boolean;
    while (!complete) {
      const { body } = await t.admin('GET', `/api/exchanges?search=title-budget-0&bodies=true&budgetMs=10&beforeSeq=${to}`);
      expect(body.bodySearch.searchedTo).toBeLessThan(to);
      found += body.items.length;
      to = body.bodySearch.searchedTo;
      complete = body.bodySearch.complete;
    }
    expect(found).toBe(1);
    await t.close();
  });
});

describe('memory mode', () => {
  it('writes bodies to a temporary folder, reads them back, and removes it at close', async () => {
    const t = await startSandbox({ dataDir: ':memory:', seed: 'empty' });
    const dir = t.sandbox.exchanges.dir;
    expect(path.basename(dir)).toMatch(/^scimscope-exchanges-/);
    await createUsers(t, 2, 'mem');
    const { body: list } = await t.admin('GET', '/api/exchanges');
    expect((await t.admin('GET', `/api/exchanges/${list.items[0].id}`)).body.request.body.userName).toBe('mem1@example.com');
    expect(await readdir(dir)).toEqual(expect.arrayContaining([DATA_FILE, INDEX_FILE]));
    await t.close();
    expect(existsSync(dir)).toBe(false);
  });
});
