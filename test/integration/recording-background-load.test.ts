/**
 * The exchange index loads after the server is ready (server/recorder/exchange-file-background.ts).
 * Over real HTTP and real files: an exchange recorded during the load is numbered after the loaded
 * ones, listed after them and kept across a restart; lists, the WebSocket hello and the status wait
 * for or report the load; an index found wrong during the load is read from the data file, and
 * rebuilt once the server stops (the data file untouched); a kill -9 during the load loses no
 * acknowledged write and leaves files the next start loads whole. Tests hold the load open with the
 * `exchangeLoadPause` hook, the door the load itself yields through between slices.
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExchangeSummary } from '../../server/contract/exchange.js';
import { DATA_FILE, INDEX_FILE } from '../../server/recorder/exchange-file.js';
import { startCli } from '../helpers/cli-process.js';
import { openSocket } from '../helpers/event-socket.js';
import { request } from '../helpers/http.js';
import { holdLoad } from '../helpers/held-load.js';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { tempDir } from '../helpers/temp-dir.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

async function createUsers(t: TestSandbox, n: number, prefix: string): Promise<void> {
  const recorded = nextExchanges(t.sandbox, n);
  for (let i = 0; i < n; i++) await t.scim('POST', '/Users', { body: { schemas: [USER], userName: `${prefix}${i}@example.com` } });
  await recorded;
}

const lines = async (file: string) => (await readFile(file, 'utf8')).split('\n').filter(Boolean);

describe('recording while the exchange index loads', () => {
  it('numbers an exchange recorded during the load after the loaded ones, lists it after them, and keeps it', async () => {
    const first = await startSandbox({ seed: 'empty' });
    await createUsers(first, 5, 'before');
    await first.stop();

    const load = holdLoad();
    const second = await startSandbox({ dataDir: first.dataDir, exchangeLoadPause: load.pause });
    await load.held;
    expect(second.sandbox.exchanges.loadState).toEqual({ loading: true, loaded: 5, expected: 5 });
    const status = (await second.admin('GET', '/api/status')).body;
    expect(status.exchangesLoading).toEqual({ loaded: 5, expected: 5 });
    expect(status.counts.exchanges).toBe(5);

    // SCIM answers during the load, and its exchange is recorded with the next number.
    const recorded = nextExchanges(second.sandbox, 1);
    expect((await second.scim('POST', '/Users', { body: { schemas: [USER], userName: 'during@example.com' } })).status).toBe(201);
    const [during] = await recorded;
    expect(during!.seq).toBe(6);

    // A list and a WebSocket asked for during the load wait for it, then see everything once.
    const listing = second.admin('GET', '/api/exchanges?limit=10');
    const socket = await openSocket(`${second.addresses.adminUrl.replace('http', 'ws')}/api/events`, { Authorization: `Bearer ${second.adminToken}` });
    // Before the hello, only the load's progress (events-loading-progress.test.ts).
    expect(socket.messages.filter((m) => m.type !== 'loading')).toEqual([]);
    load.open();
    const { body: list } = await listing;
    expect(list.total).toBe(6);
    expect(list.items.map((s: ExchangeSummary) => s.seq)).toEqual([6, 5, 4, 3, 2, 1]);
    const hello = await socket.next((m) => m.type === 'hello');
    expect(hello.exchanges.map((s: ExchangeSummary) => s.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(socket.messages.filter((m) => m.type === 'batch' && m.events.some((e: { type: string }) => e.type === 'exchange'))).toEqual([]);
    socket.ws.close();
    await socket.closed;
    expect((await second.admin('GET', '/api/status')).body.exchangesLoading).toBeNull();
    // Bodies come from the file, for a loaded exchange and the one recorded during the load.
    expect((await second.admin('GET', `/api/exchanges/${during!.id}`)).body.request.body.userName).toBe('during@example.com');
    expect((await second.admin('GET', `/api/exchanges/${list.items[5].id}`)).body.request.body.userName).toBe('before0@example.com');
    await second.stop();

    const third = await startSandbox({ dataDir: first.dataDir });
    expect(((await third.admin('GET', '/api/exchanges?limit=10')).body.items as ExchangeSummary[]).map((s) => s.seq)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(await lines(path.join(first.dataDir, INDEX_FILE))).toHaveLength(6);
    expect(third.sandbox.warnings).toEqual([]);
    await third.close();
    await first.close();
  });

  it('clearing during the load waits for it, so nothing loaded comes back', async () => {
    const first = await startSandbox({ seed: 'empty' });
    await createUsers(first, 3, 'clear');
    await first.stop();
    const load = holdLoad();
    const second = await startSandbox({ dataDir: first.dataDir, exchangeLoadPause: load.pause });
    await load.held;
    const clearing = second.admin('DELETE', '/api/exchanges');
    load.open();
    expect((await clearing).status).toBe(204);
    expect((await second.admin('GET', '/api/exchanges')).body.total).toBe(0);
    await second.close();
    await first.close();
  });

  it('reads the entries from the data file when the index proves wrong during the load, and rebuilds the index at stop', async () => {
    const first = await startSandbox({ seed: 'empty' });
    await createUsers(first, 4, 'wrong');
    await first.stop();
    // A line in the middle is garbage; the ends are whole, so the start-up check passes and the load finds it.
    const indexFile = path.join(first.dataDir, INDEX_FILE);
    const index = await lines(indexFile);
    index[1] = '{"summary": nope';
    await writeFile(indexFile, `${index.join('\n')}\n`);
    const data = await readFile(path.join(first.dataDir, DATA_FILE));

    const logged: string[] = [];
    const load = holdLoad();
    const second = await startSandbox({ dataDir: first.dataDir, exchangeLoadPause: load.pause, log: (line) => logged.push(line) });
    await load.held;
    const recorded = nextExchanges(second.sandbox, 1);
    await second.scim('GET', '/Users?count=1');
    expect((await recorded)[0]!.seq).toBe(5);
    load.open();
    const { body: list } = await second.admin('GET', '/api/exchanges?limit=10');
    expect(list.items.map((s: ExchangeSummary) => s.seq)).toEqual([5, 4, 3, 2, 1]);
    for (const s of list.items.slice(1)) expect((await second.admin('GET', `/api/exchanges/${s.id}`)).body.request.body.userName).toMatch(/^wrong\d@example\.com$/);
    expect(logged.join('\n')).toMatch(/did not match its data file/);
    await second.stop();

    // The data file was only appended to; the index was rebuilt from it when the server stopped.
    const after = await readFile(path.join(first.dataDir, DATA_FILE));
    expect(after.subarray(0, data.length).equals(data)).toBe(true);
    const rebuilt = await lines(indexFile);
    expect(rebuilt.map((l) => (JSON.parse(l) as { summary: ExchangeSummary }).summary.seq)).toEqual([1, 2, 3, 4, 5]);
    const third = await startSandbox({ dataDir: first.dataDir });
    expect((await third.admin('GET', '/api/exchanges?limit=0')).body.total).toBe(5);
    await third.close();
    await first.close();
  });
});

/** A data folder holding `count` recorded exchanges (small data lines, real index lines). */
async function recordedFolder(dir: string, count: number): Promise<void> {
  const data: string[] = [];
  const index: string[] = [];
  let offset = 0;
  for (let seq = 1; seq <= count; seq++) {
    const id = `bg${seq.toString(36).padStart(8, '0')}`;
    const record = JSON.stringify({ id, seq });
    const summary = { id, seq, startedAt: new Date(Date.UTC(2026, 11, 4) + seq).toISOString(), durationMs: 1.5, client: 'okta', method: 'GET', path: '/scim/v2/Users', query: `filter=userName eq "u${seq}@example.com"`, status: 200, outcome: 'completed', operation: { kind: 'user.lookup', resourceType: 'User', resourceId: null, summary: `Okta looked up u${seq}@example.com (not found)` }, changeCount: 0, fault: null, lintCount: 0, lintLevel: null, retryOf: null, replayOf: null };
    data.push(record);
    index.push(JSON.stringify({ summary, identifiers: `u${seq}@example.com`, changeIds: [], offset, length: Buffer.byteLength(record) }));
    offset += Buffer.byteLength(record) + 1;
  }
  await appendFile(path.join(dir, DATA_FILE), `${data.join('\n')}\n`);
  await appendFile(path.join(dir, INDEX_FILE), `${index.join('\n')}\n`);
}

