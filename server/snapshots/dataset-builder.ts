/**
 * Building a dataset the way the server itself would store it: every user and group goes through
 * the SCIM create path (ResourceService.prepareCreate) into a scratch in-memory store, so the records
 * are exactly what a SCIM POST would have stored and the store's own rules (uniqueness) decide what
 * is allowed. The clock and the id generator are seeded, so a dataset is the same, byte for byte,
 * every time it is built.
 */
import type { JsonObject } from '../contract/scim.js';
import { ResourceService } from '../scim/resource-service.js';
import { resourceTypes } from '../scim/schemas/resource-types.js';
import { MemoryPersistence } from '../store/memory-persistence.js';
import { Store } from '../store/store.js';
import { captureDirectory } from './restore.js';
import type { Directory } from './snapshot-format.js';
import { seededRandom } from '../seed/seeded-random.js';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';


/** UUID-v4-shaped ids from a seeded generator. */
function seededIds(random: () => number): () => string {
  return () => {
    const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
    hex[12] = '4';
    hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
    const h = hex.join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
}

export interface DatasetWriter {
  services: { users: ResourceService; groups: ResourceService };
  /** Creates a user from a SCIM body; returns its id. */
  user(body: JsonObject): Promise<string>;
  /** Creates a group whose members are user (or group) ids; returns its id. */
  group(body: JsonObject, memberIds?: string[]): Promise<string>;
}

/** Runs `fill` against a scratch store with a seeded clock and ids, and returns the directory it made. */
export async function buildDirectory(seed: number, fill: (writer: DatasetWriter) => Promise<void>): Promise<Directory> {
  const store = await Store.open(new MemoryPersistence(), { log: () => undefined });
  let tick = Date.parse('2026-01-05T09:00:00.000Z');
  // Each create is stamped a few seconds after the one before, as if an IdP had pushed them.
  const clock = () => new Date((tick += 7_000));
  const ids = seededIds(seededRandom(seed));
  const services = { users: new ResourceService(store, resourceTypes.User, clock, ids), groups: new ResourceService(store, resourceTypes.Group, clock, ids) };
  const origin = { source: 'seed' as const };
  const writer: DatasetWriter = {
    services,
    async user(body) {
      const { id, mutations } = await services.users.prepareCreate({ schemas: [USER_SCHEMA], ...body }, []);
      await store.commit(mutations, origin);
      return id;
    },
    async group(body, memberIds = []) {
      const members = memberIds.map((value) => ({ value }));
      const { id, mutations } = await services.groups.prepareCreate({ schemas: [GROUP_SCHEMA], ...body, ...(members.length ? { members } : {}) }, []);
      await store.commit(mutations, origin);
      return id;
    },
  };
  await fill(writer);
  const directory = captureDirectory(store);
  await store.close();
  return directory;
}
