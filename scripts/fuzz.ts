/**
 * `npm run fuzz [-- --seed N --cases N]`: thousands of malformed and odd SCIM requests against a real
 * sandbox (scripts/fuzz/), printing the figures and every broken promise; exits 1 when any is found.
 */
import { runFuzz } from './fuzz/fuzz-run.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

const seed = arg('seed', Date.now() % 1_000_000);
const cases = arg('cases', 5000);
const report = await runFuzz({ seed, cases });
console.log(`seed ${report.seed}: ${report.requests} requests, ${report.serverErrors} 5xx (501 excluded), ${report.unanswered} unanswered, ${report.recorded} recorded`);
console.log(`statuses: ${JSON.stringify(report.byStatus)}`);
for (const line of report.failures) console.log(`  FAIL ${line}`);
process.exitCode = report.failures.length > 0 ? 1 : 0;
