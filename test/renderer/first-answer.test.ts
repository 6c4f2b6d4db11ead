/**
 * The inspector renders once the live socket's first answer is in (renderer/state/first-answer.ts):
 * the hello (settings arrive with it), the socket giving up (server down), or the wait running out.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStore } from '../../renderer/state/external-store.js';
import { firstAnswer } from '../../renderer/state/first-answer.js';
import { serverState, type ServerState } from '../../renderer/state/server-state.js';

afterEach(() => vi.useRealTimers());

const settled = async (p: Promise<void>) => {
  let done = false;
  void p.then(() => (done = true));
  await Promise.resolve();
  await Promise.resolve();
  return done;
};

describe('the first answer', () => {
  const table: [string, (s: ServerState) => ServerState][] = [
    ['the hello', (s) => ({ ...s, socket: 'open', settings: {} as ServerState['settings'] })],
    ['the socket giving up', (s) => ({ ...s, socket: 'closed', lastError: 'Lost the connection to Scimscope.' })],
  ];
  for (const [what, change] of table) {
    it(`is ${what}`, async () => {
      vi.useFakeTimers();
      const store = createStore<ServerState>(serverState.get());
      const answer = firstAnswer(store, 1000);
      store.set((s) => ({ ...s, socket: 'open' }));
      expect(await settled(answer)).toBe(false);
      store.set(change);
      expect(await settled(answer)).toBe(true);
    });
  }

  it('does not wait longer than the given time, and not at all when the answer is already in', async () => {
    vi.useFakeTimers();
    const store = createStore<ServerState>(serverState.get());
    const answer = firstAnswer(store, 1000);
    vi.advanceTimersByTime(999);
    expect(await settled(answer)).toBe(false);
    vi.advanceTimersByTime(1);
    expect(await settled(answer)).toBe(true);
    store.set((s) => ({ ...s, socket: 'closed' }));
    expect(await settled(firstAnswer(store, 1000))).toBe(true);
  });
});
