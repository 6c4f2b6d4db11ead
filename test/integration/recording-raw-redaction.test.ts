/**
 * Bodies the recorder keeps as text, never parsed: a token request recorded without interpretation
 * (its capture threw), a request body over the body limit, a body that is not valid JSON. None keeps
 * an OAuth credential or a password, in the admin API, the HAR or the exchanges file, while the
 * rest of the text is kept.
 */
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { INTERPRETATION_FAILED } from '../../server/recorder/record-processing.js';
import { filesUnder } from '../helpers/files-under.js';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PASSWORD = 'Raw-text-pw-4821';
const CODE = 'code-secret-77731';
const VERIFIER = 'verifier-secret-99812-abcdefghijklmnopqrstuvwxyz0123';
const REFRESH = 'refresh-secret-55512';

afterEach(() => vi.restoreAllMocks());

const CASES: { name: string; auth: 'bearer' | 'oauth'; send: (t: TestSandbox) => Promise<void>; secrets: string[]; kept: string[]; degraded: boolean }[] = [
  {
    name: 'a token request whose capture threw (recorded without interpretation)',
    auth: 'oauth',
    send: async (t) => {
      vi.spyOn(t.sandbox.exchanges, 'nextSeq').mockImplementationOnce(() => {
        throw new RangeError('injected: the capture broke');
      });
      const origin = t.addresses.scimUrl.replace(/\/scim\/v2$/, '');
      const clientId = t.sandbox.settings.current.auth.oauth.clientId;
      const form = `grant_type=authorization_code&code=${CODE}&code_verifier=${VERIFIER}&redirect_uri=https%3A%2F%2Fexample.com%2Fcb&client_id=${clientId}&refresh_token=${REFRESH}`;
      const res = await fetch(`${origin}/oauth2/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form });
      await res.text();
      expect(res.status).toBeGreaterThanOrEqual(400);
    },
    secrets: [CODE, VERIFIER, REFRESH],
    kept: ['grant_type=authorization_code', 'code=%5Bredacted%5D', 'code_verifier=%5Bredacted%5D', 'refresh_token=%5Bredacted%5D'],
    degraded: true,
  },
  {
    name: 'a request body over the body limit (kept cut short, as text)',
    auth: 'bearer',
    send: async (t) => {
      expect((await t.admin('PUT', '/api/settings', { body: { recording: { maxBodyBytes: 1024 } } })).status).toBe(200);
      const res = await t.scim('POST', '/Users', { body: { schemas: [USER], userName: 'long.body@example.com', password: PASSWORD, displayName: 'x'.repeat(3000) } });
      expect(res.status).toBe(201);
    },
    secrets: [PASSWORD],
    kept: ['"userName":"long.body@example.com"', '"password":"[redacted]"'],
    degraded: false,
  },
  {
    name: 'a body that is not valid JSON',
    auth: 'bearer',
    send: async (t) => {
      const res = await t.scim('POST', '/Users', { rawBody: `{"schemas":["${USER}"],"userName":"broken@example.com","password":"${PASSWORD}",`, headers: { 'Content-Type': 'application/scim+json' } });
      expect(res.status).toBe(400);
    },
    secrets: [PASSWORD],
    kept: ['"userName":"broken@example.com"', '"password":"[redacted]"'],
    degraded: false,
  },
];

describe('a body recorded as text', () => {
  it.each(CASES)('$name keeps no credential anywhere', async ({ auth, send, secrets, kept, degraded }) => {
    const t = await startSandbox({ auth, seed: 'empty' });
    const recorded = nextExchanges(t.sandbox, 1);
    await send(t);
    const [summary] = await recorded;
    const full = await t.admin('GET', `/api/exchanges/${summary!.id}`);
    expect(full.status).toBe(200);
    expect(typeof full.body.request.body).toBe('string');
    for (const text of kept) expect(full.body.request.body).toContain(text);
    expect(full.body.lint.some((l: { code: string }) => l.code === INTERPRETATION_FAILED)).toBe(degraded);

    await t.sandbox.exchanges.flush();
    const exits: [string, string][] = [
      ['the admin API', full.text],
      ['the HAR', (await t.admin('GET', '/api/exchanges.har')).text],
    ];
    for (const file of await filesUnder(t.sandbox.exchanges.dir)) exits.push([file, await readFile(file, 'utf8')]);
    for (const [where, text] of exits) {
      for (const secret of secrets) expect(text.includes(secret), `${where} holds ${secret}`).toBe(false);
    }
  });
});
