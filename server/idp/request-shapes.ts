/**
 * Request shapes that real SCIM clients send, as data: the one source of truth for what Okta and
 * Entra ID send. The emulated IdP (server/idp/scenario-runner.ts) replays them over HTTP, and the
 * recorder's tests replay the same steps. Kept literal and in one file on purpose: each value is a
 * recorded or documented request, and splitting it would scatter the citations.
 *
 * Research notes and citations for every value here: docs/research/idp-request-shapes.md.
 * Anything marked "(unconfirmed)" below is a best reconstruction, not a quoted source.
 *
 * Runner contract
 * ---------------
 * - `ctx` is a flat string map shared by the steps of one sequence. The runner seeds it
 *   (see `oktaSpecContext`, and `auth` = the full Authorization header value, for example
 *   `Bearer <token>`), and `capture` adds to it after each step.
 * - `path` is relative to the SCIM base URL. When `pathFrom` is present it wins: call it with
 *   `ctx` and use its result verbatim (it is already percent-encoded the way the client encodes
 *   it). Otherwise `path` contains no placeholders and is sent as is.
 * - Header values may contain `{{key}}` placeholders; resolve them with `fillTemplate`.
 * - `body` is either a JSON value or a function of `ctx` returning one; send it with
 *   `JSON.stringify`. No body means no request body.
 * - `expect.checks[].path` uses `getPath` syntax: `a.b`, `a[0].b`, and `["key.with.dots"]` for
 *   keys that contain dots (schema URNs). String values inside `value` may contain `{{key}}`
 *   placeholders (resolve with `fillTemplate`).
 * - Check semantics (`checkPasses` implements them):
 *     exists    : value is present and not null, '' or [] (Runscope "not_empty")
 *     notExists : value is absent, null or [] (an attribute with no values)
 *     equals    : deep equality with `value`
 *     contains  : array contains `value` (deep), or string contains `value`
 *   An optional `type` additionally asserts the JS type (Runscope "is_a_number").
 */

export type Ctx = Record<string, string>;

export interface SpecCheck {
  /** JSON path into the response body, e.g. 'Resources[0].id' or 'schemas'. */
  path: string;
  op: 'exists' | 'equals' | 'contains' | 'notExists';
  value?: unknown;
  /** Extra JS type assertion on the value at `path` (used for Runscope "is_a_number"). */
  type?: 'number' | 'string' | 'boolean' | 'array' | 'object';
}

export interface SpecStep {
  name: string;
  method: string;
  /** Relative to the SCIM base, e.g. '/Users?startIndex=1&count=1'. Documentation form when pathFrom is set. */
  path: string;
  headers?: Record<string, string>;
  body?: unknown | ((ctx: Ctx) => unknown);
  /** Computes the real request target from ctx; overrides `path`. */
  pathFrom?: (ctx: Ctx) => string;
  expect: {
    status: number;
    checks?: SpecCheck[];
    /** Upper bound the original suite puts on the response time (Runscope "response_time"). */
    maxResponseMs?: number;
  };
  /** ctx key -> JSON path (getPath syntax) into the response body. */
  capture?: Record<string, string>;
  /** Provenance / remarks (citations live in docs/research/idp-request-shapes.md). */
  note?: string;
}

// ---------------------------------------------------------------------------
// Helpers (pure; usable by the runner)
// ---------------------------------------------------------------------------

/** Reads a ctx key, failing loudly when a previous step did not capture it. */
export function need(ctx: Ctx, key: string): string {
  const value = ctx[key];
  if (value === undefined || value === '') {
    throw new Error(`idp-requests: ctx.${key} is not set`);
  }
  return value;
}

/** Replaces `{{key}}` with ctx values. */
export function fillTemplate(template: string, ctx: Ctx): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_match, key: string) => need(ctx, key));
}

/** Resolves `{{key}}` placeholders in every string of a JSON value. */
export function fillValue(value: unknown, ctx: Ctx): unknown {
  if (typeof value === 'string') return fillTemplate(value, ctx);
  if (Array.isArray(value)) return value.map((item) => fillValue(item, ctx));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = fillValue(item, ctx);
    return out;
  }
  return value;
}

/** Splits a check path into object keys and array indexes. */
export function parsePath(path: string): Array<string | number> {
  const segments: Array<string | number> = [];
  const token = /\["((?:[^"\\]|\\.)*)"\]|\[(\d+)\]|\.?([^.[\]]+)/g;
  let match: RegExpExecArray | null;
  while ((match = token.exec(path)) !== null) {
    if (match[1] !== undefined) segments.push(match[1].replace(/\\(.)/g, '$1'));
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else if (match[3] !== undefined) segments.push(match[3]);
  }
  return segments;
}

/** Reads a value from a parsed JSON body; undefined when any segment is missing. */
export function getPath(body: unknown, path: string): unknown {
  let current: unknown = body;
  for (const segment of parsePath(path)) {
    if (current === null || current === undefined) return undefined;
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[segment];
    } else {
      if (typeof current !== 'object' || Array.isArray(current)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return (
    ka.length === kb.length &&
    ka.every((key) => deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
  );
}

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value;
}

/** Evaluates one check against a parsed response body (placeholders in `value` resolved from ctx). */
export function checkPasses(check: SpecCheck, body: unknown, ctx: Ctx): boolean {
  const actual = getPath(body, check.path);
  if (check.type !== undefined && typeOf(actual) !== check.type) return false;
  const expected = fillValue(check.value, ctx);
  switch (check.op) {
    case 'exists':
      return actual !== undefined && actual !== null && actual !== '' && !(Array.isArray(actual) && actual.length === 0);
    case 'notExists':
      return actual === undefined || actual === null || (Array.isArray(actual) && actual.length === 0);
    case 'equals':
      return deepEqual(actual, expected);
    case 'contains':
      if (Array.isArray(actual)) return actual.some((item) => deepEqual(item, expected));
      return typeof actual === 'string' && typeof expected === 'string' && actual.includes(expected);
  }
}

/** Percent-encodes a query value the way RFC 3986 clients do (space -> %20, '"' -> %22, '@' -> %40). */
export function pct(value: string): string {
  return encodeURIComponent(value);
}

/** Form-encodes a query value (space -> '+'), as Entra ID was observed to send filters. */
function form(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, '+');
}

// ---------------------------------------------------------------------------
// Shared constants
// ---------------------------------------------------------------------------

export const SCHEMA = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  enterpriseUser: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  listResponse: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  patchOp: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
  /** Sent by Entra ID in group creates (Microsoft's own schema URN). */
  entraAdScimGroup: 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group',
} as const;

