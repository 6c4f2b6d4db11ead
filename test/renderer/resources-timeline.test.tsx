/**
 * A resource's timeline as a trainer shows it: who made each change (Okta, Entra, the inspector, the
 * seed, a reset), the lifecycle label, the summary, a link to the exchange, and the change on demand.
 */
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientKind } from '../../server/contract/index.js';
import type { HistoryEntry } from '../../renderer/api/admin-client.js';
import { ResourceTimeline } from '../../renderer/views/resources/resource-timeline.js';
import { byDay, changedAttributes, dayLabel, exchangeHref, shortPath, sourceLabel, timelineIcon } from '../../renderer/views/resources/timeline-model.js';

afterEach(cleanup);

function entry(over: Partial<HistoryEntry>): HistoryEntry {
  return { at: '2026-03-01T10:00:00.000Z', resourceType: 'User', id: 'u1', source: 'scim', exchangeId: null, client: 'okta', kind: 'user.update', summary: 'Okta updated jane', before: { active: true }, after: { active: false }, ...over };
}

describe('sourceLabel', () => {
  it.each<[Partial<HistoryEntry>, string, string | null]>([
    [{ source: 'scim', client: 'okta' }, 'Okta', 'okta'],
    [{ source: 'scim', client: 'entra' }, 'Entra ID', 'entra'],
    [{ source: 'scim', client: 'onelogin' }, 'OneLogin', 'onelogin'],
    [{ source: 'scim', client: 'unknown' }, 'Unknown SCIM client', 'unknown'],
    [{ source: 'scim', client: null }, 'Unknown SCIM client', 'unknown'],
    [{ source: 'scim', client: 'something-new' as ClientKind }, 'Unknown SCIM client', 'unknown'],
    [{ source: 'inspector', client: null }, 'Inspector', null],
    [{ source: 'seed', client: null }, 'Demo seed', null],
    [{ source: 'reset', client: null }, 'Reset', null],
  ])('%j → %s', (over, label, client) => {
    const source = sourceLabel(entry(over));
    expect(source.label).toBe(label);
    expect(source.client).toBe(client);
  });
});

describe('timeline words', () => {
  it('links to the exchange only for traffic', () => {
    expect(exchangeHref({ exchangeId: 'mx1 2' })).toBe('#/traffic/mx1%202');
    expect(exchangeHref({ exchangeId: null })).toBeNull();
  });
  it.each([
    ['user.create', 'create'],
    ['user.update', 'update'],
    ['user.deactivate', 'deactivate'],
    ['user.reactivate', 'reactivate'],
    ['user.delete', 'delete'],
    ['group.members.add', 'member-add'],
    ['group.members.remove', 'member-remove'],
    ['group.members.replace', 'update'],
    ['group.rename', 'update'],
    ['group.create', 'create'],
    ['discovery', 'other'],
  ])('icon for %s is %s', (kind, icon) => expect(timelineIcon(kind)).toBe(icon));
  it.each([
    ['emails[0].value', 'emails'],
    ['name.givenName', 'name.givenName'],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.department', 'enterprise.department'],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.manager.value', 'enterprise.manager'],
  ])('short path of %s is %s', (path, short) => expect(shortPath(path)).toBe(short));
  it('lists changed attributes without meta noise, once each', () => {
    const before = { active: true, emails: [{ value: 'a' }, { value: 'b' }], meta: { lastModified: '1', version: '1' } };
    const after = { active: false, emails: [{ value: 'c' }, { value: 'd' }], meta: { lastModified: '2', version: '2' } };
    expect(changedAttributes({ before, after })).toEqual(['active', 'emails']);
    expect(changedAttributes({ before: null, after })).toEqual([]);
  });
  it('groups entries by day, in order', () => {
    const now = new Date(2026, 2, 3, 12);
    const at = (d: number, h: number) => new Date(2026, 2, d, h).toISOString();
    expect(dayLabel(at(3, 1), now)).toBe('Today');
    expect(dayLabel(at(2, 23), now)).toBe('Yesterday');
    const days = byDay([{ at: at(1, 9) }, { at: at(2, 9) }, { at: at(2, 10) }, { at: at(3, 8) }], now);
    expect(days.map((d) => [d.day === 'Today' || d.day === 'Yesterday' ? d.day : 'older', d.entries.length])).toEqual([
      ['older', 1],
      ['Yesterday', 2],
      ['Today', 1],
    ]);
  });
});

