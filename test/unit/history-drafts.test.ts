/**
 * What waits for its exchange's labels stays bounded: a SCIM change waits at most MAX_WAIT_MS (and
 * up to a second more: ages are looked at once a second) or
 * until MAX_AWAITING exchanges wait, then goes as drafted (written to disk, nothing left waiting);
 * the labels of an exchange recorded before its commit label that commit at once, and only the last
 * MAX_SETTLED such exchanges are remembered.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HistoryEntry } from '../../server/contract/admin.js';
import { HistoryDrafts, MAX_AWAITING, MAX_SETTLED, MAX_WAIT_MS, type SweepTimers } from '../../server/recorder/history-drafts.js';
import { ResourceHistory } from '../../server/recorder/resource-history.js';
import { tempDir } from '../helpers/temp-dir.js';

const draft = (id: string, exchangeId: string): HistoryEntry => ({
  at: '2026-01-01T00:00:00.000Z',
  resourceType: 'User',
  id,
  source: 'scim',
  exchangeId,
  client: null,
  kind: 'user.create',
  summary: `A SCIM client created ${id}`,
  before: null,
  after: { id, userName: `${id}@example.com` },
});
/** Timers the test fires by hand: what is set, for how long, and whether it was cleared. */
function manualTimers(): SweepTimers & { pending: Map<number, { run: () => void; ms: number }>; fire: () => void } {
  const pending = new Map<number, { run: () => void; ms: number }>();
  let next = 0;
  return {
    pending,
    set: (run, ms) => {
      pending.set(++next, { run, ms });
      return next;
    },
    clear: (handle) => void pending.delete(handle as number),
    /** Runs every timer set so far (those it sets in turn stay pending). */
    fire: () => {
      const due = [...pending];
      pending.clear();
      for (const [, timer] of due) timer.run();
    },
  };
}

const historyLines = async (dir: string) => (await readFile(path.join(dir, 'history.jsonl'), 'utf8').catch(() => '')).split('\n').filter(Boolean);

const labels = { at: '2026-01-01T00:00:01.000Z', client: 'okta' as const, kind: 'user.create', summary: 'Okta created it' };

describe('history drafts', () => {
  it('calls an exchange overdue after MAX_WAIT_MS, oldest first, and not before (looking at ages once a second)', () => {
    let now = 0;
    const drafts = new HistoryDrafts<object>(() => now);
    drafts.wait('x1', {}, draft('a', 'x1'));
    now = 10_000;
    drafts.wait('x2', {}, draft('b', 'x2'));
    now = MAX_WAIT_MS - 1;
    expect(drafts.overdue()).toEqual([]);
    // Within a second of the last look, ages are not looked at again.
    now = MAX_WAIT_MS + 998;
    expect(drafts.overdue()).toEqual([]);
    now = MAX_WAIT_MS + 999;
    expect(drafts.overdue()).toEqual(['x1']);
    now = MAX_WAIT_MS + 10_000;
    expect(drafts.overdue()).toEqual(['x1', 'x2']);
  });

  it('remembers the labels of the last MAX_SETTLED writes recorded with nothing waiting, not of reads', () => {
    const drafts = new HistoryDrafts<object>();
    for (let i = 0; i <= MAX_SETTLED; i++) drafts.settle(`x${i}`, labels);
    drafts.settle('lookup', { ...labels, kind: 'user.lookup' });
    expect(drafts.recorded('x0')).toBeUndefined();
    expect(drafts.recorded('x1')).toEqual({ labels });
    expect(drafts.recorded(`x${MAX_SETTLED}`)).toEqual({ labels });
    expect(drafts.recorded('lookup')).toBeUndefined();
    // The ring keeps going round: the next write pushes out x1.
    drafts.settle('next', labels);
    expect(drafts.recorded('x1')).toBeUndefined();
    expect(drafts.recorded('x2')).toEqual({ labels });
  });
});

