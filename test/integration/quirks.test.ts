/**
 * The quirk switches: server behaviours that imitate common broken SCIM servers, each off by
 * default and each doing exactly what its name says when on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuirkSettings } from '../../server/contract/settings.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

describe('quirk switches', () => {
  let t: TestSandbox;
  let engineering: string;
  let jane: string;
  beforeAll(async () => {
    t = await startSandbox();
    engineering = t.sandbox.store.idForUniqueName('Group', 'Engineering')!;
    jane = t.sandbox.store.idForUniqueName('User', 'jane.doe@example.com')!;
  });
  afterAll(() => t.close());

  const cases: [keyof QuirkSettings, () => Promise<void>, () => Promise<void>][] = [
    [
      'duplicateAs400',
      async () => expect((await t.scim('POST', '/Users', { body: { userName: 'jane.doe@example.com' } })).body).toMatchObject({ status: '409', scimType: 'uniqueness' }),
      async () => {
        const res = await t.scim('POST', '/Users', { body: { userName: 'jane.doe@example.com' } });
        expect(res.status).toBe(400);
        expect(res.body.scimType).toBeUndefined();
      },
    ],
    [
      'conflictWithoutScimType',
      async () => expect((await t.scim('POST', '/Users', { body: { userName: 'jane.doe@example.com' } })).body.scimType).toBe('uniqueness'),
      async () => {
        const res = await t.scim('POST', '/Users', { body: { userName: 'jane.doe@example.com' } });
        expect(res.status).toBe(409);
        expect(res.body.scimType).toBeUndefined();
      },
    ],
    [
      'rejectMembersReplace',
      async () => expect((await t.scim('PATCH', `/Groups/${engineering}`, { body: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'members', value: [{ value: jane }] }] } })).status).toBe(200),
      async () => {
        const res = await t.scim('PATCH', `/Groups/${engineering}`, { body: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'members', value: [{ value: jane }] }] } });
        expect(res.status).toBe(400);
        expect((await t.scim('PATCH', `/Groups/${engineering}`, { body: { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: jane }] }] } })).status).toBe(200);
      },
    ],
    [
      'ignoreExcludedAttributes',
      async () => expect((await t.scim('GET', `/Groups/${engineering}?excludedAttributes=members`)).body.members).toBeUndefined(),
      async () => expect((await t.scim('GET', `/Groups/${engineering}?excludedAttributes=members`)).body.members).toBeDefined(),
    ],
    [
      'plainJsonContentType',
      async () => expect((await t.scim('GET', '/Users?count=1')).headers.get('content-type')).toBe('application/scim+json; charset=utf-8'),
      async () => expect((await t.scim('GET', '/Users?count=1')).headers.get('content-type')).toBe('application/json; charset=utf-8'),
    ],
    [
      'zeroBasedStartIndex',
      async () => expect((await t.scim('GET', '/Users?startIndex=1&count=1')).body.Resources[0].userName).toBe('jane.doe@example.com'),
      async () => {
        const res = await t.scim('GET', '/Users?startIndex=1&count=1');
        expect(res.body.startIndex).toBe(1);
        expect(res.body.Resources[0].userName).not.toBe('jane.doe@example.com');
      },
    ],
    [
      'stringTotalResults',
      async () => expect((await t.scim('GET', '/Users?count=1')).body.totalResults).toBe(7),
      async () => expect((await t.scim('GET', '/Users?count=1')).body.totalResults).toBe('7'),
    ],
  ];

  it.each(cases)('%s: off by default, on when switched', async (quirk, off, on) => {
    expect(t.sandbox.settings.current.quirks[quirk]).toBe(false);
    await off();
    await t.admin('PUT', '/api/settings', { body: { quirks: { [quirk]: true } } });
    try {
      await on();
    } finally {
      await t.admin('PUT', '/api/settings', { body: { quirks: { [quirk]: false } } });
    }
    await off();
  });
});
