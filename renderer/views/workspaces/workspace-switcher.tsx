/**
 * The workspace switcher in the top bar: shows the workspace being viewed and opens the list of the
 * instance's workspaces (workspaces-dialog.tsx, loaded on first use to keep the start-up bundle
 * small). Switching changes the URL hash (`#/w/<name>/...`); the services follow it (app-services.tsx).
 */
import { Layers } from 'lucide-react';
import { lazy, Suspense, useState } from 'react';
import { useStore } from '../../state/external-store.js';
import { currentWorkspace } from '../../state/route.js';
import '../../styles/workspaces.css';

const WorkspacesDialog = lazy(() => import('./workspaces-dialog.js'));

export function WorkspaceSwitcher() {
  const shown = useStore(currentWorkspace);
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button small workspace-button" aria-haspopup="dialog" title="Switch, create or manage workspaces" onClick={() => setOpen(true)}>
        <Layers size={16} aria-hidden="true" />
        <span className="visually-hidden">Workspace: </span>
        <span className="workspace-button-name">{shown}</span>
      </button>
      {open && (
        <Suspense fallback={null}>
          <WorkspacesDialog shown={shown} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
