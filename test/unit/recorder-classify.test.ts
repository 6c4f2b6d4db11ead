// The recorder's interpretation, table-driven: which client sent an exchange, what operation it was
// and the one-line summary the traffic list shows; plus the real IdP sequences from the fixtures.
import { describe, expect, it } from 'vitest';
import type { ClientKind, OperationKind } from '../../server/contract/exchange.js';
import type { ResourceChange } from '../../server/contract/store.js';
import { detectClient } from '../../server/recorder/client-detect.js';
import { classifyOperation, type ExchangeFacts } from '../../server/recorder/operation-classify.js';
import {
  ENTRA_USER_AGENT, OKTA_SPEC_TEST_USER_AGENT, OKTA_USER_AGENT, SCHEMA, entraLifecycle, fillTemplate, oktaLifecycle, oktaSpecContext, oktaSpecTest,
  type Ctx, type SpecStep,
} from '../fixtures/idp-requests.js';
import { exchangeFacts } from '../helpers/exchange-facts.js';

type Res = Record<string, unknown>;

const STORE: Record<string, Res> = {
  'User/u1': { id: 'u1', userName: 'jane@example.com', displayName: 'Jane Doe', active: true },
  'User/u2': { id: 'u2', userName: 'omar@example.com', active: true },
  'User/u3': { id: 'u3', displayName: 'No Username' },
  'User/u4': { id: 'u4', userName: 'off@example.com', active: false },
  'Group/g1': { id: 'g1', displayName: 'Sales', members: [{ value: 'u1' }, { value: 'u2' }] },
  'Group/g2': { id: 'g2', displayName: 'Engineering' },
};

/** An exchange with defaults: a successful bodiless GET of /Users from nobody in particular, resolving ids in STORE. */
function facts(over: Partial<ExchangeFacts> = {}): ExchangeFacts {
  return exchangeFacts({ lookup: (type, id) => STORE[`${type}/${id}`], ...over });
}

const OKTA = { 'user-agent': OKTA_USER_AGENT, accept: 'application/scim+json' };
const ENTRA = { 'user-agent': ENTRA_USER_AGENT };
const list = (totalResults: number, items: Res[] = [], startIndex = 1) => ({ schemas: [SCHEMA.listResponse], totalResults, startIndex, itemsPerPage: items.length, Resources: items });
const patch = (...Operations: unknown[]) => ({ schemas: [SCHEMA.patchOp], Operations });
const userChange = (id: string, before: Res | null, after: Res | null): ResourceChange => ({ resourceType: 'User', id, before: before as never, after: after as never });
const groupChange = (id: string, before: Res | null, after: Res | null): ResourceChange => ({ resourceType: 'Group', id, before: before as never, after: after as never });
const jane = STORE['User/u1']!;

interface Case {
  name: string;
  facts: ExchangeFacts;
  client: ClientKind;
  kind: OperationKind;
  summary: string | RegExp;
  resourceId?: string | null;
}

