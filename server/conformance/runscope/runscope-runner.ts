/**
 * Runs a Runscope API-test export offline against a SCIM server: variables (the initial script,
 * --var, and --target/--token as SCIMBaseURL and auth), request steps with their before and
 * post-response scripts, extractors and assertions, and pauses (shortened by `speed`). Each request
 * step becomes a check in the same report the profiles produce, so every renderer works on it.
 * An aborted `signal` stops it between steps (a pause ends at once), closes the emulated Okta org
 * and still cleans up.
 */
import { cutShortMessage, finishRun } from '../cleanup.js';
import { type CheckResult, type ConformanceReport, type ExchangeRecord } from '../report-model.js';
import { ExchangeFailed, RunStopped, ScimClient, authorizationValue, type AuthKind } from '../scim-client.js';
import { evaluateAssertion } from './runscope-assertions.js';
import { isPauseStep, isRequestStep, RunscopeFileError, type RunscopeRequestStep, type RunscopeTest } from './runscope-file.js';
import { requestAsEdited, runScript } from './runscope-script.js';
import { NOT_EMULATED_HEADER, notEmulatedMessage, startOktaOrgEmulator, type OktaOrgEmulator } from './okta-org-emulator.js';
import { extract, Variables, type RunscopeResponse } from './runscope-variables.js';

export interface RunscopeOptions {
  tests: RunscopeTest[];
  fileName: string;
  target: string;
  token: string;
  auth: AuthKind;
  initialScript?: string;
  vars?: Record<string, string>;
  /** Answer the file's Okta API calls ({{oktaOrgUrl}}) with an emulated Okta org that provisions the target. */
  emulateOkta?: boolean;
  /** Divides every pause: 10 makes a 5 s pause 0.5 s. Default 1. */
  speed?: number;
  sleep?: (ms: number) => Promise<void>;
  onResult?: (result: CheckResult) => void;
  /** Aborted (reason: the signal's name) to stop the run: no further step or pause, then the clean-up. */
  signal?: AbortSignal;
  /** Called with the run's client before the first request. */
  onClient?: (client: ScimClient) => void;
}

const sleeper = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A pause that ends early when the run is stopped. */
function pause(ms: number, sleep: (ms: number) => Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return sleep(ms);
  if (signal.aborted) return Promise.resolve();
  let onAbort = () => undefined as void;
  const aborted = new Promise<void>((resolve) => (onAbort = resolve));
  signal.addEventListener('abort', onAbort, { once: true });
  return Promise.race([sleep(ms), aborted]).finally(() => signal.removeEventListener('abort', onAbort));
}

function headerValues(step: RunscopeRequestStep, variables: Variables): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(step.headers ?? {})) out[name] = variables.fill(Array.isArray(value) ? value.join(', ') : value);
  return out;
}

/** The emulated Okta org's origin when --emulate-okta is on (its not-emulated answers are skips). */
type Emulator = { origin: string; skipped: string[] } | null;

async function runRequest(step: RunscopeRequestStep, index: number, test: RunscopeTest, fileName: string, client: ScimClient, variables: Variables, emulator: Emulator): Promise<CheckResult> {
  const started = performance.now();
  const title = step.note?.trim() || `${step.method} ${step.url}`;
  const expected = (step.assertions ?? []).map((a) => `${a.source.replace('response_', '')}${a.property ? ` ${a.property}` : ''} ${a.comparison}${a.value !== null && a.value !== undefined ? ` ${a.value}` : ''}`).join('; ') || 'no assertions';
  const exchanges: ExchangeRecord[] = [];
  const result = (outcome: CheckResult['outcome'], message: string, actual = ''): CheckResult => ({
    id: `runscope.${String(index + 1).padStart(2, '0')}`,
    profile: 'runscope',
    title,
    level: /^optional/i.test(title) ? 'should' : 'must',
    source: { document: `${test.name} (${fileName})`, section: `step ${index + 1}` },
    outcome,
    expected,
    actual,
    message,
    exchanges,
    durationMs: Math.round(performance.now() - started),
  });
  if (step.skipped) return result('skip', 'The step is marked skipped in the file.');
  const failures: string[] = [];
  const logs: string[] = [];
  const request = { method: step.method.toUpperCase(), url: variables.fill(step.url), headers: headerValues(step, variables), body: variables.fill(step.body ?? step.data ?? '') };
  // A before-request script edits the live request (Runscope: "You can directly assign to any of the
  // request data"); what it leaves there is what is sent.
  for (const [i, code] of (step.before_scripts ?? []).entries()) {
    const outcome = runScript(code, variables, { request }, `before-request script ${i + 1}`);
    logs.push(...outcome.logs);
    if (!outcome.ok) failures.push(outcome.error!);
  }
  if ((step.before_scripts ?? []).length > 0) Object.assign(request, requestAsEdited(request));
  if (!/^https?:\/\/[^/]/i.test(request.url)) {
    return result('error', `The URL "${request.url}" is not an absolute http(s) URL once its variables are filled (${step.url}); set the variables it uses with --var NAME=VALUE.`);
  }
  let response: RunscopeResponse;
  try {
    const res = await client.send(request.method, request.url, { headers: request.headers, authorization: null, ...(request.body !== '' ? { rawBody: request.body } : {}) });
    exchanges.push(res.record);
    response = { status: res.status, text: res.text, json: res.body ?? null, headers: res.headers, timeMs: res.record.durationMs };
  } catch (error) {
    if (error instanceof RunStopped) return result('skip', cutShortMessage(error.reason));
    if (error instanceof ExchangeFailed) {
      exchanges.push(error.record);
      return result('error', error.message, `no response (${error.record.error})`);
    }
    return result('error', `The request could not be sent: ${(error as Error).message}`);
  }
  const notEmulated = emulator && new URL(request.url).origin === emulator.origin ? response.headers[NOT_EMULATED_HEADER] : undefined;
  if (notEmulated) {
    emulator!.skipped.push(`${result('skip', '').id} (${notEmulated})`);
    return result('skip', notEmulatedMessage(notEmulated), `HTTP ${response.status} from the emulated Okta org`);
  }
  // Runscope's order: extractors, then post-response scripts, then the editor's assertions (so an
  // assertion can use a variable the same step's script set). runscope.com/docs/api-testing/scripts, "Execution Order".
  failures.push(...extract(variables, response, step.variables ?? []));
  for (const [i, code] of (step.scripts ?? []).entries()) {
    const outcome = runScript(code, variables, { request, response }, `post-response script ${i + 1}`);
    logs.push(...outcome.logs);
    if (!outcome.ok) failures.push(outcome.error!);
  }
  for (const assertion of step.assertions ?? []) {
    const outcome = evaluateAssertion(assertion, response, variables);
    if (!outcome.ok) failures.push(`${outcome.description}: got ${outcome.actual}`);
  }
  const actual = `HTTP ${response.status}${logs.length ? `; log: ${logs.join(' | ')}` : ''}`;
  return failures.length === 0 ? result('pass', logs.length ? `Passed (log: ${logs.join(' | ')}).` : 'Passed.', actual) : result('fail', failures.join('; '), actual);
}

