/** A resource's life as a vertical timeline, oldest first: who (Okta, Entra, the inspector) did what and when, with a link to the exchange and the change as a diff. A long one shows its newest entries and loads older ones on request. */
import { ArrowRight, ChevronDown, ChevronRight, ChevronUp, MousePointerClick, Pencil, Plus, Power, RotateCcw, Sprout, Trash, UserCheck, UserMinus, UserPlus, Dot } from 'lucide-react';
import { useState } from 'react';
import type { HistoryEntry } from '../../api/admin-client.js';
import { KindLabel, ClientMark } from '../../components/badges.js';
import { ChangeDiff } from '../../components/change-diff.js';
import { formatClock, kindTone } from '../../state/labels.js';
import { byDay, changedAttributes, exchangeHref, sourceLabel, timelineIcon, type TimelineIcon } from './timeline-model.js';
import { formatAgo, formatDateTime } from './resource-format.js';

const ICONS: Record<TimelineIcon, typeof Plus> = {
  create: Plus,
  update: Pencil,
  deactivate: Power,
  reactivate: UserCheck,
  delete: Trash,
  'member-add': UserPlus,
  'member-remove': UserMinus,
  other: Dot,
};

export function SourceBadge({ entry }: { entry: Pick<HistoryEntry, 'source' | 'client'> }) {
  const source = sourceLabel(entry);
  const icon =
    source.client !== null ? (
      <ClientMark client={source.client} />
    ) : (
      <span className={`rs-source-icon rs-source-${source.source}`} aria-hidden="true">
        {source.source === 'inspector' ? <MousePointerClick size={13} /> : source.source === 'seed' ? <Sprout size={13} /> : <RotateCcw size={13} />}
      </span>
    );
  return (
    <span className="rs-source">
      {icon}
      <span className="rs-source-name">{source.label}</span>
    </span>
  );
}

function TimelineItem({ entry, index, last }: { entry: HistoryEntry; index: string; last: boolean }) {
  const [open, setOpen] = useState(false);
  const Icon = ICONS[timelineIcon(entry.kind)];
  const tone = kindTone(entry.kind);
  const attributes = changedAttributes(entry);
  const href = exchangeHref(entry);
  const diffId = `rs-diff-${index}`;
  return (
    <li className={last ? 'rs-tl-item rs-tl-last' : 'rs-tl-item'}>
      <span className={`rs-tl-node rs-tone-${tone}`} aria-hidden="true">
        <Icon size={15} strokeWidth={2.25} />
      </span>
      <div className="rs-tl-body">
        <div className="rs-tl-meta">
          <span className={`rs-kind-pill rs-tone-${tone}`}>
            <KindLabel kind={entry.kind} />
          </span>
          <SourceBadge entry={entry} />
          <span className="grow" />
          <time className="rs-tl-time" dateTime={entry.at} title={formatDateTime(entry.at)}>
            {formatClock(entry.at, { ms: false })}
          </time>
        </div>
        <p className="rs-tl-summary">{entry.summary}</p>
        {attributes.length > 0 && (
          <p className="rs-tl-attrs">
            <span className="visually-hidden">Changed: </span>
            {attributes.slice(0, 6).map((a) => (
              <code key={a} className="rs-attr-chip">
                {a}
              </code>
            ))}
            {attributes.length > 6 && <span className="muted">+{attributes.length - 6} more</span>}
          </p>
        )}
        <div className="rs-tl-actions">
          <button type="button" className="rs-link-button" aria-expanded={open} aria-controls={diffId} onClick={() => setOpen(!open)}>
            {open ? <ChevronDown size={15} aria-hidden="true" /> : <ChevronRight size={15} aria-hidden="true" />}
            {open ? 'Hide change' : 'Show change'}
          </button>
          {href && (
            <a className="rs-link-button" href={href}>
              Open exchange
              <ArrowRight size={15} aria-hidden="true" />
            </a>
          )}
        </div>
        {open && (
          <div id={diffId} className="rs-tl-diff">
            <ChangeDiff before={entry.before} after={entry.after} />
          </div>
        )}
      </div>
    </li>
  );
}

