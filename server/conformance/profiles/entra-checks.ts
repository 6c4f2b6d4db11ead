/**
 * The Entra profile: what Microsoft's SCIM documentation requires of an app Entra ID provisions.
 * Most of it is Entra's provisioning lifecycle as recorded in server/idp/request-shapes.ts (Test
 * Connection's empty 200 list for an unknown user, matching by userName and externalId, the PATCH
 * forms with and without the aadOptscim062020 flag, soft delete, groups with
 * excludedAttributes=members, hard delete), sent as Entra sends it; plus the
 * emails[type eq "work"].value filter and the response media type.
 * Sources: [E1] https://learn.microsoft.com/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups
 *          [E2] https://learn.microsoft.com/entra/identity/app-provisioning/application-provisioning-config-problem-scim-compatibility
 */
import { entraLifecycle } from '../../idp/request-shapes.js';
import { describeResponse, filterQuery, SCHEMAS, type Check, type ProfileDefinition } from '../check-run.js';
import { sequenceChecks } from '../spec-sequence.js';

const E1 = 'https://learn.microsoft.com/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups';
const E2 = 'https://learn.microsoft.com/entra/identity/app-provisioning/application-provisioning-config-problem-scim-compatibility';
const TUTORIAL = 'Microsoft Entra: Tutorial: Develop and plan provisioning for a SCIM endpoint';

const emailsWorkFilter: Check = {
  id: 'entra.filter.emails-work',
  title: 'Filter on emails[type eq "work"].value',
  level: 'must',
  source: { document: TUTORIAL, section: 'Requirements: querying users (Entra may match on emails[type eq "work"].value)', url: E1 },
  expected: 'GET /Users?filter=emails[type eq "work"].value eq "<email>" answers 200 with the one user whose work email it is',
  async run(t) {
    const user = await t.fixtures.user();
    const res = await t.send('GET', `/Users?${filterQuery(`emails[type eq "work"].value eq "${user.userName}"`)}`);
    t.expectStatus(res, 200, 'The emails[type eq "work"].value filter');
    const ids = Array.isArray(res.body?.Resources) ? res.body.Resources.map((r: { id?: unknown }) => r.id) : [];
    t.expect(res.body?.totalResults === 1 && ids.includes(user.id), () => describeResponse(res), `Expected the test user (id ${user.id}) as the only result.`);
  },
};

const mediaType: Check = {
  id: 'entra.response.media-type',
  title: 'Responses are application/scim+json',
  level: 'should',
  source: { document: TUTORIAL, section: 'Requirements: the Content-Type of responses', url: E1 },
  expected: 'Content-Type: application/scim+json on a SCIM response',
  async run(t) {
    const res = await t.send('GET', '/Users?startIndex=1&count=1');
    const type = res.headers['content-type'] ?? '';
    t.expect(type.toLowerCase().startsWith('application/scim+json'), `Content-Type: ${type || '(none)'}`, `Expected application/scim+json, got ${type || 'no Content-Type'}.`);
  },
};

const errorShape: Check = {
  id: 'entra.error.status-string',
  title: 'Errors carry the Error schema and a string status',
  level: 'must',
  source: { document: TUTORIAL, section: 'Get User: not found ("the detail isn\'t required, only status")', url: E1 },
  expected: `404 with schemas ["${SCHEMAS.error}"] and "status": "404"`,
  async run(t) {
    const res = await t.send('GET', '/Users/00000000-0000-4000-8000-000000000000');
    t.expectStatus(res, 404, 'Reading a user that does not exist');
    t.expect(Array.isArray(res.body?.schemas) && res.body.schemas.includes(SCHEMAS.error) && res.body.status === '404', () => describeResponse(res), 'Expected a SCIM Error body with "status": "404" (a string).');
  },
};

export const entraProfile: ProfileDefinition = {
  id: 'entra',
  title: "Microsoft Entra ID (Microsoft's SCIM documentation)",
  checks: [
    ...sequenceChecks({
      key: 'entra-lifecycle',
      idPrefix: 'entra.lifecycle',
      steps: entraLifecycle,
      emulate: 'entra',
      initialContext: () => ({}),
      patchMayAnswer204: true,
      level: () => 'must',
      source: (step) =>
        step.name.includes('aadOptscim062020')
          ? { document: 'Microsoft Entra: Known issues with SCIM 2.0 protocol compliance (aadOptscim062020 flag)', section: step.name, url: E2 }
          : step.name.includes('"False"') || step.name.includes('"True"') || step.name.includes('value array')
            ? { document: 'Microsoft Entra: Known issues with SCIM 2.0 protocol compliance (default behaviour)', section: step.name, url: E2 }
            : { document: TUTORIAL, section: step.name, url: E1 },
    }),
    emailsWorkFilter,
    errorShape,
    mediaType,
  ],
};
