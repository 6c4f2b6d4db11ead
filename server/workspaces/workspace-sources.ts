/**
 * What a new workspace starts from (`POST /api/workspaces` `from`): the demo directory, nothing, a
 * copy of another workspace, or whatever a `FromResolver` knows (the snapshots module plugs its
 * snapshots in there). A plan names the seed the new core opens with and may then fill it.
 * A copy takes the directory (users, groups, password hashes), the fault rules and the settings that
 * are not secrets (no upstream token either); the new workspace keeps its own freshly generated SCIM token and OAuth client, and
 * starts with no traffic, so nothing recorded in one workspace shows up in another. What a copy
 * cannot take and will miss (proxy mode's upstream token) is said in the creation's `warnings`.
 */
import type { Settings } from '../contract/settings.js';
import { upstreamOrigin, type SettingsPatch } from '../config/settings-store.js';
import type { Mutation } from '../store/repository.js';
import type { WorkspaceCore } from './workspace-core.js';

export interface FromPlan {
  /** What the new store is seeded with when it opens. */
  seed: 'demo' | 'empty';
  /** Fills the new, loaded workspace; a throw undoes the whole creation. */
  prepare?: (target: WorkspaceCore) => Promise<void>;
  /** Sentences for the creation's answer, once every new workspace is prepared: what they lack that the source relied on. */
  warnings?: (names: readonly string[]) => string[];
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
  let copied: Settings | null = null;
  return {
    seed: 'empty',
    async prepare(target) {
      const lease = await acquire(source);
      try {
        copied ??= lease.core.settings.current;
        await copyInto(lease.core, target);
      } finally {
        lease.release();
      }
    },
    warnings: (names) => (copied ? copyWarnings(source, copied, names) : []),
  };
}

/**
 * What a copy of `source` (settings `s`) in proxy mode lacks: the upstream token, never copied, without
 * which it refuses every SCIM request (503, proxy/header-policy.ts); or, with pass-through, a credential
 * the upstream knows (the IdP's credential for the copy is the copy's own new credential).
 */
export function copyWarnings(source: string, s: Settings, names: readonly string[]): string[] {
  const up = s.upstream;
  if (up.url === null || names.length === 0) return [];
  const to = upstreamOrigin(up.url) ?? up.url;
  const who = names.length === 1 ? `"${names[0]}"` : names.length <= 3 ? `each of ${names.map((n) => `"${n}"`).join(', ')}` : `each of the ${names.length} new workspaces`;
  if (up.auth === 'token' || up.auth === 'header') {
    const why = up.token ? `The upstream token of "${source}" is not copied` : `"${source}" has no upstream token to copy`;
    return [`${why}: ${who} forwards its SCIM requests to ${to} (proxy mode, upstream authentication "${up.auth}") and refuses them (503, "no upstream token") until an upstream token is entered in its own settings.`];
  }
  if (up.auth === 'passThrough') {
    return [`${who.charAt(0).toUpperCase()}${who.slice(1)} passes the IdP's credential through to ${to} (upstream authentication "passThrough"): that is its own new credential (SCIM token or OAuth client), not the one of "${source}", so the upstream answers 401 unless it accepts it.`];
  }
  return [];
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
