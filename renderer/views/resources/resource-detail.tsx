/** The panel beside the table for the open user or group: who it is, the actions on it (edit, activate/deactivate, delete), and its overview, timeline and raw JSON tabs. */
import { Pencil, Power, Trash, X } from 'lucide-react';
import { useEffect, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { JsonObject } from '../../../server/contract/index.js';
import type { ResourcePath } from '../../api/admin-client.js';
import { useServices } from '../../app-services.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { attempt, toast } from '../../state/toasts.js';
import { OverviewPanel } from './overview-panel.js';
import { RawJsonPanel } from './raw-json-panel.js';
import { ActivePill, Avatar } from './resource-columns.js';
import { NOUN, isActive, resourceName, str, versionOf } from './resource-format.js';
import { ResourceTimeline, type OlderEntries } from './resource-timeline.js';
import { useResource } from './use-resource-data.js';

export type DetailTab = 'overview' | 'timeline' | 'json';
const TABS: { id: DetailTab; label: string }[] = [
  { id: 'overview', label: 'Overview' },
  { id: 'timeline', label: 'Timeline' },
  { id: 'json', label: 'Raw JSON' },
];

function Tabs({ tab, onTab, counts, available }: { tab: DetailTab; onTab: (t: DetailTab) => void; counts: Partial<Record<DetailTab, number>>; available: DetailTab[] }) {
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const i = available.indexOf(tab);
    const next = available[(i + (e.key === 'ArrowRight' ? 1 : available.length - 1)) % available.length]!;
    onTab(next);
    document.getElementById(`rs-tab-${next}`)?.focus();
  };
  return (
    <div className="rs-tabs" role="tablist" aria-label="Details" onKeyDown={onKeyDown}>
      {TABS.filter((t) => available.includes(t.id)).map((t) => (
        <button key={t.id} id={`rs-tab-${t.id}`} type="button" role="tab" aria-selected={tab === t.id} aria-controls="rs-tabpanel" tabIndex={tab === t.id ? 0 : -1} className={tab === t.id ? 'rs-tab rs-tab-active' : 'rs-tab'} onClick={() => onTab(t.id)}>
          {t.label}
          {counts[t.id] !== undefined && <span className="rs-count">{counts[t.id]}</span>}
        </button>
      ))}
    </div>
  );
}

function Header({ type, resource, title, onClose, children }: { type: ResourcePath; resource: JsonObject | null; title: string; onClose: () => void; children?: ReactNode }) {
  const members = resource && Array.isArray(resource.members) ? resource.members.length : 0;
  const sub = resource ? (type === 'users' ? str(resource.userName) : `${members.toLocaleString()} member${members === 1 ? '' : 's'}`) : '';
  return (
    <header className="rs-detail-head">
      <Avatar name={title} dim={resource ? type === 'users' && !isActive(resource) : true} />
      <div className="rs-detail-heading">
        <h2 id="rs-detail-title" className="rs-ellipsis">
          {title}
        </h2>
        <p className="rs-detail-sub">
          {sub && <span className="rs-ellipsis">{sub}</span>}
          {resource && type === 'users' && <ActivePill active={isActive(resource)} />}
          {children}
        </p>
      </div>
      <button type="button" className="rs-icon-button rs-close" onClick={onClose} aria-label="Close details" title="Close (Esc)">
        <X size={18} aria-hidden="true" />
      </button>
    </header>
  );
}