const ENT = SCHEMA.enterpriseUser;

/** User-Agent of the Runscope SPEC test (set explicitly on its GET steps). */
export const OKTA_SPEC_TEST_USER_AGENT = 'OKTA SCIM Integration';
/** User-Agent of Okta's provisioning engine, as shown on every request in Okta's SCIM references. */
export const OKTA_USER_AGENT = 'Okta SCIM Client 1.0.0';
/**
 * User-Agent of the Entra ID provisioning service. (unconfirmed) Microsoft does not document it;
 * this is the prefix third-party server code matches on. Servers should not depend on it.
 */
export const ENTRA_USER_AGENT = 'Microsoft Azure AD SCIM provisioning';

// ---------------------------------------------------------------------------
// Okta "SCIM 2.0 SPEC Test" (Runscope/BlazeMeter, 12 requests)
// ---------------------------------------------------------------------------

/** Headers the SPEC test puts on its GET steps (note: Content-Type is sent on bodiless GETs). */
const OKTA_SPEC_GET_HEADERS: Record<string, string> = {
  'Accept-Charset': 'utf-8',
  'Content-Type': 'application/scim+json; charset=utf-8',
  Accept: 'application/scim+json',
  Authorization: '{{auth}}',
  'User-Agent': OKTA_SPEC_TEST_USER_AGENT,
};

/** A step's path to one resource by a captured id: the template shown, and the URL built from the run's context. */
function byId(resource: 'Users' | 'Groups', key: string): Pick<SpecStep, 'path' | 'pathFrom'> {
  return { path: `/${resource}/{{${key}}}`, pathFrom: (ctx) => `/${resource}/${pct(need(ctx, key))}` };
}

/** What an RFC 7644 §3.12 error for an unknown id must carry. */
const NOT_FOUND_CHECKS: SpecCheck[] = [
  { path: 'schemas', op: 'contains', value: SCHEMA.error },
  { path: 'status', op: 'equals', value: '404' },
];

/** Headers of the two POST steps: plain application/json and no explicit User-Agent. */
const OKTA_SPEC_POST_HEADERS: Record<string, string> = {
  'Content-Type': 'application/json',
  Authorization: '{{auth}}',
  Accept: 'application/scim+json; charset=utf-8',
};

/**
 * Builds the variables the SPEC test's Initial Script generates. `randomUserName` plays the part
 * of Runscope's `randomUsername`; by default `randomEmail` equals it, as in Okta's own example
 * (`Runscope300Hfluaklab151@example.com` for both).
 */
export function oktaSpecContext(randomUserName: string, overrides: Ctx = {}): Ctx {
  const local = randomUserName.split('@')[0] ?? randomUserName;
  const letters = local.replace(/[^A-Za-z0-9]/g, '') || 'Runscope';
  return {
    InvalidUserEmail: 'abcdefgh@example.com',
    UserIdThatDoesNotExist: '010101001010101011001010101011',
    randomUserName,
    randomUserNameCaps: randomUserName.toUpperCase(),
    randomGivenName: letters,
    randomFamilyName: 'Runscope',
    randomEmail: randomUserName,
    ...overrides,
  };
}

/** A fresh random userName of the shape Okta's Initial Script produces (e.g. Runscope300Hfluaklab151@example.com). */
export function randomOktaSpecUserName(): string {
  const n = Math.floor(Math.random() * 1000);
  let tail = '';
  for (let i = 0; i < 9; i++) tail += String.fromCharCode(97 + Math.floor(Math.random() * 26));
  return `Runscope${n}${tail.charAt(0).toUpperCase()}${tail.slice(1)}${Math.floor(Math.random() * 1000)}@example.com`;
}

/**
 * Precondition: "Create at least one user in your SCIM server before running" (Okta guide).
 * Steps 1-2 assert Resources[0] has id, name.familyName, name.givenName, userName, a truthy
 * `active` and emails[0].value, so the first user in list order must look like this.
 */
export const oktaSpecSeedUser = {
  schemas: [SCHEMA.user],
  userName: 'existing.user@example.com',
  name: { givenName: 'Existing', familyName: 'User' },
  emails: [{ primary: true, value: 'existing.user@example.com', type: 'work' }],
  displayName: 'Existing User',
  active: true,
};

const specBody = (emailKey: 'randomEmail' | 'randomUserName') => (ctx: Ctx) => ({
  schemas: [SCHEMA.user],
  userName: need(ctx, 'randomUserName'),
  name: { givenName: need(ctx, 'randomGivenName'), familyName: need(ctx, 'randomFamilyName') },
  emails: [{ primary: true, value: need(ctx, emailKey), type: 'work' }],
  displayName: `${need(ctx, 'randomGivenName')} ${need(ctx, 'randomFamilyName')}`,
  active: true,
});

