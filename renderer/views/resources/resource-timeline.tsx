/** A resource's life as a vertical timeline, oldest first: who (Okta, Entra, the inspector) did what and when, with a link to the exchange and the change as a diff. */
import { ArrowRight, ChevronDown, ChevronRight, MousePointerClick, Pencil, Plus, Power, RotateCcw, Sprout, Trash, UserCheck, UserMinus, UserPlus, Dot } from 'lucide-react';
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

function TimelineItem({ entry, index, last }: { entry: HistoryEntry; index: number; last: boolean }) {
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

/** The most recent change, on the Overview: the timeline's last line, one click from the whole story. */
export function LatestActivity({ entries, onShowAll }: { entries: HistoryEntry[]; onShowAll: () => void }) {
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
        {entries.length === 1 ? 'Timeline' : `All ${entries.length} changes`}
        <ArrowRight size={15} aria-hidden="true" />
      </button>
    </section>
  );
}

/** Long histories (a busy group) start with their most recent entries; earlier ones load on request. */
const INITIAL_ENTRIES = 100;

export function ResourceTimeline({ entries, noun }: { entries: HistoryEntry[]; noun: string }) {
  const [limit, setLimit] = useState(INITIAL_ENTRIES);
  if (entries.length === 0) {
    return (
      <div className="rs-tl-empty">
        <p>
          <strong>No history yet.</strong> Every change to this {noun}, by Okta, Entra or from here, appears on this timeline, oldest first.
        </p>
      </div>
    );
  }
  const hidden = Math.max(0, entries.length - limit);
  const shown = hidden > 0 ? entries.slice(hidden) : entries;
  let index = hidden;
  return (
    <div className="rs-timeline">
      {hidden > 0 && (
        <button type="button" className="button small rs-tl-earlier" onClick={() => setLimit(limit + INITIAL_ENTRIES * 5)}>
          Show {Math.min(hidden, INITIAL_ENTRIES * 5).toLocaleString()} earlier of {hidden.toLocaleString()}
        </button>
      )}
      {byDay(shown).map((group) => (
        <section key={`${group.day}-${index}`} className="rs-tl-day" aria-label={group.day}>
          <h3 className="rs-tl-day-label">{group.day}</h3>
          <ol className="rs-tl-list">
            {group.entries.map((entry) => {
              const i = index++;
              return <TimelineItem key={`${entry.at}-${i}`} entry={entry} index={i} last={i === entries.length - 1} />;
            })}
          </ol>
        </section>
      ))}
    </div>
  );
}
