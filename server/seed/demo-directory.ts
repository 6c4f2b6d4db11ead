/**
 * Seeds the demo directory (resources/demo-directory.json) into an empty store: a few realistic
 * users and two groups, so a first-time user, or Okta's spec test, finds something to import.
 * Goes through ResourceService so seeded data is stored exactly as a SCIM create would store it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { JsonObject } from '../contract/scim.js';
import type { ChangeOrigin } from '../contract/store.js';
import { packageRoot } from '../config/data-paths.js';
import type { ResourceService } from '../scim/resource-service.js';
import type { Mutation } from '../store/repository.js';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

interface DemoFile {
  users: JsonObject[];
  groups: { displayName: string; externalId?: string; members: string[] }[];
}

export async function loadDemoDirectory(file = path.join(packageRoot(), 'resources', 'demo-directory.json')): Promise<DemoFile> {
  return JSON.parse(await readFile(file, 'utf8')) as DemoFile;
}

/** Creates the demo users, then the groups (which need the users' ids), as two commits. */
export async function seedDemoDirectory(services: { users: ResourceService; groups: ResourceService }, origin: ChangeOrigin = { source: 'seed' }): Promise<void> {
  const demo = await loadDemoDirectory();
  const idByUserName = new Map<string, string>();
  const userMutations: Mutation[] = [];
  for (const user of demo.users) {
    const { ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User']: enterprise, ...core } = user as JsonObject & { [ENTERPRISE]?: JsonObject };
    const body: JsonObject = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], ...core };
    if (enterprise) {
      const { manager, ...rest } = enterprise as JsonObject & { manager?: { ref: string } };
      const managerId = manager ? idByUserName.get(manager.ref) : undefined;
      body[ENTERPRISE] = { ...rest, ...(managerId ? { manager: { value: managerId } } : {}) };
      (body.schemas as string[]).push(ENTERPRISE);
    }
    const { id, mutations } = await services.users.prepareCreate(body, []);
    idByUserName.set(String(user.userName), id);
    userMutations.push(...mutations);
  }
  await services.users.repo.commit(userMutations, origin);

  const groupMutations: Mutation[] = [];
  for (const group of demo.groups) {
    const members = group.members.map((userName) => ({ value: idByUserName.get(userName)! }));
    const body = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: group.displayName, externalId: group.externalId, members };
    groupMutations.push(...(await services.groups.prepareCreate(body, [])).mutations);
  }
  await services.groups.repo.commit(groupMutations, origin);
}
