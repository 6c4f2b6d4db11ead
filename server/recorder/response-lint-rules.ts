/**
 * The response half of the lint catalogue: what a SCIM server answered, judged against RFC 7643/7644
 * and what Okta and Entra document, whoever answered it — Scimscope's own store (where faults and
 * quirks imitate broken servers) or, in proxy mode, the developer's upstream server. Each rule says
 * which document it rests on (`sources`), so a finding can be checked rather than trusted.
 */
import type { ClientKind, LintFinding, LintLevel, LintSource } from '../contract/exchange.js';
import type { ExchangeFacts } from './operation-classify.js';
import { clip } from './operation-summary.js';
import { isObject, listParamsOf, member, param, routeOf } from './scim-shape-read.js';

export type Check = (facts: ExchangeFacts, client: ClientKind) => LintFinding | null;

const RFC7643 = 'https://datatracker.ietf.org/doc/html/rfc7643';
const RFC7644 = 'https://datatracker.ietf.org/doc/html/rfc7644';
const rfc = (doc: 7643 | 7644, section: string): LintSource => ({ kind: 'rfc', ref: `RFC ${doc} §${section}`, url: `${doc === 7643 ? RFC7643 : RFC7644}#section-${section}` });
/** Okta's SCIM 2.0 reference (the guide Okta links from its SCIM docs). */
const OKTA_SCIM: LintSource = { kind: 'okta', ref: 'Okta: Okta and SCIM Version 2.0', url: 'https://developer.okta.com/docs/api/openapi/okta-scim/guides/scim-20' };
/** Okta's published SPEC test suite (Runscope), whose assertions Okta's OIN review runs. */
const OKTA_SPEC: LintSource = { kind: 'okta', ref: 'Okta: SCIM 2.0 SPEC test (Runscope suite)', url: 'https://raw.githubusercontent.com/joelfranusic-okta/okta-scim-beta/master/SCIM_tests_for_Runscope.json' };
/** Microsoft's "Develop and plan provisioning for a SCIM endpoint" page. */
const ENTRA_SCIM: LintSource = { kind: 'entra', ref: 'Entra: Develop a SCIM endpoint', url: 'https://learn.microsoft.com/en-us/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups' };

export const finding = (code: string, level: LintLevel, message: string, sources?: LintSource[]): LintFinding => ({ code, level, message, ...(sources ? { sources } : {}) });

export const isCollection = (facts: ExchangeFacts) => {
  const route = routeOf(facts.scimPath);
  return route !== null && route.type !== null && route.id === null && ((facts.method === 'GET' && !route.search) || (facts.method === 'POST' && route.search));
};
const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
const ok = (f: ExchangeFacts) => f.status >= 200 && f.status < 300;
/** The newer checks judge the whole answer, headers included: only when the recorded response is at hand. */
const wire = (f: ExchangeFacts) => f.responseHeaders !== undefined;
const isCreate = (f: ExchangeFacts) => {
  const route = routeOf(f.scimPath);
  return f.method === 'POST' && route?.type != null && route.id === null && !route.search;
};
const onResource = (f: ExchangeFacts) => {
  const route = routeOf(f.scimPath);
  return route?.type != null && route.id !== null ? route : null;
};
const isScimError = (body: unknown) => {
  const schemas = member(body, 'schemas');
  return Array.isArray(schemas) && schemas.includes(ERROR_SCHEMA);
};

