/**
 * A commit is all-or-nothing whatever throws once it has started, not only when the disk refuses:
 * a throw injected at each step before the journal has the entry leaves the directory exactly as it
 * was (records, indexes, memberships, secrets, sequence) and on disk too; a throw after the entry is
 * durable (a listener, scheduling compaction) leaves the commit acknowledged and standing.
 */
import { rm, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScimResource } from '../../server/contract/scim.js';
import { isAppError } from '../../server/app-errors.js';
import { FilePersistence } from '../../server/store/file-persistence.js';
import type { Mutation } from '../../server/store/repository.js';
import { Store, type CommitStep } from '../../server/store/store.js';
import { tempDir } from '../helpers/temp-dir.js';

const meta = { created: '2026-01-01T00:00:00.000Z', lastModified: '2026-01-01T00:00:00.000Z', version: 'W/"1"' };
const user = (id: string, userName: string): ScimResource => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id, userName, meta: { resourceType: 'User', ...meta } }) as ScimResource;
const group = (id: string, displayName: string, members: string[]): ScimResource =>
  ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id, displayName, members: members.map((value) => ({ value })), meta: { resourceType: 'Group', ...meta } }) as ScimResource;
const secret = { hash: 'h', salt: 's', algorithm: 'scrypt' } as never;

let dir: string;
let remove: () => Promise<void>;
let armed: { step: CommitStep; nth: number } | null;
let opened: Store[];
/** Run at every step of a commit (renders views mid-commit, so half-applied states reach the view cache). */
let during: (() => void) | null = null;
const probe = (step: CommitStep) => {
  during?.();
  if (armed && armed.step === step && --armed.nth === 0) {
    armed = null;
    throw new RangeError(`injected at ${step}`);
  }
};
const open = async () => {
  const store = await Store.open(new FilePersistence({ dir }), { probe, log: () => undefined });
  opened.push(store);
  return store;
};

beforeEach(async () => {
  ({ dir, remove } = await tempDir('scimscope-atomic-'));
  armed = null;
  during = null;
  opened = [];
});
afterEach(async () => {
  for (const s of opened) await s.close();
  await remove();
});

/** Everything a client or the indexes can observe. */
function observe(store: Store) {
  const ids = { User: [...store.list('User')], Group: [...store.list('Group')] };
  return {
    capture: JSON.parse(JSON.stringify(store.capture())),
    views: [...ids.User.map((id) => store.view('User', id)), ...ids.Group.map((id) => store.view('Group', id))],
    names: ['a@x.y', 'b@x.y', 'c@x.y', 'z@x.y'].map((n) => store.idForUniqueName('User', n)),
    groupNames: ['Sales', 'Ops', 'New'].map((n) => store.idForUniqueName('Group', n)),
    memberships: ['u1', 'u2', 'u3', 'u9', 'g1'].map((id) => store.groupsOf(id)),
    secrets: ['u1', 'u2', 'u3'].map((id) => store.secretOf(id) ?? null),
    counts: store.counts(),
  };
}

async function seeded() {
  const store = await open();
  await store.commit([
    { kind: 'put', type: 'User', resource: user('u1', 'a@x.y') },
    { kind: 'put', type: 'User', resource: user('u2', 'b@x.y') },
    { kind: 'secret', id: 'u1', secret },
    { kind: 'put', type: 'Group', resource: group('g1', 'Sales', ['u1', 'u2']) },
    { kind: 'put', type: 'Group', resource: group('g2', 'Ops', ['u1', 'g1']) },
  ], { source: 'seed' });
  return store;
}

/** Commits that touch every kind of state: a cascade, membership moves, secrets, a rename, a clear. */
const commits: { name: string; mutations: Mutation[]; applies: number }[] = [
  {
    name: 'a delete that cascades, a new user, a secret, a new group',
    mutations: [
      { kind: 'delete', type: 'User', id: 'u1' },
      { kind: 'put', type: 'User', resource: user('u3', 'c@x.y') },
      { kind: 'secret', id: 'u3', secret },
      { kind: 'put', type: 'Group', resource: group('g3', 'New', ['u2', 'u3']) },
    ],
    applies: 7, // the delete expands to: delete, secret removal, g1 and g2 rewritten
  },
  { name: 'a rename and a membership replace', mutations: [{ kind: 'put', type: 'User', resource: user('u2', 'z@x.y') }, { kind: 'put', type: 'Group', resource: group('g1', 'Sales', ['u2']) }], applies: 2 },
  { name: 'a reset (clear) and a seed', mutations: [{ kind: 'clear' }, { kind: 'put', type: 'User', resource: user('u9', 'c@x.y') }], applies: 2 },
];

const failingSteps = (applies: number): { step: CommitStep; nth: number }[] => [
  { step: 'plan', nth: 1 },
  ...Array.from({ length: applies }, (_, i) => ({ step: 'apply' as const, nth: i + 1 })),
  { step: 'diff', nth: 1 },
  { step: 'journal', nth: 1 },
];

