/**
 * Malformed and odd SCIM requests, generated from a seed so that a failure can be replayed: bad JSON,
 * deep nesting, wrong types, huge strings, odd filters, odd PATCH operations, unicode, odd paths,
 * methods and headers, with well-formed writes mixed in so that some requests change the directory.
 */
import { seededRandom } from '../../server/seed/seeded-random.js';

export interface FuzzRequest {
  family: string;
  method: string;
  /** Path after the SCIM base URL, query included, already percent-encoded where needed. */
  path: string;
  headers: Record<string, string>;
  body: string | null;
}

/** What the generator may aim requests at: ids that exist in the directory. */
export interface FuzzTargets {
  users: string[];
  groups: string[];
}


const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

const ODD_STRINGS = ['', ' ', 'ü', '😀👩‍👩‍👧', 'ﷺ', '\u202eevil', 'a\u0000b', '\ud800', 'zero\u200bwidth', 'e\u0301', '"quoted"', '\\', '<script>', "'; DROP TABLE users;--", '%00', '../../etc/passwd', 'null', 'True', 'False', '0', '-1', '1e309'];
const ODD_VALUES: unknown[] = [null, true, false, 0, -1, 1.5, 1e308, '', 'x', [], {}, [null], [[]], { value: null }, { a: { b: { c: 1 } } }, ['a', 1, null]];
const ODD_FILTERS = [
  'userName eq', 'userName eq "a', 'eq "a"', 'userName xx "a"', 'userName eq "a" and', 'not(userName eq "a")', 'not userName eq "a"',
  'userName pr', 'name.givenName sw "J"', 'emails[type eq "work" and value co "@"]', 'emails[value[value eq 1]]', 'emails[', 'emails]',
  'meta.lastModified gt "not-a-date"', 'meta.lastModified gt "2020-01-01T00:00:00Z"', 'active eq "maybe"', 'active eq True', 'x.y.z.w pr', `${ENTERPRISE}:manager.value eq "1"`,
  'userName eq "😀"', 'userName eq "\u0000"', 'displayName co ""', 'members[value eq "x"]', 'groups.value eq "x"', 'id eq 1', 'userName eq null', 'userName gt true',
  '(userName eq "a") or (userName eq "b")', '((((userName eq "a"', 'userName eq "a"))))', '"', '()', '[]', 'and', 'or or or', 'userName eq "a" or',
];

/** Percent-encodes, sending a lone surrogate as the invalid UTF-8 it would be on the wire. */
const enc = (text: string) => text.split(/([\ud800-\udfff])/).map((part) => (/^[\ud800-\udfff]$/.test(part) ? '%ED%A0%80' : encodeURIComponent(part))).join('');

