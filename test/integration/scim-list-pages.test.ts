/**
 * List pages over real HTTP, asked for again and again (a retried or re-run import): a page kept
 * whole between requests (scim/list-page.ts) is byte for byte what a fresh rendering gives, and
 * never outlives a write or a quirk switched on; and every list answer hands the recorder the spans
 * of its resources in the very text it sent, as its own scan would find them (projected pages,
 * filters, sorted, empty and `.search` pages included).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type http from 'node:http';
import type { JsonObject } from '../../server/contract/scim.js';
import { listSpans, spansFit } from '../../server/recorder/json-list-view.js';
import type { ResponseListSpans } from '../../server/scim/send.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { USER_SCHEMA } from '../helpers/workspaces.js';

const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

describe('list pages asked for again', () => {
  let sb: TestSandbox;
  /** What the next answer left for the recorder, resolved when it has finished (an event, not a poll). */
  type Left = { text: unknown; listed: ResponseListSpans | undefined };
  let nextFinished: ((left: Left) => void) | null = null;
  const onRequest = (_req: http.IncomingMessage, res: http.ServerResponse) => {
    res.on('finish', () => {
      const locals = (res as unknown as { locals?: Record<string, unknown> }).locals ?? {};
      nextFinished?.({ text: locals.responseText, listed: locals.responseListSpans as ResponseListSpans | undefined });
      nextFinished = null;
    });
  };

  beforeAll(async () => {
    sb = await startSandbox({ seed: 'empty', journalSync: false });
    for (let i = 0; i < 12; i++) {
      const res = await sb.scim('POST', '/Users', { body: { schemas: [USER_SCHEMA], userName: `u${i}@example.com`, displayName: i === 3 ? 'Zoë "quoted" \\ ,{ ] name' : `User ${i}`, emails: [{ value: `u${i}@example.com`, type: 'work' }] } });
      expect(res.status, res.text).toBe(201);
    }
    const ids = [...sb.sandbox.store.list('User')];
    const group = await sb.scim('POST', '/Groups', { body: { schemas: [GROUP_SCHEMA], displayName: 'Sales', members: ids.slice(0, 4).map((value) => ({ value })) } });
    expect(group.status, group.text).toBe(201);
    sb.sandbox.scimServer.on('request', onRequest);
  });
  afterAll(async () => {
    sb.sandbox.scimServer.off('request', onRequest);
    await sb.close();
  });

  /** The page a fresh rendering of the store gives for the ids in `body`. */
  const fresh = (type: 'User' | 'Group', body: { totalResults: unknown; startIndex: number; Resources: { id: string }[] }) =>
    JSON.stringify({ schemas: [LIST], totalResults: body.totalResults, startIndex: body.startIndex, itemsPerPage: body.Resources.length, Resources: body.Resources.map((r) => sb.sandbox.store.view(type, r.id, sb.addresses.scimUrl) as JsonObject) });

  /** Asks three times (the third is answered from the page cache); each answer is the same text, and hands over spans that fit it. */
  async function thrice(method: string, path: string, body?: unknown): Promise<{ text: string; body: any }> {
    const texts: string[] = [];
    let last: { text: string; body: any } | undefined;
    for (let ask = 0; ask < 3; ask++) {
      const finished = new Promise<Left>((resolve) => (nextFinished = resolve));
      const res = await sb.scim(method, path, body === undefined ? undefined : { body });
      expect(res.status, res.text).toBe(200);
      expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(res.text));
      const { text, listed } = await finished;
      expect(text).toBe(res.text);
      expect(listed, `${path}: spans handed over`).toBeDefined();
      expect(listed!.text).toBe(res.text);
      expect(spansFit(res.text, listed!.spans)).toBe(true);
      expect(listed!.spans).toEqual(listSpans(res.text));
      texts.push(res.text);
      last = { text: res.text, body: res.body };
    }
    expect(texts[1]).toBe(texts[0]);
    expect(texts[2]).toBe(texts[0]);
    return last!;
  }

  const UNPROJECTED: { name: string; path: string; type: 'User' | 'Group' }[] = [
    { name: 'an import page', path: '/Users?startIndex=1&count=5', type: 'User' },
    { name: 'a later page', path: '/Users?startIndex=6&count=5', type: 'User' },
    { name: 'the last, short page', path: '/Users?startIndex=11&count=5', type: 'User' },
    { name: 'a page past the end (empty)', path: '/Users?startIndex=100&count=5', type: 'User' },
    { name: 'count=0', path: '/Users?count=0', type: 'User' },
    { name: 'a filter', path: `/Users?filter=${encodeURIComponent('userName sw "u1"')}&count=100`, type: 'User' },
    { name: 'a filter matching nothing', path: `/Users?filter=${encodeURIComponent('userName eq "nobody"')}`, type: 'User' },
    { name: 'sorted, descending', path: '/Users?sortBy=displayName&sortOrder=descending&count=4', type: 'User' },
    { name: 'groups', path: '/Groups?startIndex=1&count=10', type: 'Group' },
  ];
  it.each(UNPROJECTED)('$name: the same text as a fresh rendering, every time', async ({ path, type }) => {
    const { text, body } = await thrice('GET', path);
    expect(text).toBe(fresh(type, body));
  });

  const PROJECTED = ['/Users?attributes=userName&count=6', '/Users?excludedAttributes=emails,groups&startIndex=2&count=3', `/Users?filter=${encodeURIComponent('displayName co "quoted"')}&attributes=displayName`];
  it.each(PROJECTED)('a projected page %s: the same text every time, with fitting spans', async (path) => {
    const { body } = await thrice('GET', path);
    expect(body.Resources.length).toBeGreaterThan(0);
  });

  it('a .search page', async () => {
    const { text, body } = await thrice('POST', '/Users/.search', { schemas: [SEARCH], startIndex: 2, count: 3 });
    expect(text).toBe(fresh('User', body));
  });

  it('a kept page never outlives a write to the store', async () => {
    const path = '/Users?startIndex=1&count=5';
    const before = await thrice('GET', path);
    const id = before.body.Resources[1].id as string;
    const patched = await sb.scim('PATCH', `/Users/${id}`, { body: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'displayName', value: 'Changed' }] } });
    expect([200, 204]).toContain(patched.status);
    const changed = await thrice('GET', path);
    expect(changed.body.Resources[1].displayName).toBe('Changed');
    expect(changed.text).toBe(fresh('User', changed.body));
    // A write to a group changes its members' pages too (their `groups`).
    const group = (await sb.scim('GET', '/Groups')).body.Resources[0];
    const renamed = await sb.scim('PATCH', `/Groups/${group.id}`, { body: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'displayName', value: 'Renamed' }] } });
    expect([200, 204]).toContain(renamed.status);
    const regrouped = await thrice('GET', path);
    expect(regrouped.body.Resources[0].groups[0].display).toBe('Renamed');
    expect(regrouped.text).toBe(fresh('User', regrouped.body));
    const created = await sb.scim('POST', '/Users', { body: { schemas: [USER_SCHEMA], userName: 'late@example.com' } });
    expect(created.status).toBe(201);
    const grown = await thrice('GET', path);
    expect(grown.body.totalResults).toBe(before.body.totalResults + 1);
    expect((await sb.scim('DELETE', `/Users/${id}`)).status).toBe(204);
    const shrunk = await thrice('GET', path);
    expect(shrunk.body.totalResults).toBe(before.body.totalResults);
    expect(shrunk.body.Resources.map((r: { id: string }) => r.id)).not.toContain(id);
    expect(shrunk.text).toBe(fresh('User', shrunk.body));
  });

  it('a kept page is not answered once a quirk that changes it is on', async () => {
    const path = '/Users?startIndex=1&count=3';
    const plain = await thrice('GET', path);
    try {
      expect((await sb.admin('PUT', '/api/settings', { body: { quirks: { stringTotalResults: true } } })).status).toBe(200);
      const quirked = await thrice('GET', path);
      expect(quirked.body.totalResults).toBe(String(plain.body.totalResults));
      expect((await sb.admin('PUT', '/api/settings', { body: { quirks: { stringTotalResults: false, zeroBasedStartIndex: true } } })).status).toBe(200);
      const zeroBased = await thrice('GET', path);
      expect(zeroBased.body.Resources[0].id).toBe(plain.body.Resources[1].id);
    } finally {
      expect((await sb.admin('PUT', '/api/settings', { body: { quirks: { stringTotalResults: false, zeroBasedStartIndex: false } } })).status).toBe(200);
    }
    expect((await thrice('GET', path)).text).toBe(plain.text);
  });
});
