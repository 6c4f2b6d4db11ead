import { describe, expect, it } from 'vitest';
import { compileElementFilter, compileFilter, parseFilter, type FilterNode } from '../../server/scim/filter/index.js';
import { attr, findAttribute, type AttributeDefinition } from '../../server/scim/schemas/attribute-definition.js';
import { groupSchema, userSchema } from '../../server/scim/schemas/core-schemas.js';
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA, resourceTypes, type ResourceTypeDefinition } from '../../server/scim/schemas/resource-types.js';
import { scimErrorOf } from '../helpers/scim-error.js';

const ENT = ENTERPRISE_USER_SCHEMA;
const BJENSEN_ID = '2819c223-7f76-453a-919d-413861904646';
const GROUP_ID = 'e9e30dba-f08f-4109-8486-d5c6a331660a';
const MANAGER_ID = '26118915-6090-4610-87e4-49d8ca9f808d';

/** Barbara Jensen, after RFC 7643 §8.2, with a few empty values for `pr`. */
const user: Record<string, unknown> = {
  schemas: [USER_SCHEMA, ENT],
  id: BJENSEN_ID,
  externalId: 'Bjensen-EXT',
  userName: 'bjensen',
  name: { formatted: 'Ms. Barbara J Jensen, III', familyName: "O'Malley", givenName: 'Barbara', middleName: 'Jane' },
  displayName: 'Babs Jensen',
  nickName: 'Babs',
  title: 'Tour Guide',
  userType: 'Employee',
  preferredLanguage: '',
  active: true,
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
  phoneNumbers: [
    { value: '555-555-5555', type: 'work' },
    { value: '555-555-4444', type: 'mobile' },
  ],
  ims: [{ value: 'babs@foo.com', type: 'xmpp' }],
  photos: [],
  addresses: [{}],
  x509Certificates: [null],
  groups: [{ value: GROUP_ID, display: 'Tour Guides', type: 'direct' }],
  loginCount: 42,
  meta: {
    resourceType: 'User',
    created: '2010-01-23T04:56:22Z',
    lastModified: '2011-05-13T04:42:34Z',
    version: 'W/"3694e05e9dff591"',
    location: `https://example.com/v2/Users/${BJENSEN_ID}`,
  },
  [ENT]: {
    employeeNumber: '701984',
    costCenter: '4130',
    organization: 'Universal Studios',
    division: 'Theme Park',
    department: 'Tour Operations',
    manager: { value: MANAGER_ID, displayName: 'John Smith' },
  },
};

const group: Record<string, unknown> = {
  schemas: [GROUP_SCHEMA],
  id: GROUP_ID,
  externalId: 'tg-EXT',
  displayName: 'Tour Guides',
  members: [
    { value: BJENSEN_ID, display: 'Babs Jensen', type: 'User', $ref: `https://example.com/v2/Users/${BJENSEN_ID}` },
    { value: 'abc', type: 'Group', $ref: 'https://example.com/v2/Groups/abc' },
  ],
  meta: { resourceType: 'Group', created: '2026-01-02T03:04:05Z', lastModified: '2026-03-04T10:15:30.1234567+01:00', version: 'W/"1"' },
};

/** User with declared integer, decimal, binary and dateTime attributes, to test typed comparisons. */
const typedUserType: ResourceTypeDefinition = {
  ...resourceTypes.User,
  schema: {
    ...userSchema,
    attributes: [
      ...userSchema.attributes,
      attr({ name: 'loginCount', type: 'integer', description: 'test' }),
      attr({ name: 'score', type: 'decimal', description: 'test' }),
      attr({ name: 'badge', type: 'binary', caseExact: true, description: 'test' }),
      attr({ name: 'born', type: 'dateTime', description: 'test' }),
      attr({ name: 'tags', multiValued: true, description: 'test' }),
    ],
  },
};
const typedUser: Record<string, unknown> = {
  ...user,
  loginCount: 42,
  score: 72.5,
  badge: 'AAEC',
  born: '1990-06-15T08:30:00.5+02:00',
  tags: ['Red', 'green'],
};

function matches(filter: string, resource: Record<string, unknown>, type: ResourceTypeDefinition): boolean {
  return compileFilter(parseFilter(filter), type)(resource);
}

