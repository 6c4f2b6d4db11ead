import { describe, expect, it } from 'vitest';
import { compileFilter, parseFilter, planIndexLookup, type IndexLookup } from '../../server/scim/filter/index.js';
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA, resourceTypes } from '../../server/scim/schemas/resource-types.js';

const USER_INDEXES: ReadonlySet<string> = new Set(['id', 'userName', 'externalId']);
const GROUP_INDEXES: ReadonlySet<string> = new Set(['id', 'displayName', 'externalId']);

const lookup = (attribute: string, value: string): IndexLookup => ({ attribute, value });

describe('planIndexLookup: users', () => {
  const cases: [string, IndexLookup[] | null][] = [
    // single lookups (Okta, Entra ID)
    ['userName eq "bjensen"', [lookup('userName', 'bjensen')]],
    ['USERNAME EQ "BJensen"', [lookup('userName', 'BJensen')]],
    ['externalId eq "abc"', [lookup('externalId', 'abc')]],
    ['id eq "2819c223"', [lookup('id', '2819c223')]],
    [`${USER_SCHEMA}:userName eq "bjensen"`, [lookup('userName', 'bjensen')]],
    [`${USER_SCHEMA.toUpperCase()}:username eq "bjensen"`, [lookup('userName', 'bjensen')]],
    ['userName eq ""', [lookup('userName', '')]],
    // not indexable
    ['displayName eq "Babs"', null],
    ['userName ne "bjensen"', null],
    ['userName co "bjensen"', null],
    ['userName sw "b"', null],
    ['userName ew "n"', null],
    ['userName gt "a"', null],
    ['userName pr', null],
    ['userName eq null', null],
    ['userName eq 42', null],
    ['userName eq true', null],
    ['emails.value eq "bjensen@example.com"', null],
    ['emails eq "bjensen@example.com"', null],
    ['emails[value eq "bjensen@example.com"]', null],
    ['meta.version eq "W/\\"1\\""', null],
    [`${ENTERPRISE_USER_SCHEMA}:employeeNumber eq "1"`, null],
    [`${ENTERPRISE_USER_SCHEMA}:userName eq "bjensen"`, null],
    [`${GROUP_SCHEMA}:userName eq "bjensen"`, null],
    ['urn:example:custom:1.0:User:userName eq "bjensen"', null],
    ['not (userName eq "bjensen")', null],
    // and: either side narrows; the smaller list wins
    ['userName eq "a" and active eq true', [lookup('userName', 'a')]],
    ['active eq true and userName eq "a"', [lookup('userName', 'a')]],
    ['userName eq "a" and externalId eq "b"', [lookup('userName', 'a')]],
    ['(userName eq "a" or userName eq "b") and externalId eq "c"', [lookup('externalId', 'c')]],
    ['externalId eq "c" and (userName eq "a" or userName eq "b")', [lookup('externalId', 'c')]],
    ['(userName eq "a" or userName eq "b") and title pr', [lookup('userName', 'a'), lookup('userName', 'b')]],
    ['title pr and not (userName eq "a")', null],
    ['title pr and displayName eq "x"', null],
    ['title pr and active eq true and id eq "x"', [lookup('id', 'x')]],
    // or: every side must be indexable
    ['userName eq "a" or userName eq "b"', [lookup('userName', 'a'), lookup('userName', 'b')]],
    ['userName eq "a" or externalId eq "b" or id eq "c"', [lookup('userName', 'a'), lookup('externalId', 'b'), lookup('id', 'c')]],
    ['userName eq "a" or userName eq "a"', [lookup('userName', 'a')]],
    ['userName eq "a" or title pr', null],
    ['title pr or userName eq "a"', null],
    ['(userName eq "a" and title pr) or (externalId eq "b" and active eq true)', [lookup('userName', 'a'), lookup('externalId', 'b')]],
    ['(userName eq "a" and title pr) or active eq true', null],
    // a sub-attribute after a value filter (Entra): never an index itself, but indexed siblings still narrow
    ['emails[type eq "work"].value eq "a@x"', null],
    ['userName[type eq "work"].value eq "a"', null],
    ['emails[type eq "work"].value eq "a@x" and userName eq "a"', [lookup('userName', 'a')]],
    ['externalId eq "e" and emails[type eq "work"].value eq "a@x"', [lookup('externalId', 'e')]],
    ['emails[type eq "work"].value eq "a@x" or userName eq "a"', null],
    ['userName eq "a" or emails[type eq "work"].value pr', null],
  ];
  it.each(cases)('%s', (filter, plan) => {
    expect(planIndexLookup(parseFilter(filter), resourceTypes.User, USER_INDEXES)).toEqual(plan);
  });

  it('returns null when no indexes are available', () => {
    expect(planIndexLookup(parseFilter('userName eq "a"'), resourceTypes.User, new Set())).toBeNull();
  });

  it('plans long chains without deep recursion', () => {
    const many = Array.from({ length: 500 }, (_, i) => `id eq "${i}"`).join(' or ');
    expect(planIndexLookup(parseFilter(many), resourceTypes.User, USER_INDEXES)).toHaveLength(500);
  });
});

