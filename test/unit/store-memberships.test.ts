/**
 * The membership index answers which groups list a member after every kind of group write: a group
 * created, a member added or removed (a push), its members replaced, a member listed by two groups, a
 * group deleted, and a refused commit undone. A write re-indexes only the members it changes
 * (membership-index.ts `replace`); the answers must be those of an index built from scratch.
 */
import { describe, expect, it, vi } from 'vitest';
import type { ScimResource } from '../../server/contract/scim.js';
import { MemoryPersistence } from '../../server/store/memory-persistence.js';
import type { Mutation } from '../../server/store/repository.js';
import { Store } from '../../server/store/store.js';

const user = (id: string): ScimResource => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id, userName: `${id}@x.y`, meta: { resourceType: 'User', created: 't', lastModified: 't', version: 'W/"1"' } }) as ScimResource;
const group = (id: string, members: string[]): ScimResource =>
  ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id, displayName: `Group ${id}`, members: members.map((value) => ({ value })), meta: { resourceType: 'Group', created: 't', lastModified: 't', version: 'W/"1"' } }) as ScimResource;
const putGroup = (id: string, members: string[]): Mutation => ({ kind: 'put', type: 'Group', resource: group(id, members) });

/** What the index should say: each member's groups, from the stored groups themselves. */
function fromScratch(store: Store, members: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of members) out[m] = store.list('Group').filter((gid) => ((store.get('Group', gid)!.members as { value: string }[] | undefined) ?? []).some((x) => x.value === m));
  return out;
}

describe('membership index', () => {
  it('answers each member’s groups after every kind of group write, as an index built from scratch would', async () => {
    const members = ['a', 'b', 'c', 'd'];
    const store = await Store.open(new MemoryPersistence({ version: 1, journalSeq: 0, users: members.map(user), groups: [], secrets: {} }), { log: () => undefined });
    const steps: [string, Mutation[]][] = [
      ['a group created with two members', [putGroup('g1', ['a', 'b'])]],
      ['a member added (a push)', [putGroup('g1', ['a', 'b', 'c'])]],
      ['a member removed', [putGroup('g1', ['a', 'c'])]],
      ['the same members written again', [putGroup('g1', ['a', 'c'])]],
      ['a second group sharing a member', [putGroup('g2', ['c', 'd'])]],
      ['the members replaced wholesale', [putGroup('g1', ['b', 'd'])]],
      ['a member listed twice in one group', [putGroup('g2', ['c', 'c', 'a'])]],
      ['every member removed', [putGroup('g1', [])]],
      ['a member deleted (cascade)', [{ kind: 'delete', type: 'User', id: 'c' }]],
      ['a group deleted', [{ kind: 'delete', type: 'Group', id: 'g2' }]],
      ['a group written twice in one commit', [putGroup('g1', ['a']), putGroup('g1', ['a', 'b'])]],
    ];
    for (const [step, mutations] of steps) {
      await store.commit(mutations, { source: 'inspector' });
      const now = Object.fromEntries(members.map((m) => [m, [...store.groupsOf(m)].sort()]));
      expect(now, step).toEqual(fromScratch(store, members));
    }
    await store.close();
  });

  // The order a user's `groups` shows is its set's (views.ts): a group written again comes last for the
  // members it kept, as when every write removed and re-added its members, so views do not change order.
  it.each([
    { name: 'renamed, members unchanged', next: () => ({ ...group('g1', ['u']), displayName: 'Renamed' }) },
    { name: 'a member added elsewhere in it (a push)', next: () => group('g1', ['u', 'v']) },
  ])('lists a group written again ($name) last in its kept members’ groups, in order', async ({ next }) => {
    const store = await Store.open(new MemoryPersistence({ version: 1, journalSeq: 0, users: [user('u'), user('v')], groups: [], secrets: {} }), { log: () => undefined });
    await store.commit([putGroup('g1', ['u'])], { source: 'inspector' });
    await store.commit([putGroup('g2', ['u'])], { source: 'inspector' });
    const groupsOf = () => ((store.view('User', 'u')!.groups as { value: string }[]) ?? []).map((g) => g.value);
    expect(groupsOf()).toEqual(['g1', 'g2']);
    await store.commit([{ kind: 'put', type: 'Group', resource: next() as ScimResource }], { source: 'scim' });
    expect(groupsOf()).toEqual(['g2', 'g1']);
  });

  it('puts the index back as it was when a commit that changes a group’s members is refused', async () => {
    const persistence = new MemoryPersistence({ version: 1, journalSeq: 0, users: ['a', 'b', 'c'].map(user), groups: [group('g1', ['a', 'b'])], secrets: {} });
    const store = await Store.open(persistence, { log: () => undefined });
    vi.spyOn(persistence, 'append').mockRejectedValueOnce(new Error('disk full (injected)'));
    await expect(store.commit([putGroup('g1', ['b', 'c'])], { source: 'inspector' })).rejects.toThrow();
    expect(['a', 'b', 'c'].map((m) => [...store.groupsOf(m)])).toEqual([['g1'], ['g1'], []]);
    await store.close();
  });
});
