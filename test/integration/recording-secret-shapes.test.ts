/**
 * A configured secret of any shape is scrubbed from the strings of what the recorder keeps, never
 * from its numbers or structure: a basic-auth password of digits (the admin API takes 8 or more; echoed in a string attribute, a
 * number attribute and a query), or one equal to a field's name, still gives exchanges that are
 * recorded whole (admin API, HAR, exchanges file) and history lines that read back, so the change
 * shows in the timeline; no string anywhere keeps the secret.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REDACTED } from '../../server/recorder/redact.js';
import { filesUnder } from '../helpers/files-under.js';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox } from '../helpers/sandbox.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** Every string in a JSON value, keys included unless `keys` is false. */
function stringsOf(value: unknown, out: string[] = [], keys = true): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, out, keys);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (keys) out.push(k);
      stringsOf(v, out, keys);
    }
  }
  return out;
}

const CASES: { name: string; password: string; number: number }[] = [
  { name: 'a password of digits', password: '12345678', number: 9123456780 },
  { name: "a password equal to a field's name (the history line's prefix, a change's)", password: 'resourceType', number: 42 },
];

describe('a secret of any shape', () => {
  it.each(CASES)('$name echoed in attributes and a query: recorded whole, shown in the timeline, in no string', async ({ password, number }) => {
    const t = await startSandbox({ auth: 'basic', seed: 'empty' });
    expect((await t.admin('PUT', '/api/settings', { body: { auth: { basic: { password } } } })).status).toBe(200);
    const headers = { Authorization: `Basic ${Buffer.from(`${t.sandbox.settings.current.auth.basic.username}:${password}`).toString('base64')}` };
    const recorded = nextExchanges(t.sandbox, 2);
    const created = await t.scim('POST', '/Users', { headers, body: { schemas: [USER], userName: 'digits@example.com', title: password, nickName: `nick ${password} end`, 'urn:example:badge': number } });
    expect(created.status).toBe(201);
    const found = await t.scim('GET', `/Users?filter=${encodeURIComponent(`title eq "${password}"`)}`, { headers });
    expect(found.status).toBe(200);
    expect(found.body.totalResults).toBe(1);
    const exchanges = await recorded;

    const exits: [string, unknown][] = [];
    for (const [i, summary] of exchanges.entries()) {
      const full = await t.admin('GET', `/api/exchanges/${summary.id}`);
      expect(full.status).toBe(200);
      expect([full.body.request.method, full.body.response.status]).toEqual(i === 0 ? ['POST', 201] : ['GET', 200]);
      expect([typeof full.body.seq, typeof full.body.durationMs, full.body.id]).toEqual(['number', 'number', summary.id]);
      // The body the server sent is kept as JSON, its number untouched and the secret out of its strings.
      const sent = i === 0 ? full.body.response.body : full.body.response.body.Resources[0];
      expect(sent).toMatchObject({ userName: 'digits@example.com', title: REDACTED, nickName: `nick ${REDACTED} end`, 'urn:example:badge': number });
      if (i === 0) expect(full.body.request.body).toMatchObject({ userName: 'digits@example.com', title: REDACTED, nickName: `nick ${REDACTED} end`, 'urn:example:badge': number });
      exits.push([`the admin API (${i})`, full.body]);
    }
    const har = await t.admin('GET', '/api/exchanges.har');
    expect(har.status).toBe(200);
    expect(har.body.log.entries).toHaveLength(2);
    exits.push(['the HAR', har.body]);
    await t.sandbox.exchanges.flush();
    // The recorder's files (the store's own journal keeps the client's data as sent: not an exit).
    for (const file of (await filesUnder(t.sandbox.exchanges.dir)).filter((f) => /^(exchange|history)/.test(path.basename(f)))) {
      // Every string written, whatever the file's layout around them.
      exits.push([file, [...(await readFile(file, 'utf8')).matchAll(/"(?:[^"\\]|\\.)*"/g)].map(([token]) => JSON.parse(token) as string)]);
    }

    // The change shows in the timeline over the admin API, the secret out of it.
    const history = await t.admin('GET', `/api/users/${created.body.id}/history`);
    expect(history.status).toBe(200);
    const entries = history.body.items;
    expect(entries).toEqual([expect.objectContaining({ seq: 1, kind: expect.any(String), summary: expect.any(String), after: expect.objectContaining({ title: REDACTED, 'urn:example:badge': number }) })]);
    exits.push(['the timeline', history.body]);

    for (const [where, value] of exits) {
      // A password of digits: in no string, keys included, but the number's own digits (a number is
      // the client's data, kept as it is). A field's name: a name of the record's own fields, and the
      // server's words around them, are structure; no value holds it (the echoed attributes, the query).
      const echoes = (s: string) => s.includes(`nick ${password} end`) || s.includes(`"${password}"`) || s.includes(encodeURIComponent(`"${password}"`)) || s.includes(`title=${password}`);
      const holding = /^\d+$/.test(password) ? stringsOf(value).filter((s) => s.split(String(number)).join('').includes(password)) : stringsOf(value, [], false).filter((s) => echoes(s) || (s === password && !where.startsWith('/')));
      expect(holding, `${where} holds the secret`).toEqual([]);
    }
  });
});
