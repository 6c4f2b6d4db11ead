/** Words for a resource's history entries (who made the change, which day, what changed), and how its pages join, kept apart from the markup so they can be tested. */
import type { ClientKind } from '../../../server/contract/index.js';
import type { HistoryEntry, HistoryPage, TimelineEntry } from '../../api/admin-client.js';
import { diffRows } from '../../components/change-diff.js';
import { CLIENT_NAMES, kindTone } from '../../state/labels.js';

export interface SourceLabel {
  /** What the timeline prints: "Okta", "Entra ID", "Inspector", "Demo seed", "Reset". */
  label: string;
  /** Set for SCIM traffic, to draw the client's mark. */
  client: ClientKind | null;
  source: HistoryEntry['source'];
}

export function sourceLabel(entry: Pick<HistoryEntry, 'source' | 'client'>): SourceLabel {
  switch (entry.source) {
    case 'scim': {
      const client = (entry.client && entry.client in CLIENT_NAMES ? entry.client : 'unknown') as ClientKind;
      return { label: client === 'unknown' ? 'Unknown SCIM client' : CLIENT_NAMES[client], client, source: 'scim' };
    }
    case 'inspector':
      return { label: 'Inspector', client: null, source: 'inspector' };
    case 'seed':
      return { label: 'Demo seed', client: null, source: 'seed' };
    case 'reset':
      return { label: 'Reset', client: null, source: 'reset' };
    default:
      return { label: String(entry.source), client: null, source: entry.source };
  }
}

/** The traffic view's address of the exchange that carried the change, when it came from traffic. */
export function exchangeHref(entry: Pick<HistoryEntry, 'exchangeId'>): string | null {
  return entry.exchangeId ? `#/traffic/${encodeURIComponent(entry.exchangeId)}` : null;
}

/** The attributes a change touched ("active", "name.givenName"), without the meta noise every write adds. */
export function changedAttributes(entry: Pick<HistoryEntry, 'before' | 'after'>): string[] {
  if (entry.before === null || entry.after === null) return [];
  return [...new Set(diffRows(entry.before, entry.after).map((row) => shortPath(row.path)))];
}

/** "emails[0].value" reads as "emails"; an extension's long URN path as "enterprise.department". */
export function shortPath(path: string): string {
  const ext = /^(urn:.+:[A-Za-z]\w*)\.([^.[]+)/.exec(path);
  if (ext) {
    const family = /:extension:([^:]+):/.exec(ext[1]!)?.[1] ?? ext[1]!.split(':').pop();
    return `${family}.${ext[2]}`;
  }
  return path.replace(/\[\d+\].*$/, '');
}

const DAY = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });

/** "Today", "Yesterday" or the date, for the day headings between entries. */
export function dayLabel(iso: string, now = new Date()): string {
  const d = new Date(iso);
  const startOf = (x: Date) => new Date(x.getFullYear(), x.getMonth(), x.getDate()).getTime();
  const days = Math.round((startOf(now) - startOf(d)) / 86_400_000);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  return DAY.format(d);
}

/** The timeline node's icon, from the lifecycle label. */
export type TimelineIcon = 'create' | 'update' | 'deactivate' | 'reactivate' | 'delete' | 'member-add' | 'member-remove' | 'other';

export function timelineIcon(kind: string): TimelineIcon {
  if (kind.endsWith('.reactivate')) return 'reactivate';
  if (kind.endsWith('.deactivate')) return 'deactivate';
  if (kind.endsWith('members.add')) return 'member-add';
  if (kind.endsWith('members.remove')) return 'member-remove';
  if (kind.endsWith('.create')) return 'create';
  if (kind.endsWith('.delete')) return 'delete';
  if (kindTone(kind) === 'update') return 'update';
  return 'other';
}

/** Entries grouped under day headings, oldest first (the order the server keeps). */
export function byDay<T extends Pick<HistoryEntry, 'at'>>(entries: readonly T[], now = new Date()): { day: string; entries: T[] }[] {
  const groups: { day: string; entries: T[] }[] = [];
  for (const entry of entries) {
    const day = dayLabel(entry.at, now);
    const last = groups[groups.length - 1];
    if (last && last.day === day) last.entries.push(entry);
    else groups.push({ day, entries: [entry] });
  }
  return groups;
}

/** The part of a timeline loaded so far: its newest entries, oldest first, and the cursor of the page before them. */
export interface LoadedTimeline {
  entries: TimelineEntry[];
  /** `before` for the next older page; null when the oldest entry is loaded. */
  nextBefore: number | null;
}

export const NO_TIMELINE: LoadedTimeline = { entries: [], nextBefore: null };

/**
 * The newest page (newest first, as the server sends it) over what was loaded: older pages already
 * loaded stay when the new page reaches back to them (no entry can be missing in between); else the
 * timeline starts again from the new page.
 */
export function withNewestPage(loaded: LoadedTimeline, page: HistoryPage): LoadedTimeline {
  const fresh = [...page.items].reverse();
  const oldestFresh = fresh[0]?.seq;
  const newestLoaded = loaded.entries[loaded.entries.length - 1]?.seq;
  if (page.nextBefore === null || oldestFresh === undefined || newestLoaded === undefined || oldestFresh > newestLoaded) return { entries: fresh, nextBefore: page.nextBefore };
  const older = loaded.entries.filter((e) => e.seq < oldestFresh);
  return { entries: [...older, ...fresh], nextBefore: older.length > 0 ? loaded.nextBefore : page.nextBefore };
}

/** An older page put in front of the loaded entries; unchanged if the timeline moved on since it was asked for (`askedBefore` is no longer its cursor). */
export function withOlderPage(loaded: LoadedTimeline, page: HistoryPage, askedBefore: number): LoadedTimeline {
  if (loaded.nextBefore !== askedBefore) return loaded;
  const oldestLoaded = loaded.entries[0]?.seq ?? Infinity;
  const older = [...page.items].reverse().filter((e) => e.seq < oldestLoaded);
  return { entries: [...older, ...loaded.entries], nextBefore: page.nextBefore };
}
