/**
 * The Lab bundle section of Settings: export this workspace (directory, fault rules, settings, never
 * a secret; traffic as HAR if ticked) to one file, and import one over it. The import asks the server
 * first without confirming, which changes nothing and says what would be replaced; that answer is
 * the confirmation the user reads before anything is replaced.
 */
import { Download, Upload } from 'lucide-react';
import { useId, useRef, useState } from 'react';
import { ApiFailure, type AdminClient, type ImportPreview } from '../../api/admin-client.js';
import { saveTextFile } from '../../components/save-file.js';
import { attempt, toast } from '../../state/toasts.js';
import { Section, type Ask } from './settings-section.js';
import { directoryChanged } from './snapshots-section.js';

export function bundleFileName(now = new Date()): string {
  return `scimscope-lab-${now.toISOString().slice(0, 19).replace(/[:T]/g, '-')}.json`;
}

/** The confirmation's sentence: what the bundle holds, what it replaces here, what stays, and what it weakens (the server's warnings). */
export function describeImport(p: ImportPreview, file: string): string {
  const from = p.bundle.workspace ? ` (workspace "${p.bundle.workspace}", Scimscope ${p.bundle.scimscope})` : ` (Scimscope ${p.bundle.scimscope})`;
  const settings = p.replaces.settings.length ? `, and the ${p.replaces.settings.join(', ')} settings` : '';
  const warnings = p.warnings?.length ? ` Before you confirm: ${p.warnings.join(' ')}` : '';
  return `${file}${from} holds ${p.bundle.users} users, ${p.bundle.groups} groups and ${p.bundle.faultRules} fault rules. They replace this workspace's ${p.replaces.users} users, ${p.replaces.groups} groups and ${p.replaces.faultRules} fault rules${settings}. Kept: ${p.keeps.join('; ')}.${warnings}`;
}

export function LabBundleSection({ client, ask }: { client: AdminClient; ask: Ask }) {
  const id = useId();
  const [traffic, setTraffic] = useState(false);
  const [busy, setBusy] = useState(false);
  const picker = useRef<HTMLInputElement>(null);

  const exportBundle = async () => {
    setBusy(true);
    await attempt(async () => saveTextFile(bundleFileName(), await client.exportBundle(traffic)));
    setBusy(false);
  };

  const importFile = async (file: File) => {
    setBusy(true);
    try {
      const text = await file.text();
      try {
        await client.importBundle(text, false);
        toast('error', 'The server imported the bundle without a confirmation; please report this.');
      } catch (error) {
        if (!(error instanceof ApiFailure) || error.code !== 'confirm_required') throw error;
        ask({
          title: 'Import this lab bundle?',
          message: describeImport(error.details as ImportPreview, file.name),
          confirmLabel: 'Import and replace',
          run: () =>
            void attempt(() => client.importBundle(text, true), `Imported ${file.name}`).then((done) => {
              if (done) directoryChanged(client, { users: done.imported.bundle.users, groups: done.imported.bundle.groups });
            }),
        });
      }
    } catch (error) {
      toast('error', (error as Error).message);
    } finally {
      setBusy(false);
      if (picker.current) picker.current.value = '';
    }
  };

  return (
    <Section id="settings-lab" title="Lab bundle" lead="One file with this workspace's directory, fault rules and settings, to hand out to a class. It never holds a token, password, client secret or password hash.">
      <div className="settings-reset">
        <div>
          <h3>Export</h3>
          <label className="lab-traffic" htmlFor={`${id}-traffic`}>
            <input id={`${id}-traffic`} type="checkbox" checked={traffic} onChange={(e) => setTraffic(e.target.checked)} />
            Include recorded traffic (as HAR, secrets redacted)
          </label>
        </div>
        <div className="settings-reset-actions">
          <button type="button" className="button" disabled={busy} onClick={() => void exportBundle()}>
            <Download size={14} aria-hidden="true" />
            Export lab bundle
          </button>
        </div>
      </div>
      <div className="settings-reset">
        <div>
          <h3>Import</h3>
          <p className="settings-note">Replaces this workspace&apos;s users, groups, fault rules and settings; its credentials stay. You confirm first.</p>
        </div>
        <div className="settings-reset-actions">
          <input ref={picker} id={`${id}-file`} type="file" accept=".json,application/json" className="visually-hidden" tabIndex={-1} aria-label="Lab bundle file" onChange={(e) => e.target.files?.[0] && void importFile(e.target.files[0])} />
          <button type="button" className="button settings-danger-outline" disabled={busy} onClick={() => picker.current?.click()}>
            <Upload size={14} aria-hidden="true" />
            Import lab bundle…
          </button>
        </div>
      </div>
    </Section>
  );
}
