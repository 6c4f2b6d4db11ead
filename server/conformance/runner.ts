/**
 * Runs conformance checks against a SCIM base URL: the checks of the chosen profiles in order, each
 * timed and turned into a result (pass, fail with expected/actual, skip, or error when the server
 * could not be reached), then the clean-up, then the report. Pure data out; renderers elsewhere.
 * An aborted `signal` (Ctrl-C on `scimscope test`) stops the run between checks; the check under
 * way ends at its next request (reported as cut short) and the clean-up still runs.
 */
import { CheckFailed, CheckRun, CheckSkipped, describeResponse, type Check, type RunFixtures } from './check-run.js';
import { cutShortMessage, finishRun } from './cleanup.js';
import { PROFILES, expandProfiles } from './profiles.js';
import { type CheckResult, type ConformanceReport, type ProfileId } from './report-model.js';
import { ExchangeFailed, ScimClient, authorizationValue, type AuthKind } from './scim-client.js';

export interface ConformanceOptions {
  target: string;
  token: string;
  auth: AuthKind;
  /** Profile names; 'all' expands to every profile. */
  profiles: Array<ProfileId | 'all'>;
  /** Called after each check (the terminal prints progress). */
  onResult?: (result: CheckResult) => void;
  /** Aborted (reason: the signal's name) to stop the run early; the report is then partial. */
  signal?: AbortSignal;
  /** Called with the run's client before the first request (the CLI lists what is on the target if a second signal comes). */
  onClient?: (client: ScimClient) => void;
}

function fixturesFor(client: ScimClient, prefix: string): RunFixtures {
  let user: Promise<{ id: string; userName: string; body: any }> | null = null;
  let group: Promise<{ id: string; displayName: string; body: any } | null> | null = null;
  let spc: Promise<any | null> | null = null;
  const fixtureRun = new CheckRun(client, { prefix } as RunFixtures);
  return {
    prefix,
    state: new Map(),
    user() {
      user ??= (async () => {
        const body = fixtureRun.newUser('fixture');
        const res = await client.send('POST', '/Users', { body });
        if (res.status !== 201 || typeof res.body?.id !== 'string') throw new CheckFailed(describeResponse(res), `Could not create the test user this check needs (POST /Users answered ${res.status}).`);
        return { id: res.body.id as string, userName: body.userName, body: res.body };
      })();
      return user;
    },
    group() {
      group ??= (async () => {
        const displayName = `${prefix}-group`;
        const res = await client.send('POST', '/Groups', { body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName, members: [] } });
        if (res.status === 404 || res.status === 501) return null;
        if (res.status !== 201 || typeof res.body?.id !== 'string') throw new CheckFailed(describeResponse(res), `Could not create the test group this check needs (POST /Groups answered ${res.status}).`);
        return { id: res.body.id as string, displayName, body: res.body };
      })();
      return group;
    },
    serviceProviderConfig() {
      spc ??= client.send('GET', '/ServiceProviderConfig').then(
        (res) => (res.status === 200 && res.body && typeof res.body === 'object' ? res.body : null),
        () => null,
      );
      return spc;
    },
  };
}

async function runCheck(check: Check, profile: ProfileId, client: ScimClient, fixtures: RunFixtures): Promise<CheckResult> {
  const t = new CheckRun(client, fixtures);
  const started = performance.now();
  const refusedBefore = client.refused;
  const base = { id: check.id, profile, title: check.title, level: check.level, source: check.source, expected: check.expected };
  const done = (outcome: CheckResult['outcome'], actual: string, message: string): CheckResult => ({ ...base, outcome, actual, message, exchanges: t.exchanges, durationMs: Math.round(performance.now() - started) });
  // A request refused because the run was stopped: whatever the check made of it, it did not finish.
  const cutShort = () => client.refused > refusedBefore;
  try {
    await check.run(t);
    return cutShort() ? done('skip', '', cutShortMessage(client.stopped!)) : done('pass', '', 'Passed.');
  } catch (error) {
    if (cutShort()) return done('skip', '', cutShortMessage(client.stopped!));
    if (error instanceof CheckSkipped) return done('skip', '', error.message);
    if (error instanceof CheckFailed) return done('fail', error.actual, error.message);
    if (error instanceof ExchangeFailed) return done('error', `no response (${error.record.error})`, error.message);
    return done('error', String((error as Error)?.stack ?? error), `The check itself failed: ${(error as Error)?.message ?? error}`);
  }
}

export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const started = Date.now();
  const client = new ScimClient(options.target, authorizationValue(options.auth, options.token));
  options.onClient?.(client);
  const stop = () => client.stop(String(options.signal?.reason ?? 'stopped'));
  if (options.signal?.aborted) stop();
  options.signal?.addEventListener('abort', stop, { once: true });
  const prefix = `scimscope-${started.toString(36)}`;
  const fixtures = fixturesFor(client, prefix);
  const profiles = expandProfiles(options.profiles);
  const planned = profiles.reduce((sum, id) => sum + PROFILES[id].checks.length, 0);
  const results: CheckResult[] = [];
  let cutShort: string | null = null;
  run: for (const profileId of profiles) {
    for (const check of PROFILES[profileId].checks) {
      if (client.stopped) break run;
      const refusedBefore = client.refused;
      const result = await runCheck(check, profileId, client, fixtures);
      if (client.refused > refusedBefore) cutShort = result.id;
      results.push(result);
      options.onResult?.(result);
    }
  }
  options.signal?.removeEventListener('abort', stop);
  const notes: string[] = [];
  if (profiles.includes('interop')) notes.push('The interop profile mirrors draft-zollner-scim-interop-profile-01, an IETF Internet-Draft (work in progress), not a standard.');
  if (profiles.includes('entra-gallery')) notes.push("The entra-gallery profile mirrors the SCIM side of Microsoft's gallery validation Logic App offline; tests that need an Entra tenant check what the SCIM server must answer for them.");
  const interrupted = client.stopped ? { signal: client.stopped, completed: results.length - (cutShort ? 1 : 0), planned, cutShort } : undefined;
  return finishRun(client, { auth: options.auth, profiles, startedAt: started, results, notes, ...(interrupted ? { interrupted } : {}) });
}
