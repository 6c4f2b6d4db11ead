/**
 * /api/exchanges refuses what it does not understand (review R2): a DELETE with any query parameter
 * (the list's filters do not narrow a clear) is a 400 that clears nothing, and the list and the HAR
 * export refuse unknown parameters and bad values instead of answering everything. Over real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

describe('exchanges: query parameters', () => {
  let t: TestSandbox;
  const total = async () => (await t.admin('GET', '/api/exchanges')).body.total as number;
  beforeAll(async () => {
    t = await startSandbox();
    const recorded = nextExchanges(t.sandbox, 3);
    for (const path of ['/Users', '/Groups', '/ServiceProviderConfig']) expect((await t.scim('GET', path)).status).toBe(200);
    await recorded;
  });
  afterAll(() => t.close());

  it.each([
    ['a filter the list takes', '?client=okta'],
    ['a prune it never had', '?before=2026-01-01T00:00:00Z'],
    ['an empty parameter', '?all'],
    ['several', '?kind=user.create&status=4xx'],
  ])('DELETE with %s is refused with 400 invalid_input and clears nothing', async (_name, query) => {
    const before = await total();
    expect(before).toBeGreaterThanOrEqual(3);
    const res = await t.admin('DELETE', `/api/exchanges${query}`);
    expect(res.status, res.text).toBe(400);
    expect(res.body.error).toMatchObject({ status: 400, code: 'invalid_input' });
    expect(res.body.error.message).toContain('takes no query parameters');
    expect(await total()).toBe(before);
  });

  it.each([
    ['an unknown key', '/api/exchanges?bogus=1'],
    ['a cursor (the list pages with offset and beforeSeq)', '/api/exchanges?cursor=zzz'],
    ['a bad value', '/api/exchanges?limit=lots'],
    ['a bad flag', '/api/exchanges?faulted=maybe'],
    ['an unknown key on the HAR export', '/api/exchanges.har?bogus=1'],
  ])('GET with %s is refused with 400 invalid_input', async (_name, path) => {
    const res = await t.admin('GET', path);
    expect(res.status, res.text).toBe(400);
    expect(res.body.error).toMatchObject({ status: 400, code: 'invalid_input' });
  });

  it('the known parameters still work, and DELETE without parameters clears', async () => {
    expect((await t.admin('GET', '/api/exchanges?limit=1&offset=0&kind=discovery&client=unknown,curl&faulted=false&full=0')).status).toBe(200);
    expect((await t.admin('GET', '/api/exchanges.har?limit=1&q=Users')).status).toBe(200);
    expect((await t.admin('DELETE', '/api/exchanges')).status).toBe(204);
    expect(await total()).toBe(0);
  });
});
