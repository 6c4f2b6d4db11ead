/**
 * The Snapshots and Lab bundle sections over a fake admin client: a name is checked as typed, a save
 * over an existing name and a restore are confirmed first, a damaged snapshot offers only delete,
 * and a bundle import shows the server's preview (its 409) and imports only once confirmed.
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiFailure, type AdminClient, type ImportPreview, type SnapshotInfo } from '../../renderer/api/admin-client.js';
import { ConfirmDialog } from '../../renderer/components/confirm-dialog.js';
import { toasts } from '../../renderer/state/toasts.js';
import { describeImport, LabBundleSection } from '../../renderer/views/settings/lab-bundle-section.js';
import type { Confirmation } from '../../renderer/views/settings/settings-section.js';
import { SnapshotsSection } from '../../renderer/views/settings/snapshots-section.js';

const preview: ImportPreview = {
  bundle: { exportedAt: '2026-12-01T10:00:00.000Z', scimscope: '0.1.0', workspace: 'lab', users: 35, groups: 20, faultRules: 2, trafficEntries: null },
  replaces: { users: 7, groups: 2, faultRules: 0, settings: ['auth', 'quirks'] },
  keeps: ['the admin token'],
};

function makeClient(items: SnapshotInfo[]) {
  return {
    snapshots: vi.fn(async () => ({ items, total: items.length })),
    saveSnapshot: vi.fn(async (name: string) => ({ name, savedAt: '2026-12-01T10:00:00.000Z', bytes: 10, counts: { users: 7, groups: 2 } })),
    restoreSnapshot: vi.fn(async (name: string) => ({ name, counts: { users: 7, groups: 2 }, changed: 3 })),
    deleteSnapshot: vi.fn(async () => undefined),
    status: vi.fn(async () => ({})),
    importBundle: vi.fn(async (_text: string, confirm: boolean) => {
      if (!confirm) throw new ApiFailure(409, 'confirm_required', 'Send it again with "confirm": true.', preview);
      return { imported: preview };
    }),
    exportBundle: vi.fn(async () => '{}'),
  };
}

/** The sections with the page's one confirmation dialog, as SettingsView hosts them. */
function Harness({ client }: { client: AdminClient }) {
  const [confirmation, setConfirmation] = useState<Confirmation | null>(null);
  return (
    <>
      <SnapshotsSection client={client} ask={setConfirmation} />
      <LabBundleSection client={client} ask={setConfirmation} />
      <ConfirmDialog open={confirmation !== null} title={confirmation?.title ?? ''} message={confirmation?.message ?? ''} confirmLabel={confirmation?.confirmLabel ?? 'OK'} onCancel={() => setConfirmation(null)} onConfirm={() => (confirmation?.run(), setConfirmation(null))} />
    </>
  );
}

const renderWith = (items: SnapshotInfo[]) => {
  const client = makeClient(items);
  render(<Harness client={client as unknown as AdminClient} />);
  return client;
};

describe('Snapshots and Lab bundle sections', () => {
  beforeEach(() => {
    HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
      this.setAttribute('open', '');
    };
    HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
      this.removeAttribute('open');
    };
  });
  afterEach(() => {
    cleanup();
    toasts.set([]);
  });

  it("puts the server's warnings (what the import weakens) in the confirmation's sentence, after what is kept", () => {
    const dropped = 'The upstream token is dropped: the bundle points the upstream at https://elsewhere.example.';
    expect(describeImport({ ...preview, warnings: [dropped] }, 'lab.json')).toMatch(/Kept: the admin token\. Before you confirm: The upstream token is dropped: .*elsewhere\.example\.$/);
    expect(describeImport({ ...preview, warnings: [] }, 'lab.json')).toMatch(/Kept: the admin token\.$/);
  });

  it('checks the name as typed and saves a new snapshot at once', async () => {
    const client = renderWith([]);
    await screen.findByText('No snapshots yet.');
    const input = screen.getByLabelText('Name');
    fireEvent.change(input, { target: { value: 'Lab One' } });
    expect(screen.getByText(/Lowercase letters, digits/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Save snapshot' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(input, { target: { value: 'lab-1' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save snapshot' })));
    expect(client.saveSnapshot).toHaveBeenCalledWith('lab-1', false);
  });

  it('asks before replacing a snapshot and before restoring one; a damaged one offers only delete', async () => {
    const client = renderWith([
      { name: 'broken', savedAt: '2026-12-01T10:00:00.000Z', bytes: 3, counts: null, error: 'The snapshot "broken" cannot be read: not valid JSON.' },
      { name: 'lab-1', savedAt: '2026-12-01T10:00:00.000Z', bytes: 300, counts: { users: 7, groups: 2 } },
    ]);
    await screen.findByText(/cannot be read/);
    expect(screen.queryByRole('button', { name: 'Restore snapshot broken' })).toBeNull();
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'lab-1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save snapshot' }));
    const replace = screen.getByRole('dialog', { name: 'Replace snapshot "lab-1"?' });
    await act(async () => fireEvent.click(within(replace).getByRole('button', { name: 'Replace snapshot' })));
    expect(client.saveSnapshot).toHaveBeenCalledWith('lab-1', true);

    fireEvent.click(screen.getByRole('button', { name: 'Restore snapshot lab-1' }));
    const restore = screen.getByRole('dialog', { name: 'Restore snapshot "lab-1"?' });
    expect(restore.textContent).toContain('7 users and 2 groups');
    expect(client.restoreSnapshot).not.toHaveBeenCalled();
    await act(async () => fireEvent.click(within(restore).getByRole('button', { name: 'Restore snapshot' })));
    expect(client.restoreSnapshot).toHaveBeenCalledWith('lab-1');
  });

  it('imports a bundle only after showing what it replaces', async () => {
    const client = renderWith([]);
    const file = new File(['{"format":"scimscope-lab"}'], 'lab.json', { type: 'application/json' });
    await act(async () => fireEvent.change(screen.getByLabelText('Lab bundle file'), { target: { files: [file] } }));
    const dialog = await screen.findByRole('dialog', { name: 'Import this lab bundle?' });
    expect(dialog.textContent).toContain("lab.json (workspace \"lab\", Scimscope 0.1.0) holds 35 users, 20 groups and 2 fault rules. They replace this workspace's 7 users, 2 groups and 0 fault rules, and the auth, quirks settings.");
    expect(client.importBundle).toHaveBeenCalledTimes(1);
    expect(client.importBundle).toHaveBeenLastCalledWith('{"format":"scimscope-lab"}', false);
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Import and replace' })));
    await waitFor(() => expect(client.importBundle).toHaveBeenLastCalledWith('{"format":"scimscope-lab"}', true));
  });
});