export const oktaSpecTest: SpecStep[] = [
  {
    name: 'Required Test: Test Users endpoint',
    method: 'GET',
    path: '/Users?count=1&startIndex=1',
    headers: { ...OKTA_SPEC_GET_HEADERS },
    expect: {
      status: 200,
      checks: [
        { path: 'Resources', op: 'exists' },
        { path: 'schemas', op: 'contains', value: SCHEMA.listResponse },
        { path: 'itemsPerPage', op: 'exists', type: 'number' },
        { path: 'startIndex', op: 'exists', type: 'number' },
        { path: 'totalResults', op: 'exists', type: 'number' },
        { path: 'Resources[0].id', op: 'exists' },
        { path: 'Resources[0].name.familyName', op: 'exists' },
        { path: 'Resources[0].name.givenName', op: 'exists' },
        { path: 'Resources[0].userName', op: 'exists' },
        { path: 'Resources[0].active', op: 'exists' },
        { path: 'Resources[0].emails[0].value', op: 'exists' },
      ],
    },
    capture: { ISVUserid: 'Resources[0].id' },
    note: 'Requires oktaSpecSeedUser (or any complete user) to exist first.',
  },
  {
    name: 'Required Test: Get Users/{{id}}',
    method: 'GET',
    ...byId('Users', 'ISVUserid'),
    headers: { ...OKTA_SPEC_GET_HEADERS },
    expect: {
      status: 200,
      checks: [
        { path: 'id', op: 'exists' },
        { path: 'name.familyName', op: 'exists' },
        { path: 'name.givenName', op: 'exists' },
        { path: 'userName', op: 'exists' },
        { path: 'active', op: 'exists' },
        { path: 'emails[0].value', op: 'exists' },
        { path: 'id', op: 'equals', value: '{{ISVUserid}}' },
      ],
    },
  },
  {
    name: 'Required Test: Test invalid User by username',
    method: 'GET',
    path: '/Users?filter=userName eq "{{InvalidUserEmail}}"',
    pathFrom: (ctx) => `/Users?filter=${pct(`userName eq "${need(ctx, 'InvalidUserEmail')}"`)}`,
    headers: { ...OKTA_SPEC_GET_HEADERS },
    expect: {
      status: 200,
      checks: [
        { path: 'schemas', op: 'contains', value: SCHEMA.listResponse },
        { path: 'totalResults', op: 'equals', value: 0 },
      ],
    },
  },
  {
    name: 'Required Test: Test invalid User by ID',
    method: 'GET',
    ...byId('Users', 'UserIdThatDoesNotExist'),
    headers: { ...OKTA_SPEC_GET_HEADERS },
    expect: {
      status: 404,
      checks: [
        { path: 'detail', op: 'exists' },
        { path: 'schemas', op: 'contains', value: SCHEMA.error },
      ],
    },
  },
  {
    name: "Required Test: Make sure random user doesn't exist",
    method: 'GET',
    path: '/Users?filter=userName eq "{{randomEmail}}"',
    pathFrom: (ctx) => `/Users?filter=${pct(`userName eq "${need(ctx, 'randomEmail')}"`)}`,
    headers: { ...OKTA_SPEC_GET_HEADERS },
    expect: {
      status: 200,
      checks: [
        { path: 'totalResults', op: 'equals', value: 0 },
        { path: 'schemas', op: 'contains', value: SCHEMA.listResponse },
      ],
    },
    note: 'The original filters on randomEmail, not randomUsername; oktaSpecContext makes them equal.',
  },
  {
    name: 'Required Test: Create Okta user with realistic values',
    method: 'POST',
    path: '/Users',
    headers: { ...OKTA_SPEC_POST_HEADERS },
    body: specBody('randomEmail'),
    expect: {
      status: 201,
      checks: [
        { path: 'active', op: 'equals', value: true },
        { path: 'id', op: 'exists' },
        { path: 'name.familyName', op: 'equals', value: '{{randomFamilyName}}' },
        { path: 'name.givenName', op: 'equals', value: '{{randomGivenName}}' },
        { path: 'schemas', op: 'contains', value: SCHEMA.user },
        { path: 'userName', op: 'equals', value: '{{randomUserName}}' },
      ],
    },
    capture: { idUserOne: 'id', randomUserEmail: 'emails[0].value' },
  },
  {
    name: 'Required Test: Verify that user was created',
    method: 'GET',
    ...byId('Users', 'idUserOne'),
    headers: { ...OKTA_SPEC_GET_HEADERS },
    expect: {
      status: 200,
      checks: [
        { path: 'userName', op: 'equals', value: '{{randomUserName}}' },
        { path: 'name.familyName', op: 'equals', value: '{{randomFamilyName}}' },
        { path: 'name.givenName', op: 'equals', value: '{{randomGivenName}}' },
      ],
    },
    note: 'The original pauses 10 s after this step (5 s after the others).',
  },
  {
    name: 'Required Test: Expect failure when recreating user with same values',
    method: 'POST',
    path: '/Users',
    headers: { ...OKTA_SPEC_POST_HEADERS },
    // Verbatim quirk: the duplicate body uses randomUsername (not randomEmail) as the email value.
    body: specBody('randomUserName'),
    expect: { status: 409 },
    note: 'Only the status is asserted; an RFC 7644 server also answers scimType "uniqueness".',
  },
  {
    name: 'Required Test: Username Case Sensitivity Check',
    method: 'GET',
    path: '/Users?filter=userName eq "{{randomUsernameCaps}}"',
    pathFrom: (ctx) => `/Users?filter=${pct(`userName eq "${need(ctx, 'randomUserName').toUpperCase()}"`)}`,
    headers: { ...OKTA_SPEC_GET_HEADERS },
    expect: { status: 200 },
    note: 'Only 200 is asserted. userName is caseExact:false (RFC 7643 4.1.1), so a compliant server also finds the user.',
  },
  {
    name: 'Optional Test: Verify Groups endpoint',
    method: 'GET',
    path: '/Groups',
    headers: { ...OKTA_SPEC_GET_HEADERS },
    expect: { status: 200, maxResponseMs: 600 },
    note: 'Post-response script only logs "No Groups found" when totalResults is 0 (its assert is truthy); it never fails on an empty list.',
  },
  {
    name: 'Required Test: Check status 401',
    method: 'GET',
    path: '/Users?filter=userName eq "{{randomUsernameCaps}}"',
    pathFrom: (ctx) => `/Users?filter=${pct(`userName eq "${need(ctx, 'randomUserName').toUpperCase()}"`)}`,
    headers: {
      Accept: 'application/scim+json',
      'Accept-Charset': 'utf-8',
      Authorization: 'non-token',
      'Content-Type': 'application/scim+json; charset=utf-8',
      'User-Agent': OKTA_SPEC_TEST_USER_AGENT,
    },
    expect: {
      status: 401,
      checks: [
        { path: 'detail', op: 'exists' },
        { path: 'status', op: 'equals', value: '401' },
        { path: 'schemas', op: 'contains', value: SCHEMA.error },
      ],
    },
    note: 'Authorization is the literal string "non-token" (no scheme).',
  },
  {
    name: 'Required Test: Check status 404',
    method: 'GET',
    path: '/Users/00919288221112222',
    headers: {
      Accept: 'application/scim+json',
      'Accept-Charset': 'utf-8',
      Authorization: '{{auth}}',
      'Content-Type': 'application/scim+json; charset=utf-8',
      'User-Agent': OKTA_SPEC_TEST_USER_AGENT,
    },
    expect: {
      status: 404,
      checks: [
        { path: 'detail', op: 'exists' },
        { path: 'status', op: 'equals', value: '404' },
        { path: 'schemas', op: 'contains', value: SCHEMA.error },
      ],
    },
  },
];