describe('resource history: waiting drafts', () => {
  let folder: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    folder = await tempDir();
  });
  afterEach(() => folder.remove());

  it('writes the oldest waiting exchange as drafted once MAX_AWAITING more wait', async () => {
    const { history } = await ResourceHistory.open(folder.dir, 20_000);
    for (let i = 0; i <= MAX_AWAITING; i++) history.reserve(`x${i}`, [draft(`u${i}`, `x${i}`)]);
    expect(history.drafts).toBe(MAX_AWAITING);
    await history.flush();
    const lines = (await readFile(path.join(folder.dir, 'history.jsonl'), 'utf8')).trim().split('\n');
    expect(lines.map((line) => JSON.parse(line).id)).toEqual(['u0']);
    // Its labels, should they come now, find nothing waiting: the entry stays as drafted.
    history.complete('x0', labels, []);
    expect((await history.forResource('User', 'u0'))[0]).toMatchObject({ summary: 'A SCIM client created u0', client: null });
    await history.close();
  });

  it('labels a commit at once when its exchange was recorded before it, every commit of that exchange', async () => {
    const { history } = await ResourceHistory.open(folder.dir, 20_000);
    history.complete('x1', labels, []);
    history.reserve('x1', [draft('a', 'x1')]);
    history.reserve('x1', [draft('b', 'x1')]);
    expect(history.drafts).toBe(0);
    for (const id of ['a', 'b']) expect(await history.forResource('User', id)).toEqual([expect.objectContaining({ ...labels, exchangeId: 'x1', id })]);
    await history.close();
  });
});

describe('resource history: drafts that wait too long, on a monotonic clock and a timer', () => {
  let folder: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    folder = await tempDir();
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await folder.remove();
  });

  it('writes an exchange that waited MAX_WAIT_MS to disk on its timer, with no further commit, and sets the timer again for the next', async () => {
    let now = 1_000;
    const timers = manualTimers();
    const { history } = await ResourceHistory.open(folder.dir, 20_000, undefined, { now: () => now, timers });
    history.reserve('x1', [draft('a', 'x1')]);
    // One timer, set for when x1 is due (a little after).
    expect([...timers.pending.values()].map((t) => t.ms)).toEqual([expect.closeTo(MAX_WAIT_MS, -3)]);
    expect([...timers.pending.values()][0]!.ms).toBeGreaterThanOrEqual(MAX_WAIT_MS);
    now = 31_000;
    history.reserve('x2', [draft('b', 'x2')]);
    expect(timers.pending.size).toBe(1);
    // The timer fires (the server idle since): x1 is overdue, x2 not yet.
    now = 1_000 + MAX_WAIT_MS + 100;
    timers.fire();
    expect(history.drafts).toBe(1);
    await history.flush();
    expect((await historyLines(folder.dir)).map((line) => JSON.parse(line))).toEqual([expect.objectContaining({ id: 'a', exchangeId: 'x1', client: null, summary: 'A SCIM client created a' })]);
    // Set again for x2, due 30 s later.
    expect([...timers.pending.values()].map((t) => t.ms)).toEqual([expect.closeTo(30_000 - 100, -3)]);
    now = 31_000 + MAX_WAIT_MS + 100;
    timers.fire();
    expect(history.drafts).toBe(0);
    // Nothing waits: no timer.
    expect(timers.pending.size).toBe(0);
    await history.flush();
    expect((await historyLines(folder.dir)).map((line) => JSON.parse(line).id)).toEqual(['a', 'b']);
    await history.close();
  });

  it('clears its timer at close() and clear(), writing what waits at close()', async () => {
    const timers = manualTimers();
    const { history } = await ResourceHistory.open(folder.dir, 20_000, undefined, { now: () => 0, timers });
    history.reserve('x1', [draft('a', 'x1')]);
    expect(timers.pending.size).toBe(1);
    await history.clear();
    expect(timers.pending.size).toBe(0);
    history.reserve('x2', [draft('b', 'x2')]);
    expect(timers.pending.size).toBe(1);
    await history.close();
    expect(timers.pending.size).toBe(0);
    expect((await historyLines(folder.dir)).map((line) => JSON.parse(line).id)).toEqual(['b']);
  });

  it('keeps every draft of an exchange when labelling one of them throws, and writes them all at close()', async () => {
    const { history } = await ResourceHistory.open(folder.dir, 20_000, undefined, { now: () => 0, timers: manualTimers() });
    history.reserve('x1', [draft('a', 'x1'), draft('b', 'x1')]);
    // The second change's copy cannot be encoded (JSON.stringify throws on a BigInt).
    const unencodable = { id: 'b', big: 1n } as unknown as HistoryEntry['after'];
    expect(() => history.complete('x1', labels, [{ resourceType: 'User', id: 'a', before: null, after: draft('a', 'x1').after }, { resourceType: 'User', id: 'b', before: null, after: unencodable }])).toThrow();
    await history.close();
    expect((await historyLines(folder.dir)).map((line) => JSON.parse(line).id)).toEqual(['a', 'b']);
  });

  it('measures the wait on a monotonic clock: a wall-clock jump of an hour makes nothing overdue', async () => {
    const timers = manualTimers();
    // The wall clock is the test's from before the history opens (whatever the history keeps of Date.now is this).
    let wall = Date.now();
    vi.spyOn(Date, 'now').mockImplementation(() => wall);
    const { history } = await ResourceHistory.open(folder.dir, 20_000, undefined, { timers });
    history.reserve('x1', [draft('a', 'x1')]);
    wall += 3_600_000;
    timers.fire();
    expect(history.drafts).toBe(1);
    history.complete('x1', labels, []);
    expect(await history.forResource('User', 'a')).toEqual([expect.objectContaining({ ...labels, id: 'a' })]);
    await history.close();
  });
});

