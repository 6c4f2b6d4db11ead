/**
 * The sandbox's own quirk switches (the mistakes real SCIM servers make, settable in Settings) as a
 * second broken target: with each quirk on, the conformance checks that name the mistake fail;
 * with it off again, they pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuirkSettings } from '../../server/contract/settings.js';
import type { ProfileId } from '../../server/conformance/report-model.js';
import { runConformance } from '../../server/conformance/runner.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb?.close();
});

const ROWS: Array<{ quirk: keyof QuirkSettings; profiles: ProfileId[]; fails: string[] }> = [
  { quirk: 'conflictWithoutScimType', profiles: ['rfc'], fails: ['rfc.create.uniqueness'] },
  { quirk: 'stringTotalResults', profiles: ['rfc', 'okta'], fails: ['rfc.list.shape', 'okta.spec.01'] },
  { quirk: 'plainJsonContentType', profiles: ['rfc', 'entra'], fails: ['rfc.media-type', 'entra.response.media-type'] },
  { quirk: 'duplicateAs400', profiles: ['rfc', 'okta'], fails: ['rfc.create.uniqueness', 'okta.spec.08'] },
];

describe('conformance runner against the sandbox with a quirk on', { timeout: 90_000 }, () => {
  it.each(ROWS)('$quirk: the checks that name it fail, and pass again without it', async ({ quirk, profiles, fails }) => {
    const run = () => runConformance({ target: sb.addresses.scimUrl, token: sb.token, auth: 'bearer', profiles });
    const outcome = (report: Awaited<ReturnType<typeof run>>, id: string) => report.results.find((r) => r.id === id)?.outcome;
    expect((await sb.admin('PUT', '/api/settings', { body: { quirks: { [quirk]: true } } })).status).toBe(200);
    try {
      const broken = await run();
      for (const id of fails) expect(outcome(broken, id), id).toBe('fail');
    } finally {
      await sb.admin('PUT', '/api/settings', { body: { quirks: { [quirk]: false } } });
    }
    const fixed = await run();
    for (const id of fails) expect(outcome(fixed, id), id).toBe('pass');
  });
});
