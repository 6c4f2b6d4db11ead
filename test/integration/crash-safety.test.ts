/**
 * The store's promise: a write acknowledged with 201 survives `kill -9`. Creates stream in from
 * several concurrent clients; the server is killed mid-stream; after a restart on the same data
 * folder (which the dead process's lock must not block) every acknowledged user is there.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startCli } from '../helpers/cli-process.js';
import { request } from '../helpers/http.js';
import { tempDir } from '../helpers/temp-dir.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

describe('crash safety', () => {
  let removeDir: () => Promise<void> = async () => undefined;
  afterAll(() => removeDir());

  it('keeps every create that got a 201 after kill -9', async () => {
    const temp = await tempDir();
    removeDir = temp.remove;
    const cli = await startCli(['--data', temp.dir, '--seed', 'empty']);
    const acknowledged: string[] = [];
    let killed = false;
    const killAfter = 300;
    const worker = async (w: number) => {
      for (let i = 0; !killed; i++) {
        const userName = `crash-${w}-${i}@example.com`;
        try {
          const res = await request(`${cli.info.scimUrl}/Users`, { method: 'POST', headers: { Authorization: `Bearer ${cli.info.token}` }, body: { schemas: [USER], userName, name: { givenName: 'C', familyName: String(i) } } });
          if (res.status === 201) acknowledged.push(userName);
          if (acknowledged.length >= killAfter && !killed) {
            killed = true;
            cli.child.kill('SIGKILL');
          }
        } catch {
          return; // the connection died with the server
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
    const { signal } = await cli.exited;
    expect(signal).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(killAfter);

    const restarted = await startCli(['--data', temp.dir, '--seed', 'empty']);
    try {
      const list = await request(`${restarted.info.scimUrl}/Users?count=1000&attributes=userName`, { headers: { Authorization: `Bearer ${restarted.info.token}` } });
      expect(restarted.info.token).toBe(cli.info.token);
      const present = new Set(list.body.Resources.map((r: { userName: string }) => r.userName));
      const missing = acknowledged.filter((u) => !present.has(u));
      expect(missing).toEqual([]);
    } finally {
      restarted.child.kill('SIGTERM');
      await restarted.exited;
    }
  });
});