// ---------------------------------------------------------------------------
// Okta provisioning engine lifecycle (Okta SCIM 2.0 protocol reference)
// ---------------------------------------------------------------------------

/** Documented: User-Agent + Authorization. Accept is (unconfirmed). */
export const OKTA_GET_HEADERS: Record<string, string> = {
  'User-Agent': OKTA_USER_AGENT,
  Authorization: '{{auth}}',
  Accept: 'application/scim+json',
};

/** Okta "sends application/scim+json as the Content-Type" (Okta SCIM guide); charset (unconfirmed). */
export const OKTA_BODY_HEADERS: Record<string, string> = {
  ...OKTA_GET_HEADERS,
  'Content-Type': 'application/scim+json',
};

const OKTA_USER_NAME = 'test.user@okta.local';

/** Create body, verbatim from Okta's SCIM 2.0 reference (password is a placeholder Okta always sends). */
export const oktaCreateUserBody = {
  schemas: [SCHEMA.user],
  userName: OKTA_USER_NAME,
  name: { givenName: 'Test', familyName: 'User' },
  emails: [{ primary: true, value: OKTA_USER_NAME, type: 'work' }],
  displayName: 'Test User',
  locale: 'en-US',
  externalId: '00ujl29u0le5T6Aj10h7',
  groups: [],
  password: '1mz050nq',
  active: true,
};

const oktaActive = (active: boolean) => ({
  schemas: [SCHEMA.patchOp],
  Operations: [{ op: 'replace', value: { active } }],
});

