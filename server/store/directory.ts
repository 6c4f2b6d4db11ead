/**
 * The directory's contents in memory and how each mutation changes them: the users and groups
 * (resource-table.ts), the password hashes, the membership index and the cache of rendered texts,
 * kept in step (a write drops exactly the texts it changes), and how to undo a mutation. Kept apart
 * from store.ts, which orders commits, makes them durable and reports them.
 */
import type { ResourceTypeName, ScimResource } from '../contract/scim.js';
import { memberIds } from './commit-plan.js';
import type { JournalOp } from './journal-format.js';
import { MembershipIndex } from './membership-index.js';
import type { Mutation } from './repository.js';
import { ResourceTable } from './resource-table.js';
import { STORE_FORMAT_VERSION, type SnapshotData, type StoredSecret } from './snapshot-format.js';
import { ViewCache } from './view-cache.js';

export class Directory {
  readonly tables: Record<ResourceTypeName, ResourceTable> = {
    User: new ResourceTable('userName'),
    Group: new ResourceTable('displayName'),
  };
  readonly secrets = new Map<string, StoredSecret>();
  readonly memberships = new MembershipIndex();
  readonly views: ViewCache;

  /** @param clearUndone called after the undo of a clear put the tables back (unparsed users may be back with them). */
  constructor(
    viewCacheBytes: number | undefined,
    private readonly clearUndone: () => void,
  ) {
    this.views = new ViewCache(viewCacheBytes);
  }

  /** Fills the directory from a snapshot's parsed records (the load index's users are loaded into the table before). */
  load(snapshot: SnapshotData): void {
    for (const r of snapshot.users) this.tables.User.put(r);
    for (const r of snapshot.groups) this.putGroupIndexed(r);
    for (const [id, s] of Object.entries(snapshot.secrets)) this.secrets.set(id, s);
  }

  /** The whole directory as snapshot data; resources are shared, not copied (records are immutable). */
  capture(journalSeq: number): SnapshotData {
    return {
      version: STORE_FORMAT_VERSION,
      journalSeq,
      users: [...this.tables.User.values()],
      groups: [...this.tables.Group.values()],
      secrets: Object.fromEntries(this.secrets),
    };
  }

  /** A journal operation as the mutation it records. */
  static mutationOf(op: JournalOp): Mutation {
    if (op.op === 'put') return { kind: 'put', type: op.t, resource: op.r };
    if (op.op === 'del') return { kind: 'delete', type: op.t, id: op.id };
    if (op.op === 'secret') return { kind: 'secret', id: op.id, secret: op.v };
    return { kind: 'clear' };
  }

  /** How to undo a mutation, taken before it runs: restores the records it can touch as they are now. */
  undoFor(m: Mutation): () => void {
    switch (m.kind) {
      case 'put': {
        const previous = this.tables[m.type].get(m.resource.id);
        const sets = m.type === 'Group' ? this.memberships.save([previous, m.resource], (member) => this.views.drop('User', member)) : null;
        return () => {
          this.apply(previous ? { kind: 'put', type: m.type, resource: previous } : { kind: 'delete', type: m.type, id: m.resource.id });
          sets?.();
        };
      }
      case 'delete': {
        const previous = this.tables[m.type].get(m.id);
        if (!previous) return () => undefined;
        const sets = m.type === 'Group' ? this.memberships.save([previous], (member) => this.views.drop('User', member)) : null;
        return () => {
          this.apply({ kind: 'put', type: m.type, resource: previous });
          sets?.();
        };
      }
      case 'secret': {
        const previous = this.secrets.get(m.id);
        return () => (previous ? this.secrets.set(m.id, previous) : this.secrets.delete(m.id));
      }
      case 'clear': {
        // The structures themselves, not a capture: a clear right after start would parse every pending user.
        const restore = [this.tables.User.saveAll(), this.tables.Group.saveAll(), this.memberships.saveAll()];
        const secrets = new Map(this.secrets);
        return () => {
          for (const putBack of restore) putBack();
          this.secrets.clear();
          for (const [id, secret] of secrets) this.secrets.set(id, secret);
          this.views.clear();
          this.clearUndone();
        };
      }
    }
  }

  /** Applies one mutation to the tables and indexes. */
  apply(m: Mutation): void {
    if (m.kind === 'put' || m.kind === 'delete') this.dropViews(m.type, m.kind === 'put' ? m.resource.id : m.id, m.kind === 'put' ? m.resource : undefined);
    switch (m.kind) {
      case 'put':
        if (m.type === 'Group') this.putGroupIndexed(m.resource);
        else this.tables.User.put(m.resource);
        return;
      case 'delete': {
        const previous = this.tables[m.type].get(m.id);
        if (!previous) return;
        if (m.type === 'Group') this.memberships.remove(previous);
        this.tables[m.type].delete(m.id);
        return;
      }
      case 'secret':
        if (m.secret) this.secrets.set(m.id, m.secret);
        else this.secrets.delete(m.id);
        return;
      case 'clear':
        this.views.clear();
        this.tables.User.clear();
        this.tables.Group.clear();
        this.secrets.clear();
        this.memberships.clear();
        return;
    }
  }

  /**
   * Forgets the cached text of a resource about to be put or deleted and of every resource whose
   * text shows it (see view-cache.ts): the groups listing it show its name, and a group's members
   * (before and after the write) show the group in their `groups`. Called before the change, while
   * the previous record is at hand; the membership index of `id` itself is not changed by it.
   */
  private dropViews(type: ResourceTypeName, id: string, next: ScimResource | undefined): void {
    this.views.drop(type, id);
    const parents = this.memberships.groupsOf(id);
    if (parents) for (const gid of parents) this.views.drop('Group', gid);
    if (type !== 'Group') return;
    for (const member of memberIds(this.tables.Group.get(id))) this.views.drop('User', member);
    for (const member of memberIds(next)) this.views.drop('User', member);
  }

  private putGroupIndexed(group: ScimResource): void {
    const previous = this.tables.Group.get(group.id);
    this.tables.Group.put(group);
    if (previous) this.memberships.replace(previous, group);
    else this.memberships.add(group);
  }
}