describe('compileFilter: RFC 7644 §3.4.2.2 example filters against bjensen', () => {
  const cases: [string, boolean][] = [
    ['userName eq "bjensen"', true],
    ['name.familyName co "O\'Malley"', true],
    ['userName sw "J"', false],
    ['userName sw "BJ"', true],
    [`${USER_SCHEMA}:userName sw "J"`, false],
    [`${USER_SCHEMA}:userName sw "bJ"`, true],
    ['title pr', true],
    ['meta.lastModified gt "2011-05-13T04:42:34Z"', false],
    ['meta.lastModified ge "2011-05-13T04:42:34Z"', true],
    ['meta.lastModified lt "2011-05-13T04:42:34Z"', false],
    ['meta.lastModified le "2011-05-13T04:42:34Z"', true],
    ['meta.lastModified gt "2011-05-13T04:42:33Z"', true],
    ['title pr and userType eq "Employee"', true],
    ['title pr or userType eq "Intern"', true],
    ['schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"', true],
    ['userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")', true],
    ['userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")', false],
    ['userType eq "Employee" and (emails.type eq "work")', true],
    ['userType eq "Employee" and emails[type eq "work" and value co "@example.com"]', true],
    ['emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]', true],
    ['emails[type eq "home" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]', true],
    ['emails[type eq "home" and value co "@example.com"] or ims[type eq "aim" and value co "@foo.com"]', false],
  ];
  it.each(cases)('%s → %s', (filter, expected) => {
    expect(matches(filter, user, resourceTypes.User)).toBe(expected);
  });
});

