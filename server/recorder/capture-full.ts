/**
 * The full capture of an exchange, made when its turn is over (deferred-captures.ts) from the request,
 * the response and the facts read at its close: secrets scrubbed wherever the request carried them
 * outside Authorization, headers redacted, the parts the recording worker interprets, and the names the
 * summary gives (read at the close: lookupsFor). Split from recorder.ts, which is about when to
 * capture and where the record goes.
 */
import type { JsonObject, JsonValue } from '../contract/scim.js';
import type { ScimRequest, ScimResponse } from '../scim/http/pipeline.js';
import { contextOf, type RequestContext } from '../scim/request-context.js';
import type { Repository } from '../store/repository.js';
import { redactedHeaderRecord, redactedResponseHeaders, type CaptureFacts } from './capture-parts.js';
import type { InterpretationInputs } from './exchange-assembly.js';
import type { ListSpans } from './json-list-view.js';
import type { ResponseRecord } from './recorded-body.js';
import type { CapturedExchange } from './recording-wire.js';
import { formsOf, mentionsAnyInJson, REDACTED, scrubJsonText, scrubSecrets, scrubStrings } from './redact.js';

/** The fault engine's retry detection: links an exchange to an earlier faulted one. */
export type Annotate = (parts: CapturedExchange['parts'], rawBody: Buffer | null) => void;

/** The query with repeated parameters joined; the parsed object itself when none repeats. */
function flatQuery(query: ScimRequest['query']): Record<string, string> {
  for (const key in query) {
    if (typeof query[key] !== 'string') {
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(query)) out[k] = Array.isArray(v) ? v.join(',') : String(v);
      return out;
    }
  }
  return query as Record<string, string>;
}

/**
 * The forms a secret can take in a request (`forms`: raw, and percent-encoded in a URL), and in the
 * server's own JSON text (`jsonForms`: raw, and as JSON.stringify writes it), each once: the workspace
 * lists some secrets twice (its admin token and the instance's), and every response is searched.
 */
let needles: { secrets: string[]; forms: string[]; jsonForms: string[] } = { secrets: [], forms: [], jsonForms: [] };
function secretNeedles(secrets: string[]): typeof needles {
  if (needles.secrets.length !== secrets.length || needles.secrets.some((s, i) => s !== secrets[i])) {
    const long = secrets.filter((s) => s.length >= 6);
    needles = { secrets: [...secrets], forms: [...new Set(long.flatMap((s) => [s, encodeURIComponent(s)]))], jsonForms: [...new Set(long.flatMap(formsOf))] };
  }
  return needles;
}
const secretForms = (secrets: string[]) => secretNeedles(secrets).forms;
/** Whether a text the server wrote itself (JSON.stringify's) holds a secret: redact.ts mentionsAny, each form searched once. */
const holdsSecret = (text: string, secrets: string[]) => secretNeedles(secrets).jsonForms.some((form) => text.includes(form));

/**
 * Whether a secret appears in the request's target, body or any header other than Authorization. A
 * body with a backslash may hold one escaped (`\u0073ecret`, `a\/b`, `pa\"ss`): only that body is
 * decoded and searched (redact.ts mentionsAnyInJson), so the common body costs one `includes` per form.
 */
function mentionsSecret(req: ScimRequest, rawBody: Buffer | null, secrets: string[]): boolean {
  const forms = secretForms(secrets);
  const headers = req.rawHeaders;
  for (const form of forms) {
    if (req.originalUrl.includes(form) || rawBody?.includes(form)) return true;
    for (let i = 1; i < headers.length; i += 2) {
      if (headers[i]!.includes(form) && headers[i - 1]!.toLowerCase() !== 'authorization') return true;
    }
  }
  return rawBody !== null && rawBody.includes(BACKSLASH) && mentionsAnyInJson(rawBody.toString('utf8'), secrets);
}
const BACKSLASH = 0x5c;

/**
 * Whether the store changes a request made hold a secret: a stored attribute may hold one a client sent
 * earlier (or one that became a secret since), and a change carries the whole resource. Serialized once,
 * as the history's lines are (history-line.ts); a request that changed nothing pays nothing.
 */
function changesMention(changes: RequestContext['changes'], secrets: string[]): boolean {
  return changes.length > 0 && holdsSecret(JSON.stringify(changes), secrets);
}

