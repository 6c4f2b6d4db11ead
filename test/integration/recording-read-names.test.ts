/**
 * A read's summary names the resource it read. The recorder skips its store lookup when the answer
 * is the resource's whole view (server/recorder/recorder.ts `answeredWithView`) and the summary takes
 * the name from the response instead; when `attributes`/`excludedAttributes` trimmed the view (any
 * case), or the read failed, the lookup is still made. Over real HTTP, recorded by the worker.
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
  beforeAll(async () => {
    t = await startSandbox({ seed: 'empty' });
    userId = (await t.scim('POST', '/Users', { body: { schemas: [USER], userName: 'ada.read@example.com', displayName: 'Ada Read' } })).body.id;
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
    { name: 'a group, excludedAttributes=members', path: () => `/Groups/${groupId}?excludedAttributes=members`, status: 200, kind: 'group.read', says: () => 'Readers' },
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
