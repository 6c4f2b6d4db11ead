/**
 * The Users and Groups views against a fake admin client: the server pages, filters and sorts (the
 * view never loads everything), the search box explains itself, the keyboard opens rows, and the
 * detail panel's actions send the SCIM writes a trainer expects.
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JsonObject } from '../../server/contract/index.js';
import { ApiFailure, type AdminClient, type HistoryEntry, type ResourcePath } from '../../renderer/api/admin-client.js';
import { ServicesContext, type AppServices } from '../../renderer/app-services.js';
import { ResourcesView } from '../../renderer/views/resources/resources-view.js';
import { serverState } from '../../renderer/state/server-state.js';

type Query = { filter?: string; startIndex?: number; count?: number; sortBy?: string; sortOrder?: string };

const user = (n: number, over: JsonObject = {}): JsonObject => ({
  id: `u${n}`,
  userName: `user${n}@example.com`,
  name: { givenName: `Given${n}`, familyName: `Family${n}` },
  emails: [{ value: `user${n}@example.com`, type: 'work', primary: true }],
  active: true,
  groups: [],
  meta: { resourceType: 'User', created: '2026-01-01T00:00:00Z', lastModified: '2026-01-01T00:00:00Z', version: 'W/"1"' },
  ...over,
});

function fakeClient(store: { users: JsonObject[]; groups: JsonObject[]; total?: number; history?: HistoryEntry[] }) {
  const calls: { type: ResourcePath; q: Query }[] = [];
  const client = {
    resources: vi.fn(async (type: ResourcePath, q: Query = {}) => {
      calls.push({ type, q });
      if (q.filter?.includes('xx')) throw new ApiFailure(400, 'invalidFilter', 'Expected a comparison operator after "userName", found "xx"');
      let items = store[type];
      const ids = q.filter ? [...q.filter.matchAll(/id eq "([^"]+)"/g)].map((m) => m[1]) : [];
      if (ids.length) items = items.filter((r) => ids.includes(String(r.id)));
      const start = (q.startIndex ?? 1) - 1;
      return { items: items.slice(start, start + (q.count ?? 100)), total: ids.length ? items.length : (store.total ?? items.length), startIndex: q.startIndex ?? 1 };
    }),
    resource: vi.fn(async (type: ResourcePath, id: string) => {
      const found = store[type].find((r) => r.id === id);
      if (!found) throw new ApiFailure(404, 'not_found', 'Not found.');
      return found;
    }),
    // The history endpoint's two forms: whole (oldest first) or a page newest first below `before`.
    history: vi.fn(async (_type: ResourcePath, _id: string, page?: { count: number; before?: number }) => {
      const all = (store.history ?? []).map((e, i) => ({ seq: i + 1, ...e }));
      if (!page) return { items: all, total: all.length, nextBefore: null };
      const below = all.filter((e) => page.before === undefined || e.seq < page.before);
      const items = below.slice(-page.count).reverse();
      return { items, total: all.length, nextBefore: below.length > page.count ? items.at(-1)!.seq : null };
    }),
    patchResource: vi.fn(async (_type: ResourcePath, _id: string, _body: unknown) => ({})),
    replaceResource: vi.fn(async (_type: ResourcePath, _id: string, body: unknown) => body as JsonObject),
    createResource: vi.fn(async (_type: ResourcePath, body: unknown) => ({ ...(body as JsonObject), id: 'new1' })),
    deleteResource: vi.fn(async () => undefined),
    generateUsers: vi.fn(async (count: number) => ({ created: count, ids: [] })),
  };
  return { client, calls };
}

function renderView(client: unknown, type: ResourcePath = 'users', selectedId: string | null = null) {
  const services = { client: client as AdminClient } as AppServices;
  return render(
    <ServicesContext.Provider value={services}>
      <ResourcesView type={type} selectedId={selectedId} />
    </ServicesContext.Provider>,
  );
}

beforeEach(() => {
  window.location.hash = '';
});
afterEach(cleanup);

describe('the table', () => {
  it('asks the server for one page of 50, newest changes first, and says where it is', async () => {
    const { client, calls } = fakeClient({ users: Array.from({ length: 50 }, (_, i) => user(i + 1)), groups: [], total: 100_000 });
    renderView(client);
    await screen.findAllByText('user1@example.com');
    expect(calls[0]).toEqual({ type: 'users', q: { filter: undefined, startIndex: 1, count: 50, sortBy: 'meta.lastModified', sortOrder: 'descending' } });
    expect(screen.getByText('1–50 of 100,000')).toBeTruthy();
    const grid = screen.getByRole('grid');
    expect(grid.getAttribute('aria-rowcount')).toBe('100001');
    expect(within(grid).getAllByRole('row')).toHaveLength(51);
    fireEvent.click(screen.getByRole('button', { name: /Next/ }));
    await waitFor(() => expect(calls.at(-1)!.q.startIndex).toBe(51));
  });

  it('shows the columns people read: name, email, status, groups', async () => {
    const { client } = fakeClient({ users: [user(1, { active: false, groups: [{ value: 'g1' }, { value: 'g2' }] })], groups: [] });
    renderView(client);
    const row = (await screen.findAllByText('user1@example.com'))[0]!.closest('tr')!;
    expect(within(row).getByText('Given1 Family1')).toBeTruthy();
    expect(within(row).getByText('Deactivated')).toBeTruthy();
    expect(within(row).getByText('2')).toBeTruthy();
  });

  it('sorts on the server: ascending, descending, then the default order', async () => {
    const { client, calls } = fakeClient({ users: [user(1)], groups: [] });
    renderView(client);
    await screen.findAllByText('user1@example.com');
    const header = () => screen.getByRole('button', { name: /User name/ });
    fireEvent.click(header());
    await waitFor(() => expect(calls.at(-1)!.q).toMatchObject({ sortBy: 'userName', sortOrder: 'ascending' }));
    expect(header().closest('th')!.getAttribute('aria-sort')).toBe('ascending');
    fireEvent.click(header());
    await waitFor(() => expect(calls.at(-1)!.q).toMatchObject({ sortBy: 'userName', sortOrder: 'descending' }));
    fireEvent.click(header());
    await waitFor(() => expect(calls.at(-1)!.q.sortBy).toBeUndefined());
  });

  it('turns plain text into a SCIM filter and shows the filter it sent', async () => {
    const { client, calls } = fakeClient({ users: [user(1)], groups: [] });
    renderView(client);
    await screen.findAllByText('user1@example.com');
    const search = screen.getByRole('searchbox');
    expect(search.hasAttribute('data-view-search')).toBe(true);
    fireEvent.change(search, { target: { value: 'jane' } });
    fireEvent.submit(search.closest('form')!);
    await waitFor(() => expect(calls.at(-1)!.q.filter).toBe('userName co "jane" or displayName co "jane"'));
    expect(screen.getByText('userName co "jane" or displayName co "jane"')).toBeTruthy();
  });

  it("shows the server's message inline when the filter is invalid", async () => {
    const { client } = fakeClient({ users: [user(1)], groups: [] });
    renderView(client);
    await screen.findAllByText('user1@example.com');
    const search = screen.getByRole('searchbox');
    fireEvent.change(search, { target: { value: 'userName xx "a"' } });
    fireEvent.submit(search.closest('form')!);
    await screen.findByText(/Expected a comparison operator/);
    expect(search.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('The server did not accept this filter')).toBeTruthy();
  });

  it('teaches when the store is empty', async () => {
    const { client } = fakeClient({ users: [], groups: [] });
    renderView(client);
    expect(await screen.findByText('No users yet')).toBeTruthy();
    expect(screen.getByText(/Okta will create users here when you assign them/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Generate fake users' })).toBeTruthy();
  });

  it('moves with j/k and opens with Enter', async () => {
    const { client } = fakeClient({ users: [user(1), user(2), user(3)], groups: [] });
    renderView(client);
    await screen.findAllByText('user1@example.com');
    fireEvent.keyDown(document.body, { key: 'j' });
    fireEvent.keyDown(document.body, { key: 'j' });
    fireEvent.keyDown(document.body, { key: 'k' });
    fireEvent.keyDown(document.body, { key: 'j' });
    expect(screen.getAllByText('user2@example.com')[0]!.closest('tr')!.className).toContain('rs-cursor');
    fireEvent.keyDown(document.body, { key: 'Enter' });
    expect(window.location.hash).toBe('#/users/u2');
  });
});

describe('the detail panel', () => {
  it('deactivates a user with a PATCH of { active: false }', async () => {
    const { client } = fakeClient({ users: [user(1)], groups: [] });
    renderView(client, 'users', 'u1');
    const panel = await screen.findByRole('complementary');
    await within(panel).findByRole('heading', { name: 'Given1 Family1' });
    fireEvent.click(within(panel).getByRole('button', { name: 'Deactivate' }));
    await waitFor(() => expect(client.patchResource).toHaveBeenCalledWith('users', 'u1', { active: false }));
  });

  it('saves the form with a PUT that keeps the other attributes', async () => {
    const phone = [{ value: '+1 555', type: 'work' }];
    const { client } = fakeClient({ users: [user(1, { phoneNumbers: phone })], groups: [] });
    renderView(client, 'users', 'u1');
    const panel = await screen.findByRole('complementary');
    await within(panel).findByRole('heading', { name: 'Given1 Family1' });
    fireEvent.click(within(panel).getByRole('button', { name: 'Edit' }));
    fireEvent.change(within(panel).getByLabelText('Title'), { target: { value: 'Director' } });
    await act(async () => {
      fireEvent.click(within(panel).getByRole('button', { name: 'Save changes' }));
    });
    const [, id, body] = client.replaceResource.mock.calls[0]!;
    expect(id).toBe('u1');
    expect(body).toMatchObject({ userName: 'user1@example.com', title: 'Director', phoneNumbers: phone });
    expect(body).not.toHaveProperty('meta');
  });

  it('lists group members by userName, fetched in bulk, and removes one with a PATCH', async () => {
    const group = { id: 'g1', displayName: 'Engineering', members: [{ value: 'u1', display: 'One' }, { value: 'u2', display: 'Two' }], meta: {} };
    const { client, calls } = fakeClient({ users: [user(1), user(2)], groups: [group] });
    renderView(client, 'groups', 'g1');
    const panel = await screen.findByRole('complementary');
    await within(panel).findByText('user2@example.com');
    expect(calls.find((c) => c.type === 'users')!.q.filter).toBe('id eq "u1" or id eq "u2"');
    fireEvent.click(within(panel).getByRole('button', { name: 'Remove user1@example.com from Engineering' }));
    await waitFor(() =>
      expect(client.patchResource).toHaveBeenCalledWith('groups', 'g1', { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'remove', path: 'members[value eq "u1"]' }] }),
    );
  });

  it('opens a long timeline at its newest page and loads older pages on request', async () => {
    const history: HistoryEntry[] = Array.from({ length: 250 }, (_, i) => ({ at: new Date(Date.UTC(2026, 2, 1, 10, 0, i)).toISOString(), resourceType: 'Group', id: 'g1', source: 'scim', exchangeId: null, client: 'okta', kind: 'group.members.add', summary: `push ${i + 1}`, before: null, after: null }));
    const { client } = fakeClient({ users: [], groups: [{ id: 'g1', displayName: 'Busy', members: [], meta: { resourceType: 'Group', version: 'W/"1"' } }], history });
    renderView(client, 'groups', 'g1');
    const panel = await screen.findByRole('complementary');
    expect(client.history).toHaveBeenCalledWith('groups', 'g1', { count: 100 });
    await within(panel).findByText('push 250'); // the latest change, on the Overview
    expect(within(panel).getByRole('button', { name: /All 250 changes/ })).toBeTruthy();
    fireEvent.click(within(panel).getByRole('tab', { name: /Timeline/ }));
    await within(panel).findByText('150 more, not loaded yet');
    expect(within(panel).queryByText('push 150')).toBeNull();
    fireEvent.click(within(panel).getByRole('button', { name: 'Load older changes' }));
    await within(panel).findByText('push 1');
    expect(client.history).toHaveBeenLastCalledWith('groups', 'g1', { count: 200, before: 151 });
    expect(within(panel).queryByRole('button', { name: /older/ })).toBeNull();
    expect(within(panel).getAllByRole('listitem')).toHaveLength(250);
  });

  it('keeps the loaded timeline, older pages included, when the history request of a refetch fails', async () => {
    const history: HistoryEntry[] = Array.from({ length: 250 }, (_, i) => ({ at: new Date(Date.UTC(2026, 2, 1, 10, 0, i)).toISOString(), resourceType: 'Group', id: 'g1', source: 'scim', exchangeId: null, client: 'okta', kind: 'group.members.add', summary: `push ${i + 1}`, before: null, after: null }));
    const { client } = fakeClient({ users: [], groups: [{ id: 'g1', displayName: 'Busy', members: [], meta: { resourceType: 'Group', version: 'W/"1"' } }], history });
    renderView(client, 'groups', 'g1');
    const panel = await screen.findByRole('complementary');
    await within(panel).findByText('push 250');
    fireEvent.click(within(panel).getByRole('tab', { name: /Timeline/ }));
    fireEvent.click(await within(panel).findByRole('button', { name: 'Load older changes' }));
    await within(panel).findByText('push 1');
    const calls = client.history.mock.calls.length;
    const resourceCalls = client.resource.mock.calls.length;
    client.history.mockRejectedValue(new ApiFailure(500, 'internal', 'The history file could not be read.'));
    // The store changed: the view refetches the group and the newest page, which fails.
    act(() => serverState.set((st) => ({ ...st, storeRevision: st.storeRevision + 1 })));
    await waitFor(() => expect(client.history.mock.calls.length).toBeGreaterThan(calls), { timeout: 5000 });
    await waitFor(() => expect(client.resource.mock.calls.length).toBeGreaterThan(resourceCalls));
    await act(async () => {});
    expect(within(panel).getByText('push 1')).toBeTruthy();
    expect(within(panel).getByText('push 250')).toBeTruthy();
    expect(within(panel).getAllByRole('listitem')).toHaveLength(250);
  });

  it('keeps the timeline of a deleted resource when a refetch of its history fails', async () => {
    const history: HistoryEntry[] = [
      { at: '2026-03-01T10:00:00Z', resourceType: 'User', id: 'gone', source: 'scim', exchangeId: 'mx9', client: 'okta', kind: 'user.delete', summary: 'Okta deleted old@example.com', before: { userName: 'old@example.com' }, after: null },
    ];
    const { client } = fakeClient({ users: [], groups: [], history });
    renderView(client, 'users', 'gone');
    expect(await screen.findByText('Okta deleted old@example.com')).toBeTruthy();
    const calls = client.history.mock.calls.length;
    client.history.mockRejectedValue(new TypeError('Failed to fetch'));
    act(() => serverState.set((st) => ({ ...st, storeRevision: st.storeRevision + 1 })));
    await waitFor(() => expect(client.history.mock.calls.length).toBeGreaterThan(calls), { timeout: 5000 });
    await act(async () => {});
    expect(screen.getByText('Okta deleted old@example.com')).toBeTruthy();
    expect(screen.getByText('Deleted')).toBeTruthy();
    expect(screen.queryByText(/No user has the id/)).toBeNull();
  });

  it('keeps the timeline of a deleted resource', async () => {
    const history: HistoryEntry[] = [
      { at: '2026-03-01T10:00:00Z', resourceType: 'User', id: 'gone', source: 'scim', exchangeId: 'mx9', client: 'okta', kind: 'user.delete', summary: 'Okta deleted old@example.com', before: { userName: 'old@example.com' }, after: null },
    ];
    const { client } = fakeClient({ users: [], groups: [], history });
    renderView(client, 'users', 'gone');
    expect(await screen.findByText('Okta deleted old@example.com')).toBeTruthy();
    expect(screen.getByText('Deleted')).toBeTruthy();
  });
});