const cases: Case[] = [
  // --- authentication and discovery
  { name: '401 with a wrong bearer token', facts: facts({ status: 401, authFailed: true, error: { status: 401, detail: 'The bearer token is wrong.' } }), client: 'unknown', kind: 'auth.failed', summary: 'A client was refused: the bearer token is wrong' },
  { name: '401 from the Okta SPEC test (non-token)', facts: facts({ headers: { 'user-agent': OKTA_SPEC_TEST_USER_AGENT }, status: 401, error: { status: 401, detail: 'The token in the Authorization header is wrong.' } }), client: 'okta', kind: 'auth.failed', summary: 'Okta was refused: the token in the Authorization header is wrong' },
  { name: '401 without a detail', facts: facts({ headers: ENTRA, status: 401, authFailed: true }), client: 'entra', kind: 'auth.failed', summary: 'Entra was refused (401)' },
  { name: 'ServiceProviderConfig', facts: facts({ headers: OKTA, scimPath: '/ServiceProviderConfig' }), client: 'okta', kind: 'discovery', summary: 'Okta read the ServiceProviderConfig' },
  { name: 'Schemas (Entra on save)', facts: facts({ headers: ENTRA, scimPath: '/Schemas' }), client: 'entra', kind: 'discovery', summary: 'Entra read the Schemas' },
  { name: 'one schema', facts: facts({ scimPath: `/Schemas/${SCHEMA.user}` }), client: 'unknown', kind: 'discovery', summary: `A client read the schema ${SCHEMA.user}` },
  { name: 'ResourceTypes/User', facts: facts({ headers: { 'user-agent': 'OneLogin SCIM' }, scimPath: '/ResourceTypes/User' }), client: 'onelogin', kind: 'discovery', summary: 'OneLogin read the resource type User' },
  { name: 'filtered discovery is refused', facts: facts({ scimPath: '/Schemas', query: { filter: 'id pr' }, status: 403, error: { status: 403, detail: 'Discovery endpoints cannot be filtered (RFC 7644 §4).' } }), client: 'unknown', kind: 'discovery', summary: 'A client tried to read the Schemas: 403 (Discovery endpoints cannot be filtered (RFC 7644 §4))' },

  // --- connection tests, imports and lookups
  { name: 'Okta connection test count=2', facts: facts({ headers: OKTA, query: { startIndex: '1', count: '2' }, responseBody: list(5000, [jane, jane]) }), client: 'okta', kind: 'connection.test', summary: 'Okta tested the connection' },
  { name: 'SPEC test count=1', facts: facts({ headers: { 'user-agent': OKTA_SPEC_TEST_USER_AGENT }, query: { count: '1', startIndex: '1' }, responseBody: list(3, [jane]) }), client: 'okta', kind: 'connection.test', summary: 'Okta tested the connection' },
  { name: 'connection test that failed', facts: facts({ headers: OKTA, query: { startIndex: '1', count: '2' }, status: 503, error: { status: 503, detail: 'The store is busy.' } }), client: 'okta', kind: 'connection.test', summary: 'Okta tried to test the connection: 503 (The store is busy)' },
  { name: 'Okta import page 2', facts: facts({ headers: OKTA, query: { startIndex: '101', count: '100' }, responseBody: list(5000, Array.from({ length: 100 }, () => jane), 101) }), client: 'okta', kind: 'user.import', summary: 'Okta imported users 101–200 of 5,000' },
  { name: 'import, last single user', facts: facts({ headers: OKTA, query: { startIndex: '5000', count: '100' }, responseBody: list(5000, [jane], 5000) }), client: 'okta', kind: 'user.import', summary: 'Okta imported user 5,000 of 5,000' },
  { name: 'import past the end', facts: facts({ headers: OKTA, query: { startIndex: '5001', count: '100' }, responseBody: list(5000, [], 5001) }), client: 'okta', kind: 'user.import', summary: 'Okta listed users past the end (5,000 in all)' },
  { name: 'import of an empty directory', facts: facts({ headers: { 'user-agent': 'JumpCloud SCIM Client' }, responseBody: list(0) }), client: 'jumpcloud', kind: 'user.import', summary: 'JumpCloud listed users (there are none)' },
  { name: 'count=0 only counts', facts: facts({ headers: { 'user-agent': 'curl/8.5.0' }, query: { count: '0' }, responseBody: list(42) }), client: 'curl', kind: 'connection.test', summary: 'curl tested the connection' },
  { name: 'incremental import by meta.lastModified', facts: facts({ headers: { 'user-agent': 'PingOne' }, query: { filter: 'meta.lastModified gt "2024-01-01T00:00:00Z"' }, responseBody: list(3, [jane, jane, jane]) }), client: 'pingone', kind: 'user.import', summary: 'PingOne imported users 1–3 of 3 matching meta.lastModified gt "2024-01-01T00:00:00Z"' },
  { name: 'Okta lookup not found', facts: facts({ headers: OKTA, query: { filter: 'userName eq "test.user@okta.local"', startIndex: '1', count: '100' }, responseBody: list(0) }), client: 'okta', kind: 'user.lookup', summary: 'Okta looked up test.user@okta.local (not found)' },
  { name: 'Okta lookup found', facts: facts({ headers: OKTA, query: { filter: 'userName eq "jane@example.com"', startIndex: '1', count: '100' }, responseBody: list(1, [jane]) }), client: 'okta', kind: 'user.lookup', summary: 'Okta looked up jane@example.com (found)' },
  { name: 'Okta-shaped lookup without a User-Agent', facts: facts({ query: { filter: 'userName eq "jane@example.com"', startIndex: '1', count: '100' }, responseBody: list(1, [jane]) }), client: 'okta', kind: 'user.lookup', summary: 'Okta looked up jane@example.com (found)' },
  { name: 'Entra lookup by externalId, found', facts: facts({ headers: ENTRA, query: { filter: 'externalId eq "0a21f0f2"' }, responseBody: list(1, [jane]) }), client: 'entra', kind: 'user.lookup', summary: 'Entra looked up the user with externalId "0a21f0f2" (found jane@example.com)' },
  { name: 'Entra lookup of id and manager', facts: facts({ headers: ENTRA, query: { filter: 'id eq "u1" and manager eq "u2"' }, responseBody: list(0) }), client: 'entra', kind: 'user.lookup', summary: 'Entra looked up the user with id "u1" and manager "u2" (not found)' },
  { name: 'lookup by work email', facts: facts({ query: { filter: 'emails[type eq "work"].value eq "jane@example.com"' }, responseBody: list(1, [jane]) }), client: 'unknown', kind: 'user.lookup', summary: 'A client looked up the user with emails[type eq "work"].value "jane@example.com" (found jane@example.com)' },
  { name: 'lookup with an invalid filter', facts: facts({ headers: OKTA, query: { filter: 'userName eq "x' }, status: 400, error: { status: 400, scimType: 'invalidFilter', detail: 'Unterminated string.' } }), client: 'okta', kind: 'user.import', summary: 'Okta tried to list users matching userName eq "x: 400 invalidFilter (Unterminated string)' },
  { name: 'Entra Test Connection (random GUID)', facts: facts({ headers: ENTRA, query: { filter: 'userName eq "3f2b8c1e-6d4a-4e0b-9a7c-5b1d2e3f4a5b"' }, responseBody: list(0) }), client: 'entra', kind: 'connection.test', summary: 'Entra tested the connection' },
  { name: 'Entra-shaped GUID test without User-Agent', facts: facts({ query: { filter: 'userName eq "3f2b8c1e-6d4a-4e0b-9a7c-5b1d2e3f4a5b"' }, responseBody: list(0) }), client: 'entra', kind: 'connection.test', summary: 'Entra tested the connection' },
  { name: 'Entra Test Connection answered 404', facts: facts({ headers: ENTRA, query: { filter: 'userName eq "3f2b8c1e-6d4a-4e0b-9a7c-5b1d2e3f4a5b"' }, status: 404, error: { status: 404, detail: 'Not found.' } }), client: 'entra', kind: 'connection.test', summary: 'Entra tried to test the connection: 404 (Not found)' },
  { name: 'GUID userName that exists is a lookup', facts: facts({ headers: ENTRA, query: { filter: 'userName eq "3f2b8c1e-6d4a-4e0b-9a7c-5b1d2e3f4a5b"' }, responseBody: list(1, [{ userName: '3f2b8c1e-6d4a-4e0b-9a7c-5b1d2e3f4a5b' }]) }), client: 'entra', kind: 'user.lookup', summary: 'Entra looked up 3f2b8c1e-6d4a-4e0b-9a7c-5b1d2e3f4a5b (found)' },
  { name: 'Okta group list with count=100 is an import', facts: facts({ headers: OKTA, scimPath: '/Groups', query: { startIndex: '1', count: '100' }, responseBody: list(2, [STORE['Group/g1']!, STORE['Group/g2']!]) }), client: 'okta', kind: 'group.import', summary: 'Okta imported groups 1–2 of 2' },
  { name: 'group list with count=1 is still an import', facts: facts({ scimPath: '/Groups', query: { count: '1' }, responseBody: list(2, [STORE['Group/g1']!]) }), client: 'unknown', kind: 'group.import', summary: 'A client imported group 1 of 2' },
  { name: 'Entra group lookup by displayName', facts: facts({ headers: ENTRA, scimPath: '/Groups', query: { excludedAttributes: 'members', filter: 'displayName eq "Sales"' }, responseBody: list(1, [{ id: 'g1', displayName: 'Sales' }]) }), client: 'entra', kind: 'group.lookup', summary: 'Entra looked up group Sales (found)' },
  { name: 'Entra-shaped group lookup (excludedAttributes) without UA', facts: facts({ scimPath: '/Groups', query: { excludedAttributes: 'members', filter: 'displayName eq "Nope"' }, responseBody: list(0) }), client: 'entra', kind: 'group.lookup', summary: 'Entra looked up group Nope (not found)' },
  { name: 'POST /Users/.search lookup', facts: facts({ method: 'POST', scimPath: '/Users/.search', body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'userName eq "omar@example.com"' }, responseBody: list(1, [STORE['User/u2']!]) }), client: 'unknown', kind: 'user.lookup', summary: 'A client looked up omar@example.com (found)' },
  { name: 'POST /Groups/.search paging', facts: facts({ method: 'POST', scimPath: '/Groups/.search', body: { startIndex: 1, count: 10 }, responseBody: list(2, [STORE['Group/g1']!, STORE['Group/g2']!]) }), client: 'unknown', kind: 'group.import', summary: 'A client imported groups 1–2 of 2' },

  // --- reads, creates, deletes
  { name: 'read a user', facts: facts({ headers: OKTA, scimPath: '/Users/u1', resourceType: 'User', resourceId: 'u1', responseBody: jane }), client: 'okta', kind: 'user.read', summary: 'Okta read jane@example.com', resourceId: 'u1' },
  { name: 'read a user named only by displayName', facts: facts({ scimPath: '/Users/u3' }), client: 'unknown', kind: 'user.read', summary: 'A client read No Username', resourceId: 'u3' },
  { name: 'read an unknown user (SPEC 404)', facts: facts({ headers: { 'user-agent': OKTA_SPEC_TEST_USER_AGENT }, scimPath: '/Users/00919288221112222', status: 404, error: { status: 404, detail: 'User "00919288221112222" not found.' } }), client: 'okta', kind: 'user.read', summary: 'Okta tried to read user 00919288221112222: 404 (User "00919288221112222" not found)' },
  { name: 'read a group (Google)', facts: facts({ headers: { 'user-agent': 'Google-SCIM/1.0' }, scimPath: '/Groups/g1' }), client: 'google', kind: 'group.read', summary: 'Google read group Sales' },
  { name: 'create a user', facts: facts({ headers: OKTA, method: 'POST', body: { schemas: [SCHEMA.user], userName: 'omar@example.com' }, status: 201, changes: [userChange('u9', null, { id: 'u9', userName: 'omar@example.com' })], responseBody: { id: 'u9', userName: 'omar@example.com' } }), client: 'okta', kind: 'user.create', summary: 'Okta created omar@example.com', resourceId: 'u9' },
  { name: 'create conflict', facts: facts({ headers: OKTA, method: 'POST', body: { userName: 'jane@example.com' }, status: 409, error: { status: 409, scimType: 'uniqueness', detail: 'userName "jane@example.com" is already taken by User u1.' } }), client: 'okta', kind: 'user.create', summary: 'Okta tried to create jane@example.com: 409 uniqueness (userName "jane@example.com" is already taken by User u1)', resourceId: null },
  { name: 'create dropped by a fault', facts: facts({ method: 'POST', body: { userName: 'new@example.com' }, status: 0 }), client: 'unknown', kind: 'user.create', summary: 'A client tried to create new@example.com: no response was sent', resourceId: null },
  { name: 'create a group with members', facts: facts({ headers: ENTRA, method: 'POST', scimPath: '/Groups', body: { displayName: 'Ops', members: [{ value: 'u1' }] }, status: 201, responseBody: { id: 'g9', displayName: 'Ops' } }), client: 'entra', kind: 'group.create', summary: 'Entra created group Ops with 1 member', resourceId: 'g9' },
  { name: 'Entra group create shape (ADSCIM schema)', facts: facts({ method: 'POST', scimPath: '/Groups', body: { schemas: [SCHEMA.group, SCHEMA.entraAdScimGroup], displayName: 'X' }, status: 201, responseBody: { id: 'g8', displayName: 'X' } }), client: 'entra', kind: 'group.create', summary: 'Entra created group X', resourceId: 'g8' },
  { name: 'delete a user (named from before)', facts: facts({ headers: ENTRA, method: 'DELETE', scimPath: '/Users/u7', status: 204, changes: [userChange('u7', { id: 'u7', userName: 'gone@example.com' }, null)] }), client: 'entra', kind: 'user.delete', summary: 'Entra deleted gone@example.com' },
  { name: 'delete a missing user', facts: facts({ method: 'DELETE', scimPath: '/Users/nope', status: 404, error: { status: 404, detail: 'User "nope" not found.' } }), client: 'unknown', kind: 'user.delete', summary: 'A client tried to delete user nope: 404 (User "nope" not found)' },
  { name: 'delete a group', facts: facts({ headers: OKTA, method: 'DELETE', scimPath: '/Groups/g5', status: 204, changes: [groupChange('g5', { id: 'g5', displayName: 'Old Team' }, null)] }), client: 'okta', kind: 'group.delete', summary: 'Okta deleted group Old Team' },

  // --- user lifecycle
  { name: 'Okta deactivate (store change)', facts: facts({ headers: OKTA, method: 'PATCH', scimPath: '/Users/u1', body: patch({ op: 'replace', value: { active: false } }), changes: [userChange('u1', jane, { ...jane, active: false })] }), client: 'okta', kind: 'user.deactivate', summary: 'Okta deactivated jane@example.com' },
  { name: 'Okta reactivate (store change)', facts: facts({ headers: OKTA, method: 'PATCH', scimPath: '/Users/u4', body: patch({ op: 'replace', value: { active: true } }), changes: [userChange('u4', STORE['User/u4']!, { ...STORE['User/u4']!, active: true })] }), client: 'okta', kind: 'user.reactivate', summary: 'Okta reactivated off@example.com' },
  { name: 'Okta-shaped deactivate without UA', facts: facts({ method: 'PATCH', scimPath: '/Users/u1', body: patch({ op: 'replace', value: { active: false } }) }), client: 'okta', kind: 'user.deactivate', summary: 'Okta deactivated jane@example.com' },
  { name: 'Entra disable with "False"', facts: facts({ headers: ENTRA, method: 'PATCH', scimPath: '/Users/u1', body: patch({ op: 'Replace', path: 'active', value: 'False' }), changes: [userChange('u1', jane, { ...jane, active: false })] }), client: 'entra', kind: 'user.deactivate', summary: 'Entra disabled jane@example.com' },
  { name: 'Entra-shaped "True" without UA', facts: facts({ method: 'PATCH', scimPath: '/Users/u4', body: patch({ op: 'replace', path: 'active', value: 'True' }) }), client: 'entra', kind: 'user.reactivate', summary: 'Entra enabled off@example.com' },
  { name: 'deactivate plus another change: lifecycle wins', facts: facts({ headers: OKTA, method: 'PUT', scimPath: '/Users/u1', body: { ...jane, active: false, title: 'Former' }, changes: [userChange('u1', jane, { ...jane, active: false, title: 'Former' })] }), client: 'okta', kind: 'user.deactivate', summary: 'Okta deactivated jane@example.com (and changed title)' },
  { name: 'AIW deactivate by PUT', facts: facts({ headers: OKTA, method: 'PUT', scimPath: '/Users/u1', body: { ...jane, active: false }, changes: [userChange('u1', jane, { ...jane, active: false })] }), client: 'okta', kind: 'user.deactivate', summary: 'Okta deactivated jane@example.com' },
  { name: 'failed deactivate classified from the body', facts: facts({ headers: OKTA, method: 'PATCH', scimPath: '/Users/u1', body: patch({ op: 'replace', value: { active: false } }), status: 412, error: { status: 412, detail: 'The resource has changed.' } }), client: 'okta', kind: 'user.deactivate', summary: 'Okta tried to deactivate jane@example.com: 412 (The resource has changed)' },
  { name: 'failed PUT that flips active', facts: facts({ method: 'PUT', scimPath: '/Users/u1', body: { userName: 'jane@example.com', active: false }, status: 500, error: { status: 500, detail: 'Boom.' } }), client: 'unknown', kind: 'user.deactivate', summary: 'A client tried to deactivate jane@example.com: 500 (Boom)' },
  { name: 'password sync by PATCH', facts: facts({ headers: OKTA, method: 'PATCH', scimPath: '/Users/u1', body: patch({ op: 'replace', value: { password: 'N3w!' } }) }), client: 'okta', kind: 'user.password', summary: 'Okta synced the password of jane@example.com' },
  { name: 'password sync by PATCH path', facts: facts({ method: 'PATCH', scimPath: '/Users/u2', body: patch({ op: 'replace', path: 'password', value: 'x' }) }), client: 'unknown', kind: 'user.password', summary: 'A client synced the password of omar@example.com' },
  { name: 'password-only PUT (nothing visible changed)', facts: facts({ headers: OKTA, method: 'PUT', scimPath: '/Users/u1', body: { ...jane, password: 'x' } }), client: 'okta', kind: 'user.password', summary: 'Okta synced the password of jane@example.com' },
  { name: 'profile update by PUT', facts: facts({ headers: OKTA, method: 'PUT', scimPath: '/Users/u1', body: { ...jane, name: { givenName: 'Janet' } }, changes: [userChange('u1', { ...jane, name: { givenName: 'Jane' } }, { ...jane, name: { givenName: 'Janet' } })] }), client: 'okta', kind: 'user.update', summary: 'Okta updated jane@example.com (name.givenName)' },
  { name: 'Entra multi-attribute update', facts: facts({ headers: ENTRA, method: 'PATCH', scimPath: '/Users/u1', body: patch({ op: 'Replace', path: 'emails[type eq "work"].value', value: 'j@x.com' }, { op: 'Replace', path: 'name.familyName', value: 'D' }), changes: [userChange('u1', { ...jane, emails: [], name: { familyName: 'Doe' } }, { ...jane, emails: [{ value: 'j@x.com' }], name: { familyName: 'D' } })] }), client: 'entra', kind: 'user.update', summary: 'Entra updated jane@example.com (emails and name.familyName)' },
  { name: 'userName change named by the old name', facts: facts({ headers: ENTRA, method: 'PATCH', scimPath: '/Users/u1', body: patch({ op: 'Replace', path: 'userName', value: 'janet@example.com' }), changes: [userChange('u1', jane, { ...jane, userName: 'janet@example.com' })] }), client: 'entra', kind: 'user.update', summary: 'Entra updated jane@example.com (userName)' },
  { name: 'enterprise manager linked', facts: facts({ headers: ENTRA, method: 'PATCH', scimPath: '/Users/u1', body: patch({ op: 'Add', path: `${SCHEMA.enterpriseUser}:manager`, value: 'u2' }), changes: [userChange('u1', jane, { ...jane, [SCHEMA.enterpriseUser]: { manager: { value: 'u2' } } })] }), client: 'entra', kind: 'user.update', summary: 'Entra updated jane@example.com (manager)' },
  { name: 'update from the body when the store shows nothing', facts: facts({ method: 'PATCH', scimPath: '/Users/u2', body: patch({ op: 'add', path: 'nickName', value: 'O' }, { op: 'add', path: 'title', value: 'T' }, { op: 'add', path: 'locale', value: 'en' }, { op: 'add', path: 'timezone', value: 'UTC' }) }), client: 'unknown', kind: 'user.update', summary: 'A client updated omar@example.com (nickName, title, locale and 1 more)' },
  { name: 'update plus password', facts: facts({ method: 'PATCH', scimPath: '/Users/u2', body: patch({ op: 'replace', value: { title: 'T', password: 'p' } }) }), client: 'unknown', kind: 'user.update', summary: 'A client updated omar@example.com (title and password)' },

  // --- group writes
  { name: 'Okta adds one member', facts: facts({ headers: OKTA, method: 'PATCH', scimPath: '/Groups/g2', body: patch({ op: 'add', path: 'members', value: [{ value: 'u1', display: 'jane@example.com' }] }) }), client: 'okta', kind: 'group.members.add', summary: 'Okta added jane@example.com to Engineering' },
  { name: 'Entra adds two members ($ref null)', facts: facts({ headers: ENTRA, method: 'PATCH', scimPath: '/Groups/g2', body: patch({ op: 'Add', path: 'members', value: [{ $ref: null, value: 'u1' }, { $ref: null, value: 'u2' }] }) }), client: 'entra', kind: 'group.members.add', summary: 'Entra added 2 members to Engineering' },
  { name: '$ref null alone marks Entra', facts: facts({ method: 'PATCH', scimPath: '/Groups/g2', body: patch({ op: 'add', path: 'members', value: [{ $ref: null, value: 'u2' }] }) }), client: 'entra', kind: 'group.members.add', summary: 'Entra added omar@example.com to Engineering' },
  { name: 'member known only by display', facts: facts({ method: 'PATCH', scimPath: '/Groups/g2', body: patch({ op: 'add', path: 'members', value: [{ value: 'zz', display: 'Zed' }] }) }), client: 'unknown', kind: 'group.members.add', summary: 'A client added Zed to Engineering' },
  { name: 'Okta removes by filter', facts: facts({ headers: OKTA, method: 'PATCH', scimPath: '/Groups/g1', body: patch({ op: 'remove', path: 'members[value eq "u1"]' }) }), client: 'okta', kind: 'group.members.remove', summary: 'Okta removed jane@example.com from Sales' },
  { name: 'Entra removes with a value list', facts: facts({ headers: ENTRA, method: 'PATCH', scimPath: '/Groups/g1', body: patch({ op: 'Remove', path: 'members', value: [{ value: 'u1' }, { value: 'u2' }] }) }), client: 'entra', kind: 'group.members.remove', summary: 'Entra removed 2 members from Sales' },
  { name: 'remove + add in one request', facts: facts({ headers: OKTA, method: 'PATCH', scimPath: '/Groups/g1', body: patch({ op: 'remove', path: 'members[value eq "u1"]' }, { op: 'add', path: 'members', value: [{ value: 'u4' }] }) }), client: 'okta', kind: 'group.members.replace', summary: 'Okta changed the members of Sales: 1 added, 1 removed' },
  { name: 'replace all members', facts: facts({ headers: OKTA, method: 'PATCH', scimPath: '/Groups/g1', body: patch({ op: 'replace', path: 'members', value: [{ value: 'u1' }] }) }), client: 'okta', kind: 'group.members.replace', summary: 'Okta replaced the members of Sales (1 member)' },
  { name: 'remove all members', facts: facts({ method: 'PATCH', scimPath: '/Groups/g1', body: patch({ op: 'remove', path: 'members' }) }), client: 'unknown', kind: 'group.members.replace', summary: 'A client replaced the members of Sales (now none)' },
  { name: 'Okta rename (pathless, with id)', facts: facts({ headers: OKTA, method: 'PATCH', scimPath: '/Groups/g1', body: patch({ op: 'replace', value: { id: 'g1', displayName: 'Sales EMEA' } }), changes: [groupChange('g1', STORE['Group/g1']!, { ...STORE['Group/g1']!, displayName: 'Sales EMEA' })] }), client: 'okta', kind: 'group.rename', summary: 'Okta renamed group Sales to Sales EMEA' },
  { name: 'Okta re-sends an unchanged name', facts: facts({ headers: OKTA, method: 'PATCH', scimPath: '/Groups/g1', body: patch({ op: 'replace', value: { id: 'g1', displayName: 'Sales' } }), changes: [groupChange('g1', STORE['Group/g1']!, { ...STORE['Group/g1']!, displayName: 'Sales' })] }), client: 'okta', kind: 'group.rename', summary: 'Okta re-sent the name of group Sales (unchanged)' },
  { name: 'Okta rename shape without UA', facts: facts({ method: 'PATCH', scimPath: '/Groups/g1', body: patch({ op: 'replace', value: { id: 'g1', displayName: 'Sales 2' } }), status: 500, error: { status: 500, detail: 'x' } }), client: 'okta', kind: 'group.rename', summary: 'Okta tried to rename group Sales to Sales 2: 500 (x)' },
  { name: 'Entra rename by path', facts: facts({ headers: ENTRA, method: 'PATCH', scimPath: '/Groups/g2', body: patch({ op: 'Replace', path: 'displayName', value: 'Eng' }), status: 204, changes: [groupChange('g2', STORE['Group/g2']!, { ...STORE['Group/g2']!, displayName: 'Eng' })] }), client: 'entra', kind: 'group.rename', summary: 'Entra renamed group Engineering to Eng' },
  { name: 'rename without a store change', facts: facts({ method: 'PATCH', scimPath: '/Groups/g2', body: patch({ op: 'replace', path: 'displayName', value: 'Engineering' }) }), client: 'unknown', kind: 'group.rename', summary: 'A client renamed a group to Engineering' },
  { name: 'membership push with a same-name rename', facts: facts({ headers: OKTA, method: 'PATCH', scimPath: '/Groups/g1', body: patch({ op: 'replace', value: { id: 'g1', displayName: 'Sales' } }, { op: 'add', path: 'members', value: [{ value: 'u4' }] }), changes: [groupChange('g1', { displayName: 'Sales', members: [] }, { displayName: 'Sales', members: [{ value: 'u4' }] })] }), client: 'okta', kind: 'group.members.add', summary: 'Okta added off@example.com to Sales' },
  { name: 'rename and members together', facts: facts({ method: 'PATCH', scimPath: '/Groups/g1', body: patch({ op: 'replace', path: 'displayName', value: 'S' }, { op: 'add', path: 'members', value: [{ value: 'u4' }] }) }), client: 'unknown', kind: 'group.update', summary: 'A client updated group Sales (displayName and members)' },
  { name: 'group externalId update', facts: facts({ method: 'PATCH', scimPath: '/Groups/g1', body: patch({ op: 'replace', path: 'externalId', value: 'e' }) }), client: 'unknown', kind: 'group.update', summary: 'A client updated group Sales (externalId)' },
  { name: 'PUT group: only the name changed', facts: facts({ headers: OKTA, method: 'PUT', scimPath: '/Groups/g2', body: { displayName: 'Eng' }, changes: [groupChange('g2', STORE['Group/g2']!, { ...STORE['Group/g2']!, displayName: 'Eng' })] }), client: 'okta', kind: 'group.rename', summary: 'Okta renamed group Engineering to Eng' },
  { name: 'PUT group: only members changed', facts: facts({ headers: OKTA, method: 'PUT', scimPath: '/Groups/g1', body: { displayName: 'Sales', members: [{ value: 'u1' }] }, changes: [groupChange('g1', STORE['Group/g1']!, { ...STORE['Group/g1']!, members: [{ value: 'u1' }] })] }), client: 'okta', kind: 'group.members.replace', summary: 'Okta replaced the members of Sales (1 member)' },
  { name: 'PUT group: both changed', facts: facts({ method: 'PUT', scimPath: '/Groups/g1', body: { displayName: 'S', members: [] }, changes: [groupChange('g1', STORE['Group/g1']!, { id: 'g1', displayName: 'S' })] }), client: 'unknown', kind: 'group.update', summary: 'A client updated group Sales (displayName and members)' },

  // --- everything else
  { name: 'Bulk', facts: facts({ method: 'POST', scimPath: '/Bulk', body: {}, status: 501, error: { status: 501, detail: 'Bulk operations are not supported.' } }), client: 'unknown', kind: 'unknown', summary: 'A client sent POST /Bulk: 501 (Bulk operations are not supported)' },
  { name: 'outside the base path', facts: facts({ scimPath: null, path: '/favicon.ico', status: 404, error: { status: 404, detail: 'No endpoint.' } }), client: 'unknown', kind: 'unknown', summary: 'A client called GET /favicon.ico outside the SCIM base path: 404 (No endpoint)' },
  { name: 'PATCH on the collection', facts: facts({ method: 'PATCH', scimPath: '/Users', body: patch({ op: 'add', path: 'x', value: 1 }), status: 405 }), client: 'unknown', kind: 'unknown', summary: 'A client sent PATCH /Users: 405' },
  { name: 'the inspector replays a read', facts: facts({ headers: { 'user-agent': 'Scimscope/1.0 (replay as Okta)' }, scimPath: '/Users/u2' }), client: 'scimscope', kind: 'user.read', summary: 'The inspector read omar@example.com' },
];

