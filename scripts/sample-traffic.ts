/**
 * Realistic traffic for previews, screenshots and demos: the Okta and Entra lifecycles from the test
 * fixtures, a failed auth, and a couple of faulted, retried requests.
 */
import { entraLifecycle, oktaLifecycle } from '../test/fixtures/idp-requests.js';
import { nextExchanges } from '../test/helpers/recording.js';
import type { TestSandbox } from '../test/helpers/sandbox.js';
import { runSteps } from '../test/helpers/spec-runner.js';
import { request } from '../test/helpers/http.js';

export async function seedSampleTraffic(t: TestSandbox): Promise<void> {
  const total = oktaLifecycle.length + entraLifecycle.length + 4;
  const recorded = nextExchanges(t.sandbox, total, 30_000);
  await runSteps(t.addresses.scimUrl, oktaLifecycle, { auth: `Bearer ${t.token}` });
  await request(`${t.addresses.scimUrl}/Users?count=1`, { headers: { Authorization: 'Bearer not-the-token', 'User-Agent': 'Okta SCIM Client 1.0.0' } });
  const rule = (await t.admin('POST', '/api/faults/presets/okta-rate-limit')).body as { id: string };
  await t.admin('PATCH', `/api/faults/${rule.id}`, { body: { when: { times: 2 }, match: { operations: ['user.lookup'] } } });
  const lookup = `${t.addresses.scimUrl}/Users?filter=${encodeURIComponent('userName eq "mei.chen@example.com"')}&startIndex=1&count=100`;
  for (let i = 0; i < 3; i++) await request(lookup, { headers: { Authorization: `Bearer ${t.token}`, 'User-Agent': 'Okta SCIM Client 1.0.0', Accept: 'application/scim+json' } });
  await runSteps(t.addresses.scimUrl, entraLifecycle, { auth: `Bearer ${t.token}` });
  await recorded;
}