/** Checks of what the backend answered. */
export const RESPONSE_CHECKS: Check[] = [
  (f) => {
    if (!isCreate(f) || !ok(f)) return null;
    if (typeof member(f.responseBody, 'id') === 'string') return null;
    return finding('response.create.id.missing', 'error', `The ${f.status} answer to this create has no "id"${f.responseBody === undefined ? ' (empty body)' : ''}. RFC 7644 §3.3 returns the created resource, id included; Okta fails with "Create new user returned empty user."`, [rfc(7644, '3.3'), OKTA_SCIM]);
  },
  (f) => {
    if (!wire(f) || !isCreate(f) || f.status !== 201 || typeof member(f.responseBody, 'id') !== 'string' || f.responseHeaders?.location !== undefined) return null;
    return finding('response.create.location.missing', 'warning', 'The 201 answer to this create has no Location header. RFC 7644 §3.3: the URI of the created resource SHALL be in the Location header and in meta.location.', [rfc(7644, '3.3')]);
  },
  (f) => {
    if (!wire(f) || !isCreate(f) || !ok(f) || typeof member(f.responseBody, 'id') !== 'string') return null;
    const meta = member(f.responseBody, 'meta');
    if (isObject(meta) && typeof member(meta, 'location') === 'string' && typeof member(meta, 'resourceType') === 'string') return null;
    return finding('response.create.meta.missing', 'warning', `The created resource has ${isObject(meta) ? 'an incomplete "meta" (needs resourceType and location)' : 'no "meta"'}. RFC 7644 §3.3 returns meta.location; RFC 7643 §3.1 makes meta.resourceType and meta.location part of every resource.`, [rfc(7644, '3.3'), rfc(7643, '3.1')]);
  },
  (f) => {
    if (f.status !== 409 || member(f.responseBody, 'scimType') !== undefined || f.error?.scimType) return null;
    return finding('response.conflict.scimType.missing', 'warning', '409 sent without "scimType". RFC 7644 §3.3 answers a duplicate with 409 and scimType "uniqueness" (§3.12); a client that checks scimType cannot tell a duplicate from another conflict.', [rfc(7644, '3.3'), rfc(7644, '3.12')]);
  },
  (f) => {
    const detail = String(member(f.responseBody, 'detail') ?? f.error?.detail ?? '');
    if (f.method !== 'POST' || f.status !== 400 || !/already (taken|exists|in use)|duplicate/i.test(detail)) return null;
    return finding('response.duplicate.not409', 'warning', 'A duplicate was answered 400. RFC 7644 §3.3 requires 409 Conflict with scimType "uniqueness"; Okta documents a 409 Error for this case, and a 400 reads as a broken request.', [rfc(7644, '3.3'), OKTA_SCIM]);
  },
  (f) => {
    if (f.status < 400 || isScimError(f.responseBody)) return null;
    return finding('response.error.schema.missing', 'warning', `The ${f.status} answer ${f.responseBody === undefined ? 'has no body' : 'is not a SCIM Error'}. RFC 7644 §3.12 returns errors as JSON with schemas ["${ERROR_SCHEMA}"] and "status"; Okta's SPEC test asserts both.`, [rfc(7644, '3.12'), OKTA_SPEC]);
  },
  (f) => {
    if (f.status < 400 || !isScimError(f.responseBody) || member(f.responseBody, 'status') !== undefined) return null;
    return finding('response.error.status.missing', 'warning', `The SCIM Error has no "status". RFC 7644 §3.12 makes status REQUIRED: the HTTP status as a string ("${f.status}").`, [rfc(7644, '3.12')]);
  },
  (f) => {
    const status = member(f.responseBody, 'status');
    if (typeof status !== 'number' || !isScimError(f.responseBody)) return null;
    return finding('response.error.status.notString', 'warning', `Error "status" sent as the number ${status}. RFC 7644 §3.12 defines it as a string ("${status}"); Okta's SPEC test compares it as a string.`, [rfc(7644, '3.12'), OKTA_SPEC]);
  },
  (f) => {
    if (!isCollection(f) || !isObject(f.responseBody)) return null;
    const wrong = ['totalResults', 'startIndex', 'itemsPerPage'].filter((k) => member(f.responseBody, k) !== undefined && typeof member(f.responseBody, k) !== 'number');
    if (wrong.length === 0) return null;
    return finding('response.list.notNumber', 'warning', `${wrong.join(', ')} sent as ${wrong.length === 1 ? 'a string' : 'strings'}. RFC 7644 §3.4.2 makes them integers; Okta's SPEC test asserts they are numbers.`, [rfc(7644, '3.4.2'), OKTA_SPEC]);
  },
  (f) => {
    if (!wire(f) || !isCollection(f) || f.status !== 200 || !isObject(f.responseBody)) return null;
    const missing = ['totalResults', ...(member(f.responseBody, 'totalResults') !== 0 ? ['Resources'] : [])].filter((k) => member(f.responseBody, k) === undefined);
    if (missing.length === 0) return null;
    return finding('response.list.fields.missing', 'error', `The ListResponse has no ${missing.join(' and no ')}. RFC 7644 §3.4.2 makes totalResults REQUIRED, and Resources REQUIRED when totalResults is not 0.`, [rfc(7644, '3.4.2'), OKTA_SPEC]);
  },
  (f) => {
    if (!isCollection(f) || f.status !== 200 || !isObject(f.responseBody)) return null;
    const total = member(f.responseBody, 'totalResults');
    const resources = member(f.responseBody, 'Resources');
    if (typeof total !== 'number' || !Array.isArray(resources) || resources.length >= total) return null;
    const missing = ['startIndex', 'itemsPerPage'].filter((k) => member(f.responseBody, k) === undefined);
    if (missing.length === 0) return null;
    return finding('response.list.paging.missing', 'warning', `A partial page (${resources.length} of ${total}) without ${missing.join(' or ')}. RFC 7644 §3.4.2 requires startIndex and itemsPerPage when results are paged; Okta and Entra page through imports with them.`, [rfc(7644, '3.4.2'), rfc(7644, '3.4.2.4')]);
  },
  (f) => {
    if (!isCollection(f) || f.status !== 404 || listParamsOf(f).filter === null) return null;
    return finding('response.lookup.notFound404', 'warning', 'A filter query was answered 404. RFC 7644 §3.4.2 answers a query that matches nothing with 200 and a ListResponse (totalResults 0); Okta tolerates 404, but Entra treats it as a compliance issue and may quarantine the job.', [rfc(7644, '3.4.2'), ENTRA_SCIM]);
  },
  (f) => {
    if (!wire(f) || f.method !== 'PATCH' || f.status !== 200 || !onResource(f)) return null;
    if (isObject(f.responseBody) && typeof member(f.responseBody, 'id') === 'string' && Array.isArray(member(f.responseBody, 'schemas'))) return null;
    return finding('response.patch.notResource', 'warning', 'PATCH answered 200 without the resource. RFC 7644 §3.5.2: a 200 carries the entire resource (id, schemas...); otherwise answer 204 No Content. Entra accepts either (a Microsoft answer by the interop profile\'s author).', [rfc(7644, '3.5.2'), { kind: 'entra', ref: 'Entra: Microsoft Q&A, expected PATCH response', url: 'https://learn.microsoft.com/en-us/answers/questions/1389417/azure-ad-scim-provisioning-expected-response-for-r' }]);
  },
  (f) => {
    const route = onResource(f);
    if (f.method !== 'PUT' || !ok(f) || !route) return null;
    const id = member(f.responseBody, 'id');
    if (typeof id !== 'string' || id === route.id) return null;
    return finding('response.put.id.changed', 'error', `PUT on "${clip(route.id!, 40)}" answered a resource with id "${clip(id, 40)}". RFC 7643 §3.1 makes id readOnly and stable for the resource's lifetime; the IdP keeps the old id and its next update misses.`, [rfc(7643, '3.1'), rfc(7644, '3.5.1')]);
  },
  (f) => {
    const etag = f.responseHeaders?.etag;
    const version = member(member(f.responseBody, 'meta'), 'version');
    if (!ok(f) || etag === undefined || typeof version !== 'string' || etag.trim() === version.trim()) return null;
    return finding('response.etag.mismatch', 'warning', `ETag ${clip(etag, 40)} differs from meta.version ${clip(version, 40)}. RFC 7643 §3.1: meta.version must be the same as the ETag response header (RFC 7644 §3.14).`, [rfc(7643, '3.1'), rfc(7644, '3.14')]);
  },
  (f) => {
    const sent = f.method === 'POST' ? String(member(f.body, 'excludedAttributes') ?? '') : param(f.query, 'excludedAttributes') ?? '';
    if (sent === '' || !sent.split(',').some((s) => s.trim().toLowerCase() === 'members')) return null;
    const resources = member(f.responseBody, 'Resources');
    const listed = (Array.isArray(resources) ? resources : [f.responseBody]).some((r) => member(r, 'members') !== undefined);
    if (!listed) return null;
    return finding('response.excludedAttributes.ignored', 'warning', 'The request excluded members (excludedAttributes=members), but the answer lists them. RFC 7644 §3.4.2.5 says excluded attributes are not returned; Entra asks this to keep large groups cheap.', [rfc(7644, '3.4.2.5'), ENTRA_SCIM]);
  },
  (f) => {
    const type = f.responseHeaders?.['content-type'];
    if (type === undefined || !/^application\/json\b/i.test(type)) return null;
    return finding('response.contentType.json', 'info', `Answered with Content-Type ${clip(type, 50)}. RFC 7644 §8.1 registers application/scim+json for SCIM; Microsoft asks for it on every response to Entra. Most clients accept application/json too.`, [rfc(7644, '8.1'), ENTRA_SCIM]);
  },
  (f) => {
    const type = f.responseHeaders?.['content-type'];
    if (type === undefined || f.status === 204 || /^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) return null;
    return finding('response.contentType.notJson', 'error', `Answered with Content-Type ${clip(type, 50)}. SCIM bodies are JSON: RFC 7644 §3.1 and §8.1 (application/scim+json); Microsoft asks for application/scim+json on every response to Entra.`, [rfc(7644, '3.1'), rfc(7644, '8.1'), ENTRA_SCIM]);
  },
];