export const oktaLifecycle: SpecStep[] = [
  {
    name: 'Connection test: list two users',
    method: 'GET',
    path: '/Users?startIndex=1&count=2',
    headers: { ...OKTA_GET_HEADERS },
    expect: {
      status: 200,
      checks: [
        { path: 'schemas', op: 'contains', value: SCHEMA.listResponse },
        { path: 'totalResults', op: 'exists', type: 'number' },
        { path: 'startIndex', op: 'equals', value: 1 },
        { path: 'itemsPerPage', op: 'exists', type: 'number' },
      ],
    },
    note: 'Documented for SCIM 1.1 ("query parameters ... always constant"); same for 2.0 (unconfirmed).',
  },
  {
    name: 'Connection test: list groups',
    method: 'GET',
    path: '/Groups?startIndex=1&count=100',
    headers: { ...OKTA_GET_HEADERS },
    expect: { status: 200, checks: [{ path: 'schemas', op: 'contains', value: SCHEMA.listResponse }] },
    note: 'Second request after saving the configuration (SCIM 1.1 reference); 2.0 (unconfirmed).',
  },
  {
    name: 'Import: first page of users',
    method: 'GET',
    path: '/Users?startIndex=1&count=100',
    headers: { ...OKTA_GET_HEADERS },
    expect: {
      status: 200,
      checks: [
        { path: 'totalResults', op: 'exists', type: 'number' },
        { path: 'startIndex', op: 'equals', value: 1 },
        { path: 'itemsPerPage', op: 'exists', type: 'number' },
      ],
    },
  },
  {
    name: 'Assign: look the user up by userName (not there yet)',
    method: 'GET',
    path: '/Users?filter=userName%20eq%20%22test.user%40okta.local%22&startIndex=1&count=100',
    headers: { ...OKTA_GET_HEADERS },
    expect: {
      status: 200,
      checks: [
        { path: 'schemas', op: 'contains', value: SCHEMA.listResponse },
        { path: 'totalResults', op: 'equals', value: 0 },
        { path: 'startIndex', op: 'equals', value: 1 },
      ],
    },
  },
  {
    name: 'Assign: create the user',
    method: 'POST',
    path: '/Users',
    headers: { ...OKTA_BODY_HEADERS },
    body: oktaCreateUserBody,
    expect: {
      status: 201,
      checks: [
        { path: 'id', op: 'exists', type: 'string' },
        { path: 'schemas', op: 'contains', value: SCHEMA.user },
        { path: 'userName', op: 'equals', value: OKTA_USER_NAME },
        { path: 'externalId', op: 'equals', value: '00ujl29u0le5T6Aj10h7' },
        { path: 'active', op: 'equals', value: true },
        { path: 'password', op: 'notExists' },
      ],
    },
    capture: { userId: 'id' },
    note: 'A 2xx with an empty body makes Okta fail with "Create new user returned empty user."',
  },
  {
    name: 'Assign again: duplicate create is refused',
    method: 'POST',
    path: '/Users',
    headers: { ...OKTA_BODY_HEADERS },
    body: oktaCreateUserBody,
    expect: {
      status: 409,
      checks: [
        { path: 'schemas', op: 'contains', value: SCHEMA.error },
        { path: 'status', op: 'equals', value: '409' },
        { path: 'scimType', op: 'equals', value: 'uniqueness' },
      ],
    },
    note: 'Okta documents 409 + Error schema to stop the job; scimType/string status per RFC 7644 3.12.',
  },
  {
    name: 'Look the user up again (now found)',
    method: 'GET',
    path: '/Users?filter=userName%20eq%20%22test.user%40okta.local%22&startIndex=1&count=100',
    headers: { ...OKTA_GET_HEADERS },
    expect: {
      status: 200,
      checks: [
        { path: 'totalResults', op: 'equals', value: 1 },
        { path: 'itemsPerPage', op: 'equals', value: 1 },
        { path: 'Resources[0].id', op: 'equals', value: '{{userId}}' },
      ],
    },
  },
  {
    name: 'Read the user (GET before PUT)',
    method: 'GET',
    ...byId('Users', 'userId'),
    headers: { ...OKTA_GET_HEADERS },
    expect: {
      status: 200,
      checks: [
        { path: 'id', op: 'equals', value: '{{userId}}' },
        { path: 'userName', op: 'equals', value: OKTA_USER_NAME },
      ],
    },
  },
  {
    name: 'Update profile: full PUT',
    method: 'PUT',
    ...byId('Users', 'userId'),
    headers: { ...OKTA_BODY_HEADERS },
    body: (ctx: Ctx) => ({
      schemas: [SCHEMA.user],
      id: need(ctx, 'userId'),
      userName: OKTA_USER_NAME,
      name: { givenName: 'Another', middleName: 'Excited', familyName: 'User' },
      emails: [{ primary: true, value: OKTA_USER_NAME, type: 'work', display: OKTA_USER_NAME }],
      active: true,
      groups: [],
      meta: { resourceType: 'User' },
    }),
    expect: {
      status: 200,
      checks: [
        { path: 'id', op: 'equals', value: '{{userId}}' },
        { path: 'name.givenName', op: 'equals', value: 'Another' },
        { path: 'name.middleName', op: 'equals', value: 'Excited' },
        { path: 'active', op: 'equals', value: true },
      ],
    },
    note: 'Okta echoes id, meta and groups back; the server must ignore read-only attributes, not reject them.',
  },
  {
    name: 'Deactivate: PATCH replace value {active:false}',
    method: 'PATCH',
    ...byId('Users', 'userId'),
    headers: { ...OKTA_BODY_HEADERS },
    body: oktaActive(false),
    expect: { status: 200, checks: [{ path: 'active', op: 'equals', value: false }] },
  },
  {
    name: 'Reactivate: PATCH replace value {active:true}',
    method: 'PATCH',
    ...byId('Users', 'userId'),
    headers: { ...OKTA_BODY_HEADERS },
    body: oktaActive(true),
    expect: { status: 200, checks: [{ path: 'active', op: 'equals', value: true }] },
    note: 'Body mirrors the documented deactivation (unconfirmed for activation).',
  },
  {
    name: 'Sync password: PATCH replace value {password}',
    method: 'PATCH',
    ...byId('Users', 'userId'),
    headers: { ...OKTA_BODY_HEADERS },
    body: {
      schemas: [SCHEMA.patchOp],
      Operations: [{ op: 'replace', value: { password: 'N3w-Passw0rd!' } }],
    },
    expect: {
      status: 200,
      checks: [
        { path: 'id', op: 'equals', value: '{{userId}}' },
        { path: 'password', op: 'notExists' },
      ],
    },
    note: 'Okta says password sync is a PATCH for OIN apps; the body shape is (unconfirmed).',
  },
  {
    name: 'Push group: create',
    method: 'POST',
    path: '/Groups',
    headers: { ...OKTA_BODY_HEADERS },
    body: { schemas: [SCHEMA.group], displayName: 'Test SCIMv2', members: [] },
    expect: {
      status: 201,
      checks: [
        { path: 'id', op: 'exists', type: 'string' },
        { path: 'schemas', op: 'contains', value: SCHEMA.group },
        { path: 'displayName', op: 'equals', value: 'Test SCIMv2' },
      ],
    },
    capture: { groupId: 'id' },
  },
  {
    name: 'Push group: look it up by displayName',
    method: 'GET',
    path: '/Groups?filter=displayName%20eq%20%22Test%20SCIMv2%22&startIndex=1&count=100',
    headers: { ...OKTA_GET_HEADERS },
    expect: {
      status: 200,
      checks: [
        { path: 'totalResults', op: 'equals', value: 1 },
        { path: 'Resources[0].id', op: 'equals', value: '{{groupId}}' },
      ],
    },
    note: 'Okta matching pushed groups by displayName: request shape (unconfirmed), modelled on the user lookup.',
  },
  {
    name: 'Push group: PATCH add member',
    method: 'PATCH',
    ...byId('Groups', 'groupId'),
    headers: { ...OKTA_BODY_HEADERS },
    body: (ctx: Ctx) => ({
      schemas: [SCHEMA.patchOp],
      Operations: [
        { op: 'add', path: 'members', value: [{ value: need(ctx, 'userId'), display: OKTA_USER_NAME }] },
      ],
    }),
    expect: { status: 200, checks: [{ path: 'id', op: 'equals', value: '{{groupId}}' }] },
    note: 'Okta also accepts 204; 200 + resource is what this server answers.',
  },
  {
    name: 'Read the group (membership present)',
    method: 'GET',
    ...byId('Groups', 'groupId'),
    headers: { ...OKTA_GET_HEADERS },
    expect: {
      status: 200,
      checks: [
        { path: 'displayName', op: 'equals', value: 'Test SCIMv2' },
        { path: 'members[0].value', op: 'equals', value: '{{userId}}' },
      ],
    },
  },
  {
    name: 'Push group: PATCH remove member by filter',
    method: 'PATCH',
    ...byId('Groups', 'groupId'),
    headers: { ...OKTA_BODY_HEADERS },
    body: (ctx: Ctx) => ({
      schemas: [SCHEMA.patchOp],
      Operations: [{ op: 'remove', path: `members[value eq "${need(ctx, 'userId')}"]` }],
    }),
    expect: { status: 200, checks: [{ path: 'members[0]', op: 'notExists' }] },
  },
  {
    name: 'Push group: PATCH rename (pathless replace carrying id)',
    method: 'PATCH',
    ...byId('Groups', 'groupId'),
    headers: { ...OKTA_BODY_HEADERS },
    body: (ctx: Ctx) => ({
      schemas: [SCHEMA.patchOp],
      Operations: [{ op: 'replace', value: { id: need(ctx, 'groupId'), displayName: 'Test SCIMv20' } }],
    }),
    expect: {
      status: 200,
      checks: [
        { path: 'id', op: 'equals', value: '{{groupId}}' },
        { path: 'displayName', op: 'equals', value: 'Test SCIMv20' },
      ],
    },
    note: 'Okta sends this rename on every membership push too; the id inside value equals the resource id.',
  },
  {
    name: 'Push group: PATCH replace all members',
    method: 'PATCH',
    ...byId('Groups', 'groupId'),
    headers: { ...OKTA_BODY_HEADERS },
    body: (ctx: Ctx) => ({
      schemas: [SCHEMA.patchOp],
      Operations: [
        { op: 'replace', path: 'members', value: [{ value: need(ctx, 'userId'), display: OKTA_USER_NAME }] },
      ],
    }),
    expect: { status: 200, checks: [{ path: 'members[0].value', op: 'equals', value: '{{userId}}' }] },
  },
  {
    name: 'Push group (AIW app): full PUT',
    method: 'PUT',
    ...byId('Groups', 'groupId'),
    headers: { ...OKTA_BODY_HEADERS },
    body: (ctx: Ctx) => ({
      schemas: [SCHEMA.group],
      displayName: 'Test SCIMv2',
      members: [{ value: need(ctx, 'userId'), display: OKTA_USER_NAME }],
    }),
    expect: {
      status: 200,
      checks: [
        { path: 'id', op: 'equals', value: '{{groupId}}' },
        { path: 'displayName', op: 'equals', value: 'Test SCIMv2' },
        { path: 'members[0].value', op: 'equals', value: '{{userId}}' },
      ],
    },
    note: 'The documented PUT body carries no id.',
  },
  {
    name: 'Unlink pushed group: DELETE',
    method: 'DELETE',
    ...byId('Groups', 'groupId'),
    headers: { ...OKTA_GET_HEADERS },
    expect: { status: 204 },
  },
  {
    name: '(verification) deleted group is gone',
    method: 'GET',
    ...byId('Groups', 'groupId'),
    headers: { ...OKTA_GET_HEADERS },
    expect: {
      status: 404,
      checks: NOT_FOUND_CHECKS,
    },
    note: 'Not an Okta request; checks the RFC 7644 3.12 error for an unknown id.',
  },
];

