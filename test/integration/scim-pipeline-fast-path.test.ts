/**
 * The SCIM pipeline's shortcuts answer exactly what the long way does, over real HTTP: the auth
 * step's memory of the last accepted header (forgotten on a token rotation, a mode change or new
 * Basic credentials; near misses of a remembered header refused), the compiled route table (404,
 * 405 with Allow, case-insensitive paths, empty segments, malformed escapes, HEAD and OPTIONS), the
 * base URL reused for the same Host header (and worked out again for another Host, a tunnel's
 * X-Forwarded-* headers or an invalid Host), and reads by id with and without query parameters.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../helpers/http.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { createWorkspace, scimAs } from '../helpers/workspaces.js';

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** A request with any method, path and headers (Host included), as node:http sends them. */
function raw(origin: string, method: string, path: string, headers: Record<string, string> = {}): Promise<Raw> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const basicHeader = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

describe('SCIM pipeline fast paths', () => {
  let t: TestSandbox;
  let origin: string;
  let userId: string;
  /** A named workspace's token, for the workspace cases. */
  let workspaceToken: string;
  const get = (path: string, authorization: string | undefined) => request(`${t.addresses.scimUrl}${path}`, { headers: authorization === undefined ? {} : { Authorization: authorization } });

  beforeAll(async () => {
    t = await startSandbox();
    origin = new URL(t.addresses.scimUrl).origin;
    const list = await t.scim('GET', '/Users?count=1');
    userId = list.body.Resources[0].id;
  });
  afterAll(() => t.close());

  describe('auth: the remembered header', () => {
    it('refuses the old token at once after a rotation, and accepts the new one', async () => {
      await t.sandbox.settings.update({ auth: { mode: 'bearer' } });
      const old = `Bearer ${t.sandbox.settings.current.auth.token}`;
      expect((await get('/Users?count=1', old)).status).toBe(200);
      expect((await get('/Users?count=1', old)).status).toBe(200);
      await t.sandbox.settings.regenerateToken();
      const fresh = `Bearer ${t.sandbox.settings.current.auth.token}`;
      expect(fresh).not.toBe(old);
      const refused = await get('/Users?count=1', old);
      expect(refused.status).toBe(401);
      expect(refused.body.detail).toBe('The bearer token is wrong.');
      expect((await get('/Users?count=1', fresh)).status).toBe(200);
      // Rotated back to the first value (an admin pasting it again): accepted again.
      await t.sandbox.settings.update({ auth: { token: old.slice('Bearer '.length) } });
      expect((await get('/Users?count=1', fresh)).status).toBe(401);
      expect((await get('/Users?count=1', old)).status).toBe(200);
    });

    it('refuses near misses of the remembered header: one character changed, a prefix, an extension, another case', async () => {
      await t.sandbox.settings.update({ auth: { mode: 'bearer' } });
      const good = `Bearer ${t.sandbox.settings.current.auth.token}`;
      const flip = (s: string, i: number) => `${s.slice(0, i)}${s[i] === 'x' ? 'y' : 'x'}${s.slice(i + 1)}`;
      const misses = [flip(good, good.length - 1), flip(good, 'Bearer '.length), good.slice(0, -1), `${good}x`, `${good} x`, good.toUpperCase(), `Bearer ${'a'.repeat(good.length - 7)}`];
      for (const miss of misses) {
        expect((await get('/Users?count=1', good)).status, 'remembered').toBe(200);
        const res = await get('/Users?count=1', miss);
        expect(res.status, miss).toBe(401);
        expect(res.headers.get('www-authenticate')).toBe('Bearer realm="Scimscope"');
      }
    });

    it('accepts every form the long way accepts, alternating between them', async () => {
      await t.sandbox.settings.update({ auth: { mode: 'bearer' } });
      const token = t.sandbox.settings.current.auth.token;
      for (let i = 0; i < 2; i++) {
        for (const form of [`Bearer ${token}`, `bearer ${token}`, token, `BEARER   ${token}`]) expect((await get('/Users?count=1', form)).status, form).toBe(200);
      }
    });

    it('forgets the remembered header when the mode changes', async () => {
      await t.sandbox.settings.update({ auth: { mode: 'bearer' } });
      const bearer = `Bearer ${t.sandbox.settings.current.auth.token}`;
      expect((await get('/Users?count=1', bearer)).status).toBe(200);
      await t.sandbox.settings.update({ auth: { mode: 'basic' } });
      const refused = await get('/Users?count=1', bearer);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toMatch(/^Basic/);
      await t.sandbox.settings.update({ auth: { mode: 'header' } });
      expect((await get('/Users?count=1', bearer)).status).toBe(200);
      await t.sandbox.settings.update({ auth: { mode: 'none' } });
      expect((await get('/Users?count=1', undefined)).status).toBe(200);
      await t.sandbox.settings.update({ auth: { mode: 'bearer' } });
      expect((await get('/Users?count=1', undefined)).status).toBe(401);
      expect((await get('/Users?count=1', 'Bearer not-the-token')).status).toBe(401);
    });

    it('forgets remembered Basic credentials when the username or the password changes', async () => {
      await t.sandbox.settings.update({ auth: { mode: 'basic', basic: { username: 'okta', password: 'first-password-1' } } });
      const first = basicHeader('okta', 'first-password-1');
      expect((await get('/Users?count=1', first)).status).toBe(200);
      await t.sandbox.settings.update({ auth: { basic: { password: 'second-password-2' } } });
      expect((await get('/Users?count=1', first)).status).toBe(401);
      const second = basicHeader('okta', 'second-password-2');
      expect((await get('/Users?count=1', second)).status).toBe(200);
      await t.sandbox.settings.update({ auth: { basic: { username: 'entra' } } });
      expect((await get('/Users?count=1', second)).status).toBe(401);
      expect((await get('/Users?count=1', basicHeader('entra', 'second-password-2'))).status).toBe(200);
      await t.sandbox.settings.update({ auth: { mode: 'bearer' } });
    });

    it('keeps one memory per workspace: a header accepted by one is refused by another', async () => {
      await t.sandbox.settings.update({ auth: { mode: 'bearer' } });
      workspaceToken = (await createWorkspace(t, 'fastpath', 'empty')).token;
      expect((await scimAs(t, 'fastpath', workspaceToken, 'GET', '/Users')).status).toBe(200);
      expect((await scimAs(t, 'default', workspaceToken, 'GET', '/Users')).status).toBe(401);
      expect((await scimAs(t, 'default', t.sandbox.settings.current.auth.token, 'GET', '/Users')).status).toBe(200);
      expect((await scimAs(t, 'fastpath', t.sandbox.settings.current.auth.token, 'GET', '/Users')).status).toBe(401);
    });
  });

  describe('routes', () => {
    const auth = () => ({ Authorization: `Bearer ${t.sandbox.settings.current.auth.token}` });
    const inBase = (p: string) => `No SCIM endpoint at ${p}; this server offers /Users, /Groups, /ServiceProviderConfig, /ResourceTypes and /Schemas.`;
    const outside = (p: string) => `No endpoint at ${p}. The SCIM base URL ends in /scim/v2 (e.g. /scim/v2/Users).`;
    const cases: { method: string; path: () => string; status: number; detail?: string; allow?: string }[] = [
      { method: 'GET', path: () => '/scim/v2', status: 404, detail: inBase('/scim/v2') },
      { method: 'GET', path: () => '/scim/v2/', status: 404, detail: inBase('/scim/v2/') },
      { method: 'GET', path: () => '/scim/v2/Nowhere', status: 404, detail: inBase('/scim/v2/Nowhere') },
      { method: 'GET', path: () => '/scim/v2/Users/a/b', status: 404, detail: inBase('/scim/v2/Users/a/b') },
      { method: 'GET', path: () => '/scim/v2x/Users', status: 404, detail: outside('/scim/v2x/Users') },
      { method: 'GET', path: () => '/scim', status: 404, detail: outside('/scim') },
      { method: 'GET', path: () => '/', status: 404, detail: outside('/') },
      { method: 'GET', path: () => '/SCIM/V2/uSeRs?count=1', status: 200 },
      { method: 'GET', path: () => `/scim/v2//Users//${userId}/`, status: 200 },
      { method: 'GET', path: () => `/scim/v2/Users/${userId}?attributes=userName`, status: 200 },
      { method: 'GET', path: () => '/scim/v2/Users/%E0%A4%A', status: 400, detail: 'The path segment "%E0%A4%A" has a malformed %-escape.' },
      { method: 'GET', path: () => '/scim/v2/Users/.search', status: 405, allow: 'POST', detail: 'GET is not allowed here; use POST.' },
      { method: 'DELETE', path: () => '/scim/v2/Users', status: 405, allow: 'GET, POST', detail: 'DELETE is not allowed here; use GET or POST.' },
      { method: 'HEAD', path: () => '/scim/v2/Users', status: 405, allow: 'GET, POST' },
      { method: 'HEAD', path: () => `/scim/v2/Users/${userId}`, status: 405, allow: 'GET, PUT, PATCH, DELETE' },
      { method: 'OPTIONS', path: () => '/scim/v2/Users', status: 405, allow: 'GET, POST', detail: 'OPTIONS is not allowed here; use GET or POST.' },
      { method: 'OPTIONS', path: () => '/scim/v2/Nowhere', status: 404, detail: inBase('/scim/v2/Nowhere') },
      { method: 'GET', path: () => '/scim/v2/Me', status: 501, detail: 'The /Me endpoint is not supported.' },
      { method: 'GET', path: () => '/scim/v2/ResourceTypes/User', status: 200 },
      { method: 'GET', path: () => '/scim/v2/Schemas/urn%3Aietf%3Aparams%3Ascim%3Aschemas%3Acore%3A2.0%3AUser', status: 200 },
    ];

    it.each(cases)('$method $path → $status', async ({ method, path, status, detail, allow }) => {
      const res = await raw(origin, method, path(), auth());
      expect(res.status).toBe(status);
      if (status >= 400) expect(res.headers['content-type']).toBe('application/scim+json; charset=utf-8');
      if (allow) expect(res.headers.allow).toBe(allow);
      if (method === 'HEAD') expect(res.text).toBe('');
      else if (status >= 400) {
        expect(JSON.parse(res.text)).toEqual({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status), ...(detail ? { detail } : { detail: expect.any(String) }) });
      }
    });

    it('answers an unknown path with the same 404 in a named workspace, its prefix in the detail', async () => {
      const res = await raw(origin, 'GET', '/w/fastpath/scim/v2/Nowhere', { Authorization: 'Bearer x' });
      // Auth runs before routing: a wrong token gets 401 wherever it goes.
      expect(res.status).toBe(401);
      const found = await raw(origin, 'GET', '/w/fastpath/scim/v2/Nowhere', { Authorization: `Bearer ${workspaceToken}` });
      expect(found.status).toBe(404);
      expect(JSON.parse(found.text).detail).toBe(inBase('/w/fastpath/scim/v2/Nowhere'));
    });
  });

  describe('base URL', () => {
    const location = async (headers: Record<string, string>) => {
      const res = await raw(origin, 'GET', `/scim/v2/Users/${userId}`, { Authorization: `Bearer ${t.sandbox.settings.current.auth.token}`, ...headers });
      expect(res.status).toBe(200);
      return JSON.parse(res.text).meta.location as string;
    };

    it('follows the Host header, a tunnel and an invalid Host from one request to the next', async () => {
      const port = new URL(origin).port;
      const sequence: [Record<string, string>, string][] = [
        [{ Host: 'alpha.test:8080' }, 'http://alpha.test:8080/scim/v2'],
        [{ Host: 'alpha.test:8080' }, 'http://alpha.test:8080/scim/v2'],
        [{ Host: 'beta.test' }, 'http://beta.test/scim/v2'],
        [{ Host: 'alpha.test:8080', 'X-Forwarded-Host': 'tunnel.example', 'X-Forwarded-Proto': 'https' }, 'https://tunnel.example/scim/v2'],
        [{ Host: 'alpha.test:8080', 'X-Forwarded-Proto': 'https' }, 'https://alpha.test:8080/scim/v2'],
        [{ Host: 'alpha.test:8080' }, 'http://alpha.test:8080/scim/v2'],
        [{ Host: 'bad host<' }, `http://127.0.0.1:${port}/scim/v2`],
        [{ Host: 'alpha.test:8080, other' }, 'http://alpha.test:8080/scim/v2'],
        [{ Host: 'beta.test' }, 'http://beta.test/scim/v2'],
      ];
      for (const [headers, base] of sequence) expect(await location(headers), JSON.stringify(headers)).toBe(`${base}/Users/${userId}`);
    });
  });

  describe('list parameters', () => {
    it('matches parameter names case-insensitively, the first of two spellings winning', async () => {
      expect((await t.scim('GET', '/Users?COUNT=1&count=2')).body.itemsPerPage).toBe(1);
      expect((await t.scim('GET', '/Users?count=2&COUNT=1')).body.itemsPerPage).toBe(2);
      const page = await t.scim('GET', '/Users?StartIndex=2&cOuNt=1&SORTBY=userName&sortorder=descending');
      expect(page.body).toMatchObject({ startIndex: 2, itemsPerPage: 1 });
      expect((await t.scim('GET', '/Users?SortOrder=sideways')).status).toBe(400);
    });
  });

  describe('reads by id', () => {
    it('answers the same with and without (empty or harmless) query parameters, and still checks them', async () => {
      const plain = await t.scim('GET', `/Users/${userId}`);
      expect(plain.status).toBe(200);
      const withQuery = await t.scim('GET', `/Users/${userId}?count=5`);
      expect(withQuery.text).toBe(plain.text);
      expect(withQuery.headers.get('etag')).toBe(plain.headers.get('etag'));
      const bad = await t.scim('GET', `/Users/${userId}?count=1.5`);
      expect(bad.status).toBe(400);
      expect(bad.body.scimType).toBe('invalidValue');
      const projected = await t.scim('GET', `/Users/${userId}?attributes=userName`);
      expect(Object.keys(projected.body).sort()).toEqual(['id', 'schemas', 'userName']);
      const missing = await t.scim('GET', '/Users/no-such-user');
      expect(missing.status).toBe(404);
      expect(missing.body.detail).toBe('User "no-such-user" not found.');
    });
  });
});
