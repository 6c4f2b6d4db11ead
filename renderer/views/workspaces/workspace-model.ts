/**
 * What the workspace switcher decides without the DOM: whether a typed name is acceptable (the
 * server's rule, checked as typed so the answer comes before a round trip), a free name for a
 * duplicate, and the sentence a deletion's confirmation says about what is lost.
 */
import { plural } from '../../components/plural.js';
import type { WorkspaceInfo } from '../../api/admin-client.js';
import { DEFAULT_WORKSPACE, WORKSPACE_NAME } from '../../state/route.js';

export function nameProblem(name: string, existing: readonly WorkspaceInfo[]): string | null {
  if (name === '') return 'Enter a name.';
  if (name === DEFAULT_WORKSPACE) return '“default” is the unnamed workspace; choose another name.';
  if (!WORKSPACE_NAME.test(name)) return 'Use lowercase letters, digits and hyphens (up to 40), starting with a letter or digit.';
  if (existing.some((w) => w.name === name)) return `A workspace named “${name}” already exists.`;
  return null;
}

/** `class-01-copy`, then `class-01-copy-2`…, kept within the 40-character limit. */
export function copyName(source: string, existing: readonly WorkspaceInfo[]): string {
  const taken = new Set(existing.map((w) => w.name));
  const base = `${source === DEFAULT_WORKSPACE ? 'default' : source}`.slice(0, 35);
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? `${base}-copy` : `${base}-copy-${n}`;
    if (!taken.has(candidate) && candidate.length <= 40) return candidate;
  }
  return '';
}

export { plural };

/** Names the workspace and what goes with it, in the numbers known (unloaded workspaces have none yet). */
export function deletionMessage(w: WorkspaceInfo): string {
  const what = w.counts ? `its ${plural(w.counts.users, 'user')}, ${plural(w.counts.groups, 'group')} and ${plural(w.counts.exchanges, 'recorded exchange')}` : 'its users, groups and recorded traffic';
  const url = w.scimUrl ? ` Clients pointed at ${w.scimUrl} get 404 from then on.` : '';
  return `Workspace “${w.name}” is deleted with ${what}, its fault rules, settings, SCIM token and snapshots. This cannot be undone.${url}`;
}
