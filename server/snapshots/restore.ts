/**
 * Putting a saved directory back: one commit through the store, so a restore is all-or-nothing
 * (whatever throws, nothing changes), durable before it is acknowledged, and reported like any
 * other write: the resource history and the live events see every user and group it changed,
 * created or deleted, with the origin that says which snapshot or dataset it came from.
 */
import type { ChangeOrigin } from '../contract/store.js';
import type { CommitResult, Mutation } from '../store/repository.js';
import type { Store } from '../store/store.js';
import { directoryOf, type Directory } from './snapshot-format.js';

/** The directory as it is now (records are shared, not copied: they are immutable). */
export function captureDirectory(store: Store): Directory {
  return directoryOf(store.capture());
}

/**
 * The mutations that turn the store into `directory`: clear, then every record in the directory's
 * order (so creation order, and with it paging, comes back as saved), then a delete for each record
 * the directory lacks (applied to nothing after the clear, but it makes the commit report them as
 * deleted and drops them from the groups that listed them).
 */
export function restoreMutations(store: Pick<Store, 'list'>, directory: Directory): Mutation[] {
  const mutations: Mutation[] = [{ kind: 'clear' }];
  for (const resource of directory.users) mutations.push({ kind: 'put', type: 'User', resource });
  for (const resource of directory.groups) mutations.push({ kind: 'put', type: 'Group', resource });
  for (const [id, secret] of Object.entries(directory.secrets)) mutations.push({ kind: 'secret', id, secret });
  const kept = new Set([...directory.users, ...directory.groups].map((r) => r.id));
  for (const type of ['User', 'Group'] as const) {
    for (const id of store.list(type)) if (!kept.has(id)) mutations.push({ kind: 'delete', type, id });
  }
  return mutations;
}

/** Replaces the store's directory with `directory` in one commit. */
export function restoreInto(store: Store, directory: Directory, origin: ChangeOrigin): Promise<CommitResult> {
  return store.commit(restoreMutations(store, directory), origin);
}
