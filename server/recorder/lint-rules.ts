/** Explains what is odd about an exchange, so a developer learns what the client sent, what RFC 7643/7644 or the client's documentation says, and what Scimscope did about it. */
import type { ClientKind, LintFinding, LintLevel } from '../contract/exchange.js';
import type { Leniency } from '../contract/scim.js';
import { MAX_PAGE_SIZE } from '../scim/list-query.js';
import type { ExchangeFacts } from './exchange-facts.js';
import { changeOf, clip, failed } from './operation-summary.js';
import { isObject, listParamsOf, member, routeOf } from './scim-shape-read.js';
import { RESPONSE_CHECKS, finding, isCollection, type Check } from './response-lint-rules.js';

interface LeniencyRule {
  level: LintLevel;
  /** What was sent, as a heading for the quoted fragments. */
  what: string;
  /** What the RFC or the client's documentation says. */
  rule: string;
  /** What Scimscope did, completing "Scimscope …". */
  did: string;
}

const FORM = (t: string) => `RFC 7643 §${t}`;
const BOOLEAN: Omit<LeniencyRule, 'level'> = { what: 'Boolean sent as a string', rule: `${FORM('2.3.2')} booleans are JSON true/false; Entra's default mode sends "True"/"False".`, did: 'stored a real boolean' };
const STRING: Omit<LeniencyRule, 'level'> = { what: 'Number or boolean for a string attribute', rule: `${FORM('2.3.1')} strings are JSON strings.`, did: 'stored it as text' };
const UNWRAP: Omit<LeniencyRule, 'level'> = { what: 'Array for a single-valued attribute', rule: `${FORM('2.3')} gives a single-valued attribute one value, not an array.`, did: 'used its only element' };
const WRAP: Omit<LeniencyRule, 'level'> = { what: 'Single value for a multi-valued attribute', rule: `${FORM('2.4')} sends multi-valued attributes as JSON arrays.`, did: 'wrapped it in an array' };
const MANAGER: Omit<LeniencyRule, 'level'> = { what: 'Plain string for a complex attribute', rule: `${FORM('4.3')} makes manager complex ({"value": id}); Entra sends the bare id.`, did: 'stored it as {"value": …}' };
const CASE_RULE = `${FORM('2.1')} makes attribute names case-insensitive, but many servers only match the exact spelling.`;

