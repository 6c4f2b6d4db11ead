/**
 * Tests 15-25 of Microsoft's gallery validation Logic App: the direct SCIM compliance tests
 * (schema discovery, null updates, user and group create/update, pagination, manager) and the two
 * authentication tests, which need an OAuth token endpoint or workload identity federation and are
 * skipped here exactly where the Logic App skips them (a static bearer token).
 */
import { describeResponse, type Check } from '../check-run.js';
import { createEntraGroup, createEntraUser, ENTERPRISE, ENTRA_HEADERS, entraPatch, galleryCheck, managerSupported, requireGroups, schemas } from './gallery-support.js';

/** Attributes of Entra's default User mapping the Logic App looks for in /Schemas (flattened names). */
const DEFAULT_USER_ATTRIBUTES = ['userName', 'active', 'displayName', 'title', 'emails', 'name.givenName', 'name.familyName', 'externalId'];

function flatten(schema: any): Set<string> {
  const out = new Set<string>();
  for (const a of schema?.attributes ?? []) {
    out.add(String(a?.name).toLowerCase());
    for (const s of a?.subAttributes ?? []) out.add(`${a.name}.${s?.name}`.toLowerCase());
  }
  return out;
}

async function pages(t: Parameters<Check['run']>[0], endpoint: 'Users' | 'Groups', create: (i: number) => Promise<unknown>): Promise<void> {
  const first = await t.send('GET', `/${endpoint}?startIndex=1&count=5`, { headers: ENTRA_HEADERS });
  t.expectStatus(first, 200, `GET /${endpoint}?startIndex=1&count=5`);
  for (let i = Number(first.body?.totalResults ?? 0); i < 11; i++) await create(i);
  for (let page = 0; page < 2; page++) {
    const res = await t.send('GET', `/${endpoint}?startIndex=${page * 5 + 1}&count=5`, { headers: ENTRA_HEADERS });
    t.expectStatus(res, 200, `Page ${page + 1}`);
    t.expect(res.body?.startIndex === page * 5 + 1, () => describeResponse(res), `Page ${page + 1}: startIndex is ${JSON.stringify(res.body?.startIndex)}, expected ${page * 5 + 1}.`);
  }
}

