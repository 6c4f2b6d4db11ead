/**
 * Breakpoint hit counters are saved a moment after a pause. That save used to run outside the
 * changes' queue with the state read when its timer fired, so a timer firing while a change's write
 * was in flight wrote the state from before the change after the change's own write: the API showed
 * the new rule, breakpoints.json did not, and a restart dropped it (or brought a deleted one back).
 * Here a change's write is held at the real file-writing door while the counter timer fires.
 */
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BREAKPOINTS_FILE, BreakpointStore } from '../../server/breakpoints/breakpoint-store.js';
import { EventBus } from '../../server/events/event-bus.js';
import { tempDir } from '../helpers/temp-dir.js';

/** While set, every atomic write waits for it before writing (the real write runs after). */
const gate: { held: Promise<void> | null; started: (() => void) | null } = { held: null, started: null };
vi.mock('../../server/config/atomic-write.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../server/config/atomic-write.js')>();
  return {
    ...real,
    writeFileAtomic: async (...args: Parameters<typeof real.writeFileAtomic>) => {
      if (gate.held) {
        gate.started?.();
        await gate.held;
      }
      return real.writeFileAtomic(...args);
    },
  };
});

let dir: string;
let remove: () => Promise<void>;
beforeEach(async () => {
  ({ dir, remove } = await tempDir('scimscope-breakpoint-counters-'));
});
afterEach(() => remove());

const onDisk = async () => JSON.parse(await readFile(path.join(dir, BREAKPOINTS_FILE), 'utf8')) as { rules: { name: string; hits: number }[] };

describe('breakpoint counters saved while a change is being written', () => {
  it.each([
    ['an added rule', async (store: BreakpointStore) => void (await store.add({ name: 'second', match: { methods: ['GET'] } })), ['first', 'second']],
    ["a rule's removal", async (store: BreakpointStore) => void (await store.remove(store.list()[1]!.id)), ['first']],
  ])('keep %s on disk, with the counter', async (_name, change, names) => {
    const bus = new EventBus();
    const store = await BreakpointStore.open(dir, bus);
    const first = await store.add({ name: 'first', match: { methods: ['GET'] } });
    if (names.length === 1) await store.add({ name: 'second', match: { methods: ['GET'] } });
    store.count(first);
    // The change's write is held at the door; the counter timer fires while it is.
    let release!: () => void;
    const started = new Promise<void>((resolve) => (gate.started = resolve));
    gate.held = new Promise<void>((resolve) => (release = resolve));
    const changed = change(store);
    await started;
    await once(bus, 'breakpoints:changed');
    gate.held = null;
    release();
    await changed;
    await store.close();
    const disk = await onDisk();
    expect(disk.rules.map((r) => r.name)).toEqual(names);
    expect(disk.rules.find((r) => r.name === 'first')?.hits).toBe(1);
    // And what a restart reads is what the API showed.
    const reopened = await BreakpointStore.open(dir, new EventBus());
    expect(reopened.list().map((r) => r.name)).toEqual(store.list().map((r) => r.name));
  });
});
