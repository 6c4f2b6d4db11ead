/**
 * The recorded traffic at scale, over real HTTP: a quick search says what it covers (so the inspector
 * needs no second request to count), a body search paged with small budgets finds every match across
 * its pages exactly once and never one at or above `beforeSeq`, and the HAR export and the lab bundle,
 * now written exchange batch by batch as they are read from disk, are the same text as the documents
 * built whole in memory (more exchanges than one batch, and with a filter).
 */
import { describe, expect, it } from 'vitest';
import type { ExchangeQuery } from '../../server/recorder/exchange-query.js';
import { toHar } from '../../server/recorder/har.js';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** Creates `n` users (each a recorded POST) whose titles all hold `slice-title`. */
async function createUsers(t: TestSandbox, n: number): Promise<string[]> {
  const recorded = nextExchanges(t.sandbox, n);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await t.scim('POST', '/Users', { body: { schemas: [USER], userName: `slice${i}@example.com`, title: `slice-title-${i}` } })).body.id);
  await recorded;
  return ids;
}

describe('searching at scale', () => {
  it('answers a quick search with what it covers: the exchanges its other filters select and the newest of them', async () => {
    const t = await startSandbox({ seed: 'empty' });
    await createUsers(t, 5);
    const recorded = nextExchanges(t.sandbox, 2);
    await t.scim('GET', '/Users?startIndex=1&count=2');
    await t.scim('GET', '/Users/no-such-user');
    await recorded;
    const table: [string, number, string][] = [
      ['search=slice3', 1, ''],
      ['search=slice&method=POST', 5, 'method=POST'],
      ['search=no-such-user', 1, ''],
      ['search=nothing-matches-this', 0, ''],
      ['search=slice&method=DELETE', 0, 'method=DELETE'],
    ];
    for (const [query, matches, filters] of table) {
      const { body } = await t.admin('GET', `/api/exchanges?${query}&limit=1`);
      const { body: all } = await t.admin('GET', `/api/exchanges?${filters}&limit=1`);
      expect({ query, total: body.total, covered: body.covered }).toEqual({ query, total: matches, covered: { total: all.total, newestSeq: all.items[0]?.seq ?? null } });
    }
    // No text, no coverage: the list is what it was.
    expect((await t.admin('GET', '/api/exchanges?limit=1')).body).not.toHaveProperty('covered');
    await t.close();
  });

  it('pages a body search with small budgets: every match once, none at or above beforeSeq, until complete', async () => {
    const t = await startSandbox({ seed: 'empty' });
    await createUsers(t, 40);
    // Lookups after the creates: their bodies (import pages) hold titles too; 20 more records to read.
    const recorded = nextExchanges(t.sandbox, 20);
    for (let i = 0; i < 20; i++) await t.scim('GET', `/Users?startIndex=${i + 1}&count=1`);
    await recorded;
    // Every exchange made here holds the term (the creates in their requests, the lookups in their
    // answers), so the whole list is what the pages must add up to. Taken without a search: a body
    // search's first page answers with its first matches after 16 ms whatever its budget, so under load
    // a single search with a large budget is not complete and cannot be the expectation.
    const expected = (await t.admin('GET', '/api/exchanges?limit=500')).body;
    expect(expected.total).toBe(60);
    const seen: number[] = [];
    let beforeSeq = '';
    let limit: number | null = null;
    for (let pages = 0; ; pages++) {
      const { body } = await t.admin('GET', `/api/exchanges?search=slice-title&bodies=true&limit=7&budgetMs=10${beforeSeq}`);
      for (const s of body.items as { seq: number }[]) {
        if (limit !== null) expect(s.seq).toBeLessThan(limit);
        seen.push(s.seq);
      }
      if (body.bodySearch.complete) break;
      limit = body.bodySearch.searchedTo;
      beforeSeq = `&beforeSeq=${limit}`;
      expect(pages).toBeLessThan(200);
    }
    expect(seen).toEqual(expected.items.map((s: { seq: number }) => s.seq));
    await t.close();
  });
});

describe('exports written as they are read', () => {
  it('writes the HAR export as the same text as the whole document, across batches and with a filter', async () => {
    const t = await startSandbox({ seed: 'empty' });
    await createUsers(t, 70);
    const recorded = nextExchanges(t.sandbox, 3);
    for (let i = 0; i < 3; i++) await t.scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "slice${i}@example.com"`)}`);
    await recorded;
    const table: [string, ExchangeQuery][] = [['', {}], ['?method=GET', { methods: ['GET'] }], ['?search=slice1', { search: 'slice1' }], ['?method=DELETE', { methods: ['DELETE'] }]];
    for (const [query, q] of table) {
      const res = await t.admin('GET', `/api/exchanges.har${query}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="scimscope-.*\.har"$/);
      const options = { origin: new URL(t.addresses.scimUrl!).origin, version: res.body.log.creator.version };
      expect(res.text).toBe(JSON.stringify(toHar(await t.sandbox.exchanges.fullMatching(q), options)));
    }
    expect((await t.admin('GET', '/api/exchanges.har')).body.log.entries).toHaveLength(73);
    await t.close();
  });

  it('writes a lab bundle with its traffic as the same text as the whole bundle stringified', async () => {
    const t = await startSandbox({ seed: 'empty' });
    await createUsers(t, 70);
    const res = await t.admin('GET', '/api/bundle?traffic=true');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(res.body.exportedAt.replace(/[:.]/g, '-'));
    const options = { origin: new URL(t.addresses.scimUrl!).origin, version: res.body.scimscope };
    expect(res.text).toBe(`${JSON.stringify({ ...res.body, traffic: toHar(await t.sandbox.exchanges.fullMatching(), options) }, null, 2)}\n`);
    expect(res.body.traffic.log.entries).toHaveLength(70);
    // Without traffic, and with nothing recorded, the bundle is what it was.
    const none = await t.admin('GET', '/api/bundle');
    expect(none.text).toBe(`${JSON.stringify(none.body, null, 2)}\n`);
    expect(none.body.traffic).toBeNull();
    await t.admin('DELETE', '/api/exchanges');
    const empty = await t.admin('GET', '/api/bundle?traffic=true');
    expect(empty.text).toBe(`${JSON.stringify(empty.body, null, 2)}\n`);
    expect(empty.body.traffic.log.entries).toEqual([]);
    await t.close();
  });
});
