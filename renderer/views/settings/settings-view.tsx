/** The Settings view: the page that stacks the authentication, proxy mode, recording, PATCH responses, appearance, data, snapshots and lab bundle sections and hosts the one confirmation dialog they share. */
import { useState } from 'react';
import { useServices } from '../../app-services.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { AppearanceSection } from './appearance-section.js';
import { AuthSection } from './auth-section.js';
import { DataSection } from './data-section.js';
import { LabBundleSection } from './lab-bundle-section.js';
import { SnapshotsSection } from './snapshots-section.js';
import { PatchResponsesSection } from './patch-responses-section.js';
import { RecordingSection } from './recording-section.js';
import { UpstreamSection } from './upstream-section.js';
import { useSettings } from './settings-io.js';
import type { Confirmation } from './settings-section.js';
import '../../styles/settings.css';

export function SettingsView() {
  const { client } = useServices();
  const settings = useSettings(client);
  const [confirmation, setConfirmation] = useState<Confirmation | null>(null);
  return (
    <div className="page settings-page">
      <h1>Settings</h1>
      <p className="lead">How the sandbox answers and what it keeps. Changes apply at once, to the next request.</p>
      {settings === null ? (
        <p className="empty">Loading settings…</p>
      ) : (
        <>
          <AuthSection client={client} settings={settings} ask={setConfirmation} />
          <UpstreamSection client={client} settings={settings} />
          <RecordingSection client={client} settings={settings} />
          <PatchResponsesSection client={client} settings={settings} />
          <AppearanceSection />
          <DataSection client={client} ask={setConfirmation} />
          <SnapshotsSection client={client} ask={setConfirmation} />
          <LabBundleSection client={client} ask={setConfirmation} />
        </>
      )}
      <ConfirmDialog
        open={confirmation !== null}
        title={confirmation?.title ?? ''}
        message={confirmation?.message ?? ''}
        confirmLabel={confirmation?.confirmLabel ?? 'OK'}
        onCancel={() => setConfirmation(null)}
        onConfirm={() => {
          const run = confirmation?.run;
          setConfirmation(null);
          run?.();
        }}
      />
    </div>
  );
}
