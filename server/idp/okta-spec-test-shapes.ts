/**
 * Okta's "SCIM 2.0 SPEC Test" (the Runscope/BlazeMeter suite Okta asks integrators to pass, 12
 * requests), as request shapes: literal, with each value's citation in
 * docs/research/idp-request-shapes.md. Anything marked "(unconfirmed)" is a reconstruction.
 */
import { OKTA_SPEC_TEST_USER_AGENT, SCHEMA } from './request-shape-constants.js';
import { need, pct, type Ctx, type SpecStep } from './spec-steps.js';
import { byIdStep, pathStep, type ClientHeaders, type StepRest } from './step-builders.js';

/** Headers the SPEC test puts on its GET steps (note: Content-Type is sent on bodiless GETs). */
const OKTA_SPEC_GET_HEADERS: Record<string, string> = {
  'Accept-Charset': 'utf-8',
  'Content-Type': 'application/scim+json; charset=utf-8',
  Accept: 'application/scim+json',
  Authorization: '{{auth}}',
  'User-Agent': OKTA_SPEC_TEST_USER_AGENT,
};


/** Headers of the two POST steps: plain application/json and no explicit User-Agent. */
const OKTA_SPEC_POST_HEADERS: Record<string, string> = {
  'Content-Type': 'application/json',
  Authorization: '{{auth}}',
  Accept: 'application/scim+json; charset=utf-8',
};

const OKTA_SPEC_HEADERS: ClientHeaders = { get: OKTA_SPEC_GET_HEADERS, body: OKTA_SPEC_POST_HEADERS };

/** Headers of the two error steps (401, 404): the GET headers in another order, with `authorization` (a wrong one for the 401). */
const specErrorHeaders = (authorization: string): Record<string, string> => ({
  Accept: 'application/scim+json',
  'Accept-Charset': 'utf-8',
  Authorization: authorization,
  'Content-Type': 'application/scim+json; charset=utf-8',
  'User-Agent': OKTA_SPEC_TEST_USER_AGENT,
});

/** A SPEC test step to a user by the id in `key`. */
const specById = (name: string, key: string, rest: StepRest) => byIdStep(OKTA_SPEC_HEADERS, name, 'GET', 'Users', rest, key);

/** A SPEC test step to a fixed path. */
const specAt = (name: string, method: string, path: string, rest: StepRest) => pathStep(OKTA_SPEC_HEADERS, name, method, path, rest);

/** A userName lookup: the suite's template (`placeholder`, a variable of its own), and the percent-encoded filter built from the run's context. */
const byUserName = (placeholder: string, value: (ctx: Ctx) => string): Pick<SpecStep, 'path' | 'pathFrom'> => ({
  path: `/Users?filter=userName eq "{{${placeholder}}}"`,
  pathFrom: (ctx) => `/Users?filter=${pct(`userName eq "${value(ctx)}"`)}`,
});

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
  specAt('Required Test: Test Users endpoint', 'GET', '/Users?count=1&startIndex=1', {
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
  }),
  specById('Required Test: Get Users/{{id}}', 'ISVUserid', {
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
  }),
  {
    name: 'Required Test: Test invalid User by username',
    method: 'GET',
    ...byUserName('InvalidUserEmail', (ctx) => need(ctx, 'InvalidUserEmail')),
    headers: { ...OKTA_SPEC_GET_HEADERS },
    expect: {
      status: 200,
      checks: [
        { path: 'schemas', op: 'contains', value: SCHEMA.listResponse },
        { path: 'totalResults', op: 'equals', value: 0 },
      ],
    },
  },
  specById('Required Test: Test invalid User by ID', 'UserIdThatDoesNotExist', {
    expect: {
      status: 404,
      checks: [
        { path: 'detail', op: 'exists' },
        { path: 'schemas', op: 'contains', value: SCHEMA.error },
      ],
    },
  }),
  {
    name: "Required Test: Make sure random user doesn't exist",
    method: 'GET',
    ...byUserName('randomEmail', (ctx) => need(ctx, 'randomEmail')),
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
  specAt('Required Test: Create Okta user with realistic values', 'POST', '/Users', {
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
  }),
  specById('Required Test: Verify that user was created', 'idUserOne', {
    expect: {
      status: 200,
      checks: [
        { path: 'userName', op: 'equals', value: '{{randomUserName}}' },
        { path: 'name.familyName', op: 'equals', value: '{{randomFamilyName}}' },
        { path: 'name.givenName', op: 'equals', value: '{{randomGivenName}}' },
      ],
    },
    note: 'The original pauses 10 s after this step (5 s after the others).',
  }),
  specAt('Required Test: Expect failure when recreating user with same values', 'POST', '/Users', {
    // Verbatim quirk: the duplicate body uses randomUsername (not randomEmail) as the email value.
    body: specBody('randomUserName'),
    expect: { status: 409 },
    note: 'Only the status is asserted; an RFC 7644 server also answers scimType "uniqueness".',
  }),
  {
    name: 'Required Test: Username Case Sensitivity Check',
    method: 'GET',
    ...byUserName('randomUsernameCaps', (ctx) => need(ctx, 'randomUserName').toUpperCase()),
    headers: { ...OKTA_SPEC_GET_HEADERS },
    expect: { status: 200 },
    note: 'Only 200 is asserted. userName is caseExact:false (RFC 7643 4.1.1), so a compliant server also finds the user.',
  },
  specAt('Optional Test: Verify Groups endpoint', 'GET', '/Groups', {
    expect: { status: 200, maxResponseMs: 600 },
    note: 'Post-response script only logs "No Groups found" when totalResults is 0 (its assert is truthy); it never fails on an empty list.',
  }),
  {
    name: 'Required Test: Check status 401',
    method: 'GET',
    ...byUserName('randomUsernameCaps', (ctx) => need(ctx, 'randomUserName').toUpperCase()),
    headers: specErrorHeaders('non-token'),
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
    headers: specErrorHeaders('{{auth}}'),
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
