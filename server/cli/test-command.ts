/**
 * `scimscope test`: runs the conformance profiles (or a Runscope test file) against a SCIM server
 * and reports on the terminal, as JUnit XML, HTML and JSON. Exit codes are for CI: 0 when no
 * must-check failed, 1 when one did, 2 on a usage error (nothing was sent). Ctrl-C (SIGINT) or
 * SIGTERM stops the run between checks, cleans up what it created and writes the partial report
 * (exit 130 / 143); a second signal exits at once, naming what is still on the target.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DEFAULT_PROFILES, expandProfiles, isProfileName, PROFILE_NAMES } from '../conformance/profiles.js';
import { exitCodeOf, type CheckResult, type ConformanceReport, type ProfileId } from '../conformance/report-model.js';
import { renderHtml } from '../conformance/reports/html-report.js';
import { renderJson } from '../conformance/reports/json-report.js';
import { renderJunit } from '../conformance/reports/junit-report.js';
import { renderTerminal } from '../conformance/reports/terminal-report.js';
import { runConformance } from '../conformance/runner.js';
import { parseRunscopeExport, RunscopeFileError } from '../conformance/runscope/runscope-file.js';
import { runRunscope } from '../conformance/runscope/runscope-runner.js';
import type { AuthKind, ScimClient } from '../conformance/scim-client.js';

export const TEST_USAGE = `Usage: scimscope test --target URL --token T [options]

Checks a SCIM server against what Okta, Entra ID, the RFCs and the interop draft require.

Options:
  --target URL          SCIM base URL, e.g. https://app.example.com/scim/v2
  --token T             Credential: the bearer token; for --auth basic, "user:password"
  --auth MODE           bearer (default: "Authorization: Bearer T") | header (the raw token) | basic
  --profile P           okta | entra | entra-gallery | rfc | interop | all; repeat or comma-separate
                        (default okta,entra,entra-gallery,rfc; interop is an IETF draft, run it by name or with all)
  --junit FILE          Also write a JUnit XML report
  --html FILE           Also write a self-contained HTML report
  --json                Print the report as JSON on stdout instead of text
  --verbose             List passed checks too
  --no-color            No colours in the terminal report
  --runscope FILE       Run a Runscope API-test export (Okta's SCIM test files) instead of the profiles
  --initial-script FILE The Runscope initial script to run first (Okta's Initial_Script_Spec.txt)
  --var NAME=VALUE      Set a Runscope variable (repeatable); --target and --token fill SCIMBaseURL and auth
  --emulate-okta        Answer the file's Okta API calls ({{oktaOrgUrl}}) with an emulated Okta org that
                        provisions the target, so Okta's CRUD test runs without an Okta org
  --speed N             Divide Runscope pauses by N (default 1)
  -h, --help            Show this help

Exit codes: 0 no must-check failed · 1 a must-check failed · 2 usage error · 130/143 interrupted
(SIGINT/SIGTERM). Everything the run creates on the target is deleted (or deactivated where DELETE is
unsupported) at the end, also when Ctrl-C stops it early (the partial report is still written); a
second Ctrl-C exits at once and prints what is still on the target.`;

export class TestUsageError extends Error {}

export interface TestArgs {
  target: string;
  token: string;
  auth: AuthKind;
  profiles: Array<ProfileId | 'all'>;
  junit?: string;
  html?: string;
  json: boolean;
  verbose: boolean;
  color: boolean;
  runscope?: string;
  initialScript?: string;
  emulateOkta: boolean;
  vars: Record<string, string>;
  speed: number;
}

export function parseTestArgs(argv: string[]): TestArgs | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        target: { type: 'string' },
        token: { type: 'string' },
        auth: { type: 'string' },
        profile: { type: 'string', multiple: true },
        junit: { type: 'string' },
        html: { type: 'string' },
        json: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        'no-color': { type: 'boolean', default: false },
        runscope: { type: 'string' },
        'initial-script': { type: 'string' },
        var: { type: 'string', multiple: true },
        'emulate-okta': { type: 'boolean', default: false },
        speed: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new TestUsageError((error as Error).message);
  }
  if (values.help) return 'help';
  if (!values.target) throw new TestUsageError('--target is required (the SCIM base URL).');
  let url: URL;
  try {
    url = new URL(values.target);
  } catch {
    throw new TestUsageError(`--target must be an http(s) URL, not "${values.target}".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TestUsageError(`--target must be an http(s) URL, not "${values.target}".`);
  if (values.token === undefined || values.token === '') throw new TestUsageError('--token is required.');
  const auth = values.auth ?? 'bearer';
  if (auth !== 'bearer' && auth !== 'header' && auth !== 'basic') throw new TestUsageError(`--auth must be bearer, header or basic, not "${auth}".`);
  if (auth === 'basic' && !values.token.includes(':')) throw new TestUsageError('--auth basic takes --token "user:password".');
  const profiles = (values.profile ?? DEFAULT_PROFILES).flatMap((p) => p.split(',')).map((p) => p.trim());
  for (const p of profiles) if (!isProfileName(p)) throw new TestUsageError(`--profile takes ${[...PROFILE_NAMES, 'all'].join(', ')}, not "${p}".`);
  if (values.runscope === undefined && (values['initial-script'] !== undefined || values.var !== undefined || values['emulate-okta'])) throw new TestUsageError('--initial-script, --var and --emulate-okta go with --runscope FILE.');
  const vars: Record<string, string> = {};
  for (const v of values.var ?? []) {
    const m = /^([A-Za-z_][\w.-]*)=(.*)$/s.exec(v);
    if (!m) throw new TestUsageError(`--var takes NAME=VALUE, not "${v}".`);
    vars[m[1]!] = m[2]!;
  }
  const speed = values.speed === undefined ? 1 : Number(values.speed);
  if (!Number.isFinite(speed) || speed <= 0) throw new TestUsageError(`--speed must be a positive number, not "${values.speed}".`);
  return {
    target: values.target,
    token: values.token,
    auth,
    profiles: profiles as TestArgs['profiles'],
    junit: values.junit,
    html: values.html,
    json: values.json,
    verbose: values.verbose,
    color: !values['no-color'] && process.stdout.isTTY === true && !process.env.NO_COLOR,
    runscope: values.runscope,
    initialScript: values['initial-script'],
    emulateOkta: values['emulate-okta'],
    vars,
    speed,
  };
}

async function readInput(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new TestUsageError(`Cannot read ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** The exit code a process killed by the signal would have (128 + its number). */
const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * While a run is on: the first SIGINT/SIGTERM aborts it (no new checks; clean-up and the partial
 * report follow), a second exits at once after saying what is still on the target. Returns the
 * abort signal and a function that removes the handlers.
 */
