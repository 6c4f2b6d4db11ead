/**
 * Redaction applied to every exchange before it leaves the request path, so no exit (admin API,
 * WebSocket, exchanges file, HAR, curl) can carry a secret. Authorization keeps its scheme
 * (`Bearer [redacted]`), password values are replaced wherever they sit in a body (attributes,
 * PATCH values, PATCH ops whose path is `password`), and any configured secret that still appears
 * in a string of the serialized record, or anywhere in text that is not JSON, is scrubbed as a last
 * line of defence.
 */
import type { JsonValue } from '../contract/scim.js';

export const REDACTED = '[redacted]';

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'x-scimscope-replay']);
export const SECRET_KEYS = /^(password|newpassword|oldpassword|secret|clientsecret|client_secret)$/i;

/** Members and parameters whose values are bearer credentials wherever they appear in an OAuth body (RFC 6749, 7636, 7009). */
export const OAUTH_SECRET_FIELDS: ReadonlySet<string> = new Set(['access_token', 'refresh_token', 'id_token', 'code', 'code_verifier', 'client_secret', 'token', 'csrf_token']);
const OAUTH_FIELD_NAMES = [...OAUTH_SECRET_FIELDS].join('|');

/** OAuth parameters that carry a credential, in a form body, a query or a redirect URL. */
const OAUTH_SECRET_PARAMS = new RegExp(`([?&#]|^)(${OAUTH_FIELD_NAMES})=[^&#\\s]*`, 'gi');
/** The same parameters after any character that is not part of a name: a body sent to the OAuth endpoints, whatever its shape. */
const OAUTH_PARAMS_ANYWHERE = new RegExp(`(^|[^\\w.~%+-])(${OAUTH_FIELD_NAMES})=[^&#\\s]*`, 'gi');
/** The same members written in JSON text (a body cut short or not parsed). */
const OAUTH_MEMBER_TEXT = new RegExp(`("(?:${OAUTH_FIELD_NAMES})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi');

/**
 * Whether a request went to the OAuth endpoints (server/oauth/, `/oauth2/...`, under any mount):
 * what it sends there is credentials by name, whatever the body's shape. A request the endpoint
 * refuses (a JSON body, a wrong client secret) has not used its refresh token or code, which is
 * still live, so it is redacted as carefully as an accepted one. Wider than oauth-http.ts `isOAuthPath`
 * (which routes) on purpose: an `oauth2` segment anywhere, raw un-mounted paths of refused requests included.
 */
export const isOAuthRequestPath = (path: string) => /(^|\/)oauth2(\/|$)/i.test(path);

/** A JSON body sent to an OAuth endpoint with its credential members replaced, at any depth (after `redactBody`). */
export function redactOAuthBody(value: JsonValue): JsonValue {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let out: JsonValue[] | null = null;
    value.forEach((v, i) => {
      const r = redactOAuthBody(v);
      if (r !== v) (out ??= [...value])[i] = r;
    });
    return out ?? value;
  }
  let out: Record<string, JsonValue> | null = null;
  for (const [key, v] of Object.entries(value)) {
    const r = OAUTH_SECRET_FIELDS.has(key.toLowerCase()) && v !== null ? REDACTED : redactOAuthBody(v);
    if (r !== v) (out ??= { ...value })[key] = r;
  }
  return out ?? value;
}

/** One test, no replacement: whether a query string names an OAuth credential parameter. */
const OAUTH_PARAM_IN_QUERY = new RegExp(`(?:^|&)(?:${OAUTH_FIELD_NAMES})=`, 'i');
export const carriesOAuthParam = (query: string) => OAUTH_PARAM_IN_QUERY.test(query);

/** Replaces OAuth credentials in form-encoded text or a URL, keeping every other parameter. */
export function redactOAuthParams(text: string): string {
  return text.replace(OAUTH_SECRET_PARAMS, (_m, lead: string, key: string) => `${lead}${key}=${encodeURIComponent(REDACTED)}`);
}

export function redactHeaderValue(name: string, value: string): string {
  const lower = name.toLowerCase();
  // The authorization server's redirect carries the code (and an error redirect nothing secret).
  if (lower === 'location') return redactOAuthParams(value);
  if (!SECRET_HEADERS.has(lower)) return value;
  if (lower === 'authorization' || lower === 'proxy-authorization') {
    const match = /^(\s*)(Bearer|Basic|Token|SSWS|Digest)\s+\S/i.exec(value);
    return match ? `${match[2]} ${REDACTED}` : REDACTED;
  }
  return REDACTED;
}

export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = redactHeaderValue(name, value);
  return out;
}

/** Replaces secret values in a JSON body; returns the input itself when nothing needed redacting. */
export function redactBody(value: JsonValue): JsonValue {
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const r = redactBody(v);
      if (r !== v) changed = true;
      return r;
    });
    return changed ? out : value;
  }
  if (value === null || typeof value !== 'object') return value;
  let changed = false;
  const out: Record<string, JsonValue> = {};
  // A PATCH operation aimed at the password carries it as a bare value.
  const targetsSecret = typeof value.path === 'string' && /(^|:)password$/i.test(value.path);
  for (const [key, v] of Object.entries(value)) {
    if ((SECRET_KEYS.test(key) || (targetsSecret && key.toLowerCase() === 'value')) && v !== null) {
      out[key] = REDACTED;
      changed = true;
      continue;
    }
    const r = redactBody(v);
    if (r !== v) changed = true;
    out[key] = r;
  }
  return changed ? out : value;
}

/**
 * Removes every occurrence of the given secrets from a text. For a JSON text use `scrubJsonText`:
 * this one would also hit numbers and structure (a secret of digits in a number).
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 6) continue;
    // The raw form, and the form it takes inside a JSON string, the longer first (formsOf).
    for (const form of formsOf(secret)) {
      if (out.includes(form)) out = out.split(form).join(REDACTED);
    }
  }
  return out;
}

/**
 * `value` with every one of `secrets` removed from every string in it (`scrubSecrets`), and from
 * its keys too unless `keys` is false (a value whose keys are structure, not data, at every depth); the same
 * value, not a copy, where nothing changed. Numbers and structure are never touched.
 */
export function scrubStrings(value: JsonValue, secrets: readonly string[], keys = true): JsonValue {
  if (typeof value === 'string') return scrubSecrets(value, secrets);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let out: JsonValue[] | null = null;
    value.forEach((v, i) => {
      const r = scrubStrings(v, secrets, keys);
      if (r !== v) (out ??= [...value])[i] = r;
    });
    return out ?? value;
  }
  let changed = false;
  const out: Record<string, JsonValue> = {};
  for (const [key, v] of Object.entries(value)) {
    const k = keys ? scrubSecrets(key, secrets) : key;
    const r = scrubStrings(v, secrets, keys);
    if (k !== key || r !== v) changed = true;
    out[k] = r;
  }
  return changed ? out : value;
}

/**
 * The forms a list of secrets takes, each once (a workspace lists some secrets twice: its admin token
 * and the instance's), secrets under 6 characters left out: `json`, raw and as inside a JSON string
 * (`formsOf`), what a text the server or a client wrote may hold; `url`, raw and percent-encoded, what
 * a request's target or headers may hold.
 */
export interface SecretForms {
  json: readonly string[];
  url: readonly string[];
}
const NO_FORMS: SecretForms = { json: [], url: [] };
/**
 * Made once per list: every exchange, history line and breakpoint asks with the same few secrets, in a
 * fresh array from `secrets()` or the one a capture carries. Kept for the last list asked about, and
 * known again by its contents (a few string comparisons, which identical strings answer at once).
 */
let lastList: readonly string[] = [];
let lastForms: SecretForms = NO_FORMS;
/** `lastForms.json`'s probes (`probeOf`), index for index, made with them. */
let lastProbes: readonly string[] = [];
export function secretForms(secrets: readonly string[]): SecretForms {
  if (!sameList(secrets, lastList)) {
    const long = secrets.filter((s) => typeof s === 'string' && s.length >= 6);
    lastForms = long.length === 0 ? NO_FORMS : { json: [...new Set(long.flatMap(formsOf))], url: [...new Set(long.flatMap((s) => [s, encodeURIComponent(s)]))] };
    lastProbes = lastForms.json.map(probeOf);
    lastList = [...secrets];
  }
  return lastForms;
}

/** Characters a SCIM answer's JSON holds everywhere (keys, ids, dates, e-mail addresses). */
const COMMON_IN_JSON = /[a-z0-9\s"{}[\]:,._/@+TZ-]/;
const PROBE_MIN = 8;
/**
 * What `mentionsAny` searches for first: the form from its first character that SCIM JSON seldom
 * holds (an upper-case letter, most punctuation), at least PROBE_MIN characters, else the form
 * itself. A text holding the form holds this part of it, so a text without it cannot hold the form:
 * the answer is the same. The search is cheaper: `indexOf` scans for a pattern's first character, and
 * one the text holds at every other position (a lower-case letter, a digit) sends it to its
 * table-driven search, built on every call (~0.25 µs a form in a 700-byte page, ~0.04 with a probe).
 */
function probeOf(form: string): string {
  let probe = probeCache.get(form);
  if (probe === undefined) {
    probe = form;
    for (let i = 0; i + PROBE_MIN <= form.length; i++) {
      if (!COMMON_IN_JSON.test(form[i]!)) {
        probe = form.slice(i);
        break;
      }
    }
    if (probeCache.size >= 64) probeCache.clear();
    probeCache.set(form, probe);
  }
  return probe;
}
/** Kept like `formsCache`: a list asked about after another (two workspaces' secrets) finds its probes made. */
const probeCache = new Map<string, string>();
function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether any of `secrets` (6 characters or more) appears in `text`, raw or as inside a JSON string: one `includes` per distinct form, after one of its probe, a part of it (`probeOf`). */
export function mentionsAny(text: string, secrets: readonly string[]): boolean {
  const forms = secretForms(secrets).json;
  const probes = lastProbes;
  for (let i = 0; i < forms.length; i++) if (text.includes(probes[i]!) && text.includes(forms[i]!)) return true;
  return false;
}

const JSON_STRING_TOKEN = /"(?:[^"\\]|\\.)*"/g;
/**
 * An escape JSON.stringify never writes but any JSON writer may: `\uXXXX` for any character, `\/`.
 * A secret written with one does not hold any form `formsOf` gives, so a string holding one is
 * decoded before it is searched. (It may also match an escaped backslash followed by `u` or `/`:
 * that string is decoded for nothing, never scrubbed wrongly.)
 */
const OTHER_ESCAPE = /\\(?:u[0-9a-fA-F]{4}|\/)/;

/** A JSON string token's value, or null when it is not one (the text was not JSON). */
function stringValue(token: string): string | null {
  try {
    return JSON.parse(token) as string;
  } catch {
    return null;
  }
}

/**
 * Whether any of `secrets` (6 characters or more) may appear in a JSON text: raw or as JSON.stringify
 * writes it (`mentionsAny`), or inside a string token written with other escapes (`\u0073ecret`,
 * `a\/b`), which are decoded to be searched. A gate, as `mentionsAny` is: a secret of digits in a
 * number answers true too, and `scrubJsonText` then leaves the number alone.
 */
export function mentionsAnyInJson(text: string, secrets: readonly string[]): boolean {
  if (mentionsAny(text, secrets)) return true;
  if (secretForms(secrets).json.length === 0 || !OTHER_ESCAPE.test(text)) return false;
  for (const [token] of text.matchAll(JSON_STRING_TOKEN)) {
    if (!OTHER_ESCAPE.test(token)) continue;
    const value = stringValue(token);
    if (value !== null && mentionsAny(value, secrets)) return true;
  }
  return false;
}

/**
 * Removes every occurrence of the given secrets from the strings (keys and values) of a JSON text,
 * leaving numbers, literals and structure alone: a secret of digits, one equal to a key name or one
 * holding `","` cannot break the text, and each string reads back as `scrubSecrets` of what it held
 * (so a record walked string by string scrubs the same), however the text's writer escaped it
 * (`\uXXXX` for any of the secret's characters, `\/`). A string that held a secret is written back as
 * JSON.stringify writes it. The common case, no secret and no such escape in the text, costs one
 * `includes` per form and one regular-expression test.
 */
export function scrubJsonText(text: string, secrets: readonly string[]): string {
  if (!mentionsAnyInJson(text, secrets)) return text;
  return text.replace(JSON_STRING_TOKEN, (token) => {
    if (!mentionsAny(token, secrets) && !OTHER_ESCAPE.test(token)) return token;
    const value = stringValue(token);
    if (value === null) return scrubSecrets(token, secrets); // not a JSON string after all (the text was not JSON): scrub it as text
    const scrubbed = scrubSecrets(value, secrets);
    return scrubbed === value ? token : JSON.stringify(scrubbed);
  });
}

/**
 * A secret's raw form and the form it takes inside a JSON string, the longer first: a secret with a
 * quote or backslash has its raw form inside the JSON one, and replacing that part alone would leave a
 * stray escape that breaks the record's JSON. Kept: secrets are few and asked for on every record.
 */
const formsCache = new Map<string, string[]>();
export function formsOf(secret: string): string[] {
  let forms = formsCache.get(secret);
  if (!forms) {
    const escaped = JSON.stringify(secret).slice(1, -1);
    forms = escaped === secret ? [secret] : [escaped, secret];
    if (formsCache.size >= 64) formsCache.clear();
    formsCache.set(secret, forms);
  }
  return forms;
}

/**
 * A body's text with `secrets` scrubbed: only from its strings when it is JSON (its numbers and
 * structure kept), everywhere when not, and then from any JSON string in it written with escapes
 * (a body that is almost JSON keeps `"\u0073ecret"` readable to anyone who decodes it).
 */
export const scrubbedText = (text: string, secrets: readonly string[], json: boolean) => (json ? scrubJsonText(text, secrets) : scrubJsonText(scrubSecrets(text, secrets), secrets));

/** A target's or header's text with `secrets` scrubbed in every form a request carries them (raw, percent-encoded) and as JSON writes them. */
export function scrubbedUrlText(text: string, secrets: readonly string[]): string {
  let out = scrubSecrets(text, secrets);
  for (const form of secretForms(secrets).url) if (out.includes(form)) out = out.split(form).join(REDACTED);
  return out;
}

/** Whether a body's text is JSON (asked only when it holds a secret: a request's). */
export function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const SECRET_MEMBER_TEXT = /("(?:password|newpassword|oldpassword|secret|clientsecret|client_secret)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;
const VALUE_MEMBER_TEXT = /("value"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;

/**
 * Redacts a body kept as text because it could not be parsed or walked (an exchange recorded without
 * interpretation): secret members by name, and when a password is the target of any operation, every
 * string `value` too. Pattern-based, so it cannot overflow on any nesting.
 */
export function redactRawText(text: string): string {
  let out = text.replace(SECRET_MEMBER_TEXT, `$1"${REDACTED}"`);
  if (/"path"\s*:\s*"[^"]*password"/i.test(out)) out = out.replace(VALUE_MEMBER_TEXT, `$1"${REDACTED}"`);
  return out;
}

/**
 * Redacts a body kept as text because it was not parsed (cut at the body limit, not JSON, or
 * recorded without interpretation): OAuth credentials when it is form-encoded (a token request), or
 * in any shape when it was sent to the OAuth endpoints (`oauth`), then secret JSON members by name (`redactRawText`), since text cut short or malformed can still
 * hold a password.
 */
export function redactBodyText(text: string, oauth = false): string {
  // A form body may start with an empty pair (`&grant_type=...`), which form parsers accept.
  if (oauth) {
    const params = text.replace(OAUTH_PARAMS_ANYWHERE, (_m, lead: string, key: string) => `${lead}${key}=${encodeURIComponent(REDACTED)}`);
    return redactRawText(params.replace(OAUTH_MEMBER_TEXT, `$1"${REDACTED}"`));
  }
  return redactRawText(/^&*[\w.~%+-]+=/.test(text) ? redactOAuthParams(text) : text);
}
