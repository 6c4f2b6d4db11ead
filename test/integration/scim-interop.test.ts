/**
 * Request shapes from outside test suites and IdPs, over real HTTP: Entra's
 * `emails[type eq "work"].value eq "x"` filter, Microsoft's reference collection's
 * `attributes=emails[type eq "work"]`, and scimverify's core attributes nested under the core
 * schema URN. Each is accepted, answered as its meaning asks, and (where the RFC does not allow
 * it) linted with the leniency the server applied.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exchange } from '../../server/contract/exchange.js';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

describe('SCIM interoperability with outside clients', () => {
  let t: TestSandbox;
  const ids: Record<string, string> = {};

  /** Sends one request and returns its answer with the recorded exchange (lint included). */
  async function recorded(method: string, path: string, body?: unknown) {
    const next = nextExchanges(t.sandbox, 1);
    const res = await t.scim(method, path, body === undefined ? {} : { body });
    const [summary] = await next;
    const exchange = (await t.admin('GET', `/api/exchanges/${summary!.id}`)).body as Exchange;
    return { res, exchange, codes: exchange.lint.map((l) => l.code) };
  }

  beforeAll(async () => {
    t = await startSandbox({ seed: 'empty' });
    const users = [
      { userName: 'ada', emails: [{ type: 'work', value: 'ada@work.example', primary: true }, { type: 'home', value: 'ada@home.example' }] },
      { userName: 'bob', emails: [{ type: 'home', value: 'ada@work.example' }] }, // ada's work address, as bob's home one
      { userName: 'cy', emails: [{ type: 'work', value: 'cy@work.example' }], [ENTERPRISE]: { manager: { value: 'boss-1', displayName: 'Boss' } } },
      { userName: 'dee' },
    ];
    for (const user of users) {
      const res = await t.scim('POST', '/Users', { body: { schemas: [USER, ...(user[ENTERPRISE] ? [ENTERPRISE] : [])], ...user } });
      expect(res.status, res.text).toBe(201);
      ids[user.userName] = res.body.id;
    }
  });
  afterAll(() => t.close());

  describe('filters with a sub-attribute after a value filter (Entra user matching)', () => {
    const userNames = async (filter: string) => {
      const res = await t.scim('GET', `/Users?filter=${encodeURIComponent(filter)}`);
      expect(res.status, res.text).toBe(200);
      return (res.body.Resources as { userName: string }[]).map((r) => r.userName).sort();
    };

    it.each([
      ['emails[type eq "work"].value eq "ada@work.example"', ['ada']],
      ['emails[type eq "work"].value eq "ADA@WORK.EXAMPLE"', ['ada']],
      ['emails[type eq "home"].value eq "ada@work.example"', ['bob']],
      ['emails.value eq "ada@work.example"', ['ada', 'bob']],
      ['emails[type eq "work"].value co "@work"', ['ada', 'cy']],
      ['emails[type eq "work" and primary eq true].value pr', ['ada']],
      ['emails[type eq "work"].value eq null', ['bob', 'dee']],
      ['emails[type eq "work"].value ne "cy@work.example"', ['ada', 'bob', 'dee']],
      ['userName eq "ada" and emails[type eq "work"].value eq "ada@work.example"', ['ada']],
      ['userName eq "bob" and emails[type eq "work"].value eq "ada@work.example"', []],
      ['userName eq "dee" or emails[type eq "work"].value sw "cy"', ['cy', 'dee']],
      [`${ENTERPRISE}:manager[value sw "boss"].value eq "boss-1"`, ['cy']],
      [`${ENTERPRISE}:manager[value sw "chief"].value pr`, []],
    ])('GET /Users?filter=%s', async (filter, expected) => {
      expect(await userNames(filter)).toEqual(expected);
    });

    it('answers the same through POST /Users/.search', async () => {
      const res = await t.scim('POST', '/Users/.search', {
        body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'emails[type eq "work"].value eq "cy@work.example"' },
      });
      expect(res.status, res.text).toBe(200);
      expect(res.body.Resources.map((r: { id: string }) => r.id)).toEqual([ids.cy]);
    });

    it.each([
      ['emails[type eq "work"].value', 'Expected a comparison operator'],
      ['emails[type eq "work"].value.x eq "a"', 'Expected one sub-attribute name'],
      ['emails[type eq "work"].primary gt true', 'boolean'],
    ])('refuses %s with 400 invalidFilter', async (filter, detail) => {
      const res = await t.scim('GET', `/Users?filter=${encodeURIComponent(filter)}`);
      expect(res.status).toBe(400);
      expect(res.body.scimType).toBe('invalidFilter');
      expect(res.body.detail).toContain(detail);
    });
  });

  describe('a value filter in attributes (Microsoft reference collection)', () => {
    it.each([
      // attributes, user, expected emails (undefined: the attribute is absent)
      ['emails[type eq "work"]', 'ada', [{ type: 'work', value: 'ada@work.example', primary: true }]],
      ['emails[value eq "ada@home.example"]', 'ada', [{ type: 'home', value: 'ada@home.example' }]],
      ['emails[type eq "work"].value', 'ada', [{ value: 'ada@work.example' }]],
      ['emails[type eq "work"]', 'bob', undefined],
      ['emails[type eq "work"],emails[type eq "home"]', 'ada', [{ type: 'work', value: 'ada@work.example', primary: true }, { type: 'home', value: 'ada@home.example' }]],
      ['emails[type eq "home" or value eq "a,b"],userName', 'ada', [{ type: 'home', value: 'ada@home.example' }]],
    ])('GET /Users/:id?attributes=%s (%s)', async (attributes, who, emails) => {
      const { res, codes, exchange } = await recorded('GET', `/Users/${ids[who]}?attributes=${encodeURIComponent(attributes)}`);
      expect(res.status, res.text).toBe(200);
      expect(res.body.id).toBe(ids[who]);
      expect(res.body.emails).toEqual(emails);
      expect(res.body.displayName).toBeUndefined();
      if (attributes.includes('userName')) expect(res.body.userName).toBe(who);
      expect(codes).toContain('query.attributes.filter');
      const finding = exchange.lint.find((l) => l.code === 'query.attributes.filter')!;
      expect(finding.message).toContain('RFC 7644 §3.4.2.5');
    });

    it('projects every listed user the same way', async () => {
      const res = await t.scim('GET', `/Users?attributes=${encodeURIComponent('emails[value eq "cy@work.example"]')}`);
      expect(res.status, res.text).toBe(200);
      expect(res.body.totalResults).toBe(4);
      const withEmails = (res.body.Resources as { id: string; emails?: unknown }[]).filter((r) => r.emails !== undefined);
      expect(withEmails).toEqual([{ schemas: [USER, ENTERPRISE], id: ids.cy, emails: [{ type: 'work', value: 'cy@work.example' }] }]);
    });

    it('drops the elements a filter in excludedAttributes selects', async () => {
      const res = await t.scim('GET', `/Users/${ids.ada}?excludedAttributes=${encodeURIComponent('emails[type eq "home"]')}`);
      expect(res.status, res.text).toBe(200);
      expect(res.body.userName).toBe('ada');
      expect(res.body.emails).toEqual([{ type: 'work', value: 'ada@work.example', primary: true }]);
    });

    it.each([
      ['emails[type eq]', 'invalidPath', 'The value filter in "emails[type eq]" cannot be read'],
      ['emails[type eq "work"', 'invalidPath', 'is not an attribute path'],
      ['nosuch..attr[type eq "work"]', 'invalidPath', 'is not an attribute path'],
    ])('refuses attributes=%s with 400 %s', async (attributes, scimType, detail) => {
      const res = await t.scim('GET', `/Users?attributes=${encodeURIComponent(attributes)}`);
      expect(res.status).toBe(400);
      expect(res.body.scimType).toBe(scimType);
      expect(res.body.detail).toContain(detail);
    });
  });

  describe('core attributes nested under the core schema URN (scimverify)', () => {
    it('creates a user from the nested form, stores it normalized and lints it', async () => {
      const { res, codes, exchange } = await recorded('POST', '/Users', {
        schemas: [USER],
        [USER]: { userName: 'nested.user', name: { givenName: 'Nes', familyName: 'Ted' }, emails: [{ value: 'n@example.com', type: 'work' }], active: 'True' },
      });
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({ schemas: [USER], userName: 'nested.user', name: { givenName: 'Nes', familyName: 'Ted' }, active: true });
      expect(res.body[USER]).toBeUndefined();
      const stored = await t.scim('GET', `/Users/${res.body.id}`);
      expect(stored.body).toEqual(res.body);
      expect(codes).toEqual(expect.arrayContaining(['attribute.core.qualified', 'value.boolean.string']));
      const finding = exchange.lint.find((l) => l.code === 'attribute.core.qualified')!;
      expect(finding.level).toBe('info');
      expect(finding.message).toContain('RFC 7644 §3.10');
      const found = await t.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "nested.user"')}`);
      expect(found.body.totalResults).toBe(1);
    });

    it('replaces a user from the nested form beside an extension', async () => {
      const created = await t.scim('POST', '/Users', { body: { schemas: [USER], userName: 'put.me', title: 'Old' } });
      const { res, codes } = await recorded('PUT', `/Users/${created.body.id}`, {
        schemas: [USER, ENTERPRISE],
        [USER]: { userName: 'put.me', displayName: 'Put Me' },
        [ENTERPRISE]: { department: 'QA' },
      });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ userName: 'put.me', displayName: 'Put Me', [ENTERPRISE]: { department: 'QA' } });
      expect(res.body.title).toBeUndefined();
      expect(codes).toContain('attribute.core.qualified');
    });

    it('accepts a URN-qualified attribute name at the top level', async () => {
      const { res, codes } = await recorded('POST', '/Users', { schemas: [USER], [`${USER}:userName`]: 'qualified.name', [`${USER}:displayName`]: 'Q' });
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({ userName: 'qualified.name', displayName: 'Q' });
      expect(codes).toContain('attribute.core.qualified');
    });

    it('reads an extension nested inside the core object as an extension', async () => {
      const { res, codes } = await recorded('POST', '/Users', {
        schemas: [USER, ENTERPRISE],
        [USER]: { userName: 'ext.inside', [ENTERPRISE]: { employeeNumber: '42' }, nickname: 'E' },
      });
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({ schemas: [USER, ENTERPRISE], userName: 'ext.inside', [ENTERPRISE]: { employeeNumber: '42' } });
      expect(res.body.nickName).toBe('E');
      expect(codes).toContain('attribute.core.qualified');
      expect(codes).not.toContain('schema.extension.unknown');
    });

    it('creates a group from the nested form, members included', async () => {
      const { res, codes } = await recorded('POST', '/Groups', { schemas: [GROUP], [GROUP]: { displayName: 'Nested Group', members: [{ value: ids.ada }] } });
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({ displayName: 'Nested Group', members: [{ value: ids.ada }] });
      expect(codes).toContain('attribute.core.qualified');
    });

    it('applies a PATCH value holding the nested form', async () => {
      const { res, codes } = await recorded('PATCH', `/Users/${ids.dee}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', value: { [USER]: { displayName: 'Dee Dee' } } }],
      });
      expect([200, 204]).toContain(res.status);
      expect((await t.scim('GET', `/Users/${ids.dee}`)).body.displayName).toBe('Dee Dee');
      expect(codes).toContain('attribute.core.qualified');
    });

    it.each([
      [{ schemas: [USER], [USER]: 'nested.user2' }, 'invalidValue', 'must be an object holding core attributes'],
      [{ schemas: [USER], [USER]: { name: { givenName: 'No' } } }, 'invalidValue', 'userName'],
      [{ schemas: [USER], [USER]: { userName: 'x', active: 'maybe' } }, 'invalidValue', 'active'],
    ])('refuses a malformed nested body with 400 and stores nothing (%#)', async (body, scimType, detail) => {
      const before = (await t.scim('GET', '/Users?count=0')).body.totalResults;
      const res = await t.scim('POST', '/Users', { body });
      expect(res.status).toBe(400);
      expect(res.body.scimType).toBe(scimType);
      expect(res.body.detail).toContain(detail);
      expect((await t.scim('GET', '/Users?count=0')).body.totalResults).toBe(before);
    });
  });
});
