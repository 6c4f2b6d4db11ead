/**
 * The rule editor's form model: every input as the text the user typed, and the two mappings
 * rule → form (to edit) and form → rule (to save), with messages for what cannot be saved. Fields
 * the form does not show (an error's extra headers) ride along untouched.
 */
import type { ClientKind, FaultAction, FaultActionType, FaultPhase, FaultRule } from '../../../server/contract/index.js';

/** A rule as the admin API takes it: no id, no counters. */
export type RuleDefinition = Omit<FaultRule, 'id' | 'matched' | 'hits' | 'lastHitAt'>;

export type RetryAfterMode = 'seconds' | 'http-date' | 'none';

export interface RuleForm {
  name: string;
  enabled: boolean;
  preset: string | undefined;
  methods: string[];
  path: string;
  operations: string[];
  clients: ClientKind[];
  bodyContains: string;
  headerContains: string;
  /** 0-100, blank for "always". */
  probabilityPercent: string;
  nth: string;
  everyNth: string;
  times: string;
  actionType: FaultActionType;
  /** Before the backend answers (it never sees the request) or after (it applied it). */
  phase: FaultPhase;
  latencyMs: string;
  jitterMs: string;
  errorStatus: string;
  scimType: string;
  detail: string;
  /** Not shown in the form (edit in JSON); kept so a form save does not lose them. */
  errorHeaders: Record<string, string> | undefined;
  retryAfterMode: RetryAfterMode;
  retryAfterSeconds: string;
  httpDateSeconds: string;
  /** Seconds, for readability; the rule stores milliseconds. */
  timeoutSeconds: string;
  malformedStatus: string;
  emptyBodyStatus: string;
  contentType: string;
}

export type FormField = keyof RuleForm;
export type FormErrors = Partial<Record<FormField, string>>;

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export const CLIENTS: ClientKind[] = ['okta', 'entra', 'onelogin', 'jumpcloud', 'pingone', 'google', 'scimscope', 'curl', 'unknown'];

/** Operation kinds a rule can match, by family. (auth.failed never reaches the fault engine, which runs after auth.) */
export const OPERATION_GROUPS: { label: string; family: string | null; kinds: string[] }[] = [
  { label: 'Users', family: 'user.*', kinds: ['user.import', 'user.lookup', 'user.read', 'user.create', 'user.update', 'user.deactivate', 'user.reactivate', 'user.password', 'user.delete'] },
  {
    label: 'Groups',
    family: 'group.*',
    kinds: ['group.import', 'group.lookup', 'group.read', 'group.create', 'group.rename', 'group.update', 'group.members.*', 'group.members.add', 'group.members.remove', 'group.members.replace', 'group.delete'],
  },
  { label: 'OAuth', family: 'oauth.*', kinds: ['oauth.authorize', 'oauth.consent', 'oauth.token', 'oauth.refresh', 'oauth.revoke'] },
  { label: 'Other', family: null, kinds: ['connection.test', 'discovery', 'unknown'] },
];

export const ACTION_TYPES: { type: FaultActionType; label: string; hint: string }[] = [
  { type: 'error', label: 'Error', hint: 'Answer with an HTTP error and a SCIM error body.' },
  { type: 'rateLimit', label: 'Rate limit', hint: '429 Too Many Requests, with or without Retry-After.' },
  { type: 'latency', label: 'Latency', hint: 'Slow the answer down; adds up with the other rules.' },
  { type: 'timeout', label: 'Timeout', hint: 'Never answer; the connection is dropped after a while.' },
  { type: 'drop', label: 'Drop', hint: 'Close the connection at once, with no answer.' },
  { type: 'malformed', label: 'Invalid JSON', hint: 'A response body cut off mid-resource.' },
  { type: 'emptyBody', label: 'Empty body', hint: 'A success status with no body at all.' },
  { type: 'wrongContentType', label: 'Content type', hint: 'The real answer under the wrong media type.' },
];

export function emptyForm(): RuleForm {
  return {
    name: '',
    enabled: true,
    preset: undefined,
    methods: [],
    path: '',
    operations: [],
    clients: [],
    bodyContains: '',
    headerContains: '',
    probabilityPercent: '',
    nth: '',
    everyNth: '',
    times: '',
    actionType: 'error',
    phase: 'before',
    latencyMs: '1000',
    jitterMs: '',
    errorStatus: '503',
    scimType: '',
    detail: '',
    errorHeaders: undefined,
    retryAfterMode: 'seconds',
    retryAfterSeconds: '120',
    httpDateSeconds: '120',
    timeoutSeconds: '120',
    malformedStatus: '',
    emptyBodyStatus: '',
    contentType: 'text/html; charset=utf-8',
  };
}