/** The most recent change, on the Overview: the timeline's last line, one click from the whole story (`total` changes). */
export function LatestActivity({ entries, total = entries.length, onShowAll }: { entries: HistoryEntry[]; total?: number; onShowAll: () => void }) {
  const last = entries[entries.length - 1];
  if (!last) return null;
  const tone = kindTone(last.kind);
  const Icon = ICONS[timelineIcon(last.kind)];
  return (
    <section className="rs-latest" aria-labelledby="rs-latest-title">
      <span className={`rs-tl-node rs-tone-${tone}`} aria-hidden="true">
        <Icon size={15} strokeWidth={2.25} />
      </span>
      <div className="rs-latest-body">
        <h3 id="rs-latest-title" className="rs-latest-title">
          Latest change
          <span className="muted">
            {' '}
            · <time dateTime={last.at} title={formatDateTime(last.at)}>{formatAgo(last.at)}</time>
          </span>
        </h3>
        <p className="rs-latest-summary">{last.summary}</p>
        <div className="rs-tl-meta">
          <span className={`rs-kind-pill rs-tone-${tone}`}>
            <KindLabel kind={last.kind} />
          </span>
          <SourceBadge entry={last} />
        </div>
      </div>
      <button type="button" className="rs-link-button rs-latest-all" onClick={onShowAll}>
        {total === 1 ? 'Timeline' : `All ${total.toLocaleString()} changes`}
        <ArrowRight size={15} aria-hidden="true" />
      </button>
    </section>
  );
}

/** What the timeline knows of the entries older than those it shows. */
export interface OlderEntries {
  /** How many there are (0 when unknown, e.g. after the cap dropped some). */
  remaining: number;
  loading: boolean;
  /** Why the last attempt failed. */
  error: string | null;
  onLoad: () => void;
}

export function ResourceTimeline({ entries, noun, older = null }: { entries: (HistoryEntry & { seq?: number })[]; noun: string; older?: OlderEntries | null }) {
  if (entries.length === 0) {
    return (
      <div className="rs-tl-empty">
        <p>
          <strong>No history yet.</strong> Every change to this {noun}, by Okta, Entra or from here, appears on this timeline, oldest first.
        </p>
      </div>
    );
  }
  let index = 0;
  // Entries keep their key (their seq) when older ones are put in front, so an open diff stays open.
  const keyOf = (entry: HistoryEntry & { seq?: number }, i: number) => (entry.seq !== undefined ? `s${entry.seq}` : `i${i}`);
  return (
    <div className="rs-timeline">
      {older && (
        <div className="rs-tl-older">
          <button type="button" className="button small rs-tl-earlier" disabled={older.loading} aria-busy={older.loading || undefined} onClick={older.onLoad}>
            <ChevronUp size={14} aria-hidden="true" />
            {older.loading ? 'Loading older changes…' : 'Load older changes'}
          </button>
          {older.remaining > 0 && <span className="muted rs-tl-older-count">{older.remaining.toLocaleString()} more, not loaded yet</span>}
          {older.error && (
            <span className="settings-error" role="alert">
              {older.error}
            </span>
          )}
        </div>
      )}
      {byDay(entries).map((group, g, groups) => (
        // Keyed by day (a day seen twice, out of order, gets its place too), so loading older entries does not remount it.
        <section key={groups.findIndex((x) => x.day === group.day) === g ? group.day : `${group.day}-${g}`} className="rs-tl-day" aria-label={group.day}>
          <h3 className="rs-tl-day-label">{group.day}</h3>
          <ol className="rs-tl-list">
            {group.entries.map((entry) => {
              const i = index++;
              const key = keyOf(entry, i);
              return <TimelineItem key={key} entry={entry} index={key} last={i === entries.length - 1} />;
            })}
          </ol>
        </section>
      ))}
    </div>
  );
}