describe('classifyOperation', () => {
  it.each(cases)('$name', ({ facts: f, client, kind, summary, resourceId }) => {
    const detected = detectClient(f.headers, f.body, f);
    expect(detected).toBe(client);
    const op = classifyOperation(f, detected);
    expect(op.kind).toBe(kind);
    if (typeof summary === 'string') expect(op.summary).toBe(summary);
    else expect(op.summary).toMatch(summary);
    if (resourceId !== undefined) expect(op.resourceId).toBe(resourceId);
  });

  it('covers every operation kind', () => {
    const all: OperationKind[] = [
      'connection.test', 'user.import', 'user.lookup', 'user.read', 'user.create', 'user.update', 'user.deactivate', 'user.reactivate', 'user.password', 'user.delete',
      'group.import', 'group.lookup', 'group.read', 'group.create', 'group.rename', 'group.update', 'group.members.add', 'group.members.remove', 'group.members.replace',
      'group.delete', 'discovery', 'auth.failed', 'unknown',
    ];
    expect(new Set(cases.map((c) => c.kind))).toEqual(new Set(all));
  });

  it('never throws on odd input', () => {
    const odd = facts({ method: 'PATCH', scimPath: '/Groups/g1', body: { Operations: [null, 3, { op: 7 }, { op: 'add', path: 'members', value: 'u1' }] }, lookup: () => { throw new Error('store closed'); } });
    expect(() => classifyOperation(odd, 'unknown')).not.toThrow();
    expect(classifyOperation(facts({ scimPath: '/Users/%E0%A4%A' }), 'unknown').resourceId).toBe('%E0%A4%A');
  });
});

