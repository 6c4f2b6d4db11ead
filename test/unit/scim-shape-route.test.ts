/**
 * How the recorder reads a SCIM path into its endpoint and id (scim-shape-read.ts `routeOf`), which
 * classification and lint ask for: an id is percent-decoded only when it holds an escape (the common
 * read, an id without one, skips the decoder), a malformed escape is kept as sent, a query is ignored.
 */
import { describe, expect, it } from 'vitest';
import { routeOf } from '../../server/recorder/scim-shape-read.js';

describe('routeOf', () => {
  it.each([
    { path: '/Users', route: { endpoint: 'Users', type: 'User', id: null, search: false } },
    { path: '/users/', route: { endpoint: 'Users', type: 'User', id: null, search: false } },
    { path: '/Users/2819c223-7f76-453a-919d-413861904646', route: { endpoint: 'Users', type: 'User', id: '2819c223-7f76-453a-919d-413861904646', search: false } },
    { path: '/Users/abc%20def', route: { endpoint: 'Users', type: 'User', id: 'abc def', search: false } },
    { path: '/Users/%C5%81ukasz', route: { endpoint: 'Users', type: 'User', id: 'Łukasz', search: false } },
    { path: '/Users/100%', route: { endpoint: 'Users', type: 'User', id: '100%', search: false } },
    { path: '/Users/%E0%A4%A', route: { endpoint: 'Users', type: 'User', id: '%E0%A4%A', search: false } },
    { path: '/Groups/g1?attributes=members', route: { endpoint: 'Groups', type: 'Group', id: 'g1', search: false } },
    { path: '/Groups/a%3Fb?x=%2F', route: { endpoint: 'Groups', type: 'Group', id: 'a?b', search: false } },
    { path: '/Users?filter=userName%20eq%20%22a%2Fb%22', route: { endpoint: 'Users', type: 'User', id: null, search: false } },
    { path: '/Users/.search', route: { endpoint: 'Users', type: 'User', id: null, search: true } },
    { path: '/Users/x/y', route: { endpoint: 'other', type: 'User', id: null, search: false } },
    { path: '/Schemas/urn:ietf:params:scim:schemas:core:2.0:User', route: { endpoint: 'Schemas', type: null, id: 'urn:ietf:params:scim:schemas:core:2.0:User', search: false } },
    { path: '/Schemas/a/b%2Fc', route: { endpoint: 'Schemas', type: null, id: 'a/b/c', search: false } },
    { path: '/Bulk', route: { endpoint: 'other', type: null, id: null, search: false } },
    { path: '/', route: { endpoint: 'other', type: null, id: null, search: false } },
  ])('$path', ({ path, route }) => {
    expect(routeOf(path)).toEqual(route);
  });

  it('is null outside the base path', () => {
    expect(routeOf(null)).toBeNull();
  });
});