/** Every leniency code the server records (server/scim/**), with its level and explanation. */
const LENIENCIES: Record<string, LeniencyRule> = {
  'request.contentType.missing': { level: 'warning', what: 'Body sent without Content-Type', rule: 'RFC 7644 §3.8 has clients name the body format in Content-Type (application/scim+json).', did: 'parsed the body as JSON anyway' },
  'schema.extension.unknown': { level: 'info', what: 'Schema extension this server does not declare', rule: `${FORM('3.3')} allows extensions, but only those listed in /ResourceTypes are known; strict servers refuse others.`, did: 'stored it as sent' },
  'attribute.unknown': { level: 'warning', what: 'Attribute not in the schema', rule: `${FORM('4')} defines the User and Group attributes; strict servers reject or drop others.`, did: 'stored it as sent' },
  'attribute.readonly.ignored': { level: 'info', what: 'Read-only attribute sent', rule: `${FORM('7')} marks it readOnly and RFC 7644 §3.5.1 says such values SHALL be ignored (Okta echoes them on PUT).`, did: 'ignored it' },
  'schemas.core.missing': { level: 'warning', what: 'Core schema URN missing from "schemas"', rule: `${FORM('3')} makes "schemas" REQUIRED, naming the resource's core schema.`, did: 'adds the core URN when it stores the resource' },
  'attribute.core.qualified': { level: 'info', what: 'Core attributes qualified by the core schema URN', rule: `RFC 7644 §3.10 allows URN-qualified names, but ${FORM('3.3')} nests only extension attributes under their URN; many servers refuse this.`, did: 'stored them at the top level' },
  'query.attributes.filter': { level: 'warning', what: 'Value filter in "attributes"', rule: 'RFC 7644 §3.4.2.5 takes attribute names there; a value filter belongs in "filter". Microsoft\'s SCIM test collection sends it.', did: 'kept only the values it selects' },
  'value.multivalued.wrapped': { level: 'warning', ...WRAP },
  'value.array.unwrapped': { level: 'warning', ...UNWRAP },
  'value.complex.string': { level: 'warning', ...MANAGER },
  'value.boolean.string': { level: 'warning', ...BOOLEAN },
  'value.string.coerced': { level: 'warning', ...STRING },
  'value.primary.multiple': { level: 'warning', what: 'Several values marked primary', rule: `${FORM('2.4')}: the primary value true MUST appear no more than once.`, did: 'kept the first as primary' },
  'members.duplicate': { level: 'info', what: 'Member listed twice', rule: `${FORM('4.2')} members lists distinct resources; a repeat adds nothing.`, did: 'kept it once' },
  'patch.operations.case': { level: 'info', what: '"Operations" spelled in another case', rule: CASE_RULE, did: 'read it' },
  'patch.key.case': { level: 'info', what: 'PATCH member name in another case', rule: CASE_RULE, did: 'read it' },
  'patch.schemas.missing': { level: 'warning', what: 'PATCH without the PatchOp schema', rule: 'RFC 7644 §3.5.2 requires "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"].', did: 'applied the operations anyway' },
  'patch.op.capitalized': { level: 'warning', what: 'Capitalised PATCH op', rule: 'RFC 7644 §3.5.2 defines "add", "remove" and "replace"; Microsoft documents Entra sending "Add"/"Replace"/"Remove".', did: 'read it case-insensitively' },
  'patch.path.empty': { level: 'warning', what: 'Empty PATCH path', rule: 'RFC 7644 §3.5.2: "path" names an attribute; an empty string names none.', did: 'treated it as no path' },
  'patch.value.dottedkey': { level: 'warning', what: 'Attribute path used as a key in a no-path value', rule: 'RFC 7644 §3.5.2.3: a no-path value holds attribute names; Entra\'s aadOptscim062020 mode sends "name.givenName".', did: 'treated the key as a path' },
  'patch.path.schema': { level: 'info', what: 'Schema URN alone as the PATCH path', rule: 'RFC 7644 §3.5.2 paths name an attribute; many servers read a bare extension URN as the whole extension object, some refuse it.', did: 'applied the value to that object' },
  'patch.valuepath.created': { level: 'warning', what: 'Value filter matched nothing', rule: 'RFC 7644 §3.5.2.3: replace through a filter that matches nothing fails with 400 noTarget; Entra expects the element to be created.', did: 'created it' },
  'patch.boolean.string': { level: 'warning', ...BOOLEAN },
  'patch.number.string': { level: 'warning', what: 'Number sent as a string', rule: `${FORM('2.3.4')}/§2.3.5 integers and decimals are JSON numbers.`, did: 'stored the number' },
  'patch.value.stringified': { level: 'warning', ...STRING },
  'patch.value.array': { level: 'warning', ...UNWRAP },
  'patch.manager.string': { level: 'warning', ...MANAGER },
  'patch.value.wrapped': { level: 'warning', ...WRAP },
  'patch.remove.value': { level: 'warning', what: 'Remove with a value', rule: 'RFC 7644 §3.5.2.2: remove takes no value, and without a filter removes the whole attribute; Entra means only the listed members.', did: 'did this' },
  'patch.remove.nomatch': { level: 'info', what: 'Remove matched nothing', rule: 'RFC 7644 §3.12 lists 400 noTarget for a path that matches nothing; IdPs re-send removals of members already gone.', did: 'answered success and changed nothing' },
};

/** Codes where Entra's RFC-compliant mode would have sent the RFC form. */
const ENTRA_FLAG = new Set(['patch.op.capitalized', 'patch.boolean.string', 'value.boolean.string', 'patch.remove.value']);
const ENTRA_TIP = ' Add ?aadOptscim062020 to the Tenant URL for the RFC form.';
const MAX_MESSAGE = 300;

/** "a; b (+3 more)", each fragment shortened. */
function quoted(sent: string[], each = 70): string {
  const unique = [...new Set(sent)];
  const shown = unique.slice(0, 2).map((s) => clip(s, each)).join('; ');
  return unique.length > 2 ? `${shown} (+${unique.length - 2} more)` : shown;
}

function leniencyFinding(code: string, group: Leniency[], client: ClientKind): LintFinding {
  const rule = LENIENCIES[code];
  const normalized = clip(group[0]!.normalized, 60);
  const compose = (sent: string): LintFinding => {
    if (!rule) return { code, level: 'warning', message: `Scimscope accepted something the RFC does not allow (${code}): ${sent}. It ${normalized}.` };
    const did = code === 'patch.remove.value' || code === 'patch.valuepath.created' ? `: ${normalized}` : ` ${rule.did}`;
    const tip = client === 'entra' && ENTRA_FLAG.has(code) ? ENTRA_TIP : '';
    return { code, level: rule.level, message: `${rule.what}: ${sent}. ${rule.rule} Scimscope${did}.${tip}` };
  };
  // The quotes get whatever room the explanation leaves under the message budget.
  let finding = compose(quoted(group.map((l) => l.sent)));
  for (let each = 60; finding.message.length > MAX_MESSAGE && each >= 10; each -= 10) finding = compose(quoted(group.map((l) => l.sent), each));
  return finding;
}

