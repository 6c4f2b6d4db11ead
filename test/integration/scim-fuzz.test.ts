/**
 * A seeded fuzz run in CI: a few hundred malformed and odd SCIM requests over real HTTP to a real
 * sandbox (scripts/fuzz/). Whatever arrives: no 5xx but 501, a SCIM error body on every 4xx, every
 * request recorded, and the directory (memory, lists, and a restart from disk) unchanged except by the
 * writes that answered 2xx. `npm run fuzz` runs thousands with a fresh seed; a failing seed replays here.
 */
import { describe, expect, it } from 'vitest';
import { runFuzz } from '../../scripts/fuzz/fuzz-run.js';

describe('fuzzing the SCIM port', () => {
  it.each([20261204])('seed %i: 300 odd requests break none of the promises', async (seed) => {
    const report = await runFuzz({ seed, cases: 300 });
    expect(report.failures).toEqual([]);
    expect(report.serverErrors).toBe(0);
    expect(report.unanswered).toBe(0);
    expect(report.recorded).toBe(report.requests);
  }, 120_000);
});
