/**
 * Secrets scrubbed from a capture in the recording worker (or inline on the main thread when there is
 * no worker: the same code), before it is interpreted, written or posted back. The main thread scrubs
 * only what a request carried (capture-full.ts: its body, target and headers, when it held a secret
 * outside Authorization, since the parts are built from them); everything the server produced (its own
 * response, a list page, the store's changes a write made, the names looked up) may echo a secret a
 * client stored earlier, and is searched and scrubbed here, with the secrets read at the exchange's
 * close that the capture carries. An upstream's answer (proxy mode) is scrubbed as it is parsed
 * (recording-wire.ts `foreignBody`), once.
 */
import type { JsonObject, JsonValue } from '../contract/scim.js';
import { mentionsAny, scrubbedText, scrubJsonText, scrubStrings, secretForms } from './redact.js';
import type { CapturedExchange } from './recording-wire.js';

/**
 * The parts with `secrets` scrubbed from their strings, the data's keys too (the query's, the
 * headers' and the changed resources' attribute names), never a field's own name, a number or the
 * structure: a secret of digits (a basic-auth password `123456`) or one equal to a field's name
 * leaves the parts whole. A change's id and type are the server's and kept.
 */
export function scrubbedParts(parts: CapturedExchange['parts'], secrets: readonly string[]): CapturedExchange['parts'] {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parts) as [string, JsonValue][]) {
    out[key] = key === 'query' || key === 'requestHeaders' || key === 'responseHeaders' ? scrubStrings(value, secrets) : scrubStrings(value, secrets, false);
  }
  out.changes = parts.changes.map((c) => ({ ...c, before: scrubStrings(c.before, secrets) as JsonObject | null, after: scrubStrings(c.after, secrets) as JsonObject | null }));
  return out as CapturedExchange['parts'];
}

/**
 * Whether the server's own output in a capture holds one of its secrets: the response it wrote (its
 * text is JSON.stringify's, so one `includes` per form tells), the store changes the request made,
 * serialized once as the history's lines are (a change carries the whole resource, which may hold an
 * attribute a client stored earlier), and what the summary and lint quote besides (the names looked
 * up, the error's detail, the leniencies' words: a failed Group request names a member whose userName
 * the response never shows). An upstream's answer is not asked: `foreignBody` scrubs it; its headers
 * and the upstream leg are (an upstream may echo the credential it was sent in a header).
 */
function serverOutputMentions(c: CapturedExchange, secrets: readonly string[]): boolean {
  const data = c.response.data;
  if (typeof data === 'string' && !c.response.foreign && mentionsAny(data, secrets)) return true;
  if (c.parts.changes.length > 0 && mentionsAny(JSON.stringify(c.parts.changes), secrets)) return true;
  const { inputs } = c;
  const forms = secretForms(secrets).json;
  if (namesMention(inputs.lookups, forms) || (inputs.error !== null && stringsMention(inputs.error.detail, forms))) return true;
  if (inputs.leniencies.length > 0 && stringsMention(inputs.leniencies, forms)) return true;
  return (c.response.foreign === true || c.parts.upstream !== null) && (stringsMention(c.parts.responseHeaders, forms) || stringsMention(c.parts.upstream, forms));
}

/** Whether a name looked up holds one of the `forms` (the keys and ids are the server's: `lookupsFor`). */
function namesMention(lookups: CapturedExchange['inputs']['lookups'], forms: readonly string[]): boolean {
  for (const key in lookups) {
    const { userName, displayName } = lookups[key]!;
    if (stringsMention(userName, forms) || stringsMention(displayName, forms)) return true;
  }
  return false;
}

/**
 * Whether any string in a small value (a few names, headers), or any of its keys, holds one of the
 * secrets' `forms` (redact.ts secretForms): no serialization, the forms looked up once.
 */
function stringsMention(value: unknown, forms: readonly string[]): boolean {
  if (typeof value === 'string') {
    for (const form of forms) if (value.includes(form)) return true;
    return false;
  }
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => stringsMention(v, forms));
  for (const key in value) if (stringsMention(key, forms) || stringsMention((value as Record<string, unknown>)[key], forms)) return true;
  return false;
}

/**
 * The capture with its secrets scrubbed from every part, the response the server wrote and what the
 * summary and lint quote (the id from the path, the error's detail, the leniencies' words, the names
 * looked up), when the request carried one (`leaky`), the server's output holds one, or the bodies
 * were not handed over (`bodiesNotKept`: nothing tells whether the response held one); the capture
 * itself otherwise (the common case: one search of the response text and of the few names looked up). A scrubbed list page loses
 * its resource spans, made for the text before it was scrubbed: the worker scans the new text
 * (json-list-view.ts). A capture without secrets (made scrubbed on the main thread) is returned as is.
 */
export function scrubbedCapture(c: CapturedExchange): CapturedExchange {
  const secrets = c.secrets;
  if (secrets === undefined || secretForms(secrets).json.length === 0) return c;
  // A capture handed over without its bodies (the recorder had fallen behind: handoff-backlog.ts)
  // lost the response that would have told whether the server echoed a secret: it is scrubbed
  // whole, which costs little, the bodies being gone.
  if (c.leaky !== true && c.bodiesNotKept === undefined && !serverOutputMentions(c, secrets)) return c;
  const { spans: _made, ...response } = c.response;
  if (typeof response.data === 'string' && !response.foreign) response.data = scrubbedText(response.data, secrets, response.json);
  const scrub = <T>(value: T) => scrubStrings(value as JsonValue, secrets, false) as T;
  const { inputs } = c;
  return {
    ...c,
    parts: scrubbedParts(c.parts, secrets),
    response: response.data === c.response.data ? c.response : response,
    inputs: { ...inputs, leniencies: scrub(inputs.leniencies), resourceId: scrub(inputs.resourceId), error: scrub(inputs.error), lookups: scrub(inputs.lookups) },
  };
}

/**
 * What a capture may still show when `scrubbedCapture` itself failed and it is recorded without
 * interpretation: its parts other than the changes scrubbed through their JSON text (every string,
 * however deep, without walking it), the changes left out. Bodies are scrubbed as text when the
 * degraded record is made (record-processing.ts `degradedParts`).
 */
export function partsScrubbedAsText(c: CapturedExchange): CapturedExchange {
  const secrets = c.secrets ?? [];
  const parts = JSON.parse(scrubJsonText(JSON.stringify({ ...c.parts, changes: [] }, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value)), secrets)) as CapturedExchange['parts'];
  return { ...c, parts };
}