describe('compileFilter: user semantics', () => {
  const cases: [string, boolean][] = [
    // case rules: attribute names always case-insensitive; values per caseExact
    ['userName eq "BJENSEN"', true],
    ['USERNAME EQ "bjensen"', true],
    ['username eq "bjensen2"', false],
    ['displayName eq "babs jensen"', true],
    ['externalId eq "Bjensen-EXT"', true],
    ['externalId eq "bjensen-ext"', false],
    [`id eq "${BJENSEN_ID}"`, true],
    [`id eq "${BJENSEN_ID.toUpperCase()}"`, false],
    ['meta.version eq "W/\\"3694e05e9dff591\\""', true],
    ['meta.version eq "w/\\"3694E05E9DFF591\\""', false],
    ['meta.resourceType eq "User"', true],
    ['meta.resourceType eq "user"', false],
    ['unknownAttr eq "x"', false],
    // multi-valued: any element matches
    ['emails.value eq "BJENSEN@example.com"', true],
    ['emails eq "babs@jensen.org"', true],
    ['emails eq "nobody@example.com"', false],
    ['emails.type eq "home"', true],
    ['emails.type eq "home" and emails.value co "@example.com"', true],
    ['emails[type eq "home" and value co "@example.com"]', false],
    ['emails[TYPE eq "WORK"]', true],
    ['emails[primary eq true]', true],
    ['emails[type eq "home" and primary eq true]', false],
    ['emails[not (type eq "work")]', true],
    ['emails[value ew ".ORG"]', true],
    ['phoneNumbers[type eq "mobile" and value sw "555"]', true],
    ['phoneNumbers.value co "4444"', true],
    ['ims[type eq "xmpp"]', true],
    // sub-attributes, complex attributes
    ['name.givenName eq "barbara"', true],
    ['name.givenName sw "Barb" and name.middleName ew "ne"', true],
    ['name.honorificPrefix pr', false],
    // enterprise extension
    [`${ENT}:department eq "Tour Operations"`, true],
    [`${ENT.toLowerCase()}:Department eq "tour operations"`, true],
    [`${ENT}:department eq "Sales"`, false],
    [`${ENT}:manager.value eq "${MANAGER_ID}"`, true],
    [`${ENT}:manager eq "${MANAGER_ID}"`, true],
    [`${ENT}:manager.displayName co "smith"`, true],
    [`${ENT}:manager pr`, true],
    [`${ENT}:employeeNumber eq "701984"`, true],
    [`${ENT}:employeeNumber eq 701984`, true],
    [`${ENT}:employeeNumber ge "7"`, true],
    [`${ENT}:costCenter lt "5"`, true],
    [`${ENT}:department pr`, true],
    ['urn:example:other:2.0:Thing:department pr', false],
    // groups
    [`groups.value eq "${GROUP_ID}"`, true],
    [`groups eq "${GROUP_ID}"`, true],
    ['groups[display eq "tour guides"]', true],
    ['groups[type eq "indirect"]', false],
    // presence
    ['name pr', true],
    ['emails pr', true],
    ['emails.value pr', true],
    ['emails.display pr', false],
    ['preferredLanguage pr', false],
    ['photos pr', false],
    ['addresses pr', false],
    ['x509Certificates pr', false],
    ['locale pr', false],
    ['active pr', true],
    ['not (locale pr)', true],
    // null
    ['title eq null', false],
    ['locale eq null', true],
    ['preferredLanguage eq null', true],
    ['title ne null', true],
    ['locale ne null', false],
    // ne: true when absent, or when any value differs
    ['userType ne "Intern"', true],
    ['title ne "tour guide"', false],
    ['locale ne "en-US"', true],
    ['emails.type ne "work"', true],
    ['ims.type ne "xmpp"', false],
    ['emails[type ne "work"]', true],
    ['ims[type ne "xmpp"]', false],
    // co / sw / ew
    ['displayName ew "JENSEN"', true],
    ['displayName sw "babs "', true],
    ['displayName co "bs je"', true],
    ['displayName co ""', true],
    ['externalId co "ext"', false],
    ['externalId co "EXT"', true],
    ['title co "Guide" and title sw "Tour" and title ew "ide"', true],
    // booleans
    ['active eq true', true],
    ['active eq false', false],
    ['active eq "true"', true],
    ['active eq "TRUE"', true],
    ['active ne false', true],
    ['active ne true', false],
    ['not (active eq false)', true],
    // dateTimes: instants, whatever the precision or offset
    ['meta.lastModified eq "2011-05-13T04:42:34.000Z"', true],
    ['meta.lastModified eq "2011-05-13T06:42:34+02:00"', true],
    ['meta.lastModified eq "2011-05-13T04:42:34.0000001Z"', false],
    ['meta.lastModified gt "2011-05-13T04:42:33.999Z"', true],
    ['meta.lastModified lt "2011-05-13T04:42:34.001Z"', true],
    ['meta.lastModified lt "2011-05-13T00:42:34-04:00"', false],
    ['meta.lastModified le "2011-05-13T00:42:34-04:00"', true],
    ['meta.lastModified gt "2011-05-13T05:42:33+01:00"', true],
    ['meta.lastModified gt "2026-01-01T00:00:00Z"', false],
    ['meta.created lt "2011-01-01"', true],
    ['meta.created gt "2010-01-23T04:56:22Z" and meta.created lt "2010-01-23T04:56:23Z"', false],
    ['meta.created sw "2010-"', true],
    // numbers on an attribute no schema declares follow the JSON type
    ['loginCount gt 41', true],
    ['loginCount eq 42', true],
    ['loginCount lt 4.2e1', false],
    // keys in the resource may use any case
    ['title pr and UserType eq "employee"', true],
  ];
  it.each(cases)('%s → %s', (filter, expected) => {
    expect(matches(filter, user, resourceTypes.User)).toBe(expected);
  });

  it('reads JSON keys in any case', () => {
    const shouty = { USERNAME: 'Alice', Emails: [{ VALUE: 'alice@example.com', Type: 'work' }], [ENT.toUpperCase()]: { Department: 'Sales' } };
    expect(matches('userName eq "alice"', shouty, resourceTypes.User)).toBe(true);
    expect(matches('emails[type eq "work" and value co "alice"]', shouty, resourceTypes.User)).toBe(true);
    expect(matches('emails.value ew "example.com"', shouty, resourceTypes.User)).toBe(true);
    expect(matches(`${ENT}:department eq "sales"`, shouty, resourceTypes.User)).toBe(true);
  });

  it('compiles once and evaluates many resources', () => {
    const predicate = compileFilter(parseFilter('userName sw "u1"'), resourceTypes.User);
    const resources = Array.from({ length: 200 }, (_, i) => ({ userName: `u${i}` }));
    expect(resources.filter(predicate)).toHaveLength(111);
  });

  it('evaluates a long flat chain without deep recursion', () => {
    const filter = Array.from({ length: 700 }, () => 'title pr').join(' and ');
    expect(matches(filter, user, resourceTypes.User)).toBe(true);
    expect(matches(`${filter} and locale pr`, user, resourceTypes.User)).toBe(false);
  });
});