describe('ResourceTimeline', () => {
  const entries: HistoryEntry[] = [
    entry({ at: '2026-03-01T10:00:00.000Z', kind: 'user.create', summary: 'Okta created jane@example.com', exchangeId: 'mx1', before: null, after: { userName: 'jane@example.com', active: true } }),
    entry({ at: '2026-03-01T10:05:00.000Z', kind: 'user.update', summary: 'Entra updated jane@example.com (title)', client: 'entra', exchangeId: 'mx2', before: { title: 'Engineer' }, after: { title: 'Manager' } }),
    entry({ at: '2026-03-01T10:06:00.000Z', kind: 'user.deactivate', summary: 'The inspector deactivated jane@example.com', source: 'inspector', client: null }),
    entry({ at: '2026-03-01T10:07:00.000Z', kind: 'user.delete', summary: 'A store reset deleted jane@example.com', source: 'reset', client: null, before: { userName: 'jane' }, after: null }),
  ];

  it('tells the story oldest first, with who did each step', () => {
    render(<ResourceTimeline entries={entries} noun="user" />);
    const items = screen.getAllByRole('listitem');
    expect(items.map((li) => within(li).getByText(/jane@example\.com/).textContent)).toEqual(entries.map((e) => e.summary));
    expect(within(items[0]!).getByText('Create user')).toBeTruthy();
    expect(within(items[0]!).getByText('Okta')).toBeTruthy();
    expect(within(items[1]!).getByText('Entra ID')).toBeTruthy();
    expect(within(items[2]!).getByText('Inspector')).toBeTruthy();
    expect(within(items[2]!).getByText('Deactivate user')).toBeTruthy();
    expect(within(items[3]!).getByText('Reset')).toBeTruthy();
  });

  it('links traffic entries to their exchange, and only those', () => {
    render(<ResourceTimeline entries={entries} noun="user" />);
    const links = screen.getAllByRole('link', { name: /Open exchange/ });
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['#/traffic/mx1', '#/traffic/mx2']);
  });

  it('shows the change as a diff on demand', () => {
    render(<ResourceTimeline entries={entries} noun="user" />);
    const item = screen.getAllByRole('listitem')[1]!;
    expect(within(item).getByText('title')).toBeTruthy(); // the changed-attribute chip
    const toggle = within(item).getByRole('button', { name: 'Show change' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    expect(within(item).getByRole('button', { name: 'Hide change' }).getAttribute('aria-expanded')).toBe('true');
    expect(within(item).getByText('"Engineer"')).toBeTruthy();
    expect(within(item).getByText('"Manager"')).toBeTruthy();
  });

  it('explains an empty history', () => {
    render(<ResourceTimeline entries={[]} noun="group" />);
    expect(screen.getByText(/Every change to this group/)).toBeTruthy();
  });
});

describe('a long timeline', () => {
  it('starts with the latest 100 entries and loads earlier ones on request', () => {
    const many = Array.from({ length: 130 }, (_, i) => entry({ at: new Date(Date.UTC(2026, 2, 1, 10, 0, i)).toISOString(), summary: `change ${i}` }));
    render(<ResourceTimeline entries={many} noun="group" />);
    // `hidden: true` skips the per-element visibility walk (getComputedStyle up the tree), which made
    // these role queries over 130 entries the slowest part of the renderer suite on a loaded machine.
    expect(screen.getAllByRole('listitem', { hidden: true })).toHaveLength(100);
    expect(screen.queryByText('change 29')).toBeNull();
    expect(screen.getByText('change 30')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Show 30 earlier of 30', hidden: true }));
    expect(screen.getAllByRole('listitem', { hidden: true })).toHaveLength(130);
    expect(screen.getByText('change 0')).toBeTruthy();
  });
});