describe('detectClient', () => {
  const byAgent: Array<[string, ClientKind]> = [
    ['Okta SCIM Client 1.0.0', 'okta'],
    ['OKTA SCIM Integration', 'okta'],
    ['okta-provisioning/2', 'okta'],
    ['Runscope/1.0', 'okta'],
    ['Microsoft Azure AD SCIM provisioning', 'entra'],
    ['Azure AD Provisioning Agent', 'entra'],
    ['Microsoft.Identity.Provisioning/1.0', 'entra'],
    ['AAD-Sync/3', 'entra'],
    ['Microsoft Entra Provisioning', 'entra'],
    ['OneLogin-SCIM/1.0', 'onelogin'],
    ['JumpCloud SCIM', 'jumpcloud'],
    ['PingOne Provisioning', 'pingone'],
    ['Ping Identity SCIM Connector', 'pingone'],
    ['Google-SCIM', 'google'],
    ['curl/8.5.0', 'curl'],
    ['Scimscope replay (Okta SCIM Client 1.0.0)', 'scimscope'],
    ['Mozilla/5.0', 'unknown'],
    ['PostmanRuntime/7.36', 'unknown'],
    ['', 'unknown'],
  ];
  it.each(byAgent)('User-Agent %j → %s', (agent, kind) => {
    expect(detectClient(agent ? { 'user-agent': agent } : {}, undefined)).toBe(kind);
  });

  const byShape: Array<[string, unknown, Partial<ExchangeFacts>, ClientKind]> = [
    ['capitalised Remove', patch({ op: 'Remove', path: 'members', value: [{ value: 'u1' }] }), {}, 'entra'],
    ['Entra create body with meta', { schemas: [SCHEMA.user], userName: 'a', meta: { resourceType: 'User' } }, { method: 'POST' }, 'entra'],
    ['"+" in a raw filter', undefined, { rawQuery: 'filter=externalId+eq+%22x%22' }, 'entra'],
    ['Okta password PATCH', patch({ op: 'replace', value: { password: 'x' } }), {}, 'okta'],
    ['Okta SPEC create (Runscope user)', { userName: 'Runscope300Hfluaklab151@example.com' }, { method: 'POST' }, 'okta'],
    ['Okta connection test query', undefined, { scimPath: '/Users', query: { startIndex: '1', count: '2' } }, 'okta'],
    ['lower-case op with path', patch({ op: 'replace', path: 'title', value: 'x' }), {}, 'unknown'],
    ['PUT with meta and id (Okta echo)', { id: 'u1', userName: 'a', meta: { resourceType: 'User' } }, { method: 'PUT' }, 'unknown'],
    ['plain list', undefined, { scimPath: '/Users', query: { startIndex: '1', count: '50' } }, 'unknown'],
  ];
  it.each(byShape)('shape: %s', (_name, body, hints, kind) => {
    expect(detectClient({}, body, hints)).toBe(kind);
  });

  it('lets the User-Agent win over the shape', () => {
    expect(detectClient({ 'user-agent': OKTA_USER_AGENT }, patch({ op: 'Replace', path: 'active', value: 'False' }))).toBe('okta');
  });
});

