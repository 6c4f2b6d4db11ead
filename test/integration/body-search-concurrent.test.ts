/**
 * Two body searches under way at once, over real HTTP, each asking for its pages one match at a time
 * (`limit=1`, the next page from the last one's `searchedTo`), their pages sent together: both list
 * exactly their own matches, newest first, and each picks its candidates (a pass over every entry)
 * once, on its first page; every later page continues its own search's cursor. The passes are counted
 * through the sandbox's `bodySearchWatch` door, which every body search of the admin API passes.
 * (With one cursor for all searches, each page continued the other search's cursor or none.)
 */
import { describe, expect, it } from 'vitest';
import type { ExchangeSummary } from '../../server/contract/exchange.js';
import type { BodySearch, BodySearchWatch } from '../../server/recorder/exchange-query.js';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const EACH = 5;
/** Only in the request bodies (a title), so the search reads records to find them. */
const TERMS = ['alpha-title-7c1', 'beta-title-3f9'] as const;

interface Page {
  items: ExchangeSummary[];
  bodySearch: BodySearch;
}

/** Every page of a body search for `term`, one match a page. */
async function* pagesOf(t: TestSandbox, term: string): AsyncGenerator<Page> {
  let before: number | null = null;
  for (;;) {
    const res = await t.admin('GET', `/api/exchanges?bodies=true&budgetMs=5000&limit=1&search=${term}${before === null ? '' : `&beforeSeq=${before}`}`);
    expect(res.status, res.text).toBe(200);
    const page = res.body as Page;
    yield page;
    if (page.bodySearch.complete) return;
    before = page.bodySearch.searchedTo;
  }
}

describe('body searches at once', () => {
  it('each lists its own matches and picks its candidates once, its later pages continuing its own cursor', async () => {
    const picks: number[] = [];
    let pages = 0;
    const watch: BodySearchWatch = {
      between: () => Promise.resolve(),
      ended: () => void pages++,
      picked: (candidates) => void picks.push(candidates),
    };
    const t = await startSandbox({ seed: 'empty', bodySearchWatch: watch });
    const expected: Record<string, string[]> = { [TERMS[0]]: [], [TERMS[1]]: [] };
    // Interleaved, so every page of either search reads a record of the other's too.
    for (let i = 0; i < EACH; i++) {
      for (const term of TERMS) {
        const recorded = nextExchanges(t.sandbox, 1);
        const res = await t.scim('POST', '/Users', { body: { schemas: [USER], userName: `${term.split('-')[0]}${i}@example.com`, title: `${term} ${i}` } });
        expect(res.status, res.text).toBe(201);
        const [exchange] = await recorded;
        expected[term]!.unshift(exchange!.id);
      }
    }

    const searches = TERMS.map((term) => pagesOf(t, term));
    const found: Record<string, string[]> = { [TERMS[0]]: [], [TERMS[1]]: [] };
    const done = [false, false];
    let rounds = 0;
    while (!done.every(Boolean)) {
      // One page of each search still going, sent together.
      const next = await Promise.all(searches.map((s, i) => (done[i] ? null : s.next())));
      next.forEach((step, i) => {
        if (!step) return;
        if (step.done) done[i] = true;
        else found[TERMS[i]!]!.push(...step.value.items.map((e) => e.id));
      });
      rounds++;
    }

    expect(found).toEqual(expected);
    // Several pages each, all but the first continuing a cursor: one pass over the entries a search.
    expect(rounds).toBeGreaterThan(EACH);
    expect(pages).toBeGreaterThanOrEqual(2 * EACH);
    expect(picks).toEqual([2 * EACH, 2 * EACH]);
    await t.close();
  });
});