// ---------------------------------------------------------------------------
// Microsoft Entra ID provisioning lifecycle
// ---------------------------------------------------------------------------

/** Authorization is documented; User-Agent is (unconfirmed); Entra's Accept header is undocumented, so none is sent. */
const ENTRA_GET_HEADERS: Record<string, string> = {
  'User-Agent': ENTRA_USER_AGENT,
  Authorization: '{{auth}}',
};

/** Microsoft's examples show `Content-type: application/scim+json` on bodies. */
const ENTRA_BODY_HEADERS: Record<string, string> = {
  ...ENTRA_GET_HEADERS,
  'Content-Type': 'application/scim+json',
};

const ENTRA_USER_NAME = 'Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee';
const ENTRA_EXTERNAL_ID = '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef';
/** Stands in for the random GUID Test Connection uses as the matching value. */
const ENTRA_TEST_CONNECTION_GUID = '3f2b8c1e-6d4a-4e0b-9a7c-5b1d2e3f4a5b';

const entraUserFilter = (attribute: string, value: string) => `/Users?filter=${form(`${attribute} eq "${value}"`)}`;
const entraPatch = (operations: unknown[]) => ({ schemas: [SCHEMA.patchOp], Operations: operations });

export const entraLifecycle: SpecStep[] = [
  {
    name: 'Test Connection: query a user that does not exist (random GUID)',
    method: 'GET',
    path: `/Users?filter=userName eq "${ENTRA_TEST_CONNECTION_GUID}"`,
    pathFrom: () => entraUserFilter('userName', ENTRA_TEST_CONNECTION_GUID),
    headers: { ...ENTRA_GET_HEADERS },
    expect: {
      status: 200,
      checks: [
        { path: 'schemas', op: 'contains', value: SCHEMA.listResponse },
        { path: 'totalResults', op: 'equals', value: 0 },
      ],
    },
    note: 'Expected answer is 200 with an empty ListResponse; a 404 here can quarantine the job.',
  },
  {
    name: 'Match: query by userName (zero results)',
    method: 'GET',
    path: `/Users?filter=userName eq "${ENTRA_USER_NAME}"`,
    pathFrom: () => entraUserFilter('userName', ENTRA_USER_NAME),
    headers: { ...ENTRA_GET_HEADERS },
    expect: { status: 200, checks: [{ path: 'totalResults', op: 'equals', value: 0 }] },
  },
  {
    name: 'Match: query by externalId (zero results)',
    method: 'GET',
    path: `/Users?filter=externalId eq "${ENTRA_EXTERNAL_ID}"`,
    pathFrom: () => entraUserFilter('externalId', ENTRA_EXTERNAL_ID),
    headers: { ...ENTRA_GET_HEADERS },
    expect: { status: 200, checks: [{ path: 'totalResults', op: 'equals', value: 0 }] },
    note: 'Spaces arrive as "+" (observed Entra traffic: filter=externalId+eq+%22johnwong%22).',
  },
  {
    name: 'Provision the manager (Microsoft "Example 2" body, nulls included)',
    method: 'POST',
    path: '/Users',
    headers: { ...ENTRA_BODY_HEADERS },
    body: {
      schemas: [SCHEMA.user, ENT],
      externalId: 'jyoung',
      userName: 'jyoung@testuser.com',
      active: true,
      addresses: null,
      displayName: 'Joy Young',
      emails: [{ type: 'work', value: 'jyoung@Contoso.com', primary: true }],
      meta: { resourceType: 'User' },
      name: { familyName: 'Young', givenName: 'Joy' },
      phoneNumbers: null,
      preferredLanguage: null,
      title: null,
      department: null,
      manager: null,
    },
    expect: {
      status: 201,
      checks: [
        { path: 'id', op: 'exists', type: 'string' },
        { path: 'userName', op: 'equals', value: 'jyoung@testuser.com' },
      ],
    },
    capture: { managerId: 'id' },
    note: 'Microsoft\'s example misspells the enterprise URN ("...enterprise:2.0User"); corrected here. Null attributes must be accepted as "no value".',
  },
  {
    name: 'Provision the user (core + enterprise extension)',
    method: 'POST',
    path: '/Users',
    headers: { ...ENTRA_BODY_HEADERS },
    body: {
      schemas: [SCHEMA.user, ENT],
      externalId: ENTRA_EXTERNAL_ID,
      userName: ENTRA_USER_NAME,
      active: true,
      emails: [{ primary: true, type: 'work', value: 'Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com' }],
      meta: { resourceType: 'User' },
      name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
      roles: [],
      [ENT]: { employeeNumber: '701984', department: 'Engineering' },
    },
    expect: {
      status: 201,
      checks: [
        { path: 'id', op: 'exists', type: 'string' },
        { path: 'schemas', op: 'contains', value: SCHEMA.user },
        { path: 'externalId', op: 'equals', value: ENTRA_EXTERNAL_ID },
        { path: `["${ENT}"].employeeNumber`, op: 'equals', value: '701984' },
      ],
    },
    capture: { userId: 'id' },
    note: 'Verbatim "Create User" request plus an enterprise extension object (reconstruction). Manager is not sent on create; Entra links it with a later PATCH.',
  },
  {
    name: 'Provision again: duplicate userName is refused',
    method: 'POST',
    path: '/Users',
    headers: { ...ENTRA_BODY_HEADERS },
    body: {
      schemas: [SCHEMA.user, ENT],
      externalId: ENTRA_EXTERNAL_ID,
      userName: ENTRA_USER_NAME,
      active: true,
      emails: [{ primary: true, type: 'work', value: 'Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com' }],
      meta: { resourceType: 'User' },
      name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
      roles: [],
    },
    expect: {
      status: 409,
      checks: [
        { path: 'schemas', op: 'contains', value: SCHEMA.error },
        { path: 'status', op: 'equals', value: '409' },
        { path: 'scimType', op: 'equals', value: 'uniqueness' },
      ],
    },
    note: 'RFC 7644 3.3 uniqueness; Entra then re-queries and PATCHes (observed, MicrosoftDocs/azure-docs#11784).',
  },
  {
    name: 'Match: query by userName (found)',
    method: 'GET',
    path: `/Users?filter=userName eq "${ENTRA_USER_NAME}"`,
    pathFrom: () => entraUserFilter('userName', ENTRA_USER_NAME),
    headers: { ...ENTRA_GET_HEADERS },
    expect: {
      status: 200,
      checks: [
        { path: 'totalResults', op: 'equals', value: 1 },
        { path: 'Resources[0].id', op: 'equals', value: '{{userId}}' },
      ],
    },
  },
  {
    name: 'Match: query by externalId (found)',
    method: 'GET',
    path: `/Users?filter=externalId eq "${ENTRA_EXTERNAL_ID}"`,
    pathFrom: () => entraUserFilter('externalId', ENTRA_EXTERNAL_ID),
    headers: { ...ENTRA_GET_HEADERS },
    expect: {
      status: 200,
      checks: [
        { path: 'totalResults', op: 'equals', value: 1 },
        { path: 'Resources[0].id', op: 'equals', value: '{{userId}}' },
      ],
    },
  },
  {
    name: 'Get user by id',
    method: 'GET',
    ...byId('Users', 'userId'),
    headers: { ...ENTRA_GET_HEADERS },
    expect: { status: 200, checks: [{ path: 'id', op: 'equals', value: '{{userId}}' }] },
  },
  {
    name: 'Link manager: PATCH Add enterprise manager as a plain string',
    method: 'PATCH',
    ...byId('Users', 'userId'),
    headers: { ...ENTRA_BODY_HEADERS },
    body: (ctx: Ctx) =>
      entraPatch([{ op: 'Add', path: `${ENT}:manager`, value: need(ctx, 'managerId') }]),
    expect: {
      status: 200,
      checks: [{ path: `["${ENT}"].manager.value`, op: 'equals', value: '{{managerId}}' }],
    },
    note: 'RFC 7643 4.3 makes manager complex ({value,$ref}); Entra sends the bare id string. Store as {value}.',
  },
  {
    name: 'Update: PATCH Replace emails[type eq "work"].value and name.familyName (default mode)',
    method: 'PATCH',
    ...byId('Users', 'userId'),
    headers: { ...ENTRA_BODY_HEADERS },
    body: entraPatch([
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' },
      { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
    ]),
    expect: {
      status: 200,
      checks: [
        { path: 'emails[0].value', op: 'equals', value: 'updatedEmail@microsoft.com' },
        { path: 'emails[0].type', op: 'equals', value: 'work' },
        { path: 'name.familyName', op: 'equals', value: 'updatedFamilyName' },
      ],
    },
  },
  {
    name: 'Update: PATCH Add single-value string (default mode, capital "Add")',
    method: 'PATCH',
    ...byId('Users', 'userId'),
    headers: { ...ENTRA_BODY_HEADERS },
    body: entraPatch([{ op: 'Add', path: 'nickName', value: 'Babs' }]),
    expect: { status: 200, checks: [{ path: 'nickName', op: 'equals', value: 'Babs' }] },
  },
  {
    name: 'Update: PATCH no-path replace with dotted keys (aadOptscim062020 mode)',
    method: 'PATCH',
    ...byId('Users', 'userId'),
    headers: { ...ENTRA_BODY_HEADERS },
    body: entraPatch([
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'TestMhvaes@test.microsoft.com' },
      {
        op: 'replace',
        value: {
          displayName: 'Bjfe',
          'name.givenName': 'Kkom',
          'name.familyName': 'Unua',
          [`${ENT}:employeeNumber`]: 'Aklq',
        },
      },
    ]),
    expect: {
      status: 200,
      checks: [
        { path: 'emails[0].value', op: 'equals', value: 'TestMhvaes@test.microsoft.com' },
        { path: 'displayName', op: 'equals', value: 'Bjfe' },
        { path: 'name.givenName', op: 'equals', value: 'Kkom' },
        { path: 'name.familyName', op: 'equals', value: 'Unua' },
        { path: `["${ENT}"].employeeNumber`, op: 'equals', value: 'Aklq' },
        { path: '["name.givenName"]', op: 'notExists' },
      ],
    },
    note: 'Dotted keys inside a pathless value are attribute paths, not literal keys.',
  },
  {
    name: 'Disable: PATCH Replace active "False" (default mode, string boolean)',
    method: 'PATCH',
    ...byId('Users', 'userId'),
    headers: { ...ENTRA_BODY_HEADERS },
    body: entraPatch([{ op: 'Replace', path: 'active', value: 'False' }]),
    expect: { status: 200, checks: [{ path: 'active', op: 'equals', value: false }] },
  },
  {
    name: 'Soft-deleted user is still returned by id',
    method: 'GET',
    ...byId('Users', 'userId'),
    headers: { ...ENTRA_GET_HEADERS },
    expect: { status: 200, checks: [{ path: 'active', op: 'equals', value: false }] },
  },
  {
    name: 'Enable: PATCH Replace active "True" (default mode, string boolean)',
    method: 'PATCH',
    ...byId('Users', 'userId'),
    headers: { ...ENTRA_BODY_HEADERS },
    body: entraPatch([{ op: 'Replace', path: 'active', value: 'True' }]),
    expect: { status: 200, checks: [{ path: 'active', op: 'equals', value: true }] },
    note: 'Mirror of the documented "False" request (unconfirmed).',
  },
  {
    name: 'Disable: PATCH Replace active false (tutorial "Disable User" body)',
    method: 'PATCH',
    ...byId('Users', 'userId'),
    headers: { ...ENTRA_BODY_HEADERS },
    body: { Operations: [{ op: 'Replace', path: 'active', value: false }], schemas: [SCHEMA.patchOp] },
    expect: { status: 200, checks: [{ path: 'active', op: 'equals', value: false }] },
    note: 'Operations before schemas, as in the tutorial.',
  },
  {
    name: 'Provision group (empty members, Microsoft schema URN)',
    method: 'POST',
    path: '/Groups',
    headers: { ...ENTRA_BODY_HEADERS },
    body: {
      schemas: [SCHEMA.group, SCHEMA.entraAdScimGroup],
      externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
      displayName: 'displayName',
      meta: { resourceType: 'Group' },
    },
    expect: {
      status: 201,
      checks: [
        { path: 'id', op: 'exists', type: 'string' },
        { path: 'displayName', op: 'equals', value: 'displayName' },
        { path: 'externalId', op: 'equals', value: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159' },
      ],
    },
    capture: { groupId: 'id' },
  },
  {
    name: 'Match group: query by displayName with excludedAttributes=members',
    method: 'GET',
    path: '/Groups?excludedAttributes=members&filter=displayName eq "displayName"',
    pathFrom: () => `/Groups?excludedAttributes=members&filter=${form('displayName eq "displayName"')}`,
    headers: { ...ENTRA_GET_HEADERS },
    expect: {
      status: 200,
      checks: [
        { path: 'totalResults', op: 'equals', value: 1 },
        { path: 'Resources[0].id', op: 'equals', value: '{{groupId}}' },
        { path: 'Resources[0].members', op: 'notExists' },
      ],
    },
  },
  {
    name: 'Get group by id with excludedAttributes=members',
    method: 'GET',
    path: '/Groups/{{groupId}}?excludedAttributes=members',
    pathFrom: (ctx) => `/Groups/${pct(need(ctx, 'groupId'))}?excludedAttributes=members`,
    headers: { ...ENTRA_GET_HEADERS },
    expect: {
      status: 200,
      checks: [
        { path: 'id', op: 'equals', value: '{{groupId}}' },
        { path: 'members', op: 'notExists' },
      ],
    },
  },
  {
    name: 'Group membership: PATCH Add members ($ref null, two users in one request)',
    method: 'PATCH',
    ...byId('Groups', 'groupId'),
    headers: { ...ENTRA_BODY_HEADERS },
    body: (ctx: Ctx) =>
      entraPatch([
        {
          op: 'Add',
          path: 'members',
          value: [
            { $ref: null, value: need(ctx, 'userId') },
            { $ref: null, value: need(ctx, 'managerId') },
          ],
        },
      ]),
    expect: { status: 200 },
    note: 'Microsoft suggests 204 for group PATCH; RFC 7644 3.5.2 allows 200 + resource, which this server answers.',
  },
  {
    name: 'Read group: both members present',
    method: 'GET',
    ...byId('Groups', 'groupId'),
    headers: { ...ENTRA_GET_HEADERS },
    expect: {
      status: 200,
      checks: [
        { path: 'members[0].value', op: 'exists' },
        { path: 'members[1].value', op: 'exists' },
        { path: 'members[2]', op: 'notExists' },
      ],
    },
  },
  {
    name: 'Group membership: PATCH Remove members with a value array (default mode)',
    method: 'PATCH',
    ...byId('Groups', 'groupId'),
    headers: { ...ENTRA_BODY_HEADERS },
    body: (ctx: Ctx) =>
      entraPatch([{ op: 'Remove', path: 'members', value: [{ $ref: null, value: need(ctx, 'userId') }] }]),
    expect: { status: 200 },
    note: 'Only the listed member is removed, not the whole members attribute.',
  },
  {
    name: 'Read group: only the manager is left',
    method: 'GET',
    ...byId('Groups', 'groupId'),
    headers: { ...ENTRA_GET_HEADERS },
    expect: {
      status: 200,
      checks: [
        { path: 'members[0].value', op: 'equals', value: '{{managerId}}' },
        { path: 'members[1]', op: 'notExists' },
      ],
    },
  },
  {
    name: 'Group membership: PATCH remove members[value eq "..."] (aadOptscim062020 mode)',
    method: 'PATCH',
    ...byId('Groups', 'groupId'),
    headers: { ...ENTRA_BODY_HEADERS },
    body: (ctx: Ctx) => entraPatch([{ op: 'remove', path: `members[value eq "${need(ctx, 'managerId')}"]` }]),
    expect: { status: 200 },
  },
  {
    name: 'Read group: no members left',
    method: 'GET',
    ...byId('Groups', 'groupId'),
    headers: { ...ENTRA_GET_HEADERS },
    expect: { status: 200, checks: [{ path: 'members[0]', op: 'notExists' }] },
  },
  {
    name: 'Update group: PATCH Replace displayName',
    method: 'PATCH',
    ...byId('Groups', 'groupId'),
    headers: { ...ENTRA_BODY_HEADERS },
    body: entraPatch([
      { op: 'Replace', path: 'displayName', value: '1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName' },
    ]),
    expect: {
      status: 200,
      checks: [
        { path: 'displayName', op: 'equals', value: '1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName' },
      ],
    },
  },
  {
    name: 'Deprovision: DELETE user',
    method: 'DELETE',
    ...byId('Users', 'userId'),
    headers: { ...ENTRA_GET_HEADERS },
    expect: { status: 204 },
  },
  {
    name: 'Get deleted user: 404',
    method: 'GET',
    ...byId('Users', 'userId'),
    headers: { ...ENTRA_GET_HEADERS },
    expect: {
      status: 404,
      checks: NOT_FOUND_CHECKS,
    },
    note: '"The detail isn\'t required, only status" (Microsoft tutorial).',
  },
  {
    name: 'Delete group',
    method: 'DELETE',
    ...byId('Groups', 'groupId'),
    headers: { ...ENTRA_GET_HEADERS },
    expect: { status: 204 },
  },
];