export async function runRunscope(options: RunscopeOptions): Promise<ConformanceReport> {
  const startedAt = Date.now();
  const authorization = authorizationValue(options.auth, options.token);
  const client = new ScimClient(options.target, authorization);
  options.onClient?.(client);
  const stop = () => client.stop(String(options.signal?.reason ?? 'stopped'));
  if (options.signal?.aborted) stop();
  options.signal?.addEventListener('abort', stop, { once: true });
  // Okta's SPEC test reads SCIMBaseURL and auth; its CRUD test reads SCIMUrl and SCIMAuth.
  const variables = new Variables({ SCIMBaseURL: client.baseUrl, auth: authorization, SCIMUrl: client.baseUrl, SCIMAuth: authorization });
  const results: CheckResult[] = [];
  const notes: string[] = [];
  // Runscope sets the initial variables, then runs the initial script, which can read them (and
  // whose sets win): BlazeMeter/Runscope guide, "Initial Script". --var values are initial variables.
  for (const [name, value] of Object.entries(options.vars ?? {})) variables.set(name, value);
  if (options.initialScript !== undefined) {
    const outcome = runScript(options.initialScript, variables, {}, 'initial script');
    if (!outcome.ok) throw new RunscopeFileError(`The initial script failed: ${outcome.error}`);
  }
  let okta: OktaOrgEmulator | null = null;
  if (options.emulateOkta) {
    okta = await startOktaOrgEmulator(client);
    variables.set('oktaOrgUrl', okta.url);
    variables.set('oktaAppId', okta.appId);
    variables.set('oktaToken', okta.token);
  }
  const emulator: Emulator = okta ? { origin: new URL(okta.url).origin, skipped: [] } : null;
  const planned = options.tests.reduce((sum, test) => sum + test.steps.filter(isRequestStep).length, 0);
  let cutShort: string | null = null;
  try {
    run: for (const test of options.tests) {
      let requestIndex = 0;
      for (const step of test.steps) {
        if (client.stopped) break run;
        if (isPauseStep(step)) {
          if (!step.skipped) await pause((step.duration * 1000) / Math.max(options.speed ?? 1, 1e-6), options.sleep ?? sleeper, options.signal);
          continue;
        }
        if (!isRequestStep(step)) {
          notes.push(`A "${step.step_type}" step of "${test.name}" was not run: only request and pause steps are supported.`);
          continue;
        }
        const refusedBefore = client.refused;
        let result = await runRequest(step, requestIndex++, test, options.fileName, client, variables, emulator);
        // A request of this step (or of the emulated org's provisioning for it) was refused: it did not finish.
        if (client.refused > refusedBefore) {
          result = { ...result, outcome: 'skip', message: cutShortMessage(client.stopped!) };
          cutShort = result.id;
        }
        results.push(result);
        options.onResult?.(result);
      }
    }
  } finally {
    options.signal?.removeEventListener('abort', stop);
    await okta?.close();
  }
  if (okta) notes.push(`An emulated Okta org answered the file's Okta API calls; its provisioning engine sent ${okta.scimRequests} SCIM requests to the target.`);
  if (emulator && emulator.skipped.length > 0) notes.push(`Skipped, not passed: ${emulator.skipped.join(', ')} called Okta APIs the emulated org does not emulate (it answers only the calls of Okta's CRUD test); run the file against a real Okta org to check them.`);
  if (variables.missing.size > 0) notes.push(`Variables used but never set (sent as empty, as Runscope does): ${[...variables.missing].join(', ')}. Set them with --var NAME=VALUE or --initial-script.`);
  const interrupted = client.stopped ? { signal: client.stopped, completed: results.length - (cutShort ? 1 : 0), planned, cutShort } : undefined;
  return finishRun(client, { auth: options.auth, profiles: ['runscope'], startedAt, results, notes, ...(interrupted ? { interrupted } : {}) });
}