const text = (n: number | undefined): string => (n === undefined ? '' : String(n));

/** The form showing a rule (for editing), with defaults for the other action types' fields. */
export function ruleToForm(rule: RuleDefinition): RuleForm {
  const form = emptyForm();
  const match = rule.match ?? {};
  const when = rule.when ?? {};
  form.name = rule.name ?? '';
  form.enabled = rule.enabled ?? true;
  form.preset = rule.preset;
  form.methods = (match.methods ?? []).map((m) => m.toUpperCase());
  form.path = match.path ?? '';
  form.operations = [...(match.operations ?? [])];
  form.clients = [...(match.clients ?? [])];
  form.bodyContains = match.bodyContains ?? '';
  form.headerContains = match.headerContains ?? '';
  form.probabilityPercent = when.probability === undefined ? '' : String(Number((when.probability * 100).toFixed(4)));
  form.nth = text(when.nth);
  form.everyNth = text(when.everyNth);
  form.times = text(when.times);
  const action = rule.action;
  form.actionType = action.type;
  form.phase = rule.phase ?? 'before';
  switch (action.type) {
    case 'latency':
      form.latencyMs = String(action.ms);
      form.jitterMs = text(action.jitterMs);
      break;
    case 'error':
      form.errorStatus = String(action.status);
      form.scimType = action.scimType ?? '';
      form.detail = action.detail ?? '';
      form.errorHeaders = action.headers;
      break;
    case 'rateLimit':
      form.retryAfterMode = typeof action.retryAfter === 'number' ? 'seconds' : action.retryAfter === 'http-date' ? 'http-date' : 'none';
      if (typeof action.retryAfter === 'number') form.retryAfterSeconds = String(action.retryAfter);
      form.httpDateSeconds = action.httpDateSeconds === undefined ? (action.retryAfter === 'http-date' ? '' : '120') : String(action.httpDateSeconds);
      break;
    case 'timeout':
      form.timeoutSeconds = action.maxMs === undefined ? '' : String(action.maxMs / 1000);
      break;
    case 'malformed':
      form.malformedStatus = text(action.status);
      break;
    case 'emptyBody':
      form.emptyBodyStatus = text(action.status);
      break;
    case 'wrongContentType':
      form.contentType = action.contentType ?? '';
      break;
    case 'drop':
      break;
  }
  return form;
}

/** Reads an optional whole number in [min, max]; blank is undefined. */
function wholeNumber(value: string, field: FormField, min: number, max: number, errors: FormErrors, what: string): number | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  const n = Number(trimmed);
  if (!Number.isInteger(n) || n < min || n > max) {
    errors[field] = `${what} must be a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}.`;
    return undefined;
  }
  return n;
}

function required(value: string, field: FormField, min: number, max: number, errors: FormErrors, what: string): number | undefined {
  if (value.trim() === '') {
    errors[field] = `${what} is required.`;
    return undefined;
  }
  return wholeNumber(value, field, min, max, errors, what);
}

