/**
 * `scimscope play`: plays a provisioning scenario as Okta or Entra ID against a SCIM server, step
 * by step, and says what each request meant and whether the answer was what the IdP expects.
 * Without --target it drives the sandbox of the data folder: the running one (server.json), or one
 * started in this process for the run. Exit 0 when every step passed, 1 otherwise, 2 on usage.
 */
import { parseArgs } from 'node:util';
import type { AuthSettings } from '../contract/settings.js';
import { defaultDataDir } from '../config/data-paths.js';
import { loadSettings } from '../config/settings-file.js';
import { isProfileId, PROFILE_IDS, PROFILES, type ProfileId } from '../idp/profiles.js';
import { ScenarioRun, type PlayTarget, type StepOutcome } from '../idp/scenario-runner.js';
import { findScenario, SCENARIOS } from '../idp/scenarios.js';
import { authorizationFor } from '../recorder/replay.js';
import { createSandbox } from '../sandbox.js';
import { findRunningServer } from './running-server.js';

export const PLAY_USAGE = `Usage: scimscope play --list
       scimscope play <scenario> [--as ${PROFILE_IDS.join('|')}] [--target URL --token T [--auth bearer|header|basic]]
                      [--user NAME --password P] [--data DIR] [--speed N] [--json]

Plays a provisioning scenario as the IdP would, one request at a time.
  --as PROFILE     okta (OIN app, default), okta-aiw, entra, entra-flag (Entra with aadOptscim062020)
  --target URL     A SCIM base URL (default: the sandbox of the data folder, running or started for the run)
  --token T        The token for --target (bearer: "Authorization: Bearer T"; header: the raw token)
  --auth MODE      How --target authenticates: bearer (default), header, basic (with --user and --password)
  --speed N        Divide back-off waits by N (Okta's 5-minute waits in seconds with --speed 300)
  --json           Print the run as one JSON object`;

export class PlayUsageError extends Error {}
class PlayHelp extends Error {}

interface PlayArgs {
  list: boolean;
  scenario: string | null;
  profile: ProfileId;
  target: string | null;
  authorization: string | null;
  data: string;
  speed: number;
  json: boolean;
}

export function parsePlayArgs(argv: string[]): PlayArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      list: { type: 'boolean', default: false },
      as: { type: 'string', default: 'okta' },
      target: { type: 'string' },
      token: { type: 'string' },
      auth: { type: 'string', default: 'bearer' },
      user: { type: 'string' },
      password: { type: 'string' },
      data: { type: 'string' },
      speed: { type: 'string', default: '1' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) throw new PlayHelp();
  if (positionals.length > 1) throw new PlayUsageError(`play takes one scenario, not "${positionals.join(' ')}".`);
  const scenario = positionals[0] ?? null;
  if (!values.list && scenario === null) throw new PlayUsageError('Name a scenario, or use --list to see them.');
  if (scenario !== null && !findScenario(scenario)) throw new PlayUsageError(`No scenario "${scenario}". Scenarios: ${SCENARIOS.map((s) => s.id).join(', ')}.`);
  if (!isProfileId(values.as)) throw new PlayUsageError(`--as takes ${PROFILE_IDS.join(', ')}, not "${values.as}".`);
  if (scenario !== null && !findScenario(scenario)!.profiles.includes(values.as)) {
    throw new PlayUsageError(`"${scenario}" has no ${PROFILES[values.as].label} version; it plays as ${findScenario(scenario)!.profiles.join(', ')}.`);
  }
  const speed = Number(values.speed);
  if (!Number.isFinite(speed) || speed <= 0) throw new PlayUsageError(`--speed must be a positive number, not "${values.speed}".`);
  let authorization: string | null = null;
  if (values.target !== undefined) {
    if (!/^https?:\/\/\S+$/.test(values.target)) throw new PlayUsageError(`--target must be an http(s) URL, not "${values.target}".`);
    if (values.auth === 'basic') {
      if (!values.user || !values.password) throw new PlayUsageError('--auth basic needs --user and --password.');
      authorization = `Basic ${Buffer.from(`${values.user}:${values.password}`).toString('base64')}`;
    } else if (values.auth === 'bearer' || values.auth === 'header') {
      if (!values.token) throw new PlayUsageError('--target needs --token (or --auth basic with --user and --password).');
      authorization = values.auth === 'bearer' ? `Bearer ${values.token}` : values.token;
    } else throw new PlayUsageError(`--auth takes bearer, header or basic, not "${values.auth}".`);
  }
  return { list: values.list, scenario, profile: values.as, target: values.target ?? null, authorization, data: values.data ?? defaultDataDir(), speed, json: values.json };
}