export const galleryScimChecks: Check[] = [
  galleryCheck(15, 'Schema_Discoverability_Test', 'mandatory', `GET /Schemas answers 200 with Resources, describing the mapped User attributes (${DEFAULT_USER_ATTRIBUTES.join(', ')})`, async (t) => {
    const res = await t.send('GET', '/Schemas', { headers: ENTRA_HEADERS });
    t.expectStatus(res, 200, 'GET /Schemas');
    t.expect(Array.isArray(res.body?.Resources), () => describeResponse(res), 'The /Schemas response has no Resources array.');
    const user = flatten((await schemas(t)).find((s) => s?.id === 'urn:ietf:params:scim:schemas:core:2.0:User'));
    const missing = DEFAULT_USER_ATTRIBUTES.filter((a) => !user.has(a.toLowerCase()) && !(a === 'externalId'));
    t.expect(missing.length === 0, `described: ${[...user].join(', ')}`, `Attributes not discoverable in /Schemas: ${missing.join(', ')}.`);
  }),
  galleryCheck(16, 'SCIM_Null_Update_Test', 'mandatory', 'PATCH with "" and then null on optional attributes answers 200/204 and leaves them empty', async (t) => {
    const user = await createEntraUser(t, 'g16');
    for (const value of ['', null]) {
      const res = await t.send('PATCH', user.path, { headers: ENTRA_HEADERS, body: entraPatch([{ op: 'Replace', path: 'title', value }, { op: 'Replace', path: 'nickName', value }]) });
      t.expectStatus(res, [200, 204], `PATCH with ${JSON.stringify(value)} values`);
      const read = await t.send('GET', user.path, { headers: ENTRA_HEADERS });
      const left = ['title', 'nickName'].filter((a) => read.body?.[a] !== undefined && read.body?.[a] !== null && read.body?.[a] !== '');
      t.expect(left.length === 0, () => describeResponse(read), `Still set after the ${JSON.stringify(value)} update: ${left.join(', ')}.`);
    }
  }),
  galleryCheck(17, 'SCIM_User_Create_Test', 'mandatory', 'POST /Users answers 200/201 with a non-empty id and the userName sent', async (t) => {
    const user = await createEntraUser(t, 'g17');
    const read = await t.send('GET', user.path, { headers: ENTRA_HEADERS });
    t.expect(read.body?.userName === user.userName, () => describeResponse(read), 'The userName does not round-trip.');
  }),
  galleryCheck(18, 'SCIM_User_Update_Test', 'mandatory', 'PATCH single-valued attributes (displayName, title, nickName, preferredLanguage); all read back', async (t) => {
    const user = await createEntraUser(t, 'g18');
    const values: Record<string, string> = { displayName: 'Updated Name', title: 'Updated Title', nickName: 'Upd', preferredLanguage: 'en-GB' };
    const res = await t.send('PATCH', user.path, { headers: ENTRA_HEADERS, body: entraPatch(Object.entries(values).map(([path, value]) => ({ op: 'Replace', path, value }))) });
    t.expectStatus(res, [200, 204], 'PATCH');
    const read = await t.send('GET', user.path, { headers: ENTRA_HEADERS });
    const wrong = Object.entries(values).filter(([k, v]) => read.body?.[k] !== v).map(([k]) => k);
    t.expect(wrong.length === 0, () => describeResponse(read), `Mismatched after PATCH: ${wrong.join(', ')}.`);
  }),
  galleryCheck(19, 'SCIM_Group_Create_Test', 'mandatory', 'POST /Groups answers 200/201 with a non-empty id and the displayName sent', async (t) => {
    await requireGroups(t);
    const group = await createEntraGroup(t, 'g19');
    const read = await t.send('GET', group.path, { headers: ENTRA_HEADERS });
    t.expect(read.body?.displayName === group.displayName, () => describeResponse(read), 'The displayName does not round-trip.');
  }),
  galleryCheck(20, 'SCIM_Group_Update_Test', 'mandatory', 'PATCH /Groups/{id} displayName; it reads back', async (t) => {
    await requireGroups(t);
    const group = await createEntraGroup(t, 'g20');
    t.expectStatus(await t.send('PATCH', group.path, { headers: ENTRA_HEADERS, body: entraPatch([{ op: 'Replace', path: 'displayName', value: `${group.displayName}-updated` }]) }), [200, 204], 'PATCH');
    const read = await t.send('GET', group.path, { headers: ENTRA_HEADERS });
    t.expect(read.body?.displayName === `${group.displayName}-updated`, () => describeResponse(read), 'The new displayName is not read back.');
  }),
  galleryCheck(21, 'Validate_Credentials_Test', 'mandatory', 'OAuth 2.0 client credentials against the app\'s token endpoint (skipped with a static bearer token, as in the Logic App)', async (t) => {
    t.skip('Static token: the Logic App skips this test when scimTokenEndpoint is empty. Scimscope does not run the OAuth client-credentials flow.');
  }),
  galleryCheck(22, 'Federated_Identity_Test', 'mandatory', 'Workload identity federation token exchange (skipped without federation parameters, as in the Logic App)', async (t) => {
    t.skip('No federation parameters: the Logic App skips this test. It needs an Entra tenant.');
  }),
  galleryCheck(23, 'SCIM_User_Pagination_Test', 'mandatory', 'With at least 11 users, GET /Users?startIndex=N&count=5 over 2 pages answers 200 and startIndex = page*5+1', async (t) => {
    await pages(t, 'Users', (i) => createEntraUser(t, `g23-${i}`));
  }),
  galleryCheck(24, 'SCIM_Group_Pagination_Test', 'optional', 'With at least 11 groups, GET /Groups?startIndex=N&count=5 over 2 pages (skipped without groups)', async (t) => {
    if (!(await schemas(t)).some((s) => s?.id === 'urn:ietf:params:scim:schemas:core:2.0:Group')) t.skip('Groups are not supported (/Schemas has no Group schema).');
    await pages(t, 'Groups', (i) => createEntraGroup(t, `g24-${i}`));
  }),
  galleryCheck(25, 'SCIM_Update_Manager_Test', 'mandatory', 'Direct PATCH of manager: set (Add), change (Replace), remove (Replace with empty); each read back', async (t) => {
    if (!(await managerSupported(t))) t.skip('manager is not among the target attributes (no manager in /Schemas).');
    const [m1, m2, user] = [await createEntraUser(t, 'g25m1'), await createEntraUser(t, 'g25m2'), await createEntraUser(t, 'g25')];
    const path = `${ENTERPRISE}:manager`;
    for (const [op, value, want] of [['Add', { value: m1.id }, m1.id], ['Replace', { value: m2.id }, m2.id], ['Replace', '', undefined]] as const) {
      t.expectStatus(await t.send('PATCH', user.path, { headers: ENTRA_HEADERS, body: entraPatch([{ op, path, value }]) }), [200, 204], `PATCH ${op} manager`);
      const read = await t.send('GET', user.path, { headers: ENTRA_HEADERS });
      const manager = read.body?.[ENTERPRISE]?.manager;
      // "Remove (Replace with empty)": an absent, null or empty manager all read as empty.
      t.expect(want === undefined ? !manager?.value : manager?.value === want, () => describeResponse(read), `After ${op} ${JSON.stringify(value)}, manager is ${JSON.stringify(read.body?.[ENTERPRISE]?.manager)}.`);
    }
  }),
];