describe('compileFilter: a sub-attribute after a value filter (Entra matching on emails[type eq "work"].value)', () => {
  // bjensen has a work email bjensen@example.com (primary) and a home email babs@jensen.org.
  const cases: [string, boolean][] = [
    ['emails[type eq "work"].value eq "bjensen@example.com"', true],
    ['emails[type eq "work"].value eq "BJENSEN@EXAMPLE.COM"', true], // emails.value is caseExact false
    ['emails[type eq "work"].value eq "babs@jensen.org"', false], // that one is the home email
    ['emails[type eq "home"].value eq "babs@jensen.org"', true],
    ['emails[type eq "other"].value eq "bjensen@example.com"', false],
    ['emails[type eq "work" and primary eq true].value eq "bjensen@example.com"', true],
    ['emails[type eq "home" and primary eq true].value eq "babs@jensen.org"', false],
    ['emails[type eq "work"].value co "@example"', true],
    ['emails[type eq "work"].value sw "babs"', false],
    ['emails[type eq "work"].value pr', true],
    ['emails[type eq "other"].value pr', false],
    ['emails[type eq "work"].primary eq true', true],
    ['emails[type eq "home"].primary eq true', false],
    ['emails[type eq "home"].primary pr', false],
    // ne and null follow the multi-valued rules: no selected value is "not equal" and "eq null"
    ['emails[type eq "work"].value ne "bjensen@example.com"', false],
    ['emails[type eq "work"].value ne "x@example.com"', true],
    ['emails[type eq "other"].value ne "x@example.com"', true],
    ['emails[type eq "other"].value eq null', true],
    ['emails[type eq "work"].value eq null', false],
    ['emails[type eq "work"].value ne null', true],
    // inside larger filters, and against extension and empty attributes
    ['userName eq "bjensen" and emails[type eq "work"].value eq "bjensen@example.com"', true],
    ['userName eq "other" or emails[type eq "work"].value eq "bjensen@example.com"', true],
    ['not (emails[type eq "work"].value eq "bjensen@example.com")', false],
    [`${ENT}:manager[displayName eq "John Smith"].value eq "${MANAGER_ID}"`, true],
    [`${ENT}:manager[displayName eq "Jane"].value eq "${MANAGER_ID}"`, false],
    ['photos[type eq "photo"].value pr', false],
    ['addresses[type eq "work"].locality eq null', true],
    ['phoneNumbers[type eq "mobile"].value eq "555-555-4444"', true],
  ];
  it.each(cases)('%s → %s', (filter, expected) => {
    expect(matches(filter, user, resourceTypes.User)).toBe(expected);
  });

  it('selects group members by type before comparing their value', () => {
    expect(matches('members[type eq "User"].value eq "abc"', group, resourceTypes.Group)).toBe(false);
    expect(matches('members[type eq "Group"].value eq "abc"', group, resourceTypes.Group)).toBe(true);
  });

  const invalid: [string, string][] = [
    ['emails[type eq "work"].primary gt true', 'boolean'],
    ['emails[type eq "work"].value eq 5 and name[givenName eq "x"].familyName gt true', 'needs a string'],
    ['emails[primary co "x"].value eq "y"', 'boolean'],
  ];
  it.each(invalid)('%s is 400 invalidFilter', (filter, detail) => {
    const error = scimErrorOf(() => compileFilter(parseFilter(filter), resourceTypes.User));
    expect(error.status).toBe(400);
    expect(error.scimType).toBe('invalidFilter');
    expect(error.detail).toContain(detail);
  });
});

