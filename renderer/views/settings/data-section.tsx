/** The Data section of Settings: where the data folder and store file are, and resetting the store to a dataset (demo, 1,000 users, messy data) or to empty. */
import { FolderOpen } from 'lucide-react';
import { useState } from 'react';
import type { AdminClient, DatasetName } from '../../api/admin-client.js';
import { desktop } from '../../api/desktop-bridge.js';
import { CopyButton } from '../../components/copy-button.js';
import { useStore } from '../../state/external-store.js';
import { refreshStatus, serverState } from '../../state/server-state.js';
import { attempt } from '../../state/toasts.js';
import { Section, type Ask, type Confirmation } from './settings-section.js';

const RESET_CONFIRMATIONS: Record<DatasetName, Omit<Confirmation, 'run'>> = {
  demo: {
    title: 'Reset to the demo directory?',
    message: 'Every user and group is deleted and replaced by the demo directory (a few users and a group). Okta still remembers what it provisioned, so its next pushes may fail on missing ids.',
    confirmLabel: 'Reset to demo data',
  },
  large: {
    title: 'Reset to 1,000 users in 50 groups?',
    message: 'Every user and group is replaced by the large dataset (the same 1,000 users and 50 groups every time). Okta still remembers what it provisioned, so its next pushes may fail on missing ids.',
    confirmLabel: 'Reset to 1,000 users',
  },
  messy: {
    title: 'Reset to messy data?',
    message: 'Every user and group is replaced by the messy dataset: look-alike duplicates, combining marks, right-to-left and emoji names, users in many groups, deactivated users. Okta still remembers what it provisioned.',
    confirmLabel: 'Reset to messy data',
  },
  empty: {
    title: 'Empty the store?',
    message: 'Every user and group is deleted, leaving an empty directory. Okta still remembers what it provisioned, so its next pushes may recreate users or fail on missing ids.',
    confirmLabel: 'Empty the store',
  },
};

const RESET_DONE: Record<DatasetName, string> = { demo: 'Store reset to the demo directory', large: 'Store reset to 1,000 users in 50 groups', messy: 'Store reset to messy data', empty: 'Store emptied' };

export function DataSection({ client, ask }: { client: AdminClient; ask: Ask }) {
  const status = useStore(serverState).status;
  const [saving, setSaving] = useState(false);
  const openFolder = desktop()?.openDataFolder;

  const doReset = async (seed: DatasetName) => {
    setSaving(true);
    const result = await attempt(() => client.resetStore(seed), RESET_DONE[seed]);
    if (result) serverState.set((s) => ({ ...s, counts: { ...s.counts, ...result.counts }, storeRevision: s.storeRevision + 1 }));
    refreshStatus(client).catch(() => undefined);
    setSaving(false);
  };

  return (
    <Section id="settings-data" title="Data">
      <div className="settings-rows">
        <div className="settings-row">
          <span className="settings-row-label">Data folder</span>
          <div className="settings-row-value">
            {status ? <code className="settings-path">{status.dataDir}</code> : <span className="muted">Loading…</span>}
            {status && <CopyButton text={status.dataDir} what="data folder path" />}
            {openFolder && (
              <button type="button" className="button small" onClick={() => void attempt(() => openFolder())}>
                <FolderOpen size={14} aria-hidden="true" />
                Open data folder
              </button>
            )}
          </div>
        </div>
        <div className="settings-row">
          <span className="settings-row-label">Store file</span>
          <div className="settings-row-value">
            {status?.storeFile ? (
              <>
                <code className="settings-path">{status.storeFile}</code>
                <CopyButton text={status.storeFile} what="store file path" />
              </>
            ) : (
              <span className="settings-note">{status ? 'In memory: users and groups are not saved.' : 'Loading…'}</span>
            )}
          </div>
        </div>
      </div>
      <div className="settings-reset">
        <div>
          <h3>Reset the store</h3>
          <p className="settings-note">Replaces every user and group with a dataset, the same every time. Recorded traffic, fault rules and settings stay.</p>
        </div>
        <div className="settings-reset-actions">
          <button type="button" className="button" disabled={saving} onClick={() => ask({ ...RESET_CONFIRMATIONS.demo, run: () => void doReset('demo') })}>
            Reset to demo data…
          </button>
          <button type="button" className="button" disabled={saving} onClick={() => ask({ ...RESET_CONFIRMATIONS.large, run: () => void doReset('large') })}>
            1,000 users…
          </button>
          <button type="button" className="button" disabled={saving} onClick={() => ask({ ...RESET_CONFIRMATIONS.messy, run: () => void doReset('messy') })}>
            Messy data…
          </button>
          <button type="button" className="button settings-danger-outline" disabled={saving} onClick={() => ask({ ...RESET_CONFIRMATIONS.empty, run: () => void doReset('empty') })}>
            Empty the store…
          </button>
        </div>
      </div>
    </Section>
  );
}
