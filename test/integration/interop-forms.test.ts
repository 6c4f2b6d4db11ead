/**
 * What outside suites send that the RFC grammar does not quite allow, over real HTTP: Entra's
 * `emails[type eq "work"].value eq "x"` filter, Microsoft's reference collection's
 * `attributes=emails[type eq "work"]`, and scimverify's core attributes nested under the core
 * schema URN. Each is accepted, answered as its meaning says, and recorded with its lint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

describe('outside suites\' request forms', () => {
  let t: TestSandbox;
  let aliceId: string;

  beforeAll(async () => {
    t = await startSandbox({ seed: 'empty' });
    const people = [
      { userName: 'alice', emails: [{ value: 'alice@work.example', type: 'work', primary: true }, { value: 'alice@home.example', type: 'home' }] },
      { userName: 'bob', emails: [{ value: 'bob@home.example', type: 'home' }] },
      { userName: 'carol', emails: [{ value: 'alice@home.example', type: 'work' }] },
    ];
    for (const person of people) {
      const res = await t.scim('POST', '/Users', { body: { schemas: [USER], ...person } });
      expect(res.status).toBe(201);
      if (person.userName === 'alice') aliceId = res.body.id;
    }
  });
  afterAll(() => t.close());

  /** Sends one request and waits until the recorder has interpreted it; returns the answer and the lint codes. */
  async function recorded(method: string, path: string, body?: unknown) {
    const next = nextExchanges(t.sandbox, 1);
    const res = await t.scim(method, path, body === undefined ? {} : { body });
    const [summary] = await next;
    const full = t.sandbox.exchanges.get(summary!.id)!;
    return { res, lint: full.lint.map((l) => l.code) };
  }

  describe('Entra\'s sub-attribute after a value filter', () => {
    it.each([
      // filter, userNames matched
      ['emails[type eq "work"].value eq "alice@work.example"', ['alice']],
      // the home address is not a work address, although emails.value eq would match it
      ['emails[type eq "work"].value eq "alice@home.example"', ['carol']],
      ['emails[type eq "home"].value eq "alice@home.example"', ['alice']],
      ['emails[type eq "work"].value pr', ['alice', 'carol']],
      ['emails[type eq "home"].value ew "@home.example"', ['alice', 'bob']],
      ['emails[type eq "work"].value co "WORK"', ['alice']],
      // the index planner still answers the userName part
      ['userName eq "alice" and emails[type eq "work"].value eq "alice@work.example"', ['alice']],
      ['userName eq "bob" and emails[type eq "work"].value eq "alice@work.example"', []],
      ['emails[type eq "work"].value eq "nobody@example.com"', []],
    ])('%s matches %j', async (filter, expected) => {
      const { res, lint } = await recorded('GET', `/Users?filter=${encodeURIComponent(filter)}`);
      expect(res.status).toBe(200);
      expect(res.body.Resources.map((r: { userName: string }) => r.userName).sort()).toEqual(expected);
      expect(res.body.totalResults).toBe(expected.length);
      expect(lint).toContain('filter.valuepath.subattribute');
    });

    it('works through POST .search too', async () => {
      const res = await t.scim('POST', '/Users/.search', { body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'emails[type eq "work"].value eq "alice@work.example"' } });
      expect(res.status).toBe(200);
      expect(res.body.totalResults).toBe(1);
    });

    it.each([
      ['emails[type eq "work"].value', 'Expected a comparison operator'],
      ['emails[type eq "work"].value eq', 'Expected a value'],
      ['emails[type eq "work"].nope.deeper eq "x"', 'Invalid sub-attribute'],
    ])('a malformed %s is still 400 invalidFilter', async (filter, detail) => {
      const res = await t.scim('GET', `/Users?filter=${encodeURIComponent(filter)}`);
      expect(res.status).toBe(400);
      expect(res.body.scimType).toBe('invalidFilter');
      expect(res.body.detail).toContain(detail);
    });
  });

  describe('a value filter in attributes and excludedAttributes', () => {
    it.each([
      // query, the emails alice comes back with
      ['attributes=emails[type eq "work"]', ['alice@work.example']],
      ['attributes=emails[value eq "alice@home.example"]', ['alice@home.example']],
      ['attributes=emails[type eq "other"]', []],
      ['attributes=userName,emails[type eq "home"]', ['alice@home.example']],
      ['excludedAttributes=emails[type eq "work"]', ['alice@home.example']],
    ])('GET /Users/:id?%s', async (query, emails) => {
      const params = query.replace(/=(.*)$/, (_m, v: string) => `=${encodeURIComponent(v)}`);
      const { res, lint } = await recorded('GET', `/Users/${aliceId}?${params}`);
      expect(res.status).toBe(200);
      expect((res.body.emails ?? []).map((e: { value: string }) => e.value)).toEqual(emails);
      expect(res.body.id).toBe(aliceId);
      expect(lint).toContain('projection.valuepath');
    });

    it('keeps the named attribute and drops the others in a list, as Microsoft\'s collection expects', async () => {
      const res = await t.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "alice"')}&attributes=${encodeURIComponent('emails[type eq "work"]')}`);
      expect(res.status).toBe(200);
      const [alice] = res.body.Resources;
      expect(alice.userName).toBeUndefined();
      expect(alice.emails).toEqual([{ value: 'alice@work.example', type: 'work', primary: true }]);
    });

    it('projects the whole attribute when the filter names no sub-attribute it has', async () => {
      const res = await t.scim('GET', `/Users/${aliceId}?attributes=${encodeURIComponent('emails[nonsense eq ]')}`);
      expect(res.status).toBe(200);
      expect(res.body.emails).toHaveLength(2);
    });

    it('still refuses a name that is no attribute path at all', async () => {
      const res = await t.scim('GET', `/Users/${aliceId}?attributes=${encodeURIComponent('[type eq "work"]')}`);
      expect(res.status).toBe(400);
      expect(res.body.scimType).toBe('invalidPath');
    });
  });

  describe('core attributes nested under the core schema URN', () => {
    it('creates a user from the nested form, stores it normalized and lints it', async () => {
      const body = { schemas: [USER, ENTERPRISE], [USER]: { userName: 'nested@example.com', name: { givenName: 'Nes', familyName: 'Ted' }, active: true }, [ENTERPRISE]: { department: 'R&D' } };
      const { res, lint } = await recorded('POST', '/Users', body);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ userName: 'nested@example.com', name: { givenName: 'Nes', familyName: 'Ted' }, active: true, [ENTERPRISE]: { department: 'R&D' } });
      expect(res.body[USER]).toBeUndefined();
      expect(lint).toContain('attribute.core.nested');
      const found = await t.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "nested@example.com"')}`);
      expect(found.body.totalResults).toBe(1);
      const stored = t.sandbox.store.get('User', res.body.id)!;
      expect(stored.userName).toBe('nested@example.com');
      expect(stored[USER]).toBeUndefined();
    });

    it('replaces a user with PUT in the nested form', async () => {
      const created = await t.scim('POST', '/Users', { body: { schemas: [USER], userName: 'put-nested@example.com' } });
      const res = await t.scim('PUT', `/Users/${created.body.id}`, { body: { schemas: [USER], [USER]: { userName: 'put-nested@example.com', displayName: 'Put Nested' } } });
      expect(res.status).toBe(200);
      expect(res.body.displayName).toBe('Put Nested');
    });

    it('creates a group from the nested form', async () => {
      const { res, lint } = await recorded('POST', '/Groups', { schemas: [GROUP], [GROUP]: { displayName: 'Nested Group', members: [{ value: aliceId }] } });
      expect(res.status).toBe(201);
      expect(res.body.displayName).toBe('Nested Group');
      expect(res.body.members.map((m: { value: string }) => m.value)).toEqual([aliceId]);
      expect(lint).toContain('attribute.core.nested');
    });

    it('keeps the top-level value when an attribute is sent both ways', async () => {
      const res = await t.scim('POST', '/Users', { body: { schemas: [USER], userName: 'top@example.com', [USER]: { userName: 'inner@example.com', title: 'Inner' } } });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ userName: 'top@example.com', title: 'Inner' });
    });

    it.each([
      [{ schemas: [USER], [USER]: 'not-an-object' }, 400, 'invalidValue'],
      [{ schemas: [USER], [USER]: { displayName: 'no userName' } }, 400, 'invalidValue'],
      [{ schemas: [USER], [USER]: { userName: 'alice' } }, 409, 'uniqueness'],
    ])('refuses %j with %i %s and stores nothing', async (body, status, scimType) => {
      const before = t.sandbox.store.count('User');
      const res = await t.scim('POST', '/Users', { body });
      expect(res.status).toBe(status);
      expect(res.body.scimType).toBe(scimType);
      expect(t.sandbox.store.count('User')).toBe(before);
    });
  });
});
