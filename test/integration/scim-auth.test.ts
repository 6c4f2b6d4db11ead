/**
 * SCIM endpoint authentication in every mode: accepted credential forms, refused ones (401 with a
 * SCIM error and WWW-Authenticate), and "none" being explicit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthMode } from '../../server/contract/settings.js';
import { request } from '../helpers/http.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

type HeaderFor = (t: TestSandbox) => string | undefined;
const token = (t: TestSandbox) => t.sandbox.settings.current.auth.token;
const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

const cases: [AuthMode, string, HeaderFor, number][] = [
  ['bearer', 'Bearer token', (t) => `Bearer ${token(t)}`, 200],
  ['bearer', 'lower-case scheme', (t) => `bearer ${token(t)}`, 200],
  ['bearer', "Okta's header form (raw token)", (t) => token(t), 200],
  ['bearer', 'no header', () => undefined, 401],
  ['bearer', 'wrong token', () => 'Bearer nope-nope-nope', 401],
  ['bearer', 'Okta spec test "non-token"', () => 'non-token', 401],
  ['bearer', 'Basic credentials', () => basic('okta', 'x'), 401],
  ['bearer', 'token with a prefix of the real one', (t) => `Bearer ${token(t).slice(0, -1)}`, 401],
  ['header', 'raw token', (t) => token(t), 200],
  ['header', 'Bearer form', (t) => `Bearer ${token(t)}`, 200],
  ['header', 'wrong', () => 'scim_wrong', 401],
  ['basic', 'right credentials', (t) => basic(t.sandbox.settings.current.auth.basic.username, t.sandbox.settings.current.auth.basic.password), 200],
  ['basic', 'wrong password', (t) => basic(t.sandbox.settings.current.auth.basic.username, 'nope'), 401],
  ['basic', 'bearer token', (t) => `Bearer ${token(t)}`, 401],
  ['none', 'no header', () => undefined, 200],
  ['none', 'anything', () => 'Bearer whatever', 200],
];

describe('SCIM authentication', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox();
  });
  afterAll(() => t.close());

  it.each(cases)('%s mode, %s → %i', async (mode, _name, header, status) => {
    await t.sandbox.settings.update({ auth: { mode } });
    const value = header(t);
    const res = await request(`${t.addresses.scimUrl}/Users?count=1`, { headers: value === undefined ? {} : { Authorization: value } });
    expect(res.status).toBe(status);
    if (status === 401) {
      expect(res.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401' });
      expect(res.body.detail).toMatch(/\w/);
      expect(res.headers.get('www-authenticate')).toMatch(mode === 'basic' ? /^Basic/ : /^Bearer/);
      expect(res.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    }
  });

  it('guards every endpoint, discovery included', async () => {
    await t.sandbox.settings.update({ auth: { mode: 'bearer' } });
    for (const path of ['/ServiceProviderConfig', '/Schemas', '/ResourceTypes', '/Groups', '/Users/.search', '/Nowhere']) {
      const res = await request(`${t.addresses.scimUrl}${path}`, { method: path.endsWith('.search') ? 'POST' : 'GET', body: path.endsWith('.search') ? {} : undefined });
      expect(res.status, path).toBe(401);
    }
  });

  it('does not parse the body of an unauthenticated request', async () => {
    const res = await request(`${t.addresses.scimUrl}/Users`, { method: 'POST', rawBody: '{not json', headers: { 'Content-Type': 'application/scim+json' } });
    expect(res.status).toBe(401);
  });

  it('keeps the generated token across restarts of the same data folder', async () => {
    const first = await startSandbox();
    const tokenBefore = first.token;
    await first.stop();
    const second = await startSandbox({ dataDir: first.dataDir });
    expect(second.token).toBe(tokenBefore);
    await second.close();
    await first.close();
  });
});
