/** The Snapshots section of Settings: save the directory under a name, and restore or delete saved snapshots (each after a confirmation); a damaged snapshot is listed with what is wrong and can only be deleted. */
import { RotateCcw, Save, Trash2 } from 'lucide-react';
import { useCallback, useEffect, useId, useState } from 'react';
import type { AdminClient, SnapshotInfo } from '../../api/admin-client.js';
import { useStoreSelector } from '../../state/external-store.js';
import { refreshStatus, serverState } from '../../state/server-state.js';
import { attempt } from '../../state/toasts.js';
import { Section, type Ask } from './settings-section.js';

const NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** After a change to the directory: counts follow at once, views that list resources reload. */
export function directoryChanged(client: AdminClient, counts: { users: number; groups: number }): void {
  serverState.set((s) => ({ ...s, counts: { ...s.counts, ...counts }, storeRevision: s.storeRevision + 1 }));
  refreshStatus(client).catch(() => undefined);
}

export function SnapshotsSection({ client, ask }: { client: AdminClient; ask: Ask }) {
  const id = useId();
  const [items, setItems] = useState<SnapshotInfo[] | null>(null);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  // Saved snapshots are listed again whenever the directory changes (a save, a restore, a reset).
  const revision = useStoreSelector(serverState, (s) => s.storeRevision);
  const load = useCallback(() => {
    client.snapshots().then(
      (list) => setItems(list.items),
      () => setItems([]),
    );
  }, [client]);
  useEffect(load, [load, revision]);

  const nameError = name !== '' && !NAME.test(name) ? 'Lowercase letters, digits, "-" and "_", starting with a letter or digit.' : null;
  const taken = items?.some((s) => s.name === name) ?? false;

  const save = async (overwrite: boolean) => {
    setBusy(true);
    const saved = await attempt(() => client.saveSnapshot(name, overwrite), `Saved snapshot "${name}"`);
    if (saved) setName('');
    setBusy(false);
    load();
  };
  const restore = async (snapshot: string) => {
    setBusy(true);
    const result = await attempt(() => client.restoreSnapshot(snapshot), `Restored snapshot "${snapshot}"`);
    if (result) directoryChanged(client, result.counts);
    setBusy(false);
  };
  const remove = async (snapshot: string) => {
    setBusy(true);
    await attempt(() => client.deleteSnapshot(snapshot), `Deleted snapshot "${snapshot}"`);
    setBusy(false);
    load();
  };

  return (
    <Section id="settings-snapshots" title="Snapshots" lead="Save the directory (users, groups, ids, versions, password hashes) under a name, and put it back in one step. A restore is one change: it shows in each resource's timeline.">
      <form
        className="snapshot-save"
        onSubmit={(e) => {
          e.preventDefault();
          if (!name || nameError) return;
          if (taken) ask({ title: `Replace snapshot "${name}"?`, message: `A snapshot "${name}" exists. It is replaced by the directory as it is now.`, confirmLabel: 'Replace snapshot', run: () => void save(true) });
          else void save(false);
        }}
      >
        <label htmlFor={`${id}-name`} className="settings-row-label">
          Name
        </label>
        <input id={`${id}-name`} type="text" className="settings-input mono" placeholder="lab-1" autoComplete="off" spellCheck={false} value={name} maxLength={64} aria-invalid={!!nameError || undefined} aria-describedby={`${id}-name-note`} onChange={(e) => setName(e.target.value.trim())} />
        <button type="submit" className="button primary" disabled={busy || !name || !!nameError}>
          <Save size={14} aria-hidden="true" />
          Save snapshot
        </button>
        <span id={`${id}-name-note`} className={nameError ? 'settings-error' : 'settings-note'}>
          {nameError ?? (taken ? 'A snapshot of this name exists; saving replaces it.' : 'Saved in the data folder, under snapshots/.')}
        </span>
      </form>
      {items === null ? (
        <p className="settings-note">Loading snapshots…</p>
      ) : items.length === 0 ? (
        <p className="settings-note snapshot-empty">No snapshots yet.</p>
      ) : (
        <ul className="snapshot-list" aria-label="Saved snapshots">
          {items.map((s) => (
            <li key={s.name} className={`snapshot-item${s.error ? ' is-damaged' : ''}`}>
              <div className="snapshot-main">
                <span className="snapshot-name mono">{s.name}</span>
                <span className="settings-note">
                  {s.counts ? `${s.counts.users.toLocaleString()} users · ${s.counts.groups.toLocaleString()} groups · ` : ''}saved {when(s.savedAt)}
                </span>
                {s.error && <span className="settings-error snapshot-error">{s.error}</span>}
              </div>
              <div className="snapshot-actions">
                {!s.error && (
                  <button
                    type="button"
                    className="button small"
                    disabled={busy}
                    aria-label={`Restore snapshot ${s.name}`}
                    onClick={() => ask({ title: `Restore snapshot "${s.name}"?`, message: `Every user and group is replaced by the ${s.counts!.users} users and ${s.counts!.groups} groups saved in "${s.name}". Okta still remembers what it provisioned since.`, confirmLabel: 'Restore snapshot', run: () => void restore(s.name) })}
                  >
                    <RotateCcw size={14} aria-hidden="true" />
                    Restore…
                  </button>
                )}
                <button type="button" className="button small settings-danger-outline" disabled={busy} aria-label={`Delete snapshot ${s.name}`} onClick={() => ask({ title: `Delete snapshot "${s.name}"?`, message: `The file snapshots/${s.name}.json is deleted from the data folder. The directory itself does not change.`, confirmLabel: 'Delete snapshot', run: () => void remove(s.name) })}>
                  <Trash2 size={14} aria-hidden="true" />
                  Delete…
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