describe('planIndexLookup: groups', () => {
  const cases: [string, IndexLookup[] | null][] = [
    ['displayName eq "Tour Guides"', [lookup('displayName', 'Tour Guides')]],
    ['DisplayName eq "x"', [lookup('displayName', 'x')]],
    ['externalId eq "g1"', [lookup('externalId', 'g1')]],
    [`${GROUP_SCHEMA}:displayName eq "x"`, [lookup('displayName', 'x')]],
    [`${USER_SCHEMA}:displayName eq "x"`, null],
    ['userName eq "x"', null],
    ['members[value eq "u1"]', null],
    ['members.value eq "u1"', null],
    ['displayName eq "x" and members[value eq "u1"]', [lookup('displayName', 'x')]],
    ['id eq "g1" and members[value eq "u1"]', [lookup('id', 'g1')]],
    ['displayName eq "x" or externalId eq "y"', [lookup('displayName', 'x'), lookup('externalId', 'y')]],
  ];
  it.each(cases)('%s', (filter, plan) => {
    expect(planIndexLookup(parseFilter(filter), resourceTypes.Group, GROUP_INDEXES)).toEqual(plan);
  });
});

describe('planIndexLookup: the plan is a superset of the matches', () => {
  const users = [
    { id: '1', userName: 'alice', externalId: 'A', title: 'Dev', active: true, emails: [{ type: 'work', value: 'alice@x' }] },
    { id: '2', userName: 'bob', externalId: 'B', active: false, emails: [{ type: 'home', value: 'bob@x' }] },
    { id: '3', userName: 'carol', externalId: 'C', title: 'Ops', active: true },
  ];
  /** Simulates the store: exact lookups, userName folded as the filter folds it. */
  const fetch = (plan: IndexLookup[]) =>
    users.filter((u) =>
      plan.some((l) => {
        const stored = String(u[l.attribute as keyof typeof u]);
        return l.attribute === 'userName' ? stored.toLowerCase() === l.value.toLowerCase() : stored === l.value;
      }),
    );
  const filters = [
    'userName eq "ALICE"',
    'userName eq "alice" and active eq true',
    'userName eq "bob" or externalId eq "C"',
    '(userName eq "alice" or userName eq "carol") and title pr',
    'id eq "2" and not (active eq true)',
    'userName eq "ALICE" and emails[type eq "work"].value eq "alice@x"',
    'emails[type eq "home"].value co "@" and (externalId eq "B" or externalId eq "C")',
  ];
  it.each(filters)('%s', (filter) => {
    const node = parseFilter(filter);
    const plan = planIndexLookup(node, resourceTypes.User, USER_INDEXES);
    expect(plan).not.toBeNull();
    const predicate = compileFilter(node, resourceTypes.User);
    const fetched = fetch(plan as IndexLookup[]);
    for (const match of users.filter(predicate)) expect(fetched).toContain(match);
  });
});
