// The recorder's lint, table-driven: which findings an exchange and the server's leniencies produce,
// that every leniency code the server can record is explained, and that messages stay short and cite a source.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClientKind, LintFinding } from '../../server/contract/exchange.js';
import type { Leniency } from '../../server/contract/scim.js';
import type { ResourceChange } from '../../server/contract/store.js';
import { KNOWN_LENIENCY_CODES, lintExchange } from '../../server/recorder/lint-rules.js';
import type { ExchangeFacts } from '../../server/recorder/operation-classify.js';
import { ENTRA_USER_AGENT, OKTA_SPEC_TEST_USER_AGENT, OKTA_USER_AGENT, SCHEMA } from '../fixtures/idp-requests.js';
import { exchangeFacts } from '../helpers/exchange-facts.js';

/** A clean exchange by default: Okta's successful GET /Users with SCIM headers. */
function facts(over: Partial<ExchangeFacts> = {}): ExchangeFacts {
  return exchangeFacts({ headers: { 'user-agent': OKTA_USER_AGENT, accept: 'application/scim+json', authorization: 'Bearer t' }, ...over });
}

const OKTA_BODY = { 'user-agent': OKTA_USER_AGENT, accept: 'application/scim+json', authorization: 'Bearer t', 'content-type': 'application/scim+json' };
const ENTRA_GET = { 'user-agent': ENTRA_USER_AGENT, authorization: 'Bearer t' };
const ENTRA_BODY = { ...ENTRA_GET, 'content-type': 'application/scim+json' };
const lenient = (code: string, sent = 'x', normalized = 'y'): Leniency => ({ code, sent, normalized });
const error = (status: number, extra: Record<string, unknown> = {}) => ({ schemas: [SCHEMA.error], status: String(status), detail: 'd', ...extra });
const list = (over: Record<string, unknown> = {}) => ({ schemas: [SCHEMA.listResponse], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [], ...over });
const user = { schemas: [SCHEMA.user], userName: 'jane@example.com' };
const change = (before: Record<string, unknown>, after: Record<string, unknown>): ResourceChange => ({ resourceType: 'User', id: 'u1', before: before as never, after: after as never });

interface Case {
  name: string;
  facts: ExchangeFacts;
  leniencies?: Leniency[];
  client?: ClientKind;
  codes: string[];
}

