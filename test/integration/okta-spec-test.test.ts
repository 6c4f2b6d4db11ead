/**
 * Okta's published "SCIM 2.0 Spec Test" (12 requests, as Okta's runner sends them) against the real
 * `scimscope serve` process with default settings and the demo seed: every step must pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oktaSpecContext, oktaSpecTest, randomOktaSpecUserName } from '../fixtures/idp-requests.js';
import { startCli, type CliProcess } from '../helpers/cli-process.js';
import { runSteps, type StepOutcome } from '../helpers/spec-runner.js';
import { tempDir } from '../helpers/temp-dir.js';

describe("Okta's SCIM 2.0 Spec Test against scimscope serve", () => {
  let cli: CliProcess;
  let removeDir: () => Promise<void>;
  let outcomes: StepOutcome[];

  beforeAll(async () => {
    const temp = await tempDir();
    removeDir = temp.remove;
    cli = await startCli(['--data', temp.dir]);
    const ctx = oktaSpecContext(randomOktaSpecUserName(), { auth: `Bearer ${cli.info.token}` });
    outcomes = await runSteps(cli.info.scimUrl, oktaSpecTest, ctx);
  });

  afterAll(async () => {
    cli.child.kill('SIGTERM');
    await cli.exited;
    await removeDir();
  });

  it('runs all 12 requests', () => {
    expect(oktaSpecTest).toHaveLength(12);
    expect(outcomes).toHaveLength(12);
  });

  it.each(oktaSpecTest.map((s, i) => [i + 1, s.name] as const))('step %i passes: %s', (n) => {
    expect(outcomes[n - 1]!.failures).toEqual([]);
  });
});