function interruptible(err: (s: string) => void, exit: (code: number) => never): { signal: AbortSignal; setClient: (c: ScimClient) => void; release: () => void } {
  const controller = new AbortController();
  let client: ScimClient | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (!controller.signal.aborted) {
      controller.abort(signal);
      err(`\nInterrupted (${signal}): no new checks; the requests in flight finish, then everything the run created is removed. ${signal === 'SIGINT' ? 'Ctrl-C' : signal} again exits at once and leaves it on the target.\n`);
      return;
    }
    const left = client?.created ?? [];
    const pending = client?.inFlightCount ?? 0;
    const unknown = pending > 0 ? ` ${pending} request(s) had not been answered yet; a create among them may have left something not listed here.` : '';
    err(`\n${signal} again: exiting without finishing the clean-up. ${left.length === 0 ? 'Nothing the run is known to have created is left on the target.' : `Still on the target ${client!.baseUrl}:\n${left.map((r) => `  ${r.resourceType} ${r.id}`).join('\n')}\n`}${unknown}\n`);
    exit(SIGNAL_EXIT[signal] ?? 1);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    setClient: (c) => (client = c),
    release: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** Runs the command; resolves with the exit code. Output goes through `out`/`err` (tests pass their own). */
export async function runTestCommand(argv: string[], out = (s: string) => process.stdout.write(s), err = (s: string) => process.stderr.write(s), exit: (code: number) => never = (code) => process.exit(code)): Promise<number> {
  let args: TestArgs | 'help';
  try {
    args = parseTestArgs(argv);
    if (args === 'help') {
      out(`${TEST_USAGE}\n`);
      return 0;
    }
  } catch (error) {
    err(`scimscope test: ${(error as Error).message}\n\n${TEST_USAGE}\n`);
    return 2;
  }
  const progress = (r: CheckResult) => {
    if (!args.json && r.outcome !== 'pass' && r.outcome !== 'skip') err(`${r.level === 'must' ? 'x' : '!'} ${r.id}\n`);
  };
  let report: ConformanceReport;
  const stop = interruptible(err, exit);
  try {
    // A report file that cannot be written is a usage error found before anything is sent.
    for (const file of [args.junit, args.html]) if (file) await writeFile(file, '').catch((e: NodeJS.ErrnoException) => Promise.reject(new TestUsageError(`Cannot write ${file}: ${e.code ?? e.message}`)));
    if (args.runscope) {
      const tests = parseRunscopeExport(await readInput(args.runscope, 'the Runscope file'), args.runscope);
      const initialScript = args.initialScript ? await readInput(args.initialScript, 'the initial script') : undefined;
      report = await runRunscope({ tests, fileName: args.runscope, target: args.target, token: args.token, auth: args.auth, initialScript, emulateOkta: args.emulateOkta, vars: args.vars, speed: args.speed, onResult: progress, signal: stop.signal, onClient: stop.setClient });
    } else {
      if (!args.json) err(`Running ${expandProfiles(args.profiles).join(', ')} against ${args.target}...\n`);
      report = await runConformance({ target: args.target, token: args.token, auth: args.auth, profiles: args.profiles, onResult: progress, signal: stop.signal, onClient: stop.setClient });
    }
  } catch (error) {
    if (error instanceof TestUsageError || error instanceof RunscopeFileError) {
      err(`scimscope test: ${error.message}\n`);
      stop.release();
      return 2;
    }
    stop.release();
    throw error;
  }
  // Until the partial report is written, a second signal still exits at once.
  try {
    if (args.junit) await writeFile(args.junit, renderJunit(report));
    if (args.html) await writeFile(args.html, renderHtml(report));
    out(args.json ? renderJson(report) : renderTerminal(report, { color: args.color, verbose: args.verbose }));
  } finally {
    stop.release();
  }
  return report.interrupted ? (SIGNAL_EXIT[report.interrupted.signal] ?? 1) : exitCodeOf(report);
}
