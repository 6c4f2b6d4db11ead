/**
 * The Okta profile: the 12 requests of Okta's "SCIM 2.0 SPEC Test" (the Runscope test Okta asks
 * OIN submitters to pass), sent exactly as recorded in server/idp/request-shapes.ts, then the SCIM
 * side of Okta's "SCIM 2.0 CRUD Test": the requests Okta's provisioning engine sends for the CRUD
 * test's Okta-side actions (assign, profile update, deactivate, reactivate), each followed by the
 * CRUD test's own verification of the SCIM app.
 * Sources: Okta-SCIM-20-SPEC-Test.json and Okta-SCIM-20-CRUD-Test.json
 * (https://developer.okta.com/standards/SCIM/SCIMFiles/), docs/research/idp-request-shapes.md [O1][O9].
 */
import { OKTA_GET_HEADERS, oktaLifecycle, oktaSpecContext, oktaSpecTest, pct, need, randomOktaSpecUserName, type SpecStep } from '../../idp/request-shapes.js';
import type { ProfileDefinition } from '../check-run.js';
import { sequenceChecks } from '../spec-sequence.js';

const SPEC_URL = 'https://developer.okta.com/standards/SCIM/SCIMFiles/Okta-SCIM-20-SPEC-Test.json';
const CRUD_URL = 'https://developer.okta.com/standards/SCIM/SCIMFiles/Okta-SCIM-20-CRUD-Test.json';
const GUIDE_URL = 'https://developer.okta.com/docs/guides/scim-provisioning-integration-test/main/';

function pick(name: string): SpecStep {
  const step = oktaLifecycle.find((s) => s.name === name);
  if (!step) throw new Error(`okta-checks: no recorded Okta step "${name}"`);
  return step;
}

/** The CRUD test's "Verify ... in SCIM App" request: GET the user with the SCIM app's credentials. */
function verify(name: string, checks: NonNullable<SpecStep['expect']['checks']>): SpecStep {
  return {
    name,
    method: 'GET',
    path: '/Users/{{userId}}',
    pathFrom: (ctx) => `/Users/${pct(need(ctx, 'userId'))}`,
    headers: { Authorization: '{{auth}}', Accept: 'application/scim+json' },
    expect: { status: 200, checks },
  };
}

/** Okta engine requests for the CRUD test's actions, each followed by the CRUD test's verification. */
const CRUD_STEPS: Array<{ step: SpecStep; crudStep: string }> = [
  { step: pick('Assign: look the user up by userName (not there yet)'), crudStep: 'Assign user to SCIM App (Okta looks the user up first)' },
  { step: pick('Assign: create the user'), crudStep: 'Assign user to SCIM App (Okta creates the user)' },
  {
    step: {
      ...pick('Look the user up again (now found)'),
      name: 'Verify if user is created in SCIM App',
      headers: { ...OKTA_GET_HEADERS },
      expect: {
        status: 200,
        checks: [
          { path: 'Resources[0].userName', op: 'equals', value: 'test.user@okta.local' },
          { path: 'Resources[0].emails[0].value', op: 'equals', value: 'test.user@okta.local' },
          { path: 'Resources[0].name.familyName', op: 'equals', value: 'User' },
          { path: 'Resources[0].name.givenName', op: 'equals', value: 'Test' },
        ],
      },
    },
    crudStep: 'Verify if user is created in SCIM App',
  },
  { step: pick('Read the user (GET before PUT)'), crudStep: 'Update user firstname (Okta reads the user first)' },
  { step: pick('Update profile: full PUT'), crudStep: 'Update user firstname (Okta PUTs the user)' },
  { step: verify('Verify firstname update in SCIM App', [{ path: 'name.givenName', op: 'equals', value: 'Another' }]), crudStep: 'Verify firstname update in SCIM App' },
  { step: pick('Deactivate: PATCH replace value {active:false}'), crudStep: 'Deactivate user in Okta (Okta PATCHes active false)' },
  { step: verify('Verify if user is deactivated in SCIM App', [{ path: 'active', op: 'equals', value: false }]), crudStep: 'Verify if user is deactivated in SCIM App' },
  { step: pick('Reactivate: PATCH replace value {active:true}'), crudStep: 'Reactivate user in okta (Okta PATCHes active true)' },
  { step: verify('Verify if user is reactivated in SCIM App', [{ path: 'active', op: 'equals', value: true }]), crudStep: 'Verify if user is reactivated in SCIM App' },
];

export const oktaProfile: ProfileDefinition = {
  id: 'okta',
  title: 'Okta (SCIM 2.0 SPEC Test and the SCIM side of the CRUD Test)',
  checks: [
    ...sequenceChecks({
      key: 'okta-spec',
      idPrefix: 'okta.spec',
      steps: oktaSpecTest,
      emulate: 'okta',
      initialContext: () => oktaSpecContext(randomOktaSpecUserName()),
      level: (step) => (step.name.startsWith('Optional') ? 'should' : 'must'),
      source: (step, index) => ({ document: 'Okta SCIM 2.0 SPEC Test (Runscope)', section: `request ${index + 1} of 12: ${step.name}`, url: SPEC_URL }),
    }),
    ...sequenceChecks({
      key: 'okta-crud',
      idPrefix: 'okta.crud',
      steps: CRUD_STEPS.map((s) => s.step),
      emulate: 'okta',
      initialContext: () => ({}),
      level: () => 'must',
      source: (step) => ({ document: 'Okta SCIM 2.0 CRUD Test (Runscope), SCIM side', section: CRUD_STEPS.find((s) => s.step === step)?.crudStep, url: CRUD_URL }),
      describe: (step) => (step.name.startsWith('Verify') ? undefined : `what Okta's provisioning engine sends (${GUIDE_URL})`),
    }),
  ],
};
