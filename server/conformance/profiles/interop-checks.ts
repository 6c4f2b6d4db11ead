/**
 * The interop profile: the service-provider requirements of the SCIM 2.0 Interoperability Profile,
 * draft-zollner-scim-interop-profile-01 (an IETF Internet-Draft by Okta's Danny Zollner, work in
 * progress, not a standard), each check citing the section it tests. Only requirements this runner
 * can observe over HTTP are checked; TLS (section 7) depends on the deployment, not the server.
 * Source: https://datatracker.ietf.org/doc/html/draft-zollner-scim-interop-profile-01
 */
import { describeResponse, filterQuery, SCHEMAS, type Check, type CheckRun, type ProfileDefinition } from '../check-run.js';
import type { CheckSource } from '../report-model.js';

const DRAFT = 'draft-zollner-scim-interop-profile-01 (Internet-Draft)';
const URL = 'https://datatracker.ietf.org/doc/html/draft-zollner-scim-interop-profile-01';
const section = (s: string): CheckSource => ({ document: DRAFT, section: s, url: `${URL}#section-${s.split(' ')[0]}`, draft: true });
const patchBody = (operations: unknown[]) => ({ schemas: [SCHEMAS.patch], Operations: operations });

async function createUser(t: CheckRun, tag: string, extra: Record<string, unknown> = {}): Promise<{ id: string; path: string; userName: string }> {
  const body = t.newUser(tag, extra);
  const res = await t.send('POST', '/Users', { body });
  t.expectStatus(res, 201, 'Creating the user this check needs');
  return { id: res.body.id, path: `/Users/${encodeURIComponent(res.body.id)}`, userName: body.userName };
}

const list = (body: any): any[] => (Array.isArray(body) ? body : Array.isArray(body?.Resources) ? body.Resources : []);