/**
 * The parts with `secrets` scrubbed from their strings, the data's keys too (the query's, the
 * headers' and the changed resources' attribute names), never a field's own name, a number or the
 * structure: a secret of digits (a basic-auth password `123456`) or one equal to a field's name
 * leaves the parts whole. A change's id and type are the server's and kept.
 */
function scrubbedParts(parts: CapturedExchange['parts'], secrets: readonly string[]): Partial<CapturedExchange['parts']> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parts) as [string, JsonValue][]) {
    out[key] = key === 'query' || key === 'requestHeaders' || key === 'responseHeaders' ? scrubStrings(value, secrets) : scrubStrings(value, secrets, false);
  }
  out.changes = parts.changes.map((c) => ({ ...c, before: scrubStrings(c.before, secrets) as JsonObject | null, after: scrubStrings(c.after, secrets) as JsonObject | null }));
  return out as Partial<CapturedExchange['parts']>;
}

/**
 * A body's text with `secrets` scrubbed: only from its strings when it is JSON (its numbers and
 * structure kept), everywhere when not, and then from any JSON string in it written with escapes
 * (a body that is almost JSON keeps `"\u0073ecret"` readable to anyone who decodes it).
 */
const scrubbedText = (text: string, secrets: readonly string[], json: boolean) => (json ? scrubJsonText(text, secrets) : scrubJsonText(scrubSecrets(text, secrets), secrets));

/** A target's or header's text with `secrets` scrubbed in every form a request carries them (`secretForms`: raw, percent-encoded) and as JSON writes them. */
function scrubbedUrlText(text: string, secrets: string[]): string {
  let out = scrubSecrets(text, secrets);
  for (const form of secretForms(secrets)) if (out.includes(form)) out = out.split(form).join(REDACTED);
  return out;
}

/** Whether a body's text is JSON (asked only when it holds a secret: a request's, an upstream's). */
function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export type Lookups = InterpretationInputs['lookups'];

/** Names and state of the resources a request concerns, for the summary ("Okta removed jane from Sales"). */
export function lookupsFor(repo: Repository, ctx: RequestContext): Lookups {
  const out: Record<string, Record<string, unknown>> = {};
  const add = (type: 'User' | 'Group', id: string) => {
    const r = repo.get(type, id);
    if (r) out[`${type}:${id}`] = { id, userName: r.userName, displayName: r.displayName, active: r.active };
  };
  if (ctx.resourceType && ctx.resourceId) add(ctx.resourceType, ctx.resourceId);
  if (ctx.resourceType === 'Group') {
    const ids = new Set<string>();
    const collect = (value: unknown) => {
      if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === 'object') {
        const v = (value as { value?: unknown }).value;
        if (typeof v === 'string') ids.add(v);
        for (const inner of Object.values(value)) if (inner && typeof inner === 'object') collect(inner);
      } else if (typeof value === 'string') for (const m of value.matchAll(/value\s+eq\s+"([^"]+)"/gi)) ids.add(m[1]!);
    };
    collect(ctx.body);
    for (const id of [...ids].slice(0, 50)) {
      add('User', id);
      add('Group', id);
    }
  }
  return out;
}

