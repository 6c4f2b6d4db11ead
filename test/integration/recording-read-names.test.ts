/**
 * A read's summary names the resource it read, whatever the answer holds: a whole view, one trimmed
 * by `attributes`/`excludedAttributes` (any case, percent-encoded keys too), one too large for the
 * recording body limit, or no resource at all. The names come from the recorder's store lookup
 * (server/recorder/recorder.ts `lookupsFor`); a round-four attempt to take them from the response
 * instead got the last three kinds wrong. Over real HTTP, recorded by the worker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

describe('the summary of a read by id', () => {
  let t: TestSandbox;
  let userId = '';
  let groupId = '';
  let bigId = '';
  beforeAll(async () => {
    t = await startSandbox({ seed: 'empty' });
    userId = (await t.scim('POST', '/Users', { body: { schemas: [USER], userName: 'ada.read@example.com', displayName: 'Ada Read' } })).body.id;
    bigId = (await t.scim('POST', '/Users', { body: { schemas: [USER], userName: 'big.read@example.com', title: 'x'.repeat(5000) } })).body.id;
    expect((await t.admin('PUT', '/api/settings', { body: { recording: { maxBodyBytes: 2048 } } })).status).toBe(200);
    groupId = (await t.scim('POST', '/Groups', { body: { schemas: [GROUP], displayName: 'Readers' } })).body.id;
  });
  afterAll(async () => {
    await t.close();
  });

  const cases: { name: string; path: () => string; status: number; kind: string; says: () => string }[] = [
    { name: 'a user, whole view', path: () => `/Users/${userId}`, status: 200, kind: 'user.read', says: () => 'ada.read@example.com' },
    { name: 'a user, attributes=emails (no userName in the answer)', path: () => `/Users/${userId}?attributes=emails`, status: 200, kind: 'user.read', says: () => 'ada.read@example.com' },
    { name: 'a user, ExcludedAttributes=userName,displayName', path: () => `/Users/${userId}?ExcludedAttributes=userName,displayName`, status: 200, kind: 'user.read', says: () => 'ada.read@example.com' },
    { name: 'a user, ATTRIBUTES=id', path: () => `/Users/${userId}?ATTRIBUTES=id`, status: 200, kind: 'user.read', says: () => 'ada.read@example.com' },
    { name: 'a group, whole view', path: () => `/Groups/${groupId}`, status: 200, kind: 'group.read', says: () => 'Readers' },
    { name: 'a user, %61ttributes=emails (a percent-encoded key the server decodes)', path: () => `/Users/${userId}?%61ttributes=emails`, status: 200, kind: 'user.read', says: () => 'ada.read@example.com' },
    { name: 'a user whose view is over the recording body limit (its body not kept)', path: () => `/Users/${bigId}`, status: 200, kind: 'user.read', says: () => 'big.read@example.com' },
    { name: 'a group, excludedAttributes=displayName', path: () => `/Groups/${groupId}?excludedAttributes=displayName`, status: 200, kind: 'group.read', says: () => 'Readers' },
    { name: 'a user that does not exist', path: () => '/Users/no-such-user', status: 404, kind: 'user.read', says: () => 'no-such-user' },
  ];

  it.each(cases)('names it: $name', async ({ path, status, kind, says }) => {
    const recorded = nextExchanges(t.sandbox, 1);
    const res = await t.scim('GET', path());
    expect(res.status).toBe(status);
    const [summary] = await recorded;
    expect(summary!.operation.kind).toBe(kind);
    expect(summary!.operation.summary).toContain(says());
  });
});