describe('compileFilter: groups (Okta and Entra ID lookups)', () => {
  const cases: [string, boolean][] = [
    ['displayName eq "Tour Guides"', true],
    ['displayName eq "tour guides"', true],
    ['displayName eq "Tour"', false],
    ['externalId eq "tg-EXT"', true],
    ['externalId eq "TG-EXT"', false],
    [`id eq "${GROUP_ID}"`, true],
    [`members[value eq "${BJENSEN_ID}"]`, true],
    [`members.value eq "${BJENSEN_ID}"`, true],
    [`members eq "${BJENSEN_ID}"`, true],
    ['members[value eq "nope"]', false],
    ['members.value eq "nope"', false],
    ['members[type eq "group" and value eq "abc"]', true],
    ['members[type eq "user" and value eq "abc"]', false],
    ['members.$ref co "/Users/"', true],
    ['members[$ref ew "/Groups/abc"]', true],
    ['members pr', true],
    ['members.display pr', true],
    [`displayName eq "Tour Guides" and members[value eq "${BJENSEN_ID}"]`, true],
    [`${GROUP_SCHEMA}:displayName eq "Tour Guides"`, true],
    ['meta.lastModified gt "2026-01-01T00:00:00Z"', true],
    ['meta.lastModified eq "2026-03-04T09:15:30.1234567Z"', true],
    ['meta.lastModified eq "2026-03-04T09:15:30.123Z"', false],
    ['meta.lastModified gt "2026-03-04T09:15:30.123Z"', true],
    ['meta.lastModified lt "2026-03-04T09:15:30.12345671Z"', true],
    ['meta.lastModified eq "2026-03-04T09:15:30.1234567009Z"', true],
    ['userName pr', false],
  ];
  it.each(cases)('%s → %s', (filter, expected) => {
    expect(matches(filter, group, resourceTypes.Group)).toBe(expected);
  });
});

describe('compileFilter: declared integer, decimal, binary and dateTime attributes', () => {
  const cases: [string, boolean][] = [
    ['loginCount gt 41', true],
    ['loginCount ge 42', true],
    ['loginCount gt 42', false],
    ['loginCount lt 42', false],
    ['loginCount le 42', true],
    ['loginCount eq 42.0', true],
    ['loginCount eq "42"', true],
    ['loginCount ne 42', false],
    ['loginCount lt 1e3', true],
    ['loginCount co "4"', false],
    ['score le 72.5', true],
    ['score gt 72.49', true],
    ['score gt 1e1', true],
    ['score lt -1', false],
    ['score ge -0.5', true],
    ['badge eq "AAEC"', true],
    ['badge eq "aaec"', false],
    ['born lt "1990-06-15T06:30:00.6Z"', true],
    ['born eq "1990-06-15T06:30:00.500Z"', true],
    ['born gt "1990-06-15"', true],
    ['tags eq "red"', true],
    ['tags[value eq "GREEN"]', true],
    ['tags[value sw "bl"]', false],
  ];
  it.each(cases)('%s → %s', (filter, expected) => {
    expect(matches(filter, typedUser, typedUserType)).toBe(expected);
  });
});

