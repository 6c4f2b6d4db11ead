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

  // A secret of digits (a basic-auth password), one equal to a field's name of the line, one inside
  // the id, one holding `","`: scrubbed from strings only, so the line reads back and is found by its
  // id, and the entry shows in the timeline, the same before its line is written and after.
  type Shape = [name: string, secret: string, id: string, after: JsonObject, expected: JsonObject];
  const SHAPES: Shape[] = [
    ['of digits, in a number and a value', '123456', 'u1', { id: 'u1', userName: 'd@example.com', 'urn:x:n': 9123456, title: 'pw 123456' }, { id: 'u1', userName: 'd@example.com', 'urn:x:n': 9123456, title: `pw ${REDACTED}` }],
    ["equal to a field's name of the line", 'resourceType', 'u1', { id: 'u1', userName: 'k@example.com', title: 'resourceType' }, { id: 'u1', userName: 'k@example.com', title: REDACTED }],
    // The entry's id (the line's prefix) is kept; the resource's strings are scrubbed like any other.
    ['inside the id', '123456', 'aa123456-77', { id: 'aa123456-77', userName: 'i@example.com' }, { id: `aa${REDACTED}-77`, userName: 'i@example.com' }],
    ['holding ","', 'ab","cd', 'u1', { id: 'u1', userName: 'c@example.com', emails: ['ab', 'cd'], title: 'xab","cdx' }, { id: 'u1', userName: 'c@example.com', emails: ['ab', 'cd'], title: `x${REDACTED}x` }],
  ];
  it.each(SHAPES.flatMap(([name, ...rest]) => WAYS.map((way) => [name, way, ...rest] as const)))('keeps an entry with a secret %s %s, in the timeline and across a restart', async (_name, way, secret, id, after, expected) => {
    const { history } = await ResourceHistory.open(folder.dir, 100);
    history.redactWith(() => [secret]);
    const entry = { ...entryOf(after, way !== 'appended'), id };
    if (way === 'appended') history.append([entry]);
    else history.reserve('ex-1', [entry]);
    if (way === 'labelled') history.complete('ex-1', { at: entry.at, client: 'okta', kind: 'user.create', summary: 'Okta created it' }, [{ resourceType: 'User', id, before: null, after }]);
    if (way === 'drafted') history.complete('ex-1', null, []);
    const shown = await history.forResource('User', id);
    expect(shown).toEqual([expect.objectContaining({ seq: 1, id, kind: 'user.create', summary: expect.any(String), after: expected })]);
    await history.close();
    const { history: again } = await ResourceHistory.open(folder.dir, 100);
    expect(await again.forResource('User', id)).toEqual(shown);
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
