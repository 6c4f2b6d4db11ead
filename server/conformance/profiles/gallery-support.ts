/**
 * Shared pieces of the entra-gallery profile: how a check cites the Logic App test it mirrors,
 * the capability detection Microsoft's Initialization workflow does (Group schema in /Schemas,
 * manager in the enterprise extension), and the request bodies Entra sends in its default mode.
 * Source: AzureAD/SCIMReferenceCode, Microsoft.SCIM.LogicAppValidationTemplate/StandardLogicApp/
 * SCIM-Validation-Test-Overview.md; request shapes: docs/research/idp-request-shapes.md [E1][E2].
 */
import { ENTRA_USER_AGENT } from '../../idp/request-shapes.js';
import { describeResponse, SCHEMAS, type Check, type CheckRun } from '../check-run.js';
import type { ScimResponse } from '../scim-client.js';

export const OVERVIEW_URL = 'https://github.com/AzureAD/SCIMReferenceCode/blob/master/Microsoft.SCIM.LogicAppValidationTemplate/StandardLogicApp/SCIM-Validation-Test-Overview.md';
export const GROUP_SCHEMA_MISSING = '[Initialization Phase] Schema_Discovery - /Schemas did not return Group schema. Group provisioning is mandatory.';

/** One check per Logic App test: mandatory tests are must, optional ones (a WARNING there) should. */
export function galleryCheck(n: number, name: string, category: 'mandatory' | 'optional', expected: string, run: (t: CheckRun) => Promise<void>): Check {
  return {
    id: `entra-gallery.${String(n).padStart(2, '0')}.${name}`,
    title: name,
    level: category === 'mandatory' ? 'must' : 'should',
    source: { document: 'Microsoft Entra gallery SCIM validation (Logic App)', section: `test ${n}: ${name} (${category})`, url: OVERVIEW_URL },
    expected,
    run,
  };
}

const listOf = (body: any): any[] => (Array.isArray(body) ? body : Array.isArray(body?.Resources) ? body.Resources : []);

/** /Schemas, once per run. */
export async function schemas(t: CheckRun): Promise<any[]> {
  const cached = t.fixtures.state.get('gallery:schemas') as any[] | undefined;
  if (cached) return cached;
  const res = await t.send('GET', '/Schemas');
  const found = res.status === 200 ? listOf(res.body) : [];
  t.fixtures.state.set('gallery:schemas', found);
  return found;
}

/** Group tests FAIL (not skip) without the Group schema, as Microsoft's do. */
export async function requireGroups(t: CheckRun): Promise<void> {
  const found = await schemas(t);
  t.expect(found.some((s) => s?.id === SCHEMAS.group), 'no Group schema in /Schemas', GROUP_SCHEMA_MISSING);
}

export async function managerSupported(t: CheckRun): Promise<boolean> {
  const ext = (await schemas(t)).find((s) => s?.id === SCHEMAS.enterprise);
  return (ext?.attributes ?? []).some((a: any) => a?.name === 'manager');
}

/** Entra's default-mode PATCH body (capitalised ops, Operations before schemas as in [E1]). */
export const entraPatch = (operations: unknown[]) => ({ Operations: operations, schemas: [SCHEMAS.patch] });
export const ENTRA_HEADERS = { 'User-Agent': ENTRA_USER_AGENT };

export function entraUser(t: CheckRun, tag: string): Record<string, unknown> & { userName: string } {
  const base = t.newUser(tag);
  return { ...base, schemas: [SCHEMAS.user, SCHEMAS.enterprise], externalId: `${t.fixtures.prefix}-${tag}`, meta: { resourceType: 'User' }, roles: [] };
}

export async function createEntraUser(t: CheckRun, tag: string): Promise<{ id: string; path: string; userName: string }> {
  const body = entraUser(t, tag);
  const res = await t.send('POST', '/Users', { body, headers: ENTRA_HEADERS });
  t.expectStatus(res, [200, 201], 'Creating the user (POST /Users)');
  t.expect(typeof res.body?.id === 'string' && res.body.id !== '', () => describeResponse(res), 'The created user has no id.');
  return { id: res.body.id, path: `/Users/${encodeURIComponent(res.body.id)}`, userName: body.userName };
}

export async function createEntraGroup(t: CheckRun, tag: string): Promise<{ id: string; path: string; displayName: string }> {
  const displayName = `${t.fixtures.prefix}-${tag}`;
  const body = { schemas: [SCHEMAS.group, 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'], externalId: `${t.fixtures.prefix}-${tag}`, displayName, meta: { resourceType: 'Group' } };
  const res = await t.send('POST', '/Groups', { body, headers: ENTRA_HEADERS });
  t.expectStatus(res, [200, 201], 'Creating the group (POST /Groups)');
  t.expect(typeof res.body?.id === 'string' && res.body.id !== '', () => describeResponse(res), 'The created group has no id.');
  return { id: res.body.id, path: `/Groups/${encodeURIComponent(res.body.id)}`, displayName };
}

/** GET ?filter=attr eq "value" and the number found (Entra matches this way). */
export async function countByFilter(t: CheckRun, endpoint: 'Users' | 'Groups', attribute: string, value: string, extra = ''): Promise<{ res: ScimResponse; total: number }> {
  const res = await t.send('GET', `/${endpoint}?${extra}filter=${encodeURIComponent(`${attribute} eq "${value}"`)}`, { headers: ENTRA_HEADERS });
  t.expectStatus(res, 200, `GET /${endpoint}?filter=${attribute} eq "…" (Entra expects 200, never 404)`);
  return { res, total: Number(res.body?.totalResults ?? listOf(res.body).length) };
}

export const ENTERPRISE = SCHEMAS.enterprise;