const hasBody = (facts: ExchangeFacts) => facts.body !== undefined && facts.body !== null;

/** Checks of the request itself. */
const REQUEST_CHECKS: Check[] = [
  (f, client) => {
    const type = f.headers['content-type'] ?? '';
    if (!hasBody(f) || !/^application\/json\b/i.test(type)) return null;
    const okta = client === 'okta' ? " Okta's SPEC test POSTs send it." : '';
    return finding('request.contentType.json', 'info', `Body sent as ${clip(type, 50)}, not application/scim+json. RFC 7644 §8.1 registers application/scim+json and notes older SCIM used application/json; Scimscope accepts both.${okta}`);
  },
  (f) => {
    const type = f.headers['content-type'];
    if (type === undefined || hasBody(f) || (f.method !== 'GET' && f.method !== 'DELETE')) return null;
    return finding('request.contentType.withoutBody', 'info', `Content-Type "${clip(type, 50)}" sent on a ${f.method} without a body. It describes a body (RFC 9110 §8.3), so it means nothing here; Okta's SPEC test sends it on every GET. Scimscope ignored it.`);
  },
  (f) => (f.headers.accept === undefined
    ? finding('request.accept.missing', 'info', 'No Accept header. RFC 7644 §3.8: with no format named, the response defaults to application/scim+json. Scimscope answered SCIM JSON.')
    : null),
  (f) => {
    const accept = f.headers.accept;
    if (accept === undefined || /json|\*\/\*|application\/\*/i.test(accept)) return null;
    return finding('request.accept.notJson', 'warning', `Accept "${clip(accept, 60)}" does not allow JSON. RFC 7644 §3.8: servers MUST support application/scim+json and SHOULD support application/json; nothing else. Scimscope answered JSON anyway.`);
  },
  (f) => (hasBody(f) && (f.method === 'GET' || f.method === 'DELETE')
    ? finding('request.body.onGet', 'warning', `${f.method} sent with a body. HTTP gives it no defined meaning (RFC 9110 §9.3), and RFC 7644 §3.4.3 puts a query in a body only on POST …/.search. Scimscope ignored the body.`)
    : null),
  (f) => {
    const raw = /(?:^|&)filter=([^&]*)/i.exec(f.rawQuery ?? '')?.[1];
    if (raw === undefined || !raw.includes('+')) return null;
    return finding('request.filter.plusEncoded', 'info', `Filter spaces sent as "+": ${clip(raw, 60)}. "+" means a space only in HTML form encoding, not in RFC 3986 URIs, so strict servers fail with invalidFilter. Scimscope read "+" as a space, as Entra needs.`);
  },
  (f) => {
    const filter = isCollection(f) ? listParamsOf(f).filter : null;
    if (filter === null) return null;
    const stripped = filter.replace(/"(?:[^"\\]|\\.)*"/g, '""');
    if (!/\s(eq|ne|co|sw|ew|gt|ge|lt|le)\s+(?!"|true\b|false\b|null\b|-?\d)[^\s)]+/i.test(stripped)) return null;
    return finding('request.filter.unquoted', 'warning', `Filter compares to an unquoted value: ${clip(filter, 70)}. RFC 7644 §3.4.2.2: string values in filters are JSON strings in double quotes. Scimscope ${failed(f) ? 'refused it' : 'read it anyway'}.`);
  },
  (f) => {
    const { startIndex } = isCollection(f) ? listParamsOf(f) : { startIndex: undefined };
    if (startIndex === undefined || startIndex >= 1) return null;
    return finding('request.startIndex.belowOne', 'warning', `startIndex=${startIndex}: SCIM pages are 1-based, and RFC 7644 §3.4.2.4 says a value below 1 SHALL be read as 1. Scimscope served from the first result.`);
  },
  (f) => {
    const { count } = isCollection(f) ? listParamsOf(f) : { count: undefined };
    if (count === undefined) return null;
    if (count < 0) return finding('request.count.negative', 'warning', `count=${count}: RFC 7644 §3.4.2.4 reads a negative count as 0, which returns only totalResults. Scimscope returned no resources.`);
    if (count > MAX_PAGE_SIZE) {
      return finding('request.count.aboveMax', 'info', `count=${count} is above this server's page size of ${MAX_PAGE_SIZE}. RFC 7644 §3.4.2.4 lets a server return fewer; page with startIndex until totalResults is reached. Scimscope returned at most ${MAX_PAGE_SIZE}.`);
    }
    return null;
  },
  (f, client) => {
    const userName = member(f.body, 'userName');
    const route = routeOf(f.scimPath);
    if (client !== 'okta' || route?.type !== 'User' || (f.method !== 'POST' && f.method !== 'PUT') || typeof userName !== 'string' || /^[^@\s]+@[^@\s]+$/.test(userName)) return null;
    return finding('request.userName.notEmail', 'info', `userName "${clip(userName, 60)}" is not an email address. Okta fills userName from the Okta username, email-shaped by default, so this is a custom mapping; lookups must use the same format. Scimscope stored it as sent.`);
  },
  (f) => {
    if (f.method !== 'PUT' || failed(f)) return null;
    const route = routeOf(f.scimPath);
    const change = route?.type ? changeOf(f, route.type, f.resourceId ?? route.id) : null;
    if (!change?.before || !change.after) return null;
    const after = change.after;
    const omitted = Object.keys(change.before).filter((k) => !/^(id|meta|schemas|groups)$/.test(k) && !(k in after));
    if (omitted.length === 0) return null;
    return finding('request.put.omitted', 'info', `PUT left out ${clip(omitted.join(', '), 80)}. RFC 7644 §3.5.1: PUT replaces the resource, and readWrite attributes left out MAY be cleared. Scimscope cleared them; PATCH changes only what it names.`);
  },
  (f) => {
    const auth = f.headers.authorization;
    if (auth === undefined || auth.trim() === '' || /\s/.test(auth.trim())) return null;
    return finding('request.auth.noScheme', 'info', `Authorization holds a bare value with no scheme. HTTP credentials start with a scheme such as "Bearer" (RFC 9110 §11.4); Okta's HTTP Header auth sends the token alone. Scimscope ${f.authFailed || f.status === 401 ? 'compared it with the token and refused it' : 'accepted it as the token'}.`);
  },
];

function hasCode(findings: LintFinding[], code: string): boolean {
  for (const f of findings) if (f.code === code) return true;
  return false;
}

const NONE: readonly Leniency[] = Object.freeze([]);

/** Creates the body check's own "schemas" leniency when the server never got to normalize the body (faults, auth). */
function bodyLeniencies(facts: ExchangeFacts, leniencies: Leniency[]): readonly Leniency[] {
  const route = routeOf(facts.scimPath);
  const writes = (facts.method === 'POST' && route?.id === null && !route.search) || (facts.method === 'PUT' && route?.id !== null);
  if (!writes || route?.type == null || !isObject(facts.body) || facts.authFailed || leniencies.some((l) => l.code === 'schemas.core.missing')) return NONE;
  const core = `urn:ietf:params:scim:schemas:core:2.0:${route.type}`;
  const schemas = member(facts.body, 'schemas');
  if (Array.isArray(schemas) && schemas.some((s) => typeof s === 'string' && s.toLowerCase() === core.toLowerCase())) return NONE;
  return [{ code: 'schemas.core.missing', sent: schemas === undefined ? 'no "schemas"' : JSON.stringify(schemas), normalized: `added "${core}"` }];
}

/** Every check, request first (one array, not one per exchange). */
const CHECKS: readonly Check[] = [...REQUEST_CHECKS, ...RESPONSE_CHECKS];

/**
 * The lint of one exchange: every leniency the server applied (one finding per code), then checks
 * of the request and of the response. Codes are stable; messages stay under about 300 characters.
 */
export function lintExchange(facts: ExchangeFacts, client: ClientKind, leniencies: Leniency[]): LintFinding[] {
  const own = bodyLeniencies(facts, leniencies);
  const applied = own.length === 0 ? leniencies : leniencies.concat(own);
  const out: LintFinding[] = [];
  if (applied.length > 0) {
    const byCode = new Map<string, Leniency[]>();
    for (const l of applied) {
      const group = byCode.get(l.code);
      if (group) group.push(l);
      else byCode.set(l.code, [l]);
    }
    for (const [code, group] of byCode) out.push(leniencyFinding(code, group, client));
  }
  for (const check of CHECKS) {
    const result = check(facts, client);
    if (result && !hasCode(out, result.code)) out.push(result);
  }
  return out;
}

/** The leniency codes this module explains (for tests and documentation). */
export const KNOWN_LENIENCY_CODES: readonly string[] = Object.keys(LENIENCIES);
