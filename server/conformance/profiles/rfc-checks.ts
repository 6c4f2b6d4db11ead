/**
 * The RFC profile: what RFC 7643 and RFC 7644 require of any SCIM service provider, checked over
 * HTTP: discovery, authentication, create (201 + Location), uniqueness (409 + scimType), error
 * bodies, list responses and paging, filters, PUT, PATCH (when advertised), DELETE, ETags (when
 * advertised) and the media type.
 * Sources: https://www.rfc-editor.org/rfc/rfc7643, https://www.rfc-editor.org/rfc/rfc7644
 */
import { describeResponse, filterQuery, SCHEMAS, type Check, type CheckRun, type ProfileDefinition } from '../check-run.js';
import type { CheckSource } from '../report-model.js';

const rfc7643 = (section: string): CheckSource => ({ document: 'RFC 7643', section, url: `https://www.rfc-editor.org/rfc/rfc7643#section-${section.replace(/^§/, '')}` });
const rfc7644 = (section: string): CheckSource => ({ document: 'RFC 7644', section, url: `https://www.rfc-editor.org/rfc/rfc7644#section-${section.replace(/^§/, '')}` });

function isErrorBody(body: any, status: number): boolean {
  return Array.isArray(body?.schemas) && body.schemas.includes(SCHEMAS.error) && body.status === String(status);
}

async function patchSupported(t: CheckRun): Promise<boolean> {
  const spc = await t.fixtures.serviceProviderConfig();
  return spc?.patch?.supported !== false;
}

