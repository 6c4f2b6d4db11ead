/**
 * An error fault's extra headers (review R8): headers that frame the answer (Content-Length,
 * Transfer-Encoding, Connection, Content-Encoding, Host) and values holding CR/LF are refused when
 * the rule is saved (400 invalid_input naming the header) and nothing is saved; a faults.json written
 * before that check still starts, and such a header is left out when the rule fires, so the IdP's
 * connection is never desynced. Over real HTTP.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../helpers/raw-http.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { tempDir } from '../helpers/temp-dir.js';

const errorRule = (headers: Record<string, string>) => ({ name: 'e', match: { methods: ['GET'], path: '/Groups' }, action: { type: 'error', status: 503, detail: 'down', headers } });

describe('error fault headers', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox();
  });
  afterAll(() => t.close());

  it.each([
    [{ 'Content-Length': '1' }, 'Content-Length'],
    [{ 'content-length': '99999' }, 'content-length'],
    [{ 'Transfer-Encoding': 'chunked' }, 'Transfer-Encoding'],
    [{ Connection: 'close' }, 'Connection'],
    [{ 'Content-Encoding': 'gzip' }, 'Content-Encoding'],
    [{ Host: 'evil.example' }, 'Host'],
    [{ 'X-A': 'a\r\nX-Injected: 1' }, 'X-A'],
    [{ 'X-B': 'a\nb' }, 'X-B'],
  ])('%o is refused with 400 invalid_input naming %s, and nothing is saved', async (headers, name) => {
    const before = (await t.admin('GET', '/api/faults')).body;
    const res = await t.admin('POST', '/api/faults', { body: errorRule(headers) });
    expect(res.status, res.text).toBe(400);
    expect(res.body.error.code).toBe('invalid_input');
    expect(res.body.error.message).toContain(name);
    expect((await t.admin('GET', '/api/faults')).body).toEqual(before);
  });

  it('other headers are saved and sent', async () => {
    const res = await t.admin('POST', '/api/faults', { body: errorRule({ 'X-Why': 'test', 'Retry-After': '5' }) });
    expect(res.status, res.text).toBe(201);
    const fired = await rawRequest(`${t.addresses.scimUrl}/Groups`, { headers: { Authorization: `Bearer ${t.token}` } });
    expect(fired.status).toBe(503);
    expect(fired.headers['x-why']).toBe('test');
    expect(JSON.parse(fired.body).detail).toBe('down');
    expect((await t.admin('DELETE', `/api/faults/${res.body.id}`)).status).toBe(204);
  });

  it('a faults.json from before the check starts, and its framing header is not sent when the rule fires', async () => {
    const folder = await tempDir();
    try {
      const rule = { id: 'old-rule', ...errorRule({ 'Content-Length': '1', 'X-Kept': 'yes' }), enabled: true, phase: 'before', when: {}, matched: 0, hits: 0, lastHitAt: null };
      await writeFile(path.join(folder.dir, 'faults.json'), JSON.stringify({ version: 1, rules: [rule] }));
      const old = await startSandbox({ dataDir: folder.dir });
      const fired = await rawRequest(`${old.addresses.scimUrl}/Groups`, { headers: { Authorization: `Bearer ${old.token}` } });
      expect(fired.error).toBeNull();
      expect(fired.status).toBe(503);
      expect(fired.headers['x-kept']).toBe('yes');
      expect(JSON.parse(fired.body).detail).toBe('down');
      // The same connection pool still reads the next answer correctly.
      expect((await rawRequest(`${old.addresses.scimUrl}/Users`, { headers: { Authorization: `Bearer ${old.token}` } })).status).toBe(200);
      await old.stop();
    } finally {
      await folder.remove();
    }
  });
});
