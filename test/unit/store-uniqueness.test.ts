/**
 * Unique names (userName, group displayName, ignoring case) are judged on the state a commit
 * leaves: a commit may swap two names, take a name from a record it deletes, renames or clears
 * away, but may never leave two records with one name, whether the other holder is already stored
 * or is written by the same commit. A refused commit changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../server/app-errors.js';
import type { ScimResource } from '../../server/contract/scim.js';
import type { Mutation } from '../../server/store/repository.js';
import { MemoryPersistence } from '../../server/store/memory-persistence.js';
import { Store } from '../../server/store/store.js';

const meta = (resourceType: string) => ({ resourceType, created: '2026-01-01T00:00:00.000Z', lastModified: '2026-01-01T00:00:00.000Z', version: 'W/"1"' });
const user = (id: string, userName: string) => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id, userName, meta: meta('User') }) as ScimResource;
const group = (id: string, displayName: string) => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id, displayName, meta: meta('Group') }) as ScimResource;
const put = (r: ScimResource, type: 'User' | 'Group' = 'User'): Mutation => ({ kind: 'put', type, resource: r });

async function storeWith(): Promise<Store> {
  const store = await Store.open(new MemoryPersistence(), { log: () => undefined });
  await store.commit([put(user('a', 'ann@x.y')), put(user('b', 'bob@x.y')), put(group('g', 'Sales'), 'Group')], { source: 'seed' });
  return store;
}

const names = (s: Store) => s.list('User').map((id) => `${id}:${s.get('User', id)!.userName}`);

describe('unique names within one commit', () => {
  const allowed: [string, Mutation[], string[]][] = [
    ['two users swapping names', [put(user('a', 'bob@x.y')), put(user('b', 'ann@x.y'))], ['a:bob@x.y', 'b:ann@x.y']],
    ['a new user taking the name of one deleted', [{ kind: 'delete', type: 'User', id: 'a' }, put(user('c', 'ANN@x.y'))], ['b:bob@x.y', 'c:ANN@x.y']],
    ['a new user taking the name of one renamed', [put(user('a', 'ann2@x.y')), put(user('c', 'ann@x.y'))], ['a:ann2@x.y', 'b:bob@x.y', 'c:ann@x.y']],
    ['everything cleared and written again, names moved', [{ kind: 'clear' }, put(user('b', 'ann@x.y')), put(user('a', 'bob@x.y'))], ['b:ann@x.y', 'a:bob@x.y']],
    ['a user and a group with one name (separate namespaces)', [put(user('c', 'Sales'))], ['a:ann@x.y', 'b:bob@x.y', 'c:Sales']],
  ];
  it.each(allowed)('allows %s', async (_name, mutations, after) => {
    const store = await storeWith();
    await store.commit(mutations, { source: 'inspector' });
    expect(names(store)).toEqual(after);
  });

  const refused: [string, Mutation[], string][] = [
    ['a name held by a record the commit leaves alone', [put(user('c', 'BOB@x.y'))], 'BOB@x.y'],
    ['two new records claiming one name', [put(user('c', 'new@x.y')), put(user('d', 'NEW@x.y'))], 'NEW@x.y'],
    ['a renamed record keeping a name another takes', [put(user('a', 'ann@x.y')), put(user('c', 'ann@x.y'))], 'ann@x.y'],
    ['two records of a cleared directory with one name', [{ kind: 'clear' }, put(user('a', 'same@x.y')), put(user('b', 'same@x.y'))], 'same@x.y'],
    ['a group name taken by another group', [put(group('h', 'sales'), 'Group')], 'sales'],
  ];
  it.each(refused)('refuses %s, changing nothing', async (_name, mutations, value) => {
    const store = await storeWith();
    const before = JSON.stringify(store.capture());
    const error = await store.commit(mutations, { source: 'inspector' }).catch((e: unknown) => e);
    expect(isAppError(error, 'STORE_CONFLICT'), String(error)).toBe(true);
    expect((error as Error).message).toContain(`"${value}"`);
    expect(JSON.stringify(store.capture())).toBe(before);
  });
});