export function fullCapture(req: ScimRequest, res: ScimResponse, f: CaptureFacts, lookups: Lookups | Error, nextSeq: () => number, annotate?: Annotate): CapturedExchange {
  if (lookups instanceof Error) throw lookups;
  const ctx = contextOf(res);
  const sent = f.outcome === 'completed' || res.headersSent;
  const locals = res.locals as ResponseRecord & { responseText?: string; responseForeign?: boolean; responseListSpans?: { text: string; spans: ListSpans } };
  // A body the client abandoned has no rawBody yet: keep the chunks that arrived.
  let rawBody = ctx.rawBody ?? (ctx.bodyChunks.length > 0 ? Buffer.concat(ctx.bodyChunks) : null);
  let originalUrl = req.originalUrl;
  let rawHeaders = req.rawHeaders;
  const secrets = f.secrets!;
  const leaky = mentionsSecret(req, rawBody, secrets);
  // An upstream (proxy mode) may echo a credential it was sent, ours included: scrub its answer too,
  // however its JSON escapes the credential's characters (`\u0073`, `\/`). One gate (raw and JSON forms,
  // then escaped strings): a percent-encoded form was never scrubbed from an answer, so it is not asked for.
  if (locals.responseForeign && locals.responseText !== undefined && mentionsAnyInJson(locals.responseText, secrets)) {
    locals.responseText = scrubbedText(locals.responseText, secrets, isJson(locals.responseText));
  }
  if (leaky) {
    // A configured secret arrived somewhere other than Authorization: scrub every copy before it goes anywhere.
    const bodyText = rawBody?.toString('utf8');
    rawBody = bodyText === undefined ? null : Buffer.from(scrubbedText(bodyText, secrets, isJson(bodyText)));
    originalUrl = scrubbedUrlText(originalUrl, secrets);
    rawHeaders = rawHeaders.map((h) => scrubbedUrlText(h, secrets));
  }
  // The path as the target has it (percent-encoded), and the query after the target's first `?`: the
  // scrubbed target may be shorter or longer than the path it began with.
  const path = leaky ? scrubbedUrlText(req.path, secrets) : req.path;
  const mark = originalUrl.indexOf('?');
  const rawQuery = mark >= 0 ? originalUrl.slice(mark + 1) : '';
  const query = originalUrl === req.originalUrl ? flatQuery(req.query) : Object.fromEntries(new URLSearchParams(rawQuery));
  // The parts without bodies, as the worker receives them: bodies are bounded, parsed and redacted
  // by the recording backend, from the bytes sent below.
  const parts: CapturedExchange['parts'] = {
    id: f.id,
    seq: nextSeq(),
    startedAt: f.startedAt,
    durationMs: f.durationMs,
    outcome: f.outcome,
    method: req.method,
    path,
    query,
    requestHeaders: redactedHeaderRecord(rawHeaders),
    remoteAddress: f.remoteAddress,
    status: sent ? res.statusCode : 0,
    responseHeaders: sent ? redactedResponseHeaders(res.getHeaders()) : {},
    changes: ctx.changes,
    fault: f.hints.fault,
    retryOf: null,
    replayOf: f.hints.replayOf,
    upstream: f.hints.upstream ?? null,
    ...(f.hints.breakpoint ? { breakpoint: f.hints.breakpoint } : {}),
  };
  annotate?.(parts, rawBody);
  let responseText = sent ? (locals.responseText ?? null) : null;
  // The server may echo a secret back (a stored attribute: this request's, or one a client stored
  // earlier, which a plain GET or a list page then carries), in the response and the changes too. Our
  // own text is JSON.stringify's, so one `includes` per form tells; an upstream's was scrubbed above.
  const scrubbing = leaky || (responseText !== null && !locals.responseForeign && holdsSecret(responseText, secrets)) || changesMention(ctx.changes, secrets);
  if (scrubbing) {
    Object.assign(parts, scrubbedParts(parts, secrets));
    if (responseText !== null) responseText = scrubbedText(responseText, secrets, locals.responseJson !== undefined || (locals.responseForeign === true && isJson(responseText)));
  }
  let inputs: Omit<InterpretationInputs, 'parsedBody'> = { leniencies: ctx.leniencies, resourceType: ctx.resourceType, resourceId: ctx.resourceId, error: ctx.error, lookups, rawQuery };
  if (scrubbing) {
    // What the summary and lint quote: the id from the path, the error's detail, the leniencies' words, the names looked up.
    const scrub = <T>(value: T) => scrubStrings(value as JsonValue, secrets, false) as T;
    inputs = { ...inputs, leniencies: scrub(inputs.leniencies), resourceId: scrub(inputs.resourceId), error: scrub(inputs.error), lookups: scrub(inputs.lookups) };
  }
  const wire: CapturedExchange = {
    parts,
    request: { data: rawBody, json: false, size: Math.max(rawBody?.length ?? 0, ctx.receivedBytes) },
    response: {
      data: responseText,
      json: locals.responseJson !== undefined,
      size: sent ? (locals.responseBytes ?? 0) : 0,
      ...(locals.responseForeign ? { foreign: true } : {}),
      // A list page's resource spans (scim/send.ts), only for the very text they were made for: a
      // scrubbed or replaced text carries none (and the worker checks them anyway, json-list-view.ts spansFit).
      ...(responseText !== null && locals.responseListSpans?.text === responseText ? { spans: locals.responseListSpans.spans } : {}),
    },
    inputs,
    limit: f.limit,
  };
  return wire;
}
