/**
 * No history line and no timeline keeps a secret, whichever way its entry was made: every form the
 * workspace's configured secrets take (the bearer token, the basic password, the OAuth client
 * secret, the admin token, an upstream or ngrok token, one with a quote or a backslash, one inside a
 * longer value or in the summary) is scrubbed with redact.ts scrubSecrets, and every password
 * attribute redact.ts knows by name is dropped. Each case goes through the real files, for each way
 * an entry is made: appended (inspector), labelled with the recorder's copies, written as drafted,
 * and shown as a draft while its labels wait (which must read as its line will).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../server/contract/admin.js';
import type { JsonObject } from '../../server/contract/scim.js';
import { REDACTED } from '../../server/recorder/redact.js';
import { ResourceHistory } from '../../server/recorder/resource-history.js';
import { tempDir } from '../helpers/temp-dir.js';

const SECRETS = {
  bearer: 'bearer-token-5f1c9a',
  basicPassword: 'basic-Pa55word!',
  clientSecret: 'oauth-client-secret-77',
  adminToken: 'admin-token-0b3e',
  upstreamToken: 'upstream-token-9d2a',
  quoted: 'has"a-quote-and\\slash',
};
const configured = Object.values(SECRETS);

type Case = [name: string, after: JsonObject, secret: string, expected: JsonObject];
const user = (extra: JsonObject): JsonObject => ({ id: 'u1', userName: 'jane@example.com', active: true, ...extra });

const CASES: Case[] = [
  ['the bearer token as a value', user({ displayName: SECRETS.bearer }), SECRETS.bearer, user({ displayName: REDACTED })],
  ['the basic password inside a longer value', user({ title: `pw ${SECRETS.basicPassword} end` }), SECRETS.basicPassword, user({ title: `pw ${REDACTED} end` })],
  ['the OAuth client secret in a nested value', user({ name: { givenName: SECRETS.clientSecret } }), SECRETS.clientSecret, user({ name: { givenName: REDACTED } })],
  ['the admin token in a multi-valued attribute', user({ emails: [{ value: SECRETS.adminToken }] }), SECRETS.adminToken, user({ emails: [{ value: REDACTED }] })],
  ['an upstream token as the userName (so also in the summary)', user({ userName: SECRETS.upstreamToken }), SECRETS.upstreamToken, user({ userName: REDACTED })],
  ['a secret holding a quote and a backslash', user({ nickName: SECRETS.quoted }), SECRETS.quoted, user({ nickName: REDACTED })],
  ...['password', 'newPassword', 'oldPassword', 'secret', 'clientSecret', 'client_secret'].map((key): Case => [`a "${key}" attribute (dropped)`, user({ [key]: 'Unconfigured-Pw-1' }), 'Unconfigured-Pw-1', user({})]),
];

const entryOf = (after: JsonObject, scim: boolean): HistoryEntry => ({
  at: '2026-12-05T03:00:00.000Z',
  resourceType: 'User',
  id: 'u1',
  source: scim ? 'scim' : 'inspector',
  exchangeId: scim ? 'ex-1' : null,
  client: null,
  kind: 'user.create',
  summary: `${scim ? 'A SCIM client' : 'The inspector'} created ${String(after.userName)}`,
  before: null,
  after,
});

type Way = 'appended' | 'labelled' | 'drafted' | 'waiting';
const WAYS: Way[] = ['appended', 'labelled', 'drafted', 'waiting'];

describe('history secrets', () => {
  let folder: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    folder = await tempDir();
  });
  afterEach(() => folder.remove());

  const table = CASES.flatMap(([name, after, secret, expected]) => WAYS.map((way) => [name, way, after, secret, expected] as const));
  it.each(table)('scrubs %s from an entry %s, on disk and in the timeline', async (_name, way, after, secret, expected) => {
    const { history } = await ResourceHistory.open(folder.dir, 100);
    history.redactWith(() => configured);
    const entry = entryOf(after, way !== 'appended');
    if (way === 'appended') history.append([entry]);
    else history.reserve('ex-1', [entry]);
    if (way === 'labelled') history.complete('ex-1', { at: entry.at, client: 'okta', kind: 'user.create', summary: `Okta created ${String(after.userName)}` }, [{ resourceType: 'User', id: 'u1', before: null, after }]);
    if (way === 'drafted') history.complete('ex-1', null, []);
    const shown = await history.forResource('User', 'u1');
    expect(JSON.stringify(shown)).not.toContain(JSON.stringify(secret).slice(1, -1));
    expect(shown).toEqual([expect.objectContaining({ seq: 1, after: expected })]);
    await history.close();
    // close() writes a waiting draft as drafted: the file never has the secret, and reads back as shown.
    expect(await readFile(path.join(folder.dir, 'history.jsonl'), 'utf8')).not.toContain(JSON.stringify(secret).slice(1, -1));
    const { history: again } = await ResourceHistory.open(folder.dir, 100);
    expect(await again.forResource('User', 'u1')).toEqual(shown);
    await again.close();
  });

  it('keeps a configured secret shorter than 6 characters (too likely to be ordinary text), as the recorder does', async () => {
    const { history } = await ResourceHistory.open(folder.dir, 100);
    history.redactWith(() => ['short']);
    history.append([entryOf(user({ title: 'short' }), false)]);
    expect((await history.forResource('User', 'u1'))[0]!.after).toEqual(user({ title: 'short' }));
    await history.close();
  });
});