describe('resource history: no line keeps a configured secret', () => {
  let folder: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    folder = await tempDir();
  });
  afterEach(() => folder.remove());

  const token = 'bearer-Tok3n-0f-the-workspace';
  // A secret with a quote and a backslash: inside a JSON line it takes its escaped form.
  const clientSecret = 'client"secret\\with-escapes';
  const secretive = (id: string, exchangeId: string): HistoryEntry => ({ ...draft(id, exchangeId), after: { id, userName: `${id}@example.com`, displayName: token, title: `see ${clientSecret}` }, before: { id, userName: `${id}@example.com`, nickName: token } });
  const expectScrubbed = (text: string) => {
    expect(text).not.toContain(token);
    expect(text).not.toContain(JSON.stringify(clientSecret).slice(1, -1));
    expect(text).not.toContain(clientSecret);
    expect(text).toContain('[redacted]');
  };

  it.each([
    ['waited past MAX_WAIT_MS (the timer)', (h: ResourceHistory, t: ReturnType<typeof manualTimers>, clock: { now: number }) => ((clock.now += MAX_WAIT_MS + 100), t.fire())],
    ['written by close()', () => {}],
    ['labelled by an exchange recorded before its commit (a client that went away)', (h: ResourceHistory) => h.complete('x1', labels, [])],
    ['labelled with the recorder’s copies of another change (not used)', (h: ResourceHistory) => h.complete('x1', labels, [{ resourceType: 'Group', id: 'other', before: null, after: null }])],
    ['labelled with the recorder’s copies, unscrubbed (the request did not carry the secret)', (h: ResourceHistory) => h.complete('x1', labels, [{ resourceType: 'User', id: 'a', before: secretive('a', 'x1').before, after: secretive('a', 'x1').after }])],
  ])('scrubs a change %s, in history.jsonl and in the timeline', async (_name, settle) => {
    const clock = { now: 0 };
    const timers = manualTimers();
    const { history } = await ResourceHistory.open(folder.dir, 20_000, undefined, { now: () => clock.now, timers });
    history.redactWith(() => [token, clientSecret, 'short']);
    const aborted = _name.includes('went away');
    if (aborted) history.complete('x1', labels, []);
    history.reserve('x1', [secretive('a', 'x1')]);
    // The draft, as the timeline shows it while it waits.
    if (!aborted) expectScrubbed(JSON.stringify(await history.forResource('User', 'a')));
    settle(history, timers, clock);
    const timeline = await history.forResource('User', 'a');
    expectScrubbed(JSON.stringify(timeline));
    expect(timeline[0]!.after).toMatchObject({ displayName: '[redacted]', title: 'see [redacted]' });
    expect(timeline[0]!.before).toMatchObject({ nickName: '[redacted]' });
    await history.close();
    expect(await historyLines(folder.dir)).toHaveLength(1);
    expectScrubbed(await readFile(path.join(folder.dir, 'history.jsonl'), 'utf8'));
  });

  it('scrubs an inspector change too, and leaves lines without a secret as they are', async () => {
    const { history } = await ResourceHistory.open(folder.dir, 20_000);
    history.redactWith(() => [token]);
    history.append([{ ...secretive('a', 'x1'), source: 'inspector', exchangeId: null }, { ...draft('b', 'x2'), source: 'inspector', exchangeId: null }]);
    await history.close();
    const lines = await historyLines(folder.dir);
    expect(lines[0]).not.toContain(token);
    expect(JSON.parse(lines[1]!)).toMatchObject({ id: 'b', after: { userName: 'b@example.com' } });
  });
});
