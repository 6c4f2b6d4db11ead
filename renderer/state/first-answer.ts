/**
 * When the inspector first renders: once the live socket's hello has arrived (so the first screen is
 * drawn with the traffic in it, in one render and one layout), once the socket gave up (server down:
 * the shell shows the lost connection), or after `waitMs` at the latest. Rendering the empty shell
 * first kept the main thread busy while the ticket and the hello came back, and drew the screen twice.
 */
import type { Store } from './external-store.js';
import type { ServerState } from './server-state.js';

export const FIRST_ANSWER_WAIT_MS = 1000;

export function firstAnswer(server: Store<ServerState>, waitMs = FIRST_ANSWER_WAIT_MS): Promise<void> {
  return new Promise((resolve) => {
    const answered = (s: ServerState) => s.settings !== null || s.socket === 'closed';
    if (answered(server.get())) return resolve();
    let unsubscribe = () => undefined as unknown;
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(done, waitMs);
    unsubscribe = server.subscribe(() => {
      if (answered(server.get())) done();
    });
  });
}
