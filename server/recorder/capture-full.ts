/**
 * The full capture of an exchange, made when its turn is over (deferred-captures.ts) from the request,
 * the response and the facts read at its close: secrets scrubbed wherever the request carried them
 * outside Authorization, headers redacted, the parts the recording worker interprets, and the names the
 * summary gives (read at the close: lookupsFor). What the server produced is searched for secrets and
 * scrubbed off the main thread, by the worker (capture-scrub.ts), with the secrets the capture carries. Split from recorder.ts, which is about when to
 * capture and where the record goes.
 */
import type { ScimRequest, ScimResponse } from '../scim/http/pipeline.js';
import { contextOf, type RequestContext } from '../scim/request-context.js';
import type { Repository } from '../store/repository.js';
import { redactedHeaderRecord, redactedResponseHeaders, type CaptureFacts } from './capture-parts.js';
import type { InterpretationInputs } from './exchange-assembly.js';
import type { ListSpans } from './json-list-view.js';
import type { ResponseRecord } from './recorded-body.js';
import type { CapturedExchange } from './recording-wire.js';
import { carriesOAuthParam, isJson, mentionsAnyInJson, redactOAuthParams, scrubbedText, scrubbedUrlText, secretForms } from './redact.js';

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
 * Whether a secret appears in the request's target, body or any header other than Authorization. A
 * body with a backslash may hold one escaped (`\u0073ecret`, `a\/b`, `pa\"ss`): only that body is
 * decoded and searched (redact.ts mentionsAnyInJson), so the common body costs one `includes` per form.
 */
function mentionsSecret(req: ScimRequest, rawBody: Buffer | null, secrets: readonly string[]): boolean {
  const forms = secretForms(secrets).url;
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
 * The secrets list a capture carries: the previous capture's array when the list is the same, so the
 * captures of a batch share one and the worker gets one copy of it per message (a structured clone
 * copies a shared array once), and redact.ts finds its forms at once.
 */
let sharedSecrets: readonly string[] = [];
function shared(secrets: readonly string[]): readonly string[] {
  if (secrets.length === sharedSecrets.length && secrets.every((s, i) => s === sharedSecrets[i])) return sharedSecrets;
  return (sharedSecrets = [...secrets]);
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
  // An OAuth access token may travel as a query parameter of any resource request (RFC 6750 §2.3);
  // in auth mode `oauth` tokens are kept hashed, so they are not among the secrets scrubbed above.
  if (mark >= 0 && carriesOAuthParam(originalUrl.slice(mark + 1))) originalUrl = redactOAuthParams(originalUrl);
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
  // What the server produced (its response, a list page, the changes, the names looked up) may echo
  // a secret a client stored earlier, and an upstream's answer one it was sent: the recording worker
  // searches and scrubs them (capture-scrub.ts), with the secrets read at the close, which the capture carries.
  const responseText = sent ? (locals.responseText ?? null) : null;
  const inputs: Omit<InterpretationInputs, 'parsedBody'> = { leniencies: ctx.leniencies, resourceType: ctx.resourceType, resourceId: ctx.resourceId, error: ctx.error, lookups, rawQuery };
  const wire: CapturedExchange = {
    parts,
    request: { data: rawBody, json: false, size: Math.max(rawBody?.length ?? 0, ctx.receivedBytes) },
    response: {
      data: responseText,
      json: locals.responseJson !== undefined,
      size: sent ? (locals.responseBytes ?? 0) : 0,
      ...(locals.responseForeign ? { foreign: true } : {}),
      // A list page's resource spans (scim/send.ts), only for the very text they were made for: a
      // replaced text carries none, a scrubbed one drops them (capture-scrub.ts), and the worker checks them anyway (json-list-view.ts spansFit).
      ...(responseText !== null && locals.responseListSpans?.text === responseText ? { spans: locals.responseListSpans.spans } : {}),
    },
    inputs,
    limit: f.limit,
    secrets: shared(secrets),
  };
  if (leaky) wire.leaky = true;
  return wire;
}
