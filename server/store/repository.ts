/**
 * What the SCIM routes and the admin API need from storage, and nothing about how it is kept.
 * The durable store implements it over a journal and a lowdb snapshot; tests can run the same
 * routes over the in-memory persistence.
 */
import type { JsonObject, ResourceTypeName, ScimResource } from '../contract/scim.js';
import type { ChangeOrigin, ResourceChange, StoreCounts } from '../contract/store.js';
import type { StoredSecret } from './snapshot-format.js';
import type { RenderedView } from './view-cache.js';

export type Mutation =
  | { kind: 'put'; type: ResourceTypeName; resource: ScimResource }
  | { kind: 'delete'; type: ResourceTypeName; id: string }
  | { kind: 'secret'; id: string; secret: StoredSecret | null }
  | { kind: 'clear' };

export interface CommitResult {
  changes: ResourceChange[];
  /** Change records for side effects left out to bound the size of one exchange. */
  omittedChanges: number;
}

export interface Repository {
  get(type: ResourceTypeName, id: string): ScimResource | undefined;
  /** The id holding a unique name (userName / group displayName), case-insensitively. */
  idForUniqueName(type: ResourceTypeName, name: string): string | undefined;
  idsForExternalId(type: ResourceTypeName, externalId: string): string[];
  /** All records of a type in creation order. */
  list(type: ResourceTypeName): readonly string[];
  count(type: ResourceTypeName): number;
  counts(): StoreCounts;
  /** Ids of the groups a resource is a direct member of. */
  groupsOf(memberId: string): readonly string[];
  secretOf(userId: string): StoredSecret | undefined;
  /**
   * The resource as a client reads it: derived attributes filled in (a user's `groups`, members'
   * `display` and `type`), `meta.location` and `$ref`s built from `baseUrl` when given.
   */
  view(type: ResourceTypeName, id: string, baseUrl?: string): JsonObject | undefined;
  /**
   * The JSON text of the same view at `baseUrl` (and its UTF-8 length), kept between requests until
   * the resource or what it derives from changes.
   */
  rendered(type: ResourceTypeName, id: string, baseUrl: string): RenderedView | undefined;
  /**
   * Applies mutations atomically in memory and resolves once they are durable. Rejects with an
   * AppError STORE_CONFLICT (a unique name taken) before changing anything, or with any other error,
   * STORE_WRITE_FAILED when the disk refused the write, in which case the mutations were undone.
   */
  commit(mutations: Mutation[], origin: ChangeOrigin): Promise<CommitResult>;
  /** Bumps whenever the data changes; lets callers cache derived orderings. */
  readonly revision: number;
}