/** Builds the facts a recorded fixture step would produce (no store changes; lists answer from the step's checks). */
function stepFacts(step: SpecStep, ctx: Ctx): ExchangeFacts {
  const target = step.pathFrom ? step.pathFrom(ctx) : step.path;
  const [pathname, rawQuery = ''] = target.split('?') as [string, string?];
  const query = Object.fromEntries(new URLSearchParams(rawQuery));
  const headers = Object.fromEntries(Object.entries(step.headers ?? {}).map(([k, v]) => [k.toLowerCase(), fillTemplate(v, ctx)]));
  const body = typeof step.body === 'function' ? (step.body as (c: Ctx) => unknown)(ctx) : step.body;
  const total = step.expect.checks?.find((c) => c.path === 'totalResults' && c.op === 'equals')?.value;
  const isList = /^\/(Users|Groups)$/.test(pathname) && step.method === 'GET';
  const responseBody = isList ? list(typeof total === 'number' ? total : 1, typeof total === 'number' && total === 0 ? [] : [{ id: 'x', userName: 'found@example.com', displayName: 'Found' }]) : undefined;
  const status = step.expect.status;
  return facts({
    method: step.method, scimPath: pathname, query, rawQuery, headers, body, status, responseBody, authFailed: status === 401,
    error: status >= 400 ? { status, detail: 'failed' } : null,
  });
}

