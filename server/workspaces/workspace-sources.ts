/**
 * What a new workspace starts from (`POST /api/workspaces` `from`): the demo directory, nothing, a
 * copy of another workspace, or whatever a `FromResolver` knows (the snapshots module plugs its
 * snapshots in there). A plan names the seed the new core opens with and may then fill it.
 * A copy takes the directory (users, groups, password hashes), the fault rules and the settings that
 * are not secrets (no upstream token either); the new workspace keeps its own freshly generated SCIM token and OAuth client, and
 * starts with no traffic, so nothing recorded in one workspace shows up in another.
 */
import type { Settings } from '../contract/settings.js';
import type { SettingsPatch } from '../config/settings-store.js';
import type { Mutation } from '../store/repository.js';
import type { WorkspaceCore } from './workspace-core.js';

export interface FromPlan {
  /** What the new store is seeded with when it opens. */
  seed: 'demo' | 'empty';
  /** Fills the new, loaded workspace; a throw undoes the whole creation. */
  prepare?: (target: WorkspaceCore) => Promise<void>;
}

/** The seam for sources beyond the built-in ones: a plan for `from`, or null when it names nothing known. */
export type FromResolver = (from: string) => Promise<FromPlan | null> | FromPlan | null;

export function builtInSource(from: string): FromPlan | null {
  if (from === 'demo') return { seed: 'demo' };
  if (from === 'empty') return { seed: 'empty' };
  return null;
}

/** A copy of workspace `source`, read through a lease so it stays loaded (and is loaded if it was not). */
export function copyWorkspace(source: string, acquire: (name: string) => Promise<{ core: WorkspaceCore; release(): void }>): FromPlan {
  return {
    seed: 'empty',
    async prepare(target) {
      const lease = await acquire(source);
      try {
        await copyInto(lease.core, target);
      } finally {
        lease.release();
      }
    },
  };
}

async function copyInto(from: WorkspaceCore, to: WorkspaceCore): Promise<void> {
  const data = from.store.capture();
  const mutations: Mutation[] = [
    ...data.users.map((resource): Mutation => ({ kind: 'put', type: 'User', resource })),
    ...data.groups.map((resource): Mutation => ({ kind: 'put', type: 'Group', resource })),
    ...Object.entries(data.secrets).map(([id, secret]): Mutation => ({ kind: 'secret', id, secret })),
  ];
  if (mutations.length > 0) await to.store.commit(mutations, { source: 'seed' });
  for (const rule of from.faults.list()) {
    const { id: _id, matched: _matched, hits: _hits, lastHitAt: _last, ...input } = rule;
    await to.faults.add(input);
  }
  await to.settings.update(copyableSettings(from.settings.current));
}

/**
 * The settings a copy takes: everything but credentials (SCIM token, Basic password, OAuth client,
 * tunnel authtoken, upstream token). Fields are listed, as bundle-export's portableSettings lists
 * them, so a secret added later stays out until someone adds it here on purpose.
 */
export function copyableSettings(s: Settings): SettingsPatch {
  const { redirectUris, accessTokenTtlSeconds, requirePkce } = s.auth.oauth;
  const { url, auth, headerName, insecure, connectTimeoutMs, responseTimeoutMs } = s.upstream;
  return {
    auth: { mode: s.auth.mode, basic: { username: s.auth.basic.username }, oauth: { redirectUris: [...redirectUris], accessTokenTtlSeconds, requirePkce } },
    recording: s.recording,
    quirks: s.quirks,
    faults: s.faults,
    patchReturnsResource: s.patchReturnsResource,
    // No token: proxy mode in the copy needs its own, entered for it.
    upstream: { url, auth, headerName, insecure, connectTimeoutMs, responseTimeoutMs },
  };
}
