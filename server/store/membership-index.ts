/**
 * Which groups list each resource: the index behind a user's `groups` attribute, the cascades of a
 * delete and the view cache's drops. Kept apart from the store so that its updates and the undo of
 * a refused commit (the sets put back as they were) live in one place.
 */
import type { ScimResource } from '../contract/scim.js';
import { memberIds } from './commit-plan.js';

export class MembershipIndex {
  /** member id -> ids of the groups that list it. */
  private byMember = new Map<string, Set<string>>();

  /** The groups that list `memberId`, or undefined for none (the set itself: do not change it). */
  groupsOf(memberId: string): ReadonlySet<string> | undefined {
    return this.byMember.get(memberId);
  }

  /** Indexes a group's members (a group not indexed yet). */
  add(group: ScimResource): void {
    for (const member of memberIds(group)) this.link(member, group.id);
  }

  remove(group: ScimResource): void {
    for (const member of memberIds(group)) this.unlink(member, group.id);
  }

  /**
   * Re-indexes a group written again (same id): only the members it gained or lost change. A push adds
   * or removes one member; removing them all and adding them back gave every member of the group a new
   * set (when it is in no other group) and left a deleted slot per member in the map until it grew.
   */
  replace(previous: ScimResource, next: ScimResource): void {
    const before = memberIds(previous);
    const after = memberIds(next);
    for (const member of before) if (!after.has(member)) this.unlink(member, previous.id);
    for (const member of after) {
      if (!before.has(member)) this.link(member, next.id);
      else this.moveLast(member, next.id);
    }
  }

  /**
   * A group written again comes last in the lists of the members it kept, as it did when a write
   * removed and re-added every member: a user's `groups` is its set in order (views.ts), and views and
   * recorded responses must not change with how the index is kept.
   */
  private moveLast(member: string, groupId: string): void {
    const set = this.byMember.get(member);
    if (!set || set.size < 2) return;
    set.delete(groupId);
    set.add(groupId);
  }

  private link(member: string, groupId: string): void {
    let set = this.byMember.get(member);
    if (!set) this.byMember.set(member, (set = new Set()));
    set.add(groupId);
  }

  private unlink(member: string, groupId: string): void {
    const set = this.byMember.get(member);
    set?.delete(groupId);
    if (set && set.size === 0) this.byMember.delete(member);
  }

  /** Empties the index by replacing its map (what `saveAll` took stays as it was). */
  clear(): void {
    this.byMember = new Map();
  }

  /** How to put the whole index back as it is now, for undoing a commit that clears it (valid only when a `clear` follows). */
  saveAll(): () => void {
    const byMember = this.byMember;
    return () => {
      this.byMember = byMember;
    };
  }

  /**
   * How to put back, as they are now, the sets a write of these groups can change; `restored` is told
   * each member whose set is put back (its `groups` shows the change).
   */
  save(groups: (ScimResource | undefined)[], restored: (memberId: string) => void): () => void {
    const saved = new Map<string, string[] | undefined>();
    for (const g of groups) for (const member of memberIds(g)) if (!saved.has(member)) saved.set(member, this.byMember.has(member) ? [...this.byMember.get(member)!] : undefined);
    return () => {
      for (const [member, ids] of saved) {
        restored(member);
        if (ids) this.byMember.set(member, new Set(ids));
        else this.byMember.delete(member);
      }
    };
  }
}