const cases: Case[] = [
  // --- clean exchanges
  { name: 'clean Okta list', facts: facts({ responseBody: list() }), client: 'okta', codes: [] },
  { name: 'clean Okta create', facts: facts({ method: 'POST', headers: OKTA_BODY, body: user, status: 201, responseBody: { ...user, id: 'u1' } }), client: 'okta', codes: [] },
  { name: 'clean Okta deactivate', facts: facts({ method: 'PATCH', scimPath: '/Users/u1', headers: OKTA_BODY, body: { schemas: [SCHEMA.patchOp], Operations: [{ op: 'replace', value: { active: false } }] } }), client: 'okta', codes: [] },
  { name: 'clean 404 Error', facts: facts({ scimPath: '/Users/x', status: 404, responseBody: error(404) }), client: 'okta', codes: [] },

  // --- leniencies become findings, one per code
  { name: 'Entra default-mode disable', facts: facts({ method: 'PATCH', scimPath: '/Users/u1', headers: ENTRA_BODY, body: {} }), client: 'entra', leniencies: [lenient('patch.op.capitalized', '"op":"Replace"', '"op":"replace"'), lenient('patch.boolean.string', 'active: "False"', 'active: false')], codes: ['patch.op.capitalized', 'patch.boolean.string', 'request.accept.missing'] },
  { name: 'repeated code grouped', facts: facts({ method: 'POST', headers: OKTA_BODY, body: user, status: 201, responseBody: { id: 'u1' } }), leniencies: [lenient('attribute.unknown', 'a'), lenient('attribute.unknown', 'b'), lenient('attribute.unknown', 'c'), lenient('attribute.unknown', 'd')], codes: ['attribute.unknown'] },
  { name: 'unknown leniency code still reported', facts: facts(), leniencies: [lenient('patch.someday.new', 'q', 'did r')], codes: ['patch.someday.new'] },
  { name: 'Okta read-only echo on PUT', facts: facts({ method: 'PUT', scimPath: '/Users/u1', headers: OKTA_BODY, body: { ...user, id: 'u1', groups: [] } }), client: 'okta', leniencies: [lenient('attribute.readonly.ignored', 'groups', 'ignored (read-only)')], codes: ['attribute.readonly.ignored'] },

  // --- request checks
  { name: 'POST as application/json (SPEC test)', facts: facts({ method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/scim+json; charset=utf-8' }, body: user, status: 201, responseBody: { id: 'u1' } }), client: 'okta', codes: ['request.contentType.json'] },
  { name: 'Content-Type on a bodiless GET (SPEC test)', facts: facts({ headers: { 'user-agent': OKTA_SPEC_TEST_USER_AGENT, accept: 'application/scim+json', 'content-type': 'application/scim+json; charset=utf-8', authorization: 'Bearer t' } }), client: 'okta', codes: ['request.contentType.withoutBody'] },
  { name: 'no Accept header', facts: facts({ headers: ENTRA_GET }), client: 'entra', codes: ['request.accept.missing'] },
  { name: 'Accept without JSON', facts: facts({ headers: { accept: 'text/html', authorization: 'Bearer t' } }), codes: ['request.accept.notJson'] },
  { name: 'Accept */* is fine', facts: facts({ headers: { accept: '*/*', authorization: 'Bearer t' } }), codes: [] },
  { name: 'GET with a body', facts: facts({ body: { filter: 'userName eq "a"' } }), codes: ['request.body.onGet'] },
  { name: 'DELETE with a body', facts: facts({ method: 'DELETE', scimPath: '/Users/u1', body: {}, status: 204 }), codes: ['request.body.onGet'] },
  { name: 'filter with "+" for spaces', facts: facts({ headers: ENTRA_GET, query: { filter: 'externalId eq "j"' }, rawQuery: 'filter=externalId+eq+%22j%22', responseBody: list() }), client: 'entra', codes: ['request.accept.missing', 'request.filter.plusEncoded'] },
  { name: 'filter with %20 is fine', facts: facts({ query: { filter: 'userName eq "a b"' }, rawQuery: 'filter=userName%20eq%20%22a%2Bb%22', responseBody: list() }), codes: [] },
  { name: 'unquoted filter value', facts: facts({ query: { filter: 'externalId eq jyoung' }, status: 400, responseBody: error(400, { scimType: 'invalidFilter' }) }), codes: ['request.filter.unquoted'] },
  { name: 'operator words inside quotes are fine', facts: facts({ query: { filter: 'displayName eq "a eq b" and active eq true' }, responseBody: list() }), codes: [] },
  { name: 'startIndex=0', facts: facts({ query: { startIndex: '0', count: '10' }, responseBody: list() }), codes: ['request.startIndex.belowOne'] },
  { name: 'negative count', facts: facts({ query: { count: '-5' }, responseBody: list() }), codes: ['request.count.negative'] },
  { name: 'count above the page size', facts: facts({ query: { count: '5000' }, responseBody: list() }), codes: ['request.count.aboveMax'] },
  { name: '.search body with a huge count', facts: facts({ method: 'POST', scimPath: '/Groups/.search', headers: OKTA_BODY, body: { count: 100000 }, responseBody: list() }), codes: ['request.count.aboveMax'] },
  { name: 'paging params on a single read are ignored', facts: facts({ scimPath: '/Users/u1', query: { startIndex: '0' } }), codes: [] },
  { name: 'Okta userName that is not an email', facts: facts({ method: 'POST', headers: OKTA_BODY, body: { ...user, userName: 'jdoe' }, status: 201, responseBody: { id: 'u1' } }), client: 'okta', codes: ['request.userName.notEmail'] },
  { name: 'Entra GUID-like userName is not linted', facts: facts({ method: 'POST', headers: { ...ENTRA_BODY, accept: 'application/scim+json' }, body: { ...user, userName: 'Test_User_00aa' }, status: 201, responseBody: { id: 'u1' } }), client: 'entra', codes: [] },
  { name: 'PUT that drops stored attributes', facts: facts({ method: 'PUT', scimPath: '/Users/u1', headers: OKTA_BODY, body: user, changes: [change({ id: 'u1', userName: 'a', title: 'T', phoneNumbers: [], meta: {} }, { id: 'u1', userName: 'a', meta: {} })] }), client: 'okta', codes: ['request.put.omitted'] },
  { name: 'PUT that keeps everything', facts: facts({ method: 'PUT', scimPath: '/Users/u1', headers: OKTA_BODY, body: user, changes: [change({ id: 'u1', userName: 'a', groups: [] }, { id: 'u1', userName: 'b' })] }), client: 'okta', codes: [] },
  { name: 'create without schemas that never reached the server (fault)', facts: facts({ method: 'POST', headers: OKTA_BODY, body: { userName: 'a@b.c' }, status: 503, responseBody: error(503) }), codes: ['schemas.core.missing'] },
  { name: 'schemas leniency and the body check give one finding', facts: facts({ method: 'POST', headers: OKTA_BODY, body: { userName: 'a@b.c' }, status: 201, responseBody: { id: 'u1' } }), leniencies: [lenient('schemas.core.missing', 'null', `added "${SCHEMA.user}"`)], codes: ['schemas.core.missing'] },
  { name: 'group PUT with the core schema is fine', facts: facts({ method: 'PUT', scimPath: '/Groups/g1', headers: OKTA_BODY, body: { schemas: [SCHEMA.group], displayName: 'G' } }), codes: [] },
  { name: 'bare token (Okta header auth)', facts: facts({ headers: { accept: 'application/scim+json', authorization: 'abc123' } }), codes: ['request.auth.noScheme'] },
  { name: 'SPEC test "non-token" refused', facts: facts({ headers: { accept: 'application/scim+json', authorization: 'non-token' }, status: 401, authFailed: true, responseBody: error(401) }), client: 'okta', codes: ['request.auth.noScheme'] },

  // --- response checks
  { name: 'create answered without id', facts: facts({ method: 'POST', headers: OKTA_BODY, body: user, status: 201, responseBody: undefined }), client: 'okta', codes: ['response.create.id.missing'] },
  { name: 'group create answered {}', facts: facts({ method: 'POST', scimPath: '/Groups', headers: OKTA_BODY, body: { schemas: [SCHEMA.group], displayName: 'G' }, status: 201, responseBody: {} }), codes: ['response.create.id.missing'] },
  { name: '409 without scimType', facts: facts({ method: 'POST', headers: OKTA_BODY, body: user, status: 409, responseBody: error(409) }), codes: ['response.conflict.scimType.missing'] },
  { name: '409 with uniqueness', facts: facts({ method: 'POST', headers: OKTA_BODY, body: user, status: 409, responseBody: error(409, { scimType: 'uniqueness' }) }), codes: [] },
  { name: 'duplicate answered 400', facts: facts({ method: 'POST', headers: OKTA_BODY, body: user, status: 400, responseBody: error(400, { detail: 'userName "a" is already taken by User u1.' }) }), codes: ['response.duplicate.not409'] },
  { name: 'error without a body', facts: facts({ status: 500 }), codes: ['response.error.schema.missing'] },
  { name: 'error that is not a SCIM Error', facts: facts({ status: 502, responseBody: { message: 'Bad gateway' } }), codes: ['response.error.schema.missing'] },
  { name: 'Error with a numeric status', facts: facts({ scimPath: '/Users/x', status: 404, responseBody: { ...error(404), status: 404 } }), codes: ['response.error.status.notString'] },
  { name: 'totalResults as a string', facts: facts({ responseBody: list({ totalResults: '3' }) }), codes: ['response.list.notNumber'] },
  { name: 'several list numbers as strings', facts: facts({ responseBody: list({ totalResults: '3', startIndex: '1' }) }), codes: ['response.list.notNumber'] },
  { name: 'filter query answered 404', facts: facts({ headers: { ...ENTRA_GET, accept: '*/*' }, query: { filter: 'userName eq "x"' }, status: 404, responseBody: error(404) }), client: 'entra', codes: ['response.lookup.notFound404'] },
  { name: 'excludedAttributes=members ignored (list)', facts: facts({ scimPath: '/Groups', query: { excludedAttributes: 'members' }, responseBody: list({ Resources: [{ id: 'g1', members: [] }] }) }), codes: ['response.excludedAttributes.ignored'] },
  { name: 'excludedAttributes=members ignored (read)', facts: facts({ scimPath: '/Groups/g1', query: { excludedAttributes: 'members' }, responseBody: { id: 'g1', members: [{ value: 'u1' }] } }), codes: ['response.excludedAttributes.ignored'] },
  { name: 'excludedAttributes=members honoured', facts: facts({ scimPath: '/Groups/g1', query: { excludedAttributes: 'members' }, responseBody: { id: 'g1' } }), codes: [] },
  { name: 'answered as application/json', facts: facts({ responseBody: list(), responseHeaders: { 'content-type': 'application/json; charset=utf-8' } }), codes: ['response.contentType.json'] },
  { name: 'answered as application/scim+json', facts: facts({ responseBody: list(), responseHeaders: { 'content-type': 'application/scim+json; charset=utf-8' } }), codes: [] },
];

describe('lintExchange', () => {
  it.each(cases)('$name', ({ facts: f, leniencies = [], client = 'unknown', codes }) => {
    const found = lintExchange(f, client, leniencies);
    expect(found.map((l) => l.code).sort()).toEqual([...codes].sort());
    for (const l of found) expectTeaches(l);
  });

  it('puts leniencies first, in the order the server recorded them', () => {
    const found = lintExchange(facts({ body: {} }), 'unknown', [lenient('value.string.coerced'), lenient('attribute.unknown')]);
    expect(found.map((l) => l.code)).toEqual(['value.string.coerced', 'attribute.unknown', 'request.body.onGet']);
  });

  it('quotes what was sent and counts the rest', () => {
    const [finding] = lintExchange(facts(), 'okta', ['a', 'b', 'c', 'd'].map((s) => lenient('attribute.unknown', `custom_${s}`)));
    expect(finding!.message).toContain('custom_a; custom_b (+2 more)');
    expect(finding!.level).toBe('warning');
  });

  it('gives Entra the aadOptscim062020 tip, and nobody else', () => {
    const l = [lenient('patch.op.capitalized', '"op":"Replace"', '"op":"replace"')];
    expect(lintExchange(facts(), 'entra', l)[0]!.message).toContain('aadOptscim062020');
    expect(lintExchange(facts(), 'okta', l)[0]!.message).not.toContain('aadOptscim062020');
  });

  it('says what Scimscope did for value-specific leniencies', () => {
    const [finding] = lintExchange(facts(), 'entra', [lenient('patch.remove.value', 'remove members with value [{"value":"u1"}]', 'removed only the listed members values')]);
    expect(finding!.message).toContain('Scimscope: removed only the listed members values.');
  });

  it('levels: errors for broken answers, warnings for deviations, info for allowed oddities', () => {
    const level = (f: ExchangeFacts, l: Leniency[] = []) => lintExchange(f, 'okta', l).map((x) => `${x.code}:${x.level}`);
    expect(level(facts({ method: 'POST', headers: OKTA_BODY, body: user, status: 201 }))).toEqual(['response.create.id.missing:error']);
    expect(level(facts(), [lenient('patch.op.capitalized')])).toEqual(['patch.op.capitalized:warning']);
    expect(level(facts(), [lenient('attribute.readonly.ignored')])).toEqual(['attribute.readonly.ignored:info']);
    expect(level(facts({ headers: { authorization: 'Bearer t' } }))).toEqual(['request.accept.missing:info']);
  });
});

/** Every finding names its source (an RFC or the client's documentation) and stays short. */
function expectTeaches(l: LintFinding): void {
  expect(l.code).toMatch(/^[a-z]+(\.[A-Za-z0-9]+)+$/);
  expect(['info', 'warning', 'error']).toContain(l.level);
  expect(l.message.length).toBeLessThanOrEqual(300);
  expect(l.message).toMatch(/RFC|Okta|Entra|Microsoft|Scimscope/);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Leniency codes as the server records them: `code: '…'` in pushes, and the PATCH engine's `log.add('…', …)`. */
function emittedCodes(): string[] {
  const codes = new Set<string>();
  for (const file of sourceFiles(join(import.meta.dirname, '../../server/scim'))) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!/code:\s*'|\.add\(/.test(line)) continue;
      for (const m of line.matchAll(/'([a-z]+(?:\.[A-Za-z]+)+)'/g)) codes.add(m[1]!);
    }
  }
  return [...codes].sort();
}

describe('leniency coverage', () => {
  it('finds the codes in the server source', () => {
    expect(emittedCodes()).toEqual(expect.arrayContaining(['patch.op.capitalized', 'value.boolean.string', 'request.contentType.missing', 'members.duplicate']));
  });

  it('explains every leniency code the server records', () => {
    const missing = emittedCodes().filter((code) => !KNOWN_LENIENCY_CODES.includes(code));
    expect(missing).toEqual([]);
  });

  it.each(KNOWN_LENIENCY_CODES.map((code) => [code]))('%s reads well', (code) => {
    const long = `"${'x'.repeat(200)}"`;
    for (const client of ['okta', 'entra', 'unknown'] as const) {
      const found = lintExchange(facts(), client, [lenient(code, long, 'y'.repeat(200)), lenient(code, 'second', 'z')]);
      expect(found).toHaveLength(1);
      expectTeaches(found[0]!);
      expect(found[0]!.message).toContain('xxxxxxxx');
      expect(found[0]!.message).toContain('second');
    }
  });
});
