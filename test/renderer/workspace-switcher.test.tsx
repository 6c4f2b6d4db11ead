/**
 * The workspace switcher over a fake admin client: it shows the workspace being viewed, lists the
 * instance's workspaces with their SCIM URLs, switches by changing the hash, creates (then shows the
 * new one), duplicates with `from`, renames, and deletes only after a confirmation that names the
 * workspace and what is lost; names are checked as typed. Also the name rules and messages alone.
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AdminClient, WorkspaceInfo } from '../../renderer/api/admin-client.js';
import type { LiveSocket } from '../../renderer/api/live-socket.js';
import { ServicesContext } from '../../renderer/app-services.js';
import { currentWorkspace } from '../../renderer/state/route.js';
import { toasts } from '../../renderer/state/toasts.js';
import { TrafficStore } from '../../renderer/state/traffic-store.js';
import { copyName, deletionMessage, nameProblem } from '../../renderer/views/workspaces/workspace-model.js';
import { WorkspaceSwitcher } from '../../renderer/views/workspaces/workspace-switcher.js';

const ws = (name: string, counts: WorkspaceInfo['counts'] = { users: 7, groups: 2, exchanges: 40 }): WorkspaceInfo => ({
  name,
  scimUrl: `http://127.0.0.1:7171${name === 'default' ? '' : `/w/${name}`}/scim/v2`,
  mountPath: name === 'default' ? '' : `/w/${name}`,
  loaded: counts !== null,
  authMode: 'bearer',
  counts,
});

function makeClient() {
  let list = [ws('default'), ws('class-01'), ws('class-02', null)];
  return {
    workspaces: vi.fn(async () => ({ items: list, total: list.length })),
    createWorkspace: vi.fn(async (name: string, from?: string) => {
      void from;
      list = [...list, ws(name)];
      return { ...ws(name), token: 'scim_new_token' };
    }),
    renameWorkspace: vi.fn(async (name: string, to: string) => {
      list = list.map((w) => (w.name === name ? ws(to) : w));
      return ws(to);
    }),
    deleteWorkspace: vi.fn(async (name: string) => {
      list = list.filter((w) => w.name !== name);
    }),
  };
}

/** Sets the hash and waits for the workspace store to follow it (hashchange is asynchronous). */
async function showWorkspace(hash: string, name: string) {
  window.location.hash = hash;
  await waitFor(() => expect(currentWorkspace.get()).toBe(name));
}

function renderSwitcher(client = makeClient()) {
  render(
    <ServicesContext.Provider value={{ client: client as unknown as AdminClient, traffic: new TrafficStore(10, (f) => f()), socket: {} as LiveSocket }}>
      <WorkspaceSwitcher />
    </ServicesContext.Provider>,
  );
  return client;
}

async function openList() {
  fireEvent.click(screen.getByRole('button', { name: /Workspace:/ }));
  return screen.findByRole('list', { name: 'Workspaces' });
}

beforeEach(async () => {
  // jsdom has no modal dialogs: opening one sets `open`, as the browser does.
  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
    this.removeAttribute('open');
  };
  toasts.set([]);
  await showWorkspace('#/traffic', 'default');
});
afterEach(cleanup);