/** Drops keys whose value is undefined, so the JSON stays minimal. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export type FormResult = { ok: true; rule: RuleDefinition } | { ok: false; errors: FormErrors };

/** The rule a form describes, or what is wrong with it (field → message). */
export function formToRule(form: RuleForm): FormResult {
  const errors: FormErrors = {};
  const name = form.name.trim();
  if (!name) errors.name = 'Give the rule a name.';

  const match = compact({
    methods: form.methods.length ? [...form.methods] : undefined,
    path: form.path.trim() || undefined,
    operations: form.operations.length ? ([...form.operations] as RuleDefinition['match']['operations']) : undefined,
    clients: form.clients.length ? [...form.clients] : undefined,
    bodyContains: form.bodyContains === '' ? undefined : form.bodyContains,
    headerContains: form.headerContains === '' ? undefined : form.headerContains,
  });

  let probability: number | undefined;
  const pText = form.probabilityPercent.trim();
  if (pText !== '') {
    const p = Number(pText);
    if (!Number.isFinite(p) || p < 0 || p > 100) errors.probabilityPercent = 'Chance must be a percentage from 0 to 100.';
    else probability = Number((p / 100).toFixed(6));
  }
  const when = compact({
    probability,
    nth: wholeNumber(form.nth, 'nth', 1, 1_000_000_000, errors, 'The request number'),
    everyNth: wholeNumber(form.everyNth, 'everyNth', 1, 1_000_000_000, errors, '"Every nth"'),
    times: wholeNumber(form.times, 'times', 1, 1_000_000_000, errors, 'The limit'),
  });

  let action: FaultAction | undefined;
  switch (form.actionType) {
    case 'latency': {
      const ms = required(form.latencyMs, 'latencyMs', 0, 600_000, errors, 'The delay');
      const jitterMs = wholeNumber(form.jitterMs, 'jitterMs', 0, 600_000, errors, 'The jitter');
      if (ms !== undefined) action = compact({ type: 'latency' as const, ms, jitterMs });
      break;
    }
    case 'error': {
      const status = required(form.errorStatus, 'errorStatus', 400, 599, errors, 'The status');
      if (status !== undefined)
        action = compact({ type: 'error' as const, status, scimType: form.scimType.trim() || undefined, detail: form.detail === '' ? undefined : form.detail, headers: form.errorHeaders && Object.keys(form.errorHeaders).length ? form.errorHeaders : undefined });
      break;
    }
    case 'rateLimit': {
      if (form.retryAfterMode === 'seconds') {
        const seconds = required(form.retryAfterSeconds, 'retryAfterSeconds', 0, 86_400, errors, 'Retry-After');
        if (seconds !== undefined) action = { type: 'rateLimit', retryAfter: seconds };
      } else if (form.retryAfterMode === 'http-date') {
        const ahead = wholeNumber(form.httpDateSeconds, 'httpDateSeconds', 0, 86_400, errors, 'The date offset');
        if (!errors.httpDateSeconds) action = compact({ type: 'rateLimit' as const, retryAfter: 'http-date' as const, httpDateSeconds: ahead });
      } else action = { type: 'rateLimit', retryAfter: null };
      break;
    }
    case 'drop':
      action = { type: 'drop' };
      break;
    case 'timeout': {
      const sText = form.timeoutSeconds.trim();
      let maxMs: number | undefined;
      if (sText !== '') {
        const s = Number(sText);
        if (!Number.isFinite(s) || s < 0.1 || s > 600) errors.timeoutSeconds = 'The timeout must be from 0.1 to 600 seconds.';
        else maxMs = Math.round(s * 1000);
      }
      if (!errors.timeoutSeconds) action = compact({ type: 'timeout' as const, maxMs });
      break;
    }
    case 'malformed': {
      const status = wholeNumber(form.malformedStatus, 'malformedStatus', 200, 599, errors, 'The status');
      if (!errors.malformedStatus) action = compact({ type: 'malformed' as const, status });
      break;
    }
    case 'emptyBody': {
      const status = wholeNumber(form.emptyBodyStatus, 'emptyBodyStatus', 200, 299, errors, 'The status');
      if (!errors.emptyBodyStatus) action = compact({ type: 'emptyBody' as const, status });
      break;
    }
    case 'wrongContentType':
      action = compact({ type: 'wrongContentType' as const, contentType: form.contentType.trim() || undefined });
      break;
  }

  if (Object.keys(errors).length || !action) return { ok: false, errors };
  return { ok: true, rule: compact({ name, enabled: form.enabled, phase: form.phase === 'after' ? ('after' as const) : undefined, match, when, action, preset: form.preset }) };
}

/** A rule's definition without its id and counters (what PUT takes). */
export function ruleDefinition(rule: FaultRule | RuleDefinition): RuleDefinition {
  const { id: _id, matched: _m, hits: _h, lastHitAt: _l, ...rest } = rule as FaultRule;
  return rest;
}

/** Parses the JSON tab's text into a rule definition shape, or says why it cannot be one. */
export function parseRuleJson(textValue: string): { ok: true; rule: RuleDefinition } | { ok: false; error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(textValue);
  } catch (error) {
    return { ok: false, error: `Not valid JSON: ${(error as Error).message}` };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { ok: false, error: 'The rule must be a JSON object.' };
  const action = (parsed as { action?: unknown }).action;
  if (action === null || typeof action !== 'object' || typeof (action as { type?: unknown }).type !== 'string') return { ok: false, error: 'The rule needs an "action" object with a "type".' };
  if (!ACTION_TYPES.some((a) => a.type === (action as { type: string }).type)) return { ok: false, error: `Unknown action type "${(action as { type: string }).type}".` };
  return { ok: true, rule: ruleDefinition(parsed as RuleDefinition) };
}