const checks: Check[] = [
  {
    id: 'rfc.discovery.service-provider-config',
    title: 'GET /ServiceProviderConfig describes the features',
    level: 'must',
    source: rfc7644('4'),
    expected: '200 with the ServiceProviderConfig schema and patch, bulk, filter, changePassword, sort, etag each with a boolean "supported"',
    async run(t) {
      const res = await t.send('GET', '/ServiceProviderConfig');
      t.expectStatus(res, 200, 'GET /ServiceProviderConfig');
      const missing = ['patch', 'bulk', 'filter', 'changePassword', 'sort', 'etag'].filter((k) => typeof res.body?.[k]?.supported !== 'boolean');
      t.expect(missing.length === 0, () => describeResponse(res), `Missing or non-boolean "supported" in: ${missing.join(', ')} (RFC 7643 §5).`);
    },
  },
  {
    id: 'rfc.discovery.resource-types',
    title: 'GET /ResourceTypes lists User',
    level: 'must',
    source: rfc7644('4'),
    expected: '200 with a ListResponse (or array) holding a resource type named "User" whose endpoint is /Users',
    async run(t) {
      const res = await t.send('GET', '/ResourceTypes');
      t.expectStatus(res, 200, 'GET /ResourceTypes');
      const list: any[] = Array.isArray(res.body) ? res.body : (res.body?.Resources ?? []);
      t.expect(list.some((r) => r?.name === 'User' && r?.endpoint === '/Users'), () => describeResponse(res), 'No resource type named "User" with endpoint "/Users".');
    },
  },
  {
    id: 'rfc.discovery.schemas',
    title: 'GET /Schemas holds the core User schema',
    level: 'must',
    source: rfc7644('4'),
    expected: `200 with the schema "${SCHEMAS.user}" and its attributes`,
    async run(t) {
      const res = await t.send('GET', '/Schemas');
      t.expectStatus(res, 200, 'GET /Schemas');
      const list: any[] = Array.isArray(res.body) ? res.body : (res.body?.Resources ?? []);
      const user = list.find((s) => s?.id === SCHEMAS.user);
      t.expect(Array.isArray(user?.attributes) && user.attributes.length > 0, () => describeResponse(res), 'The core User schema (with attributes) is not served.');
    },
  },
  {
    id: 'rfc.auth.required',
    title: 'A request without credentials is refused with 401',
    level: 'must',
    source: rfc7644('3.12'),
    expected: '401 with a SCIM Error body ("status": "401")',
    async run(t) {
      const res = await t.send('GET', '/Users?count=1', { authorization: null });
      t.expectStatus(res, 401, 'GET /Users without Authorization');
      t.expect(isErrorBody(res.body, 401), () => describeResponse(res), 'The 401 has no SCIM Error body with "status": "401".');
    },
  },
  {
    id: 'rfc.create.location',
    title: 'POST /Users answers 201 with Location and meta.location',
    level: 'must',
    source: rfc7644('3.3'),
    expected: '201, a Location header equal to meta.location, an id, and the userName sent',
    async run(t) {
      const body = t.newUser('create');
      const res = await t.send('POST', '/Users', { body });
      t.expectStatus(res, 201, 'Creating a user');
      t.expect(typeof res.body?.id === 'string' && res.body.id !== '', () => describeResponse(res), 'The created user has no id.');
      t.expect(res.body?.userName === body.userName, () => describeResponse(res), 'The userName sent is not the one returned.');
      const location = res.headers.location;
      t.expect(location !== undefined && location !== '', () => `headers: ${JSON.stringify(res.headers)}`, 'No Location header on 201 (RFC 7644 §3.3: the URI of the created resource SHALL be in the Location header).');
      t.expect(res.body?.meta?.location === location, () => `Location: ${location}; meta.location: ${res.body?.meta?.location}`, 'meta.location differs from the Location header.');
    },
  },
  {
    id: 'rfc.create.uniqueness',
    title: 'A duplicate userName is refused with 409 uniqueness',
    level: 'must',
    source: rfc7644('3.3'),
    expected: '409 with a SCIM Error body, "status": "409" and "scimType": "uniqueness"',
    async run(t) {
      const user = await t.fixtures.user();
      const res = await t.send('POST', '/Users', { body: t.newUser('dup', { userName: user.userName }) });
      t.expectStatus(res, 409, 'Creating a second user with the same userName');
      t.expect(res.body?.scimType === 'uniqueness', () => describeResponse(res), `409 without "scimType": "uniqueness" (got ${JSON.stringify(res.body?.scimType)}).`);
      t.expect(isErrorBody(res.body, 409), () => describeResponse(res), 'The 409 is not a SCIM Error body with "status": "409".');
    },
  },
  {
    id: 'rfc.error.not-found',
    title: 'An unknown id answers 404 with a SCIM Error',
    level: 'must',
    source: rfc7644('3.12'),
    expected: '404 with schemas [Error] and "status": "404" (a string)',
    async run(t) {
      const res = await t.send('GET', '/Users/scimscope-does-not-exist-4f1c');
      t.expectStatus(res, 404, 'Reading a user that does not exist');
      t.expect(isErrorBody(res.body, 404), () => describeResponse(res), 'Not a SCIM Error body with "status": "404" (RFC 7644 §3.12: status is a string).');
    },
  },
  {
    id: 'rfc.list.shape',
    title: 'A list answers a ListResponse with integer counts',
    level: 'must',
    source: rfc7644('3.4.2'),
    expected: 'schemas [ListResponse]; totalResults, itemsPerPage and startIndex integers; Resources an array',
    async run(t) {
      await t.fixtures.user();
      const res = await t.send('GET', '/Users?startIndex=1&count=1');
      t.expectStatus(res, 200, 'GET /Users');
      const b = res.body ?? {};
      const problems: string[] = [];
      if (!Array.isArray(b.schemas) || !b.schemas.includes(SCHEMAS.list)) problems.push('schemas lacks the ListResponse URN');
      for (const key of ['totalResults', 'itemsPerPage', 'startIndex']) if (!Number.isInteger(b[key])) problems.push(`${key} is ${JSON.stringify(b[key])}, not an integer`);
      if (!Array.isArray(b.Resources)) problems.push('Resources is not an array');
      t.expect(problems.length === 0, () => describeResponse(res), `${problems.join('; ')}.`);
    },
  },
  {
    id: 'rfc.list.empty-filter',
    title: 'A filter that matches nothing answers 200 with totalResults 0',
    level: 'must',
    source: rfc7644('3.4.2'),
    expected: '200 ListResponse with totalResults 0 (not 404)',
    async run(t) {
      const res = await t.send('GET', `/Users?${filterQuery(`userName eq "${t.fixtures.prefix}-nobody@example.com"`)}`);
      t.expectStatus(res, 200, 'A filter with no match');
      t.expect(res.body?.totalResults === 0, () => describeResponse(res), `totalResults is ${JSON.stringify(res.body?.totalResults)}, expected 0.`);
    },
  },
  {
    id: 'rfc.list.paging',
    title: 'count limits the page and startIndex is echoed',
    level: 'must',
    source: rfc7644('3.4.2.4'),
    expected: 'GET /Users?startIndex=2&count=1 answers at most 1 resource and "startIndex": 2',
    async run(t) {
      await t.fixtures.user();
      const res = await t.send('GET', '/Users?startIndex=2&count=1');
      t.expectStatus(res, 200, 'A paged list');
      const resources = res.body?.Resources ?? [];
      t.expect(Array.isArray(resources) && resources.length <= 1, () => describeResponse(res), `count=1 answered ${Array.isArray(resources) ? resources.length : '?'} resources.`);
      t.expect(res.body?.startIndex === 2, () => describeResponse(res), `startIndex is ${JSON.stringify(res.body?.startIndex)}, expected 2.`);
    },
  },
  {
    id: 'rfc.filter.username-case-insensitive',
    title: 'userName filters ignore case',
    level: 'must',
    source: rfc7643('4.1.1'),
    expected: 'userName eq "<USERNAME IN CAPITALS>" finds the user (userName has caseExact false)',
    async run(t) {
      const user = await t.fixtures.user();
      const res = await t.send('GET', `/Users?${filterQuery(`userName eq "${user.userName.toUpperCase()}"`)}`);
      t.expectStatus(res, 200, 'The filter');
      t.expect(res.body?.totalResults === 1, () => describeResponse(res), `Expected 1 result, got totalResults ${JSON.stringify(res.body?.totalResults)}.`);
    },
  },
  {
    id: 'rfc.filter.invalid',
    title: 'A malformed filter answers 400 invalidFilter',
    level: 'must',
    source: rfc7644('3.4.2.2'),
    expected: '400 with "scimType": "invalidFilter"',
    async run(t) {
      const res = await t.send('GET', `/Users?${filterQuery('userName eq')}`);
      t.expectStatus(res, 400, 'The filter "userName eq"');
      t.expect(res.body?.scimType === 'invalidFilter', () => describeResponse(res), `scimType is ${JSON.stringify(res.body?.scimType)}, expected "invalidFilter".`);
    },
  },
  {
    id: 'rfc.put.replace',
    title: 'PUT replaces a user',
    level: 'must',
    source: rfc7644('3.5.1'),
    expected: 'PUT /Users/{id} answers 200 with the new values',
    async run(t) {
      const created = await t.send('POST', '/Users', { body: t.newUser('put') });
      t.expectStatus(created, 201, 'Creating the user to replace');
      const body = { ...created.body, displayName: 'Replaced by PUT', meta: undefined };
      const res = await t.send('PUT', `/Users/${encodeURIComponent(created.body.id)}`, { body });
      t.expectStatus(res, 200, 'PUT');
      t.expect(res.body?.displayName === 'Replaced by PUT', () => describeResponse(res), 'The PUT response does not show the new displayName.');
    },
  },
  {
    id: 'rfc.patch.replace',
    title: 'PATCH replace changes one attribute',
    level: 'must',
    source: rfc7644('3.5.2.3'),
    expected: 'PATCH replace displayName answers 200 (with the resource) or 204, and a GET shows the change',
    async run(t) {
      if (!(await patchSupported(t))) t.skip('ServiceProviderConfig says PATCH is not supported.');
      const created = await t.send('POST', '/Users', { body: t.newUser('patch') });
      t.expectStatus(created, 201, 'Creating the user to patch');
      const path = `/Users/${encodeURIComponent(created.body.id)}`;
      const res = await t.send('PATCH', path, { body: { schemas: [SCHEMAS.patch], Operations: [{ op: 'replace', path: 'displayName', value: 'Patched' }] } });
      t.expectStatus(res, [200, 204], 'PATCH');
      const read = await t.send('GET', path);
      t.expect(read.body?.displayName === 'Patched', () => describeResponse(read), 'A GET after the PATCH does not show the new displayName.');
    },
  },
  {
    id: 'rfc.delete',
    title: 'DELETE removes a user; it then answers 404',
    level: 'must',
    source: rfc7644('3.6'),
    expected: 'DELETE answers 204; GET afterwards answers 404',
    async run(t) {
      const created = await t.send('POST', '/Users', { body: t.newUser('delete') });
      t.expectStatus(created, 201, 'Creating the user to delete');
      const path = `/Users/${encodeURIComponent(created.body.id)}`;
      const res = await t.send('DELETE', path);
      t.expectStatus(res, 204, 'DELETE');
      const read = await t.send('GET', path);
      t.expectStatus(read, 404, 'GET after DELETE');
    },
  },
  {
    id: 'rfc.etag.advertised',
    title: 'ETags work where advertised',
    level: 'should',
    source: rfc7644('3.14'),
    expected: 'When ServiceProviderConfig has etag.supported true: an ETag header equal to meta.version, and If-None-Match with it answers 304',
    async run(t) {
      const spc = await t.fixtures.serviceProviderConfig();
      if (spc?.etag?.supported !== true) t.skip('ServiceProviderConfig does not advertise ETags.');
      const user = await t.fixtures.user();
      const res = await t.send('GET', `/Users/${encodeURIComponent(user.id)}`);
      const etag = res.headers.etag;
      t.expect(etag !== undefined && etag === res.body?.meta?.version, () => `ETag: ${etag}; meta.version: ${res.body?.meta?.version}`, 'The ETag header is missing or differs from meta.version.');
      const again = await t.send('GET', `/Users/${encodeURIComponent(user.id)}`, { headers: { 'If-None-Match': etag ?? '' } });
      t.expectStatus(again, 304, 'GET with If-None-Match of the current version');
    },
  },
  {
    id: 'rfc.media-type',
    title: 'Responses use application/scim+json',
    level: 'should',
    source: rfc7644('8.1'),
    expected: 'Content-Type: application/scim+json',
    async run(t) {
      const res = await t.send('GET', '/Users?count=1');
      const type = res.headers['content-type'] ?? '';
      t.expect(type.toLowerCase().startsWith('application/scim+json'), `Content-Type: ${type || '(none)'}`, `Content-Type is ${type || 'missing'}, expected application/scim+json.`);
    },
  },
];

export const rfcProfile: ProfileDefinition = { id: 'rfc', title: 'RFC 7643 / RFC 7644', checks };