const checks: Check[] = [
  {
    id: 'interop.4.conformance-claim',
    title: 'ServiceProviderConfig states interopProfileConformant',
    level: 'should',
    source: section('4 Scope and Conformance'),
    expected: 'ServiceProviderConfig has "interopProfileConformant": true when the server claims conformance (absent or false otherwise)',
    async run(t) {
      const res = await t.send('GET', '/ServiceProviderConfig');
      t.expect(res.body?.interopProfileConformant === true, () => `interopProfileConformant: ${JSON.stringify(res.body?.interopProfileConformant)}`, 'The server does not claim conformance with the profile (interopProfileConformant is not true).');
    },
  },
  {
    id: 'interop.5.1.discovery',
    title: 'The three discovery endpoints answer, and ResourceType id equals name',
    level: 'must',
    source: section('5.1 Discovery Endpoints'),
    expected: 'GET /ServiceProviderConfig, /Schemas and /ResourceTypes answer 200; every ResourceType has id equal to name; every schema it names is in /Schemas',
    async run(t) {
      const spc = await t.send('GET', '/ServiceProviderConfig');
      t.expectStatus(spc, 200, 'GET /ServiceProviderConfig');
      const schemas = await t.send('GET', '/Schemas');
      t.expectStatus(schemas, 200, 'GET /Schemas');
      const types = await t.send('GET', '/ResourceTypes');
      t.expectStatus(types, 200, 'GET /ResourceTypes');
      const bad = list(types.body).filter((r) => r?.id !== r?.name).map((r) => `${r?.name} (id ${JSON.stringify(r?.id)})`);
      t.expect(bad.length === 0, () => describeResponse(types), `ResourceTypes whose id is not their name: ${bad.join(', ')}.`);
      const known = new Set(list(schemas.body).map((s) => s?.id));
      const named = list(types.body).flatMap((r) => [r?.schema, ...(r?.schemaExtensions ?? []).map((e: any) => e?.schema)]).filter(Boolean);
      const missing = named.filter((s) => !known.has(s));
      t.expect(missing.length === 0, () => describeResponse(schemas), `Schemas named by /ResourceTypes but missing from /Schemas: ${missing.join(', ')}.`);
    },
  },
  {
    id: 'interop.5.2.username-case',
    title: 'userName ignores case in filters and in uniqueness alike',
    level: 'must',
    source: section('5.2 Case Sensitivity'),
    expected: 'A filter on the userName in other case finds the user, and creating the userName in other case answers 409',
    async run(t) {
      const user = await t.fixtures.user();
      const found = await t.send('GET', `/Users?${filterQuery(`userName eq "${user.userName.toUpperCase()}"`)}`);
      t.expect(found.body?.totalResults === 1, () => describeResponse(found), 'The userName in capitals is not found by the filter.');
      const dup = await t.send('POST', '/Users', { body: t.newUser('case', { userName: user.userName.toUpperCase() }) });
      t.expectStatus(dup, 409, 'Creating the same userName in capitals');
    },
  },
  {
    id: 'interop.5.3.unknown-attribute',
    title: 'An undefined attribute is refused with 400 invalidSyntax',
    level: 'must',
    source: section('5.3 Attribute and Schema Handling'),
    expected: 'POST /Users with an attribute no schema defines answers 400 with "scimType": "invalidSyntax"',
    async run(t) {
      const res = await t.send('POST', '/Users', { body: t.newUser('unknown-attr', { scimscopeUndefinedAttribute: 'x' }) });
      t.expectStatus(res, 400, 'Creating a user with an undefined attribute');
      t.expect(res.body?.scimType === 'invalidSyntax', () => describeResponse(res), `scimType is ${JSON.stringify(res.body?.scimType)}, expected "invalidSyntax".`);
    },
  },
  {
    id: 'interop.5.4.canonical-values',
    title: 'Typed multi-valued attributes declare canonicalValues',
    level: 'must',
    source: section('5.4 Canonical Values for Typed Attributes'),
    expected: 'In /Schemas, the User emails attribute (and each other multi-valued attribute with a type) lists canonicalValues',
    async run(t) {
      const res = await t.send('GET', '/Schemas');
      t.expectStatus(res, 200, 'GET /Schemas');
      const user = list(res.body).find((s) => s?.id === SCHEMAS.user);
      const typed = (user?.attributes ?? []).filter((a: any) => a?.multiValued && (a?.subAttributes ?? []).some((s: any) => s?.name === 'type'));
      const missing = typed.filter((a: any) => !((a.subAttributes.find((s: any) => s.name === 'type')?.canonicalValues ?? a.canonicalValues ?? []).length > 0)).map((a: any) => a.name);
      t.expect(typed.length > 0 && missing.length === 0, () => `typed attributes: ${typed.map((a: any) => a.name).join(', ') || 'none'}`, `No canonicalValues for: ${missing.join(', ') || 'emails (not described)'}.`);
    },
  },
  {
    id: 'interop.6.2.media-type',
    title: 'Responses carry Content-Type application/scim+json',
    level: 'must',
    source: section('6.2 Data Format and HTTP Headers'),
    expected: 'Content-Type: application/scim+json on responses with SCIM data',
    async run(t) {
      const res = await t.send('GET', '/Users?count=1');
      const type = res.headers['content-type'] ?? '';
      t.expect(type.toLowerCase().startsWith('application/scim+json'), `Content-Type: ${type || '(none)'}`, `Content-Type is ${type || 'missing'}.`);
    },
  },
  {
    id: 'interop.6.3.eq-and',
    title: 'Filters with eq and and work',
    level: 'must',
    source: section('6.3 Filtering'),
    expected: 'userName eq "<u>" and active eq true finds the active test user',
    async run(t) {
      const user = await t.fixtures.user();
      const res = await t.send('GET', `/Users?${filterQuery(`userName eq "${user.userName}" and active eq true`)}`);
      t.expectStatus(res, 200, 'The filter');
      t.expect(res.body?.totalResults === 1, () => describeResponse(res), `Expected 1 result, got ${JSON.stringify(res.body?.totalResults)}.`);
    },
  },
  {
    id: 'interop.6.3.undefined-attribute-filter',
    title: 'A filter on an undefined attribute answers 400 invalidFilter',
    level: 'must',
    source: section('6.3 Filtering'),
    expected: '400 with "scimType": "invalidFilter"',
    async run(t) {
      const res = await t.send('GET', `/Users?${filterQuery('scimscopeUndefinedAttribute eq "x"')}`);
      t.expectStatus(res, 400, 'Filtering on an undefined attribute');
      t.expect(res.body?.scimType === 'invalidFilter', () => describeResponse(res), `scimType is ${JSON.stringify(res.body?.scimType)}.`);
    },
  },
  {
    id: 'interop.6.4.count-100',
    title: 'A page of 100 can be asked for',
    level: 'must',
    source: section('6.4 Pagination'),
    expected: 'GET /Users?startIndex=1&count=100 answers 200 with min(100, totalResults) resources',
    async run(t) {
      await t.fixtures.user();
      const res = await t.send('GET', '/Users?startIndex=1&count=100');
      t.expectStatus(res, 200, 'count=100');
      const n = Array.isArray(res.body?.Resources) ? res.body.Resources.length : -1;
      const total = Number(res.body?.totalResults);
      t.expect(n === Math.min(100, total), () => describeResponse(res), `Answered ${n} resources with totalResults ${total}.`);
    },
  },
  {
    id: 'interop.6.5.1.1.path-required',
    title: 'A PATCH operation without path is refused with 400 invalidSyntax',
    level: 'must',
    source: section('6.5.1.1 Mandatory Use of the path Attribute'),
    expected: '400 with "scimType": "invalidSyntax" for {"op":"replace","value":{"displayName":"x"}}',
    async run(t) {
      const user = await createUser(t, 'pathless');
      const res = await t.send('PATCH', user.path, { body: patchBody([{ op: 'replace', value: { displayName: 'Pathless' } }]) });
      t.expectStatus(res, 400, 'A path-less PATCH');
      t.expect(res.body?.scimType === 'invalidSyntax', () => describeResponse(res), `scimType is ${JSON.stringify(res.body?.scimType)}.`);
    },
  },
  {
    id: 'interop.6.5.2.1.add-equals-replace',
    title: 'add and replace are the same on a singular attribute',
    level: 'must',
    source: section('6.5.2.1 Singular Attributes'),
    expected: 'PATCH add displayName over an existing value replaces it',
    async run(t) {
      const user = await createUser(t, 'add-replace');
      const res = await t.send('PATCH', user.path, { body: patchBody([{ op: 'add', path: 'displayName', value: 'Added' }]) });
      t.expectStatus(res, [200, 204], 'PATCH add displayName');
      const read = await t.send('GET', user.path);
      t.expect(read.body?.displayName === 'Added', () => describeResponse(read), 'displayName was not replaced by add.');
    },
  },
  {
    id: 'interop.6.5.2.1.complex-add-merges',
    title: 'add on a complex attribute merges; replace replaces it whole',
    level: 'must',
    source: section('6.5.2.1 Singular Attributes'),
    expected: 'add name {givenName} keeps familyName; replace name {givenName} drops familyName',
    async run(t) {
      const user = await createUser(t, 'complex');
      await t.send('PATCH', user.path, { body: patchBody([{ op: 'add', path: 'name', value: { givenName: 'Merged' } }]) });
      const merged = await t.send('GET', user.path);
      t.expect(merged.body?.name?.givenName === 'Merged' && merged.body?.name?.familyName === 'complex', () => describeResponse(merged), 'add on name did not merge (familyName lost or givenName unchanged).');
      await t.send('PATCH', user.path, { body: patchBody([{ op: 'replace', path: 'name', value: { givenName: 'Whole' } }]) });
      const replaced = await t.send('GET', user.path);
      t.expect(replaced.body?.name?.givenName === 'Whole' && replaced.body?.name?.familyName === undefined, () => describeResponse(replaced), 'replace on name did not replace the whole attribute (familyName kept).');
    },
  },
  {
    id: 'interop.6.6.deleted-is-gone',
    title: 'A deleted user is gone and its userName reusable',
    level: 'must',
    source: section('6.6 Resource Lifecycle'),
    expected: 'After DELETE: GET answers 404, the filter finds nothing, and a new user may take the userName',
    async run(t) {
      const user = await createUser(t, 'lifecycle');
      const del = await t.send('DELETE', user.path);
      t.expectStatus(del, 204, 'DELETE');
      const read = await t.send('GET', user.path);
      t.expectStatus(read, 404, 'GET after DELETE');
      const found = await t.send('GET', `/Users?${filterQuery(`userName eq "${user.userName}"`)}`);
      t.expect(found.body?.totalResults === 0, () => describeResponse(found), 'The deleted user is still found by the filter.');
      const again = await t.send('POST', '/Users', { body: t.newUser('lifecycle', { userName: user.userName }) });
      t.expectStatus(again, 201, 'Creating a new user with the deleted userName');
    },
  },
  {
    id: 'interop.6.9.1.uniqueness',
    title: 'A uniqueness conflict answers 409 with scimType uniqueness',
    level: 'must',
    source: section('6.9.1 Uniqueness Conflicts'),
    expected: '409 with "scimType": "uniqueness"',
    async run(t) {
      const user = await t.fixtures.user();
      const res = await t.send('POST', '/Users', { body: t.newUser('dup', { userName: user.userName }) });
      t.expectStatus(res, 409, 'A duplicate userName');
      t.expect(res.body?.scimType === 'uniqueness', () => describeResponse(res), `scimType is ${JSON.stringify(res.body?.scimType)}.`);
    },
  },
];

export const interopProfile: ProfileDefinition = { id: 'interop', title: 'SCIM 2.0 Interoperability Profile (IETF draft, work in progress)', checks };