describe('a kill -9 during the load', () => {
  it('loses no acknowledged write, and the next start loads every exchange', async () => {
    const temp = await tempDir();
    try {
      const count = 100_000;
      await recordedFolder(temp.dir, count);
      const cli = await startCli(['--data', temp.dir, '--seed', 'empty']);
      const auth = { Authorization: `Bearer ${cli.info.token}` };
      const created = await request(`${cli.info.scimUrl}/Users`, { method: 'POST', headers: auth, body: { schemas: [USER], userName: 'kept@example.com' } });
      expect(created.status).toBe(201);
      // Still loading: 100,000 index lines take far longer to parse than one create.
      const status = await request(`${cli.info.adminUrl}/api/status`, { headers: { Authorization: `Bearer ${cli.info.adminToken}` } });
      expect(status.body.exchangesLoading).not.toBeNull();
      cli.child.kill('SIGKILL');
      expect((await cli.exited).signal).toBe('SIGKILL');

      const again = await startCli(['--data', temp.dir, '--seed', 'empty']);
      try {
        const found = await request(`${again.info.scimUrl}/Users?filter=${encodeURIComponent('userName eq "kept@example.com"')}`, { headers: auth });
        expect(found.body.totalResults).toBe(1);
        // The retention (100,000) full: the loaded ones, and the create if the recorder wrote it before the kill
        // (the first write after the load began rotated the full file, while the load was reading it).
        const list = await request(`${again.info.adminUrl}/api/exchanges?limit=1`, { headers: { Authorization: `Bearer ${again.info.adminToken}` } });
        expect(list.body.total).toBe(count);
        expect(list.body.items[0].seq).toBeGreaterThanOrEqual(count);
        const report = await request(`${again.info.adminUrl}/api/status`, { headers: { Authorization: `Bearer ${again.info.adminToken}` } });
        expect(report.body.warnings).toEqual([]);
      } finally {
        again.child.kill('SIGTERM');
        await again.exited;
      }
    } finally {
      await temp.remove();
    }
  }, 60_000);
});