describe('WorkspaceSwitcher', () => {
  it('shows the current workspace and lists all with their SCIM URL and counts', async () => {
    await showWorkspace('#/w/class-01/users', 'class-01');
    renderSwitcher();
    expect(screen.getByRole('button', { name: /Workspace:/ }).textContent).toContain('class-01');
    const list = await openList();
    const items = within(list).getAllByRole('listitem');
    expect(items.map((i) => i.getAttribute('aria-label'))).toEqual(['default', 'class-01', 'class-02']);
    const current = within(list).getByRole('listitem', { name: 'class-01' });
    expect(current.getAttribute('aria-current')).toBe('true');
    expect(current.textContent).toContain('http://127.0.0.1:7171/w/class-01/scim/v2');
    expect(current.textContent).toContain('7 users · 2 groups · 40 exchanges');
    expect(within(list).getByRole('listitem', { name: 'class-02' }).textContent).toContain('not loaded');
    // The default workspace cannot be renamed or deleted.
    const byDefault = within(list).getByRole('listitem', { name: 'default' });
    expect(within(byDefault).queryByRole('button', { name: 'Rename' })).toBeNull();
    expect(within(byDefault).queryByRole('button', { name: /Delete/ })).toBeNull();
  });

  it('switches by changing the hash', async () => {
    renderSwitcher();
    const list = await openList();
    fireEvent.click(within(within(list).getByRole('listitem', { name: 'class-02' })).getByRole('button', { name: 'Switch' }));
    expect(window.location.hash).toBe('#/w/class-02/traffic');
    await waitFor(() => expect(currentWorkspace.get()).toBe('class-02'));
  });

  it('creates a workspace from the chosen seed and shows it; refuses bad names as typed', async () => {
    const client = renderSwitcher();
    await openList();
    const form = screen.getByRole('region', { name: 'New workspace' });
    const name = within(form).getByLabelText('Name');
    fireEvent.change(name, { target: { value: 'Class 3' } });
    expect(form.textContent).toContain('Use lowercase letters, digits and hyphens');
    expect((within(form).getByRole('button', { name: 'Create' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(name, { target: { value: 'class-01' } });
    expect(form.textContent).toContain('already exists');
    fireEvent.change(name, { target: { value: 'class-03' } });
    fireEvent.change(within(form).getByLabelText('Start with'), { target: { value: 'empty' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(client.createWorkspace).toHaveBeenCalledWith('class-03', 'empty'));
    await waitFor(() => expect(window.location.hash).toBe('#/w/class-03/traffic'));
    expect(toasts.get().map((t) => t.message)).toContain('Workspace “class-03” created');
  });

  it('duplicates with from: <name>, proposing a free name', async () => {
    const client = renderSwitcher();
    const list = await openList();
    const row = within(list).getByRole('listitem', { name: 'class-01' });
    fireEvent.click(within(row).getByRole('button', { name: 'Duplicate' }));
    expect((within(row).getByLabelText('Name') as HTMLInputElement).value).toBe('class-01-copy');
    fireEvent.click(within(row).getByRole('button', { name: 'Create copy' }));
    await waitFor(() => expect(client.createWorkspace).toHaveBeenCalledWith('class-01-copy', 'class-01'));
    await waitFor(() => expect(window.location.hash).toBe('#/w/class-01-copy/traffic'));
  });

  it("a copy the server answers with warnings stays in the dialog to say them, then switches on request", async () => {
    const client = makeClient();
    const warning = 'The upstream token of "class-01" is not copied: "class-01-copy" forwards its SCIM requests to http://127.0.0.1:3000 …';
    client.createWorkspace.mockImplementationOnce(async (name: string) => ({ ...ws(name), token: 'scim_new_token', warnings: [warning] }) as never);
    renderSwitcher(client);
    const list = await openList();
    const row = within(list).getByRole('listitem', { name: 'class-01' });
    fireEvent.click(within(row).getByRole('button', { name: 'Duplicate' }));
    fireEvent.click(within(row).getByRole('button', { name: 'Create copy' }));
    const alert = await screen.findByRole('alert', { name: '“class-01-copy” created: before you use it' });
    expect(alert.textContent).toContain(warning);
    expect(window.location.hash).toBe('#/traffic');
    fireEvent.click(within(alert).getByRole('button', { name: 'Switch to “class-01-copy”' }));
    await waitFor(() => expect(window.location.hash).toBe('#/w/class-01-copy/traffic'));
  });

  it('renames the workspace being shown and follows it', async () => {
    await showWorkspace('#/w/class-01/faults', 'class-01');
    const client = renderSwitcher();
    const list = await openList();
    const row = within(list).getByRole('listitem', { name: 'class-01' });
    fireEvent.click(within(row).getByRole('button', { name: 'Rename' }));
    fireEvent.change(within(row).getByLabelText('Name'), { target: { value: 'team-a' } });
    fireEvent.click(within(row).getByRole('button', { name: 'Save name' }));
    await waitFor(() => expect(client.renameWorkspace).toHaveBeenCalledWith('class-01', 'team-a'));
    await waitFor(() => expect(currentWorkspace.get()).toBe('team-a'));
  });

  it('deletes only after a confirmation naming the workspace and what is lost; deleting the shown one goes back to default', async () => {
    await showWorkspace('#/w/class-01/traffic', 'class-01');
    const client = renderSwitcher();
    const list = await openList();
    fireEvent.click(within(within(list).getByRole('listitem', { name: 'class-01' })).getByRole('button', { name: 'Delete…' }));
    const confirm = screen.getByRole('dialog', { name: 'Delete workspace “class-01”?' });
    expect(confirm.textContent).toContain('7 users, 2 groups and 40 recorded exchanges');
    expect(confirm.textContent).toContain('http://127.0.0.1:7171/w/class-01/scim/v2');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(client.deleteWorkspace).not.toHaveBeenCalled();
    fireEvent.click(within(within(list).getByRole('listitem', { name: 'class-01' })).getByRole('button', { name: 'Delete…' }));
    fireEvent.click(within(screen.getByRole('dialog', { name: 'Delete workspace “class-01”?' })).getByRole('button', { name: 'Delete workspace' }));
    await waitFor(() => expect(client.deleteWorkspace).toHaveBeenCalledWith('class-01'));
    await waitFor(() => expect(currentWorkspace.get()).toBe('default'));
    await act(async () => undefined);
  });
});

describe('workspace names and messages', () => {
  const all = [ws('default'), ws('class-01'), ws('class-01-copy')];
  it.each([
    ['', 'Enter a name.'],
    ['default', '“default” is the unnamed workspace; choose another name.'],
    ['-x', 'Use lowercase letters'],
    ['a'.repeat(41), 'Use lowercase letters'],
    ['Upper', 'Use lowercase letters'],
    ['class-01', 'already exists'],
    ['class-09', null],
  ])('%j → %s', (name, expected) => {
    const problem = nameProblem(name, all);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toContain(expected);
  });

  it('proposes the next free copy name', () => {
    expect(copyName('class-01', all)).toBe('class-01-copy-2');
    expect(copyName('default', all)).toBe('default-copy');
    expect(copyName('x'.repeat(40), all).length).toBeLessThanOrEqual(40);
  });

  it('a deletion message without counts still says what is lost', () => {
    expect(deletionMessage(ws('class-02', null))).toBe('Workspace “class-02” is deleted with its users, groups and recorded traffic, its fault rules, settings, SCIM token and snapshots. This cannot be undone. Clients pointed at http://127.0.0.1:7171/w/class-02/scim/v2 get 404 from then on.');
  });
});