function listScenarios(): string {
  const width = Math.max(...SCENARIOS.map((s) => s.id.length));
  return SCENARIOS.map((s) => `  ${s.id.padEnd(width)}  ${s.title}: ${s.summary}\n  ${' '.repeat(width)}  as: ${s.profiles.join(', ')}`).join('\n');
}

function stepLine(o: StepOutcome): string {
  const mark = o.ok ? 'ok  ' : 'FAIL';
  const retries = o.attempts > 1 ? `  (${o.attempts} attempts, waited ${(o.waitedMs / 1000).toFixed(1)} s)` : '';
  const head = `${mark} ${String(o.index + 1).padStart(2)}. ${o.kind.padEnd(22)} ${o.method} ${o.path} -> ${o.status || 'no answer'}${retries}`;
  const lines = [head, `          ${o.why}`];
  for (const f of o.failures) lines.push(`          ! ${f}`);
  return lines.join('\n');
}

/** Runs `play`; resolves with the exit code. */
export async function play(argv: string[], out: (text: string) => void = (t) => process.stdout.write(t), err: (text: string) => void = (t) => process.stderr.write(t)): Promise<number> {
  let args: PlayArgs;
  try {
    args = parsePlayArgs(argv);
  } catch (error) {
    if (error instanceof PlayHelp) {
      out(`${PLAY_USAGE}\n`);
      return 0;
    }
    err(`scimscope play: ${(error as Error).message}\n\n${PLAY_USAGE}\n`);
    return 2;
  }
  if (args.list) {
    out(args.json ? `${JSON.stringify({ scenarios: SCENARIOS })}\n` : `Scenarios:\n${listScenarios()}\n`);
    return 0;
  }
  let target: PlayTarget;
  let stop: () => Promise<void> = async () => undefined;
  let where: string;
  if (args.target !== null) {
    target = { scimUrl: args.target, authorization: args.authorization };
    where = args.target;
  } else {
    const running = await findRunningServer(args.data);
    if (running) {
      const { settings } = await loadSettings(args.data);
      target = { scimUrl: running.scimUrl, authorization: authorizationFor(settings.auth as AuthSettings) };
      where = `the running sandbox at ${running.scimUrl}`;
    } else {
      const sandbox = await createSandbox({ dataDir: args.data, log: (line) => err(`${line}\n`) });
      const addresses = await sandbox.listen({ scimPort: 0, adminPort: 0 });
      target = { scimUrl: addresses.scimUrl, authorization: authorizationFor(sandbox.settings.current.auth) };
      stop = () => sandbox.close();
      where = `the sandbox in ${args.data} (started for this run)`;
    }
  }
  const run = new ScenarioRun(args.scenario!, args.profile, target, { speed: args.speed });
  const scenario = findScenario(args.scenario!)!;
  try {
    if (!args.json) out(`Playing "${scenario.title}" as ${PROFILES[args.profile].label} (emulated) against ${where}\n\n`);
    await run.runAll((o) => {
      if (!args.json) out(`${stepLine(o)}\n`);
    });
  } finally {
    await stop();
  }
  const failed = run.outcomes.filter((o) => !o.ok).length;
  if (args.json) {
    out(`${JSON.stringify({ scenario: scenario.id, profile: args.profile, target: target.scimUrl, passed: failed === 0, steps: run.outcomes })}\n`);
  } else {
    out(`\n${failed === 0 ? `All ${run.outcomes.length} steps got what ${PROFILES[args.profile].label} expects.` : `${failed} of ${run.outcomes.length} steps did not get what ${PROFILES[args.profile].label} expects.`}\n`);
  }
  return failed === 0 ? 0 : 1;
}