const CTX: Ctx = { ...oktaSpecContext('Runscope300Hfluaklab151@example.com'), auth: 'Bearer t', ISVUserid: 'u1', idUserOne: 'u2', userId: 'u1', groupId: 'g1', managerId: 'u2' };

const sequences: Array<[string, SpecStep[], ClientKind, OperationKind[]]> = [
  ['Okta SPEC test', oktaSpecTest, 'okta', [
    'connection.test', 'user.read', 'user.lookup', 'user.read', 'user.lookup', 'user.create', 'user.read', 'user.create', 'user.lookup', 'group.import', 'auth.failed', 'user.read',
  ]],
  ['Okta lifecycle', oktaLifecycle, 'okta', [
    'connection.test', 'group.import', 'user.import', 'user.lookup', 'user.create', 'user.create', 'user.lookup', 'user.read', 'user.update', 'user.deactivate', 'user.reactivate',
    'user.password', 'group.create', 'group.lookup', 'group.members.add', 'group.read', 'group.members.remove', 'group.rename', 'group.members.replace', 'group.members.replace',
    'group.delete', 'group.read',
  ]],
  ['Entra lifecycle', entraLifecycle, 'entra', [
    'connection.test', 'user.lookup', 'user.lookup', 'user.create', 'user.create', 'user.create', 'user.lookup', 'user.lookup', 'user.read', 'user.update', 'user.update',
    'user.update', 'user.update', 'user.deactivate', 'user.read', 'user.reactivate', 'user.deactivate', 'group.create', 'group.lookup', 'group.read', 'group.members.add',
    'group.read', 'group.members.remove', 'group.read', 'group.members.remove', 'group.read', 'group.rename', 'user.delete', 'user.read', 'group.delete',
  ]],
];

describe.each(sequences)('fixture sequence: %s', (_name, steps, client, kinds) => {
  it('has one expectation per step', () => expect(kinds).toHaveLength(steps.length));
  it.each(steps.map((step, i) => [i + 1, step.name, step, kinds[i]] as const))('step %i: %s', (_i, _name, step, kind) => {
    const f = stepFacts(step, CTX);
    const detected = detectClient(f.headers, f.body, f);
    expect(detected).toBe(client);
    const op = classifyOperation(f, detected);
    expect(op.kind).toBe(kind);
    expect(op.summary.startsWith(client === 'okta' ? 'Okta ' : 'Entra ')).toBe(true);
  });
});