describe('a commit that throws before it is durable', () => {
  for (const c of commits) {
    it.each(failingSteps(c.applies))(`${c.name}: a throw at $step #$nth changes nothing, in memory or on disk`, async (at) => {
      const store = await seeded();
      const before = observe(store);
      armed = { ...at };
      await expect(store.commit(c.mutations, { source: 'scim' })).rejects.toThrow(`injected at ${at.step}`);
      expect(armed, 'the injected throw fired').toBeNull();
      expect(observe(store)).toEqual(before);
      // The store keeps working, and what it then commits is what a restart reads back.
      await store.commit(c.mutations, { source: 'scim' });
      const committed = observe(store);
      await store.close();
      expect(observe(await open())).toEqual(committed);
    });
  }
});

describe('a commit that throws after it is durable', () => {
  it.each(['notify', 'after'] as const)('a throw at %s leaves the commit acknowledged and standing', async (step) => {
    const store = await seeded();
    const seen: number[] = [];
    store.onChange((e) => seen.push(e.changes.length));
    armed = { step, nth: 1 };
    const result = await store.commit(commits[0]!.mutations, { source: 'scim' });
    expect(result.changes.length).toBeGreaterThan(0);
    expect(store.get('User', 'u3')).toBeDefined();
    expect(store.get('User', 'u1')).toBeUndefined();
    const committed = observe(store);
    await store.close();
    expect(observe(await open())).toEqual(committed);
  });

  it('a listener that throws does not stop the others or the commit', async () => {
    const store = await seeded();
    const seen: string[] = [];
    store.onChange(() => {
      throw new Error('listener broke');
    });
    store.onChange(() => seen.push('second'));
    await store.commit([{ kind: 'put', type: 'User', resource: user('u3', 'c@x.y') }], { source: 'scim' });
    expect(seen).toEqual(['second']);
    expect(store.get('User', 'u3')).toBeDefined();
  });
});

describe('a commit that would break uniqueness', () => {
  it('is refused with the store\'s own conflict code before anything changes (the SCIM layer maps it to 409)', async () => {
    const store = await seeded();
    const before = observe(store);
    const error = await store.commit([{ kind: 'put', type: 'User', resource: user('u3', 'B@X.Y') }], { source: 'scim' }).catch((e: unknown) => e);
    expect(isAppError(error, 'STORE_CONFLICT'), String(error)).toBe(true);
    expect((error as Error).message).toBe('userName "B@X.Y" is already taken by user u2');
    expect(observe(store)).toEqual(before);
  });
});

describe('cached rendered views after a commit that is undone', () => {
  const BASE = 'https://sandbox.example/scim/v2';
  const everyId = [...['u1', 'u2', 'u3', 'u9'].map((id) => ['User', id] as const), ...['g1', 'g2', 'g3'].map((id) => ['Group', id] as const)];
  const rendered = (store: Store) => everyId.map(([type, id]) => store.rendered(type, id, BASE)?.json ?? null);
  const fresh = (store: Store) => everyId.map(([type, id]) => (store.get(type, id) ? JSON.stringify(store.view(type, id, BASE)) : null));

  for (const c of commits) {
    it.each(failingSteps(c.applies))(`${c.name}: views cached mid-commit are not served after a throw at $step #$nth`, async (at) => {
      const store = await seeded();
      const before = rendered(store);
      expect(before).toEqual(fresh(store));
      during = () => rendered(store);
      armed = { ...at };
      await expect(store.commit(c.mutations, { source: 'scim' })).rejects.toThrow(`injected at ${at.step}`);
      during = null;
      expect(rendered(store)).toEqual(before);
      await store.commit(c.mutations, { source: 'scim' });
      expect(rendered(store)).toEqual(fresh(store));
      expect(rendered(store)).not.toEqual(before);
    });
  }

  it('a commit the disk refuses leaves no view of it in the cache', async () => {
    const store = await open();
    // A file where the journal folder should be makes the first append fail.
    await writeFile(`${dir}/journal`, 'not a folder');
    const committing = store.commit([{ kind: 'put', type: 'User', resource: user('u3', 'c@x.y') }, { kind: 'put', type: 'Group', resource: group('g3', 'New', ['u3']) }], { source: 'scim' });
    // While the write is on its way to the disk, its views are rendered (and cached).
    expect(rendered(store).filter((v) => v !== null)).toHaveLength(2);
    await expect(committing).rejects.toThrow();
    expect(rendered(store)).toEqual(everyId.map(() => null));
    await rm(`${dir}/journal`);
    await store.commit([{ kind: 'put', type: 'User', resource: user('u3', 'c@x.y') }], { source: 'scim' });
    expect(rendered(store)).toEqual(fresh(store));
  });
});
