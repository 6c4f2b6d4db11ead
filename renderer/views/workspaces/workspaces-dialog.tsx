/**
 * The list of the instance's workspaces (each with its SCIM URL and counts), where one is switched
 * to, created, duplicated, renamed or deleted (after a confirmation naming it and what is lost). A
 * creation the server answers with warnings (a proxy-mode copy without its upstream token) stays in
 * the dialog to say them before the new workspace is opened.
 */
import { useCallback, useEffect, useId, useState } from 'react';
import type { WorkspaceInfo } from '../../api/admin-client.js';
import { useServices } from '../../app-services.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { useModalDialog } from '../../components/modal-dialog.js';
import { DEFAULT_WORKSPACE, switchWorkspace } from '../../state/route.js';
import { attempt } from '../../state/toasts.js';
import { CreationWarnings, type CreatedWithWarnings } from './creation-warnings.js';
import { deletionMessage } from './workspace-model.js';
import { NameForm, WorkspaceRow, type RowAction } from './workspace-row.js';
import '../../styles/workspaces.css';

export default function WorkspacesDialog({ shown, onClose }: { shown: string; onClose: () => void }) {
  const { client } = useServices();
  const ref = useModalDialog(true);
  const titleId = useId();
  const [items, setItems] = useState<WorkspaceInfo[] | null>(null);
  const [action, setAction] = useState<RowAction | null>(null);
  const [toDelete, setToDelete] = useState<WorkspaceInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const [warned, setWarned] = useState<CreatedWithWarnings | null>(null);

  const load = useCallback(async () => {
    const list = await attempt(() => client.workspaces());
    if (list) setItems(list.items);
  }, [client]);
  useEffect(() => void load(), [load]);

  const run = async <T,>(work: () => Promise<T>, done: string): Promise<T | undefined> => {
    setBusy(true);
    const result = await attempt(work, done);
    setBusy(false);
    if (result !== undefined) {
      setAction(null);
      await load();
    }
    return result;
  };

  const go = (name: string) => {
    switchWorkspace(name);
    onClose();
  };

  const create = async (name: string, from: string) => {
    setWarned(null);
    const created = await run(() => client.createWorkspace(name, from), from === 'demo' || from === 'empty' ? `Workspace “${name}” created` : `“${from}” duplicated as “${name}”`);
    if (!created) return;
    const warnings = created.warnings ?? [];
    if (warnings.length > 0) setWarned({ name: created.name, warnings });
    else go(created.name);
  };
  const rename = async (from: string, to: string) => {
    const renamed = await run(() => client.renameWorkspace(from, to), `“${from}” renamed to “${to}”`);
    if (renamed && from === shown) switchWorkspace(renamed.name);
  };
  const remove = async (w: WorkspaceInfo) => {
    setToDelete(null);
    const removed = await run(async () => (await client.deleteWorkspace(w.name), true), `Workspace “${w.name}” deleted`);
    if (removed && w.name === shown) switchWorkspace(DEFAULT_WORKSPACE);
  };

  return (
    <dialog ref={ref} className="dialog workspaces-dialog" aria-labelledby={titleId} onCancel={(e) => (e.preventDefault(), onClose())}>
      <h2 id={titleId}>Workspaces</h2>
      <p className="muted">Each workspace is a sandbox of its own: its own SCIM URL and token, users, groups, traffic and fault rules.</p>
      {warned && (
        <CreationWarnings
          created={warned}
          onSettings={() => (switchWorkspace(warned.name, 'settings'), onClose())}
          onSwitch={() => go(warned.name)}
          onDismiss={() => setWarned(null)}
        />
      )}
      {items === null ? (
        <p className="muted" aria-busy="true">
          Loading workspaces…
        </p>
      ) : (
        <ul className="workspace-list" aria-label="Workspaces">
          {items.map((w) => (
            <WorkspaceRow
              key={w.name}
              workspace={w}
              current={w.name === shown}
              all={items}
              action={action?.name === w.name ? action : null}
              busy={busy}
              onAction={setAction}
              onSwitch={() => go(w.name)}
              onDuplicate={(name) => void create(name, w.name)}
              onRename={(to) => void rename(w.name, to)}
              onDelete={() => setToDelete(w)}
            />
          ))}
        </ul>
      )}
      <section className="workspace-new" aria-label="New workspace">
        <h3>New workspace</h3>
        <NameForm existing={items ?? []} busy={busy} submitLabel="Create" initial="" seedChoice onSubmit={(name, seed) => void create(name, seed ?? 'demo')} />
      </section>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
      <ConfirmDialog
        open={toDelete !== null}
        title={toDelete ? `Delete workspace “${toDelete.name}”?` : ''}
        message={toDelete ? deletionMessage(toDelete) : ''}
        confirmLabel="Delete workspace"
        onCancel={() => setToDelete(null)}
        onConfirm={() => toDelete && void remove(toDelete)}
      />
    </dialog>
  );
}
