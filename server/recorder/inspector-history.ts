/**
 * History entries for changes that did not come through SCIM (inspector edits, seeding, resets):
 * labelled with the same lifecycle words as traffic, and marked with where they came from, so a
 * timeline reads "Okta created Jane, the inspector deactivated her". A SCIM change gets a draft the
 * same way, shown until its exchange's labels arrive.
 */
import type { JsonObject } from '../contract/scim.js';
import type { ChangeOrigin, ResourceChange } from '../contract/store.js';
import type { HistoryEntry } from './resource-history.js';

const nameOf = (r: JsonObject | null) => String(r?.userName ?? r?.displayName ?? r?.id ?? '?');
const memberCount = (r: JsonObject | null) => (Array.isArray(r?.members) ? r.members.length : 0);

/** A lifecycle label and phrase for one change, from its before and after. */
export function describeChange(change: ResourceChange): { kind: string; phrase: string } {
  const { before, after, resourceType } = change;
  const noun = resourceType === 'User' ? 'user' : 'group';
  if (before === null) return { kind: `${noun}.create`, phrase: `created ${nameOf(after)}` };
  if (after === null) return { kind: `${noun}.delete`, phrase: `deleted ${nameOf(before)}` };
  if (resourceType === 'User') {
    if (before.active !== false && after.active === false) return { kind: 'user.deactivate', phrase: `deactivated ${nameOf(after)}` };
    if (before.active === false && after.active !== false) return { kind: 'user.reactivate', phrase: `reactivated ${nameOf(after)}` };
    return { kind: 'user.update', phrase: `updated ${nameOf(after)}` };
  }
  if (before.displayName !== after.displayName) return { kind: 'group.rename', phrase: `renamed ${nameOf(before)} to ${nameOf(after)}` };
  const delta = memberCount(after) - memberCount(before);
  if (delta > 0) return { kind: 'group.members.add', phrase: `added ${delta} member${delta === 1 ? '' : 's'} to ${nameOf(after)}` };
  if (delta < 0) return { kind: 'group.members.remove', phrase: `removed ${-delta} member${delta === -1 ? '' : 's'} from ${nameOf(after)}` };
  return { kind: 'group.update', phrase: `updated ${nameOf(after)}` };
}

const WHO: Record<ChangeOrigin['source'], string> = { scim: 'A SCIM client', inspector: 'The inspector', seed: 'The demo seed', reset: 'A store reset' };

/**
 * The entries for a commit. A SCIM request's are drafts: the recorder replaces their time, client
 * and label with its exchange's once interpreted (resource-history.ts reserve/complete).
 */
export function historyFromStoreChange(changes: ResourceChange[], origin: ChangeOrigin, at = new Date().toISOString()): HistoryEntry[] {
  if (origin.source === 'scim') {
    const exchangeId = origin.exchangeId ?? null;
    return changes.map((change) => {
      const { kind, phrase } = describeChange(change);
      return { at, resourceType: change.resourceType, id: change.id, source: 'scim' as const, exchangeId, client: null, kind, summary: `${WHO.scim} ${phrase}`, before: change.before, after: change.after };
    });
  }
  // A restore or a reset to a dataset says which one, so a timeline reads "restored snapshot "lab-1": updated jane".
  // An undo of a class restore that failed part-way (server/workspaces/workspace-reset.ts) says so.
  const context =
    origin.source === 'inspector' && origin.snapshot !== undefined ? ` restored snapshot "${origin.snapshot}":`
    : origin.source === 'inspector' && origin.action === 'workspaces.restore.undo' ? ' undid a class restore that failed:'
    : origin.source === 'reset' && origin.dataset !== undefined ? ` to the "${origin.dataset}" dataset`
    : '';
  return changes.map((change) => {
    const { kind, phrase } = describeChange(change);
    const summary = origin.source === 'reset' ? `${WHO.reset}${context} ${phrase}` : `${WHO[origin.source]}${context} ${phrase}`;
    return { at, resourceType: change.resourceType, id: change.id, source: origin.source, exchangeId: null, client: null, kind, summary, before: change.before, after: change.after, ...(origin.source === 'inspector' && origin.action ? { action: origin.action } : {}) };
  });
}
