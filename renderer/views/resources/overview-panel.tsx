/** The detail panel's first tab: the common attributes at a glance, or as a form to edit them (saved with PUT so everything else on the resource is kept). */
import { useState, type ReactNode } from 'react';
import type { JsonObject } from '../../../server/contract/index.js';
import type { HistoryEntry, ResourcePath } from '../../api/admin-client.js';
import { useServices } from '../../app-services.js';
import { CopyButton } from '../../components/copy-button.js';
import { toast } from '../../state/toasts.js';
import { GroupMembers, UserGroups } from './membership.js';
import { NOUN, department, formatDateTime, metaOf, personName, primaryEmail, resourceName, str, versionOf } from './resource-format.js';
import { ResourceFields } from './resource-form-fields.js';
import { LatestActivity } from './resource-timeline.js';
import { applyForm, missingRequired, sameForm, toForm, writable } from './resource-form-model.js';

function Value({ text, mono = false }: { text: string; mono?: boolean }) {
  if (!text) return <span className="muted">—</span>;
  return mono ? <code className="rs-value-mono">{text}</code> : <>{text}</>;
}

function Attributes({ type, resource }: { type: ResourcePath; resource: JsonObject }) {
  const meta = metaOf(resource);
  const rows: [string, string, ReactNode][] =
    type === 'users'
      ? [
          ['User name', 'userName', <Value text={str(resource.userName)} />],
          ['Name', 'name', <Value text={personName(resource)} />],
          ['Display name', 'displayName', <Value text={str(resource.displayName)} />],
          ['Title', 'title', <Value text={str(resource.title)} />],
          ['Email', 'emails', <Value text={primaryEmail(resource)} />],
          ['Department', 'enterprise', <Value text={department(resource)} />],
          ['External ID', 'externalId', <Value text={str(resource.externalId)} mono />],
        ]
      : [
          ['Display name', 'displayName', <Value text={str(resource.displayName)} />],
          ['External ID', 'externalId', <Value text={str(resource.externalId)} mono />],
        ];
  return (
    <dl className="rs-attrs">
      {rows.map(([label, key, value]) => (
        <div key={key} className="rs-attr-row">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
      <div className="rs-attr-row">
        <dt>ID</dt>
        <dd className="rs-id-cell">
          <code className="rs-value-mono rs-ellipsis">{str(resource.id)}</code>
          <CopyButton text={str(resource.id)} what="the id" />
        </dd>
      </div>
      <div className="rs-attr-row">
        <dt>Created</dt>
        <dd>{formatDateTime(meta.created)}</dd>
      </div>
      <div className="rs-attr-row">
        <dt>Last modified</dt>
        <dd>{formatDateTime(meta.lastModified)}</dd>
      </div>
    </dl>
  );
}

function EditForm({ type, resource, onDone }: { type: ResourcePath; resource: JsonObject; onDone: () => void }) {
  const { client } = useServices();
  const [form, setForm] = useState(() => toForm(type, resource));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const initial = toForm(type, resource);
  const missing = missingRequired(type, form);
  const unchanged = sameForm(form, initial);

  const save = async () => {
    if (missing || busy) return;
    setBusy(true);
    try {
      const next = applyForm(type, resource, form);
      // If-Match: an edit made while Okta changed the same resource is refused, not silently lost.
      await client.replaceResource(type, str(resource.id), writable(type, next), versionOf(resource));
      toast('success', `Saved ${resourceName(type, next)}.`);
      onDone();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="rs-edit-form"
      aria-label={`Edit ${NOUN[type].one}`}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onDone();
        }
      }}
    >
      <ResourceFields type={type} prefix="rs-edit" form={form} onChange={(f) => (setForm(f), setError(null))} autoFocus />
      <p className="rs-panel-note">Saved with a PUT of the whole resource: attributes not shown here (phones, manager, other extensions) are kept as they are.</p>
      {error && (
        <div className="rs-server-error" role="alert">
          <strong>The server refused it.</strong> {error}
        </div>
      )}
      <div className="rs-form-actions">
        <button type="submit" className="button primary" disabled={busy || !!missing || unchanged}>
          {busy ? 'Saving…' : 'Save changes'}
        </button>
        <button type="button" className="button" onClick={onDone} disabled={busy}>
          Cancel
        </button>
        {missing && <span className="rs-error-text rs-inline-note">{missing} is required.</span>}
      </div>
    </form>
  );
}

export function OverviewPanel({ type, resource, history, historyTotal, editing, onEditDone, onShowTimeline }: { type: ResourcePath; resource: JsonObject; history: HistoryEntry[]; historyTotal?: number; editing: boolean; onEditDone: () => void; onShowTimeline: () => void }) {
  return (
    <div className="rs-overview">
      {!editing && <LatestActivity entries={history} total={historyTotal} onShowAll={onShowTimeline} />}
      {editing ? <EditForm type={type} resource={resource} onDone={onEditDone} /> : <Attributes type={type} resource={resource} />}
      {type === 'users' ? <UserGroups user={resource} /> : <GroupMembers group={resource} />}
    </div>
  );
}