export function ResourceDetail({ type, id, tab, onTab, onClose, onDeleted }: { type: ResourcePath; id: string; tab: DetailTab; onTab: (t: DetailTab) => void; onClose: () => void; onDeleted: () => void }) {
  const { client } = useServices();
  const { resource, history, loading, missing, error, reload } = useResource(type, id);
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const noun = NOUN[type];

  useEffect(() => {
    setEditing(false);
    setConfirming(false);
  }, [id]);

  if (loading && !resource) {
    return (
      <aside className="rs-detail" aria-busy="true" aria-label={`${noun.One} details`}>
        <div className="rs-detail-loading">Loading…</div>
      </aside>
    );
  }

  const entries = history.entries;
  const older: OlderEntries | null = history.hasOlder ? { remaining: Math.max(0, history.total - entries.length), loading: history.loadingOlder, error: history.olderError, onLoad: history.loadOlder } : null;

  if (!resource) {
    const last = entries[entries.length - 1];
    const formerName = last ? resourceName(type, (last.before ?? last.after ?? {}) as JsonObject) : '';
    return (
      <aside className="rs-detail" aria-labelledby="rs-detail-title">
        <Header type={type} resource={null} title={missing ? formerName || `${noun.One} not found` : `Could not load this ${noun.one}`} onClose={onClose}>
          {missing && entries.length > 0 && <span className="pill pill-danger">Deleted</span>}
        </Header>
        {error && <p className="rs-server-error">{error}</p>}
        {missing && entries.length === 0 && <p className="rs-quiet rs-pad">No {noun.one} has the id <code>{id}</code>. It may have been deleted before Scimscope kept its history.</p>}
        {entries.length > 0 && (
          <div className="rs-tabpanel">
            <p className="rs-quiet">This {noun.one} no longer exists; its timeline is kept.</p>
            <ResourceTimeline entries={entries} noun={noun.one} older={older} />
          </div>
        )}
      </aside>
    );
  }

  const name = resourceName(type, resource);
  const active = isActive(resource);
  const toggleActive = () => void attempt(() => client.patchResource(type, id, { active: !active }), `${active ? 'Deactivated' : 'Activated'} ${str(resource.userName) || name}.`);
  const remove = async () => {
    setConfirming(false);
    try {
      await client.deleteResource(type, id);
      toast('success', `Deleted ${name}.`);
      onDeleted();
    } catch (e) {
      toast('error', (e as Error).message);
    }
  };
  const startEdit = () => {
    onTab('overview');
    setEditing(true);
  };

  return (
    <aside className="rs-detail" aria-labelledby="rs-detail-title">
      <Header type={type} resource={resource} title={name} onClose={onClose} />
      <div className="rs-detail-actions" role="toolbar" aria-label={`${noun.One} actions`}>
        <button type="button" className="button" onClick={startEdit} disabled={editing && tab === 'overview'}>
          <Pencil size={15} aria-hidden="true" />
          Edit
        </button>
        {type === 'users' && (
          <button type="button" className="button" onClick={toggleActive}>
            <Power size={15} aria-hidden="true" />
            {active ? 'Deactivate' : 'Activate'}
          </button>
        )}
        <span className="grow" />
        <button type="button" className="button rs-danger-outline" onClick={() => setConfirming(true)}>
          <Trash size={15} aria-hidden="true" />
          Delete
        </button>
      </div>
      <Tabs tab={tab} onTab={onTab} counts={{ timeline: history.total }} available={['overview', 'timeline', 'json']} />
      <div id="rs-tabpanel" className="rs-tabpanel" role="tabpanel" aria-labelledby={`rs-tab-${tab}`}>
        {tab === 'overview' && <OverviewPanel key={id} type={type} resource={resource} history={entries} historyTotal={history.total} editing={editing} onEditDone={() => setEditing(false)} onShowTimeline={() => onTab('timeline')} />}
        {tab === 'timeline' && <ResourceTimeline key={id} entries={entries} noun={noun.one} older={older} />}
        {tab === 'json' && (
          <RawJsonPanel
            key={id}
            source={resource}
            label={`${noun.One} as JSON`}
            saveLabel="Save (PUT)"
            note={`The whole ${noun.one}, extensions included. Save replaces it with a PUT; read-only attributes (id, meta${type === 'users' ? ', groups' : ''}) are ignored by the server.`}
            onSave={async (value) => {
              try {
                await client.replaceResource(type, id, value, versionOf(resource));
                reload();
                return null;
              } catch (e) {
                return (e as Error).message;
              }
            }}
          />
        )}
      </div>
      <ConfirmDialog
        open={confirming}
        title={`Delete ${name}?`}
        message={`The ${noun.one} is removed from the sandbox${type === 'users' ? ' and from its groups' : ''}, as a DELETE from Okta or Entra would. Its timeline is kept. Okta will not know: its next update gets a 404.`}
        confirmLabel={`Delete ${noun.one}`}
        onConfirm={() => void remove()}
        onCancel={() => setConfirming(false)}
      />
    </aside>
  );
}