describe('compileFilter: invalid comparisons are 400 invalidFilter', () => {
  const cases: [string, ResourceTypeDefinition, string][] = [
    ['active gt true', resourceTypes.User, 'cannot be used with boolean attribute "active"'],
    ['active lt false', resourceTypes.User, 'boolean'],
    ['active ge "true"', resourceTypes.User, 'boolean'],
    ['active co "t"', resourceTypes.User, 'boolean'],
    ['active eq "yes"', resourceTypes.User, 'compare it with true or false'],
    ['active eq 1', resourceTypes.User, 'boolean'],
    ['emails[primary gt false]', resourceTypes.User, 'boolean'],
    ['name eq "Barbara"', resourceTypes.User, '"name" is a complex attribute'],
    ['meta gt "x"', resourceTypes.User, 'complex'],
    ['addresses co "x"', resourceTypes.User, 'complex'],
    ['meta.lastModified gt "yesterday"', resourceTypes.User, 'not a valid dateTime'],
    ['meta.lastModified eq 5', resourceTypes.User, 'not a valid dateTime'],
    ['meta.created lt "2011-02-30T00:00:00Z"', resourceTypes.User, 'not a valid dateTime'],
    ['userName gt true', resourceTypes.User, 'needs a string, number or dateTime'],
    ['userName co true', resourceTypes.User, 'needs a string value'],
    ['userName gt null', resourceTypes.User, 'cannot compare "userName" with null'],
    ['userName sw null', resourceTypes.User, 'null'],
    ['x509Certificates.value gt "a"', resourceTypes.User, 'binary'],
    ['emails[type.sub eq "x"]', resourceTypes.User, 'must be a sub-attribute name of emails'],
    [`emails[${USER_SCHEMA}:type eq "x"]`, resourceTypes.User, 'must be a sub-attribute name'],
    ['loginCount gt "many"', typedUserType, 'not a number'],
    ['loginCount eq true', typedUserType, 'not a number'],
    ['badge lt "A"', typedUserType, 'binary'],
    ['born gt 1990', typedUserType, 'dateTime'],
    ['members[value eq "x"] and displayName gt false', resourceTypes.Group, 'needs a string'],
  ];
  it.each(cases)('%s', (filter, type, detail) => {
    const error = scimErrorOf(() => compileFilter(parseFilter(filter), type));
    expect(error.status).toBe(400);
    expect(error.scimType).toBe('invalidFilter');
    expect(error.detail).toContain(detail);
  });

  it('rejects hand-built trees the parser would never produce', () => {
    const ref = (attribute: string, subAttribute: string | null = null) => ({ raw: attribute, urn: null, attribute, subAttribute });
    const badPath: FilterNode = { kind: 'present', path: ref('1abc') };
    const nested: FilterNode = {
      kind: 'valuePath',
      path: ref('emails'),
      filter: { kind: 'valuePath', path: ref('type'), filter: { kind: 'present', path: ref('value') } },
    };
    const valuePathOnSub: FilterNode = { kind: 'valuePath', path: ref('emails', 'value'), filter: { kind: 'present', path: ref('value') } };
    for (const node of [badPath, nested, valuePathOnSub]) {
      const error = scimErrorOf(() => compileFilter(node, resourceTypes.User));
      expect(error.scimType).toBe('invalidFilter');
    }
  });
});

describe('compileElementFilter (PATCH value-path selection)', () => {
  const emails = findAttribute(userSchema.attributes, 'emails') as AttributeDefinition;
  const members = findAttribute(groupSchema.attributes, 'members') as AttributeDefinition;
  const tags = attr({ name: 'tags', multiValued: true, description: 'A simple multi-valued attribute.' });
  const work = { value: 'bjensen@example.com', type: 'work', primary: true };
  const home = { value: 'babs@jensen.org', type: 'home' };
  const cases: [string, AttributeDefinition, unknown, boolean][] = [
    ['type eq "work"', emails, work, true],
    ['type eq "work"', emails, home, false],
    ['TYPE eq "WORK"', emails, { Type: 'Work' }, true],
    ['type eq "work" and value co "@example.com"', emails, work, true],
    ['type eq "work" or primary eq true', emails, home, false],
    ['not (type eq "work")', emails, home, true],
    ['primary eq true', emails, work, true],
    ['primary pr', emails, home, false],
    ['display pr', emails, work, false],
    ['value ew ".ORG"', emails, home, true],
    ['value eq "abc"', members, { value: 'abc', type: 'Group' }, true],
    ['value eq "ABC"', members, { value: 'abc' }, true],
    ['value eq "abc" and type eq "User"', members, { value: 'abc', type: 'Group' }, false],
    ['$ref co "/Groups/"', members, { value: 'abc', $ref: 'https://x/v2/Groups/abc' }, true],
    ['value eq "red"', tags, 'Red', true],
    ['value sw "gr"', tags, 'green', true],
    ['value eq "red"', tags, 'green', false],
    ['value pr', tags, '', false],
    ['type eq "red"', tags, 'red', false],
    ['value eq "x"', emails, null, false],
    ['value eq "x"', emails, 'x', true],
  ];
  it.each(cases)('%s on %j → %s', (filter, attribute, element, expected) => {
    expect(compileElementFilter(parseFilter(filter), attribute)(element)).toBe(expected);
  });

  it('selects matching elements of an array', () => {
    const matchesWork = compileElementFilter(parseFilter('type eq "work"'), emails);
    expect([work, home].filter(matchesWork)).toEqual([work]);
  });

  it('refuses paths that are not sub-attribute names', () => {
    for (const filter of ['emails.type eq "work"', `${USER_SCHEMA}:type eq "work"`, 'value[type eq "x"]']) {
      expect(scimErrorOf(() => compileElementFilter(parseFilter(filter), emails)).scimType).toBe('invalidFilter');
    }
  });
});