export function generateCases(seed: number, count: number, targets: FuzzTargets): FuzzRequest[] {
  const random = seededRandom(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const maybe = (p: number) => random() < p;
  const userId = () => (maybe(0.85) && targets.users.length > 0 ? pick(targets.users) : pick(['nope', '00000000-0000-0000-0000-000000000000', 'x'.repeat(300), '%2e%2e', enc('😀'), '%F0%9F', '%ED%A0%80']));
  const groupId = () => (maybe(0.85) && targets.groups.length > 0 ? pick(targets.groups) : pick(['nope', 'y'.repeat(200)]));
  const unique = () => `fuzz.${seed}.${int(1e9)}`;
  const json = { 'Content-Type': 'application/scim+json' };
  const nested = (depth: number, kind: 'object' | 'array', leaf = '1') => (kind === 'object' ? `${'{"x":'.repeat(depth)}${leaf}${'}'.repeat(depth)}` : `${'['.repeat(depth)}${leaf}${']'.repeat(depth)}`);
  const oddString = () => (maybe(0.5) ? pick(ODD_STRINGS) : Array.from({ length: int(40) }, () => String.fromCodePoint(pick([0x20 + int(95), 0xa0 + int(0x2000), 0x1f600 + int(80), 0x4e00 + int(2000)]))).join(''));
  const oddValue = (): unknown => (maybe(0.3) ? oddString() : pick(ODD_VALUES));
  const write = (method: string, path: string, body: unknown): FuzzRequest => ({ family: '', method, path, headers: { ...json }, body: JSON.stringify(body) });

  const families: Record<string, () => FuzzRequest> = {
    badJson: () => {
      const bodies = ['{', '{"userName":', '{"userName":"a",}', "{'userName':'a'}", '{"userName":NaN}', 'null', '42', '"text"', '[]', '[1,2]', '{"a":1}{"b":2}', '\ufeff{"userName":"bom"}', '{"userName":"a"} trailing', '{"userName":"\\x41"}', '{"userName":"\\ud800"}', ' ', '\u0000', '{"schemas":["' + USER + '"],"userName":"a","userName":"b"}'];
      const method = pick(['POST', 'PUT', 'PATCH']);
      const path = method === 'POST' ? pick(['/Users', '/Groups', '/Users/.search']) : `/${pick(['Users', 'Groups'])}/${method === 'PUT' || maybe(0.5) ? userId() : groupId()}`;
      return { family: '', method, path, headers: { ...json }, body: pick(bodies) };
    },
    deepNesting: () => {
      const depth = pick([33, 40, 100, 1000, 5000, 20_000, 100_000]);
      const deep = nested(depth, maybe(0.5) ? 'object' : 'array');
      const shapes = [
        () => ({ method: 'POST', path: '/Users', body: `{"schemas":["${USER}"],"userName":"${unique()}","title":${deep}}` }),
        () => ({ method: 'PUT', path: `/Users/${userId()}`, body: `{"schemas":["${USER}"],"userName":"${unique()}","nickName":${deep}}` }),
        () => ({ method: 'PATCH', path: `/Users/${userId()}`, body: `{"schemas":["${PATCH}"],"Operations":[{"op":"replace","path":"title","value":"deep"}],"extra":${deep}}` }),
        () => ({ method: 'PATCH', path: `/Groups/${groupId()}`, body: `{"schemas":["${PATCH}"],"Operations":[{"op":"add","path":"members","value":${deep}}]}` }),
        () => ({ method: 'POST', path: '/Groups', body: `{"displayName":"${unique()}","members":${deep}}` }),
        () => ({ method: 'POST', path: '/Users/.search', body: `{"schemas":["${SEARCH}"],"filter":${deep}}` }),
      ];
      return { family: '', headers: { ...json }, ...pick(shapes)() };
    },
    wrongTypes: () => {
      const attribute = pick(['userName', 'active', 'emails', 'name', 'schemas', 'phoneNumbers', 'displayName', 'members', 'externalId', 'meta', 'id', 'groups', 'password', ENTERPRISE]);
      if (maybe(0.5)) return write('POST', pick(['/Users', '/Groups']), { schemas: maybe(0.7) ? [USER] : oddValue(), userName: unique(), displayName: unique(), [attribute]: oddValue() });
      return write('PUT', `/Users/${userId()}`, { schemas: [USER], userName: maybe(0.5) ? unique() : oddValue(), [attribute]: oddValue() });
    },
    hugeStrings: () => {
      const size = pick([10_000, 100_000, 500_000, 1_040_000, 1_100_000, 2_000_000]);
      const huge = 'h'.repeat(size);
      return pick([
        () => write('POST', '/Users', { schemas: [USER], userName: `${unique()}${huge}` }),
        () => write('POST', '/Groups', { displayName: huge }),
        () => write('PATCH', `/Users/${userId()}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'title', value: huge }] }),
        () => ({ family: '', method: 'GET', path: `/Users?filter=${enc(`userName eq "${'q'.repeat(Math.min(size, 6000))}"`)}`, headers: {}, body: null }),
      ])();
    },
    oddFilters: () => {
      let filter = pick(ODD_FILTERS);
      if (maybe(0.2)) {
        const depth = pick([10, 100, 500, 1500, 3000]);
        filter = `${'('.repeat(depth)}userName eq "a"${')'.repeat(depth)}`;
      } else if (maybe(0.15)) filter = Array.from({ length: pick([10, 200, 700]) }, (_, i) => `userName eq "u${i}"`).join(pick([' and ', ' or ']));
      else if (maybe(0.1)) filter = `${'not('.repeat(pick([50, 800]))}active eq true${')'.repeat(800)}`;
      const where = pick(['Users', 'Groups']);
      if (maybe(0.3)) return write('POST', `/${where}/.search`, { schemas: [SEARCH], filter, startIndex: maybe(0.8) ? 1 : oddValue(), count: maybe(0.8) ? 10 : oddValue(), sortBy: maybe(0.2) ? oddString() : undefined });
      const extra = maybe(0.3) ? `&${pick(['count=-5', 'count=abc', 'startIndex=0', 'count=99999999999999999999', 'sortBy=%ff', 'attributes=,,', 'excludedAttributes=emails[', 'sortOrder=up'])}` : '';
      return { family: '', method: 'GET', path: `/${where}?filter=${enc(filter)}${extra}`, headers: {}, body: null };
    },
    oddPatch: () => {
      const op = (): unknown => {
        const opName = pick(['add', 'remove', 'replace', 'Add', 'REPLACE', 'merge', '', 7, null]);
        const path = pick([undefined, 'title', 'emails[type eq "work"].value', 'emails[value eq "x"]', 'name.givenName', 'members', 'members[value eq "x"]', `${ENTERPRISE}:manager`, 'id', 'meta.version', 'urn:', '', 'a.b.c.d', 'emails[', 42, 'password', 'active', 'userName']);
        return { op: opName, ...(path === undefined ? {} : { path }), ...(maybe(0.8) ? { value: oddValue() } : {}) };
      };
      const many = maybe(0.1) ? 500 : 1 + int(4);
      const ops = maybe(0.9) ? Array.from({ length: many }, op) : oddValue();
      const onGroup = maybe(0.35);
      return write('PATCH', onGroup ? `/Groups/${groupId()}` : `/Users/${userId()}`, { schemas: maybe(0.8) ? [PATCH] : oddValue(), Operations: ops });
    },
    unicode: () => {
      const name = `${oddString()}${unique()}`;
      return pick([
        () => write('POST', '/Users', { schemas: [USER], userName: name, name: { givenName: oddString(), familyName: oddString() }, emails: [{ value: `${oddString()}@example.com`, primary: true }] }),
        () => write('POST', '/Groups', { schemas: [GROUP], displayName: name }),
        () => ({ family: '', method: 'GET', path: `/Users?filter=${enc(`userName eq "${oddString()}"`)}`, headers: {}, body: null }),
        () => ({ family: '', method: 'GET', path: `/Users/${enc(oddString())}`, headers: {}, body: null }),
      ])();
    },
    oddRequests: () => {
      const method = pick(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'FOO', 'PROPFIND']);
      const path = pick(['/', '', '/Users', '/Users/', '/Users//x', '/Users/../Groups', '/Users/%ZZ', '/Users/%00', '/Users/.search', '/Groups/.search', '/.search', '/Bulk', '/Me', '/Schemas', `/Schemas/${USER}`, '/Schemas/nope', '/ResourceTypes/User', '/ResourceTypes/Nope', '/ServiceProviderConfig/x', `/Users/${userId()}/extra`, '/users', '/USERS', `/Users/${'z'.repeat(4000)}`, '/Users?attributes=name..givenName', '/Users?count=1&count=2', '/Users;a=b', '/Users?%']);
      const headers = pick<Record<string, string>>([
        {}, { ...json }, { 'Content-Type': 'text/plain' }, { 'Content-Type': 'application/json; charset=latin1' }, { 'Content-Type': 'multipart/form-data; boundary=x' }, { 'Content-Type': '' },
        { Accept: 'text/html' }, { 'If-Match': '*' }, { 'If-Match': 'garbage' }, { 'If-None-Match': 'W/"1"' }, { Authorization: 'Bearer wrong' }, { Authorization: '' }, { Authorization: 'Basic Og==' }, { 'X-Forwarded-Host': 'evil.example/../' }, { 'X-Forwarded-Proto': 'gopher' },
      ]);
      const body = method === 'GET' || method === 'HEAD' ? null : maybe(0.5) ? JSON.stringify({ schemas: [USER], userName: unique() }) : pick([null, '', 'x']);
      return { family: '', method, path, headers: { ...headers }, body };
    },
    validWrites: () => pick([
      () => write('POST', '/Users', { schemas: [USER], userName: `${unique()}@example.com`, name: { givenName: 'Fuzz', familyName: 'Case' }, active: true }),
      () => write('PATCH', `/Users/${userId()}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: maybe(0.5) } }] }),
      () => write('PATCH', `/Groups/${groupId()}`, { schemas: [PATCH], Operations: [{ op: pick(['add', 'remove']), path: 'members', value: [{ value: userId() }] }] }),
      () => write('POST', '/Groups', { schemas: [GROUP], displayName: `Fuzz ${unique()}`, members: maybe(0.5) ? [{ value: userId() }] : [] }),
      () => ({ family: '', method: 'DELETE', path: `/Users/${userId()}`, headers: {}, body: null }),
    ])(),
  };
  const names = Object.keys(families);
  return Array.from({ length: count }, () => {
    const family = pick(names);
    return { ...families[family]!(), family };
  });
}
