/**
 * SCIMSCOPE_RECORDING_WORKER_NICE lowers the recording worker thread's scheduling priority and
 * nothing else's (recorder-worker.ts): the served process as users start it (the bundle's CLI), its
 * threads' niceness read from /proc, and a request still recorded whole by the lowered worker.
 * Values outside 1-19 leave every thread as it was. Linux only (a thread's niceness is its own there).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { startCli } from '../helpers/cli-process.js';
import { request } from '../helpers/http.js';
import { openSocket } from '../helpers/event-socket.js';
import { tempDir } from '../helpers/temp-dir.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

/** Niceness of each thread of a process (the 19th field of /proc/<pid>/task/<tid>/stat), by thread id. */
function niceness(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    out.set(Number(tid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
  }
  return out;
}

describe.runIf(process.platform === 'linux')('the recording worker at a lower priority', () => {
  it.each([
    { value: undefined, lowered: null, says: 'every thread as started' },
    { value: '10', lowered: 10, says: 'the worker alone at nice 10' },
    { value: '5', lowered: 5, says: 'the worker alone at nice 5' },
    { value: '0', lowered: null, says: 'every thread as started' },
    { value: '25', lowered: null, says: 'every thread as started (out of range)' },
    { value: 'high', lowered: null, says: 'every thread as started (not a number)' },
  ])('SCIMSCOPE_RECORDING_WORKER_NICE=$value: $says, and the exchange recorded whole', async ({ value, lowered }) => {
    const t = await tempDir();
    cleanups.push(t.remove);
    const env: NodeJS.ProcessEnv = { SCIMSCOPE_RECORDING_WORKER_NICE: value };
    if (value === undefined) delete env.SCIMSCOPE_RECORDING_WORKER_NICE;
    const cli = await startCli(['--data', t.dir, '--seed', 'empty'], value === undefined ? {} : env);
    try {
      const { adminUrl, adminToken, scimUrl, token } = cli.info;
      const socket = await openSocket(`${adminUrl.replace('http', 'ws')}/api/events`, { Authorization: `Bearer ${adminToken}` });
      const created = await request(`${scimUrl}/Users`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/scim+json' }, body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'nice@example.com' } });
      expect(created.status).toBe(201);
      // Recorded by the worker: its summary arrives on the live events once the worker's results are back.
      const event = await socket.next((m) => m.type === 'batch' && m.events.some((e: { type: string; exchange?: { method: string } }) => e.type === 'exchange' && e.exchange?.method === 'POST'));
      const summary = event.events.find((e: { type: string; exchange?: { method: string } }) => e.type === 'exchange' && e.exchange?.method === 'POST').exchange;
      const full = await request(`${adminUrl}/api/exchanges/${summary.id}`, { headers: { Authorization: `Bearer ${adminToken}` } });
      expect(full.status).toBe(200);
      expect(full.body.response.body.userName).toBe('nice@example.com');
      socket.ws.close();

      const nice = niceness(cli.child.pid!);
      // Relative to the main thread's, which is whatever the test runner was started with.
      const main = nice.get(cli.child.pid!)!;
      const others = [...nice].filter(([tid]) => tid !== cli.child.pid).map(([, n]) => n);
      if (lowered === null) {
        expect(others.every((n) => n === main)).toBe(true);
      } else {
        expect(main).toBeLessThan(lowered);
        expect(others.filter((n) => n === lowered)).toHaveLength(1);
        expect(others.filter((n) => n !== lowered).every((n) => n === main)).toBe(true);
      }
    } finally {
      cli.child.kill('SIGTERM');
      await new Promise((resolve) => cli.child.once('exit', resolve));
    }
  });
});
