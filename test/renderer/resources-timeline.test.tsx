/**
 * A resource's timeline as a trainer shows it: who made each change (Okta, Entra, the inspector, the
 * seed, a reset), the lifecycle label, the summary, a link to the exchange, and the change on demand;
 * a long one shows its newest pages and loads older ones on request, and pages join without a gap.
 */
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientKind } from '../../server/contract/index.js';
import type { HistoryEntry, HistoryPage, TimelineEntry } from '../../renderer/api/admin-client.js';
import { ResourceTimeline } from '../../renderer/views/resources/resource-timeline.js';
import { byDay, changedAttributes, dayLabel, exchangeHref, NO_TIMELINE, shortPath, sourceLabel, timelineIcon, withNewestPage, withOlderPage, type LoadedTimeline } from '../../renderer/views/resources/timeline-model.js';

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
  const many = Array.from({ length: 130 }, (_, i) => ({ ...entry({ at: new Date(Date.UTC(2026, 2, 1, 10, 0, i)).toISOString(), summary: `change ${i}` }), seq: i + 1 }));

  it('shows what was loaded, says how many older changes are not, and asks for them on request', () => {
    let asked = 0;
    const older = { remaining: 2_970, loading: false, error: null, onLoad: () => asked++ };
    const { rerender } = render(<ResourceTimeline entries={many.slice(30)} noun="group" older={older} />);
    // `hidden: true` skips the per-element visibility walk (getComputedStyle up the tree), which made
    // these role queries over 130 entries the slowest part of the renderer suite on a loaded machine.
    expect(screen.getAllByRole('listitem', { hidden: true })).toHaveLength(100);
    expect(screen.getByText('2,970 more, not loaded yet')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Load older changes', hidden: true }));
    expect(asked).toBe(1);
    // An open diff stays open when older entries are put in front (entries keep their keys).
    const item = screen.getAllByRole('listitem', { hidden: true })[0]!;
    fireEvent.click(within(item).getByRole('button', { name: 'Show change', hidden: true }));
    rerender(<ResourceTimeline entries={many.slice(30)} noun="group" older={{ ...older, loading: true }} />);
    const busy = screen.getByRole('button', { name: 'Loading older changes…', hidden: true }) as HTMLButtonElement;
    expect(busy.disabled).toBe(true);
    rerender(<ResourceTimeline entries={many} noun="group" older={null} />);
    expect(screen.getAllByRole('listitem', { hidden: true })).toHaveLength(130);
    expect(screen.getByText('change 0')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /older/, hidden: true })).toBeNull();
    const same = screen.getAllByRole('listitem', { hidden: true })[30]!;
    expect(within(same).getByText('change 30')).toBeTruthy();
    expect(within(same).getByRole('button', { name: 'Hide change', hidden: true })).toBeTruthy();
  });

  it('shows why older changes could not be loaded', () => {
    render(<ResourceTimeline entries={many.slice(100)} noun="group" older={{ remaining: 100, loading: false, error: 'The admin API did not answer.', onLoad: () => undefined }} />);
    expect(screen.getByRole('alert').textContent).toBe('The admin API did not answer.');
  });
});

describe('joining timeline pages', () => {
  const e = (seq: number): TimelineEntry => ({ ...entry({ summary: `s${seq}` }), seq });
  /** A page as the server sends it: newest first. */
  const page = (seqs: number[], total: number, nextBefore: number | null): HistoryPage => ({ items: seqs.map(e).reverse(), total, nextBefore });
  const seqsOf = (t: LoadedTimeline) => ({ seqs: t.entries.map((x) => x.seq), nextBefore: t.nextBefore });

  it.each<[string, LoadedTimeline, HistoryPage, { seqs: number[]; nextBefore: number | null }]>([
    ['the first page', NO_TIMELINE, page([5, 7, 9], 10, 5), { seqs: [5, 7, 9], nextBefore: 5 }],
    ['a refetch that reaches back to the loaded pages keeps them', { entries: [1, 3, 5, 7, 9].map(e), nextBefore: null }, page([7, 9, 11], 6, 7), { seqs: [1, 3, 5, 7, 9, 11], nextBefore: null }],
    ['a refetch that keeps older pages keeps their cursor', { entries: [3, 5, 7, 9].map(e), nextBefore: 3 }, page([9, 11], 9, 9), { seqs: [3, 5, 7, 9, 11], nextBefore: 3 }],
    ['a refetch with a gap starts over', { entries: [1, 3, 5].map(e), nextBefore: null }, page([20, 21, 22], 9, 20), { seqs: [20, 21, 22], nextBefore: 20 }],
    ['a refetch of the whole timeline replaces it', { entries: [1, 3, 5].map(e), nextBefore: null }, page([3, 5, 6], 3, null), { seqs: [3, 5, 6], nextBefore: null }],
    ['a timeline the cap emptied', { entries: [1, 3].map(e), nextBefore: null }, page([], 0, null), { seqs: [], nextBefore: null }],
  ])('%s', (_name, loaded, newest, expected) => {
    expect(seqsOf(withNewestPage(loaded, newest))).toEqual(expected);
  });

  it('puts an older page in front, once, and ignores one the timeline has moved past', () => {
    const loaded: LoadedTimeline = { entries: [7, 9].map(e), nextBefore: 7 };
    const older = page([1, 3, 5], 5, null);
    expect(seqsOf(withOlderPage(loaded, older, 7))).toEqual({ seqs: [1, 3, 5, 7, 9], nextBefore: null });
    expect(withOlderPage(loaded, older, 3)).toBe(loaded);
    expect(seqsOf(withOlderPage(loaded, page([3, 5, 7], 5, 3), 7))).toEqual({ seqs: [3, 5, 7, 9], nextBefore: 3 });
  });
});
