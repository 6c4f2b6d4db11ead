/**
 * The body search over real HTTP, as the inspector uses it: it finds a term only in bodies in any
 * case, lists the newest match in a page of its own that answers at once (the rest follows from
 * `beforeSeq`), and never matches a secret the recorder redacted (a password in a request body, the
 * bearer token in the Authorization header), since it searches what the exchanges file holds.
 */
import { describe, expect, it } from 'vitest';
import { bodySearchToEnd, nextExchanges } from '../helpers/recording.js';
import { startSandbox } from '../helpers/sandbox.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

describe('the body search', () => {
  it('finds a term only in bodies, in any case, and never a redacted secret', async () => {
    const t = await startSandbox({ seed: 'empty' });
    const recorded = nextExchanges(t.sandbox, 3);
    await t.scim('POST', '/Users', { body: { schemas: [USER], userName: 'secret.holder@example.com', title: 'Body-Only-Title-7c1', password: 'Hunter2-Pa55-q9z' } });
    await t.scim('GET', '/Users?startIndex=1&count=5');
    await t.scim('GET', '/Users?filter=userName%20eq%20%22nobody%40example.com%22');
    await recorded;
    const token = t.token;
    const table: [string, number][] = [
      ['body-only-title-7c1', 2],
      ['BODY-ONLY-TITLE-7C1', 2],
      ['hunter2-pa55-q9z', 0],
      ['Hunter2', 0],
      [token, 0],
      ['[redacted]', 3],
    ];
    for (const [term, matches] of table) {
      const { total } = await bodySearchToEnd(t.admin, `search=${encodeURIComponent(term)}&limit=100&budgetMs=5000`);
      expect({ term, total }).toEqual({ term, total: matches });
    }
    await t.close();
  });
});
