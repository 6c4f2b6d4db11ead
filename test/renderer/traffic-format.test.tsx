/** How the Traffic view words exchanges: clock times, paths, badges, delays, sizes, status phrases, resource names and links. */
import { describe, expect, it } from 'vitest';
import type { ResourceChange } from '../../server/contract/index.js';
import { bodyKind, changeVerb, formatBytes, formatWhen, headerValue, humanDelay, prettyBody, requestTarget, resourceHref, resourceName, statusText } from '../../renderer/views/traffic/detail-format.js';
import { durationTone, faultBadgeTitle, formatClock, lintBadgeTitle, retryBadgeText, splitPath } from '../../renderer/views/traffic/row-format.js';

describe('row wording', () => {
  it('formats local clock time with milliseconds', () => {
    expect(formatClock(new Date(2026, 0, 1, 9, 5, 7, 42).toISOString())).toBe('09:05:07.042');
    expect(formatClock('not a date')).toBe('—');
  });

  it.each([
    { path: '/scim/v2/Users/42', base: '/scim/v2', rest: '/Users/42' },
    { path: '/SCIM/V2/Groups', base: '/SCIM/V2', rest: '/Groups' },
    { path: '/scim/v2', base: '', rest: '/scim/v2' },
    { path: '/health', base: '', rest: '/health' },
  ])('splits $path', ({ path, base, rest }) => {
    expect(splitPath(path)).toEqual({ base, rest });
  });

  it.each([
    { count: 1, level: 'warning' as const, want: '1 lint finding (worst: warning)' },
    { count: 3, level: 'error' as const, want: '3 lint findings (worst: error)' },
    { count: 2, level: null, want: '2 lint findings' },
  ])('titles $count lint findings', ({ count, level, want }) => {
    expect(lintBadgeTitle(count, level)).toBe(want);
  });

  it('names the fault rule and its latency', () => {
    expect(faultBadgeTitle({ ruleId: 'r', name: 'Okta rate limit', action: 'rateLimit' })).toBe('Fault injected by “Okta rate limit” (rateLimit)');
    expect(faultBadgeTitle({ ruleId: 'r', name: 'Slow', action: 'latency', latencyMs: 1500 })).toBe('Fault injected by “Slow” (latency + 1.50 s latency)');
  });

  it('counts retries and grades durations', () => {
    expect(retryBadgeText({ exchangeId: 'x', delayMs: 10, attempt: 3 })).toBe('retry #3');
    expect([durationTone(12), durationTone(1000), durationTone(7000)]).toEqual(['fast', 'slow', 'very-slow']);
  });
});

describe('detail wording', () => {
  it.each([
    [0, '0 ms'],
    [850, '850 ms'],
    [2500, '2.5 s'],
    [12_400, '12 s'],
    [60_000, '1 min'],
    [125_000, '2 min 5 s'],
    [3_600_000, '1 h'],
    [3_780_000, '1 h 3 min'],
    [-1, '—'],
  ])('humanDelay(%d) = %s', (ms, want) => {
    expect(humanDelay(ms)).toBe(want);
  });

  it.each([
    [0, '0 B'],
    [512, '512 B'],
    [1536, '1.5 KB'],
    [20 * 1024, '20 KB'],
    [3.4 * 1024 * 1024, '3.4 MB'],
  ])('formatBytes(%d) = %s', (bytes, want) => {
    expect(formatBytes(bytes)).toBe(want);
  });

  it.each([
    { status: 201, outcome: 'completed' as const, want: '201 Created' },
    { status: 429, outcome: 'completed' as const, want: '429 Too Many Requests' },
    { status: 299, outcome: 'completed' as const, want: '299' },
    { status: 0, outcome: 'dropped' as const, want: 'No response: dropped' },
    { status: 0, outcome: 'aborted' as const, want: 'No response: the client hung up' },
  ])('statusText($status, $outcome)', ({ status, outcome, want }) => {
    expect(statusText(status, outcome)).toBe(want);
  });

  it('rebuilds the request target with its query', () => {
    expect(requestTarget('/scim/v2/Users', {})).toBe('/scim/v2/Users');
    expect(requestTarget('/scim/v2/Users', { filter: 'userName eq "a"', count: '1' })).toBe('/scim/v2/Users?filter=userName+eq+%22a%22&count=1');
  });

  it.each<{ name: string; change: Pick<ResourceChange, 'resourceType' | 'id' | 'before' | 'after'>; want: string; verb: string }>([
    { name: 'user by userName', change: { resourceType: 'User', id: 'u1', before: null, after: { userName: 'mei@example.com' } }, want: 'mei@example.com', verb: 'Created' },
    { name: 'deleted user from before', change: { resourceType: 'User', id: 'u1', before: { userName: 'old@example.com' }, after: null }, want: 'old@example.com', verb: 'Deleted' },
    { name: 'group by displayName', change: { resourceType: 'Group', id: 'g1', before: { displayName: 'A' }, after: { displayName: 'B' } }, want: 'B', verb: 'Updated' },
    { name: 'falls back to the id', change: { resourceType: 'User', id: 'u9', before: {}, after: { userName: '  ' } }, want: 'u9', verb: 'Updated' },
  ])('names a change: $name', ({ change, want, verb }) => {
    expect(resourceName(change)).toBe(want);
    expect(changeVerb(change)).toBe(verb);
  });

  it('links resources to their pages', () => {
    expect(resourceHref('User', 'a b')).toBe('#/users/a%20b');
    expect(resourceHref('Group', 'g1')).toBe('#/groups/g1');
  });

  it('prints bodies', () => {
    expect(prettyBody(null)).toBe('');
    expect(prettyBody('plain text')).toBe('plain text');
    expect(prettyBody({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(bodyKind({ a: 1 }, 'application/scim+json')).toBe('SCIM JSON');
    expect(bodyKind({ a: 1 }, 'application/json')).toBe('JSON');
    expect(bodyKind('<html>', 'text/html; charset=utf-8')).toBe('text/html');
    expect(bodyKind(null, undefined)).toBe('empty');
  });

  it('reads headers case-insensitively', () => {
    expect(headerValue({ 'Content-Type': 'application/json' }, 'content-type')).toBe('application/json');
    expect(headerValue({}, 'content-type')).toBeUndefined();
  });

  it('dates the exchange relative to today', () => {
    const now = new Date(2026, 10, 29, 18, 0);
    expect(formatWhen(new Date(2026, 10, 29, 16, 40, 22, 608).toISOString(), now)).toBe('Today, 16:40:22.608');
    expect(formatWhen(new Date(2026, 10, 27, 8, 0, 0, 5).toISOString(), now)).toBe('Fri 27 Nov, 08:00:00.005');
    expect(formatWhen(new Date(2025, 0, 2, 8, 0, 0, 0).toISOString(), now)).toBe('Thu 2 Jan 2025, 08:00:00.000');
  });
});
