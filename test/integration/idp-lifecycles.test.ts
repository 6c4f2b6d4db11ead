/**
 * The provisioning lifecycles Okta and Entra ID run, replayed with their real request shapes and
 * headers (test/fixtures/idp-requests.ts): each step must get the status and body the IdP expects.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entraLifecycle, oktaLifecycle, type SpecStep } from '../fixtures/idp-requests.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { runSteps, type StepOutcome } from '../helpers/spec-runner.js';

function lifecycle(name: string, steps: SpecStep[], authOf: (t: TestSandbox) => string) {
  describe(name, () => {
    let t: TestSandbox;
    let outcomes: StepOutcome[];
    beforeAll(async () => {
      t = await startSandbox({ seed: 'empty' });
      outcomes = await runSteps(t.addresses.scimUrl, steps, { auth: authOf(t) });
    });
    afterAll(() => t.close());

    it.each(steps.map((s, i) => [i + 1, s.name] as const))('step %i: %s', (n) => {
      expect(outcomes[n - 1]!.failures).toEqual([]);
    });
  });
}

lifecycle('Okta lifecycle: connection test, import, lookup, create, update, deactivate, reactivate, password, group push', oktaLifecycle, (t) => `Bearer ${t.token}`);
lifecycle('Entra ID lifecycle: match, create, capitalised and string-typed PATCH, manager, groups, delete', entraLifecycle, (t) => `Bearer ${t.token}`);
