/**
 * The disk refuses a write of the resource history (ENOSPC from fs.writeSync), over real HTTP: the
 * refused batch's entry is lost, every line written before and after it reads back through the admin
 * API's timeline, and after a restart every acknowledged line (one whose write went through) still
 * reads back, at the same seq. The refusal is made by making fs.writeSync throw for the history's
 * data or index file only: at a line boundary, and after the first part of a line reached the file
 * (a torn line the next write must not glue its own to).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { tempDir } from '../helpers/temp-dir.js';

afterEach(() => vi.restoreAllMocks());

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

type Answer = 'ok' | 'half' | 'refuse';
type HistoryFile = 'history.jsonl' | 'history-index.jsonl';

/**
 * Watches which descriptors open the history files in `dir`; the returned function makes the next
 * writes to `file` answer as `plan` says, in order ('ok' writes, 'half' writes half of what was asked
 * and says so, 'refuse' throws ENOSPC); writes past the plan, and to any other file, go through.
 */
function historyWrites(dir: string): (file: HistoryFile, plan: Answer[]) => void {
  const fds = new Map<number, HistoryFile>();
  const realOpen = fs.openSync.bind(fs) as (...args: unknown[]) => number;
  vi.spyOn(fs, 'openSync').mockImplementation(((...args: unknown[]) => {
    const fd = realOpen(...args);
    const file = String(args[0]);
    const name = path.basename(file);
    if ((name === 'history.jsonl' || name === 'history-index.jsonl') && path.dirname(file) === dir && args[1] === 'a') fds.set(fd, name);
    return fd;
  }) as typeof fs.openSync);
  const realWrite = fs.writeSync.bind(fs) as (...args: unknown[]) => number;
  const plans: Record<HistoryFile, Answer[]> = { 'history.jsonl': [], 'history-index.jsonl': [] };
  vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, ...rest: unknown[]) => {
    const file = fds.get(fd);
    const answer = file ? plans[file].shift() : undefined;
    if (answer === 'refuse') throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    if (answer === 'half') {
      const [buffer, offset, length] = rest as [Buffer, number, number];
      return realWrite(fd, buffer, offset, Math.max(1, Math.floor(length / 2)));
    }
    return realWrite(fd, ...rest);
  }) as typeof fs.writeSync);
  return (file, plan) => {
    // Armed after the files are open; and the plans armed before were used up.
    expect([...fds.values()].sort()).toEqual(['history-index.jsonl', 'history.jsonl']);
    expect(plans).toEqual({ 'history.jsonl': [], 'history-index.jsonl': [] });
    plans[file] = plan;
  };
}

/** Sends a SCIM request, waits until it is recorded (its history line queued) and writes the history's waiting lines. */
async function written(t: TestSandbox, method: string, url: string, body: unknown): Promise<any> {
  const recorded = nextExchanges(t.sandbox, 1);
  const res = await t.scim(method, url, { body });
  expect(res.status, `${method} ${url}: ${res.text}`).toBeLessThan(300);
  await recorded;
  await t.sandbox.history.flush();
  return res.body;
}

const activeSet = (active: boolean) => ({ schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: active }] });

interface Entry {
  seq: number;
  kind: string;
  after: Record<string, any> | null;
}

const timeline = async (t: TestSandbox, id: string): Promise<Entry[]> => {
  const res = await t.admin('GET', `/api/users/${id}/history`);
  expect(res.status, res.text).toBe(200);
  return (res.body.items as Entry[]).map(({ seq, kind, after }) => ({ seq, kind, after: after && { active: after.active, userName: after.userName } }));
};

describe('resource history after the disk refused a write', () => {
  const cases: { name: string; file: HistoryFile; plan: Answer[]; refusedComesBack: boolean }[] = [
    { name: 'data file, at a line boundary', file: 'history.jsonl', plan: ['refuse'], refusedComesBack: false },
    { name: 'data file, after the first part of the line', file: 'history.jsonl', plan: ['half', 'refuse'], refusedComesBack: false },
    { name: 'index file, after the data line was written', file: 'history-index.jsonl', plan: ['refuse'], refusedComesBack: false },
    // The torn index line makes the next start rebuild the index from the data file, which holds the refused entry's whole line.
    { name: 'index file, after the first part of its line', file: 'history-index.jsonl', plan: ['half', 'refuse'], refusedComesBack: true },
  ];

  it.each(cases)('$name: lines written before and after read back, also after a restart', async ({ file, plan, refusedComesBack }) => {
    const temp = await tempDir();
    let t: TestSandbox | null = null;
    try {
      t = await startSandbox({ dataDir: temp.dir, seed: 'empty' });
      const answer = historyWrites(temp.dir);
      const jane = await written(t, 'POST', '/Users', { schemas: [USER], userName: 'jane.refused@example.com', active: true });
      // The refused write: jane's deactivation.
      answer(file, [...plan]);
      await written(t, 'PATCH', `/Users/${jane.id}`, activeSet(false));
      answer(file, []);
      const sam = await written(t, 'POST', '/Users', { schemas: [USER], userName: 'sam.refused@example.com', active: true });
      await written(t, 'PATCH', `/Users/${jane.id}`, activeSet(true));
      vi.restoreAllMocks();

      const janeBefore = await timeline(t, jane.id);
      const samBefore = await timeline(t, sam.id);
      expect(janeBefore.map((e) => [e.seq, e.after?.active])).toEqual([
        [1, true],
        [4, true],
      ]);
      expect(samBefore.map((e) => [e.seq, e.kind, e.after?.userName])).toEqual([[3, 'user.create', 'sam.refused@example.com']]);

      await t.stop();
      const again = await startSandbox({ dataDir: temp.dir });
      t = again;
      expect(again.sandbox.warnings.filter((w) => w.includes('history'))).toEqual([]);
      const janeAfter = await timeline(again, jane.id);
      expect(janeAfter.filter((e) => e.seq !== 2)).toEqual(janeBefore);
      expect(janeAfter.map((e) => [e.seq, e.after?.active])).toEqual(refusedComesBack ? [[1, true], [2, false], [4, true]] : [[1, true], [4, true]]);
      expect(await timeline(again, sam.id)).toEqual(samBefore);
      // Numbering goes on after the newest line on disk.
      const next = await written(again, 'PATCH', `/Users/${sam.id}`, activeSet(false));
      expect((await timeline(again, next.id)).map((e) => e.seq)).toEqual([3, 5]);
    } finally {
      vi.restoreAllMocks();
      await t?.stop();
      await temp.remove();
    }
  });
});
