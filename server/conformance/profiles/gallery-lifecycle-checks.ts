/**
 * Tests 1-14 of Microsoft's gallery validation Logic App (user and group lifecycle). There, Entra's
 * provisioning engine acts and the Logic App reads Entra's audit logs and the SCIM server; here the
 * SCIM requests that engine sends (default mode, docs/research/idp-request-shapes.md [E1][E2]) are
 * sent directly and the SCIM server is read the same way the Logic App reads it.
 */
import { describeResponse, type Check } from '../check-run.js';
import { countByFilter, createEntraGroup, createEntraUser, ENTERPRISE, ENTRA_HEADERS, entraPatch, entraUser, galleryCheck, managerSupported, requireGroups } from './gallery-support.js';

export const galleryLifecycleChecks: Check[] = [
  galleryCheck(1, 'Create_User_Test', 'mandatory', 'POST /Users succeeds and GET /Users?filter=userName eq "…" finds the user', async (t) => {
    const user = await createEntraUser(t, 'g01');
    const { res, total } = await countByFilter(t, 'Users', 'userName', user.userName);
    t.expect(total === 1, () => describeResponse(res), 'The created user is not found by userName.');
  }),
  galleryCheck(2, 'Update_User_Test', 'mandatory', 'PATCH Replace title and enterprise department answers 200/204 and the values are read back', async (t) => {
    const user = await createEntraUser(t, 'g02');
    const res = await t.send('PATCH', user.path, { headers: ENTRA_HEADERS, body: entraPatch([{ op: 'Replace', path: 'title', value: 'Engineer' }, { op: 'Replace', path: `${ENTERPRISE}:department`, value: 'Research' }]) });
    t.expectStatus(res, [200, 204], 'PATCH Replace');
    const read = await t.send('GET', user.path, { headers: ENTRA_HEADERS });
    t.expect(read.body?.title === 'Engineer' && read.body?.[ENTERPRISE]?.department === 'Research', () => describeResponse(read), 'The updated title/department are not read back.');
  }),
  galleryCheck(3, 'Disable_User_Test', 'mandatory', 'PATCH Replace active "False" (Entra default mode) answers 200/204; the user reads back active false', async (t) => {
    const user = await createEntraUser(t, 'g03');
    const res = await t.send('PATCH', user.path, { headers: ENTRA_HEADERS, body: entraPatch([{ op: 'Replace', path: 'active', value: 'False' }]) });
    t.expectStatus(res, [200, 204], 'PATCH Replace active "False"');
    const read = await t.send('GET', user.path, { headers: ENTRA_HEADERS });
    t.expect(read.body?.active === false, () => describeResponse(read), 'The user is not active false after the disable (soft delete is mandatory).');
  }),
  galleryCheck(4, 'Delete_User_Test', 'optional', 'DELETE answers 2xx; the user is then gone (404 or totalResults 0)', async (t) => {
    const user = await createEntraUser(t, 'g04');
    const res = await t.send('DELETE', user.path, { headers: ENTRA_HEADERS });
    t.expectStatus(res, [200, 204], 'DELETE');
    const { res: found, total } = await countByFilter(t, 'Users', 'userName', user.userName);
    t.expect(total === 0, () => describeResponse(found), 'The deleted user is still found.');
  }),
  galleryCheck(5, 'User_Update_Manager_Test', 'mandatory', 'Manager set, changed and removed by PATCH (skipped without a manager attribute)', async (t) => {
    if (!(await managerSupported(t))) t.skip('No manager attribute in the enterprise extension (the Logic App skips this test without a manager mapping).');
    const [m1, m2, user] = [await createEntraUser(t, 'g05m1'), await createEntraUser(t, 'g05m2'), await createEntraUser(t, 'g05')];
    const path = `${ENTERPRISE}:manager`;
    for (const [op, value, want] of [['Add', m1.id, m1.id], ['Replace', m2.id, m2.id], ['Remove', undefined, undefined]] as const) {
      const res = await t.send('PATCH', user.path, { headers: ENTRA_HEADERS, body: entraPatch([{ op, path, ...(value !== undefined ? { value } : {}) }]) });
      t.expectStatus(res, [200, 204], `PATCH ${op} manager`);
      const read = await t.send('GET', user.path, { headers: ENTRA_HEADERS });
      t.expect(read.body?.[ENTERPRISE]?.manager?.value === want, () => describeResponse(read), `After ${op}, manager is ${JSON.stringify(read.body?.[ENTERPRISE]?.manager)}.`);
    }
  }),
  galleryCheck(6, 'Restore_User_Test', 'mandatory', 'Provisioned, deprovisioned (DELETE), provisioned again with the same userName', async (t) => {
    const user = await createEntraUser(t, 'g06');
    t.expectStatus(await t.send('DELETE', user.path, { headers: ENTRA_HEADERS }), [200, 204], 'Deprovision (DELETE)');
    const gone = await countByFilter(t, 'Users', 'userName', user.userName);
    t.expect(gone.total === 0, () => describeResponse(gone.res), 'The user is still found after the delete.');
    const again = await t.send('POST', '/Users', { headers: ENTRA_HEADERS, body: { ...entraUser(t, 'g06b'), userName: user.userName } });
    t.expectStatus(again, [200, 201], 'Provisioning the same userName again');
  }),
  galleryCheck(7, 'POD_User_Test', 'mandatory', 'Provision on demand: match by userName (none), create, then found', async (t) => {
    const probe = await countByFilter(t, 'Users', 'userName', `${t.fixtures.prefix}-g07-probe@example.com`);
    t.expect(probe.total === 0, () => describeResponse(probe.res), 'The match query for a new user did not answer an empty list.');
    const user = await createEntraUser(t, 'g07');
    const { res, total } = await countByFilter(t, 'Users', 'userName', user.userName);
    t.expect(total === 1, () => describeResponse(res), 'The user provisioned on demand is not found.');
  }),
  galleryCheck(8, 'Create_Group_Test', 'mandatory', 'POST /Groups succeeds and GET /Groups?filter=displayName eq "…" finds it', async (t) => {
    await requireGroups(t);
    const group = await createEntraGroup(t, 'g08');
    const { res, total } = await countByFilter(t, 'Groups', 'displayName', group.displayName, 'excludedAttributes=members&');
    t.expect(total === 1, () => describeResponse(res), 'The created group is not found by displayName.');
  }),
  galleryCheck(9, 'Update_Group_Test', 'mandatory', 'PATCH Replace displayName; the new name is found', async (t) => {
    await requireGroups(t);
    const group = await createEntraGroup(t, 'g09');
    const renamed = `${group.displayName}-renamed`;
    t.expectStatus(await t.send('PATCH', group.path, { headers: ENTRA_HEADERS, body: entraPatch([{ op: 'Replace', path: 'displayName', value: renamed }]) }), [200, 204], 'PATCH Replace displayName');
    const { res, total } = await countByFilter(t, 'Groups', 'displayName', renamed);
    t.expect(total === 1, () => describeResponse(res), 'The renamed group is not found by its new name.');
  }),
  galleryCheck(10, 'Delete_Group_Test', 'optional', 'DELETE the group; the filter then answers totalResults 0', async (t) => {
    await requireGroups(t);
    const group = await createEntraGroup(t, 'g10');
    t.expectStatus(await t.send('DELETE', group.path, { headers: ENTRA_HEADERS }), [200, 204], 'DELETE');
    const { res, total } = await countByFilter(t, 'Groups', 'displayName', group.displayName);
    t.expect(total === 0, () => describeResponse(res), 'The deleted group is still found.');
  }),
  galleryCheck(11, 'Group_Update_Add_Member_Test', 'mandatory', 'PATCH Add members [{"$ref":null,"value":id}]; the member is read back', async (t) => {
    await requireGroups(t);
    const [group, user] = [await createEntraGroup(t, 'g11'), await createEntraUser(t, 'g11')];
    t.expectStatus(await t.send('PATCH', group.path, { headers: ENTRA_HEADERS, body: entraPatch([{ op: 'Add', path: 'members', value: [{ $ref: null, value: user.id }] }]) }), [200, 204], 'PATCH Add members');
    const read = await t.send('GET', group.path, { headers: ENTRA_HEADERS });
    t.expect((read.body?.members ?? []).some((m: any) => m?.value === user.id), () => describeResponse(read), 'The added member is not in the group.');
  }),
  galleryCheck(12, 'Group_Update_Remove_Member_Test', 'mandatory', 'PATCH Remove members with a value array removes only that member', async (t) => {
    await requireGroups(t);
    const [group, a, b] = [await createEntraGroup(t, 'g12'), await createEntraUser(t, 'g12a'), await createEntraUser(t, 'g12b')];
    await t.send('PATCH', group.path, { headers: ENTRA_HEADERS, body: entraPatch([{ op: 'Add', path: 'members', value: [{ value: a.id }, { value: b.id }] }]) });
    t.expectStatus(await t.send('PATCH', group.path, { headers: ENTRA_HEADERS, body: entraPatch([{ op: 'Remove', path: 'members', value: [{ $ref: null, value: a.id }] }]) }), [200, 204], 'PATCH Remove members');
    const read = await t.send('GET', group.path, { headers: ENTRA_HEADERS });
    const ids = (read.body?.members ?? []).map((m: any) => m?.value);
    t.expect(!ids.includes(a.id) && ids.includes(b.id), () => describeResponse(read), `Members after the removal: ${JSON.stringify(ids)} (expected only ${b.id}).`);
  }),
  galleryCheck(13, 'POD_Group_Test', 'mandatory', 'Provision a group on demand: match (none), create, then found', async (t) => {
    await requireGroups(t);
    const probe = await countByFilter(t, 'Groups', 'displayName', `${t.fixtures.prefix}-g13-probe`);
    t.expect(probe.total === 0, () => describeResponse(probe.res), 'The match query for a new group did not answer an empty list.');
    const group = await createEntraGroup(t, 'g13');
    const { res, total } = await countByFilter(t, 'Groups', 'displayName', group.displayName);
    t.expect(total === 1, () => describeResponse(res), 'The group provisioned on demand is not found.');
  }),
  galleryCheck(14, 'Restore_Group_Test', 'optional', 'Group created, deleted, and created again with the same displayName', async (t) => {
    await requireGroups(t);
    const group = await createEntraGroup(t, 'g14');
    t.expectStatus(await t.send('DELETE', group.path, { headers: ENTRA_HEADERS }), [200, 204], 'DELETE');
    const again = await t.send('POST', '/Groups', { headers: ENTRA_HEADERS, body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: group.displayName } });
    t.expectStatus(again, [200, 201], 'Creating the group again');
  }),
];
