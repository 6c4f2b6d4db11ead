/**
 * Two Scimscope processes starting on one data folder at the same instant: exactly one gets it, both
 * when the folder is free and when it holds a lock left by a dead process. The lock file used to be
 * created empty and written after, so the other starter read it as torn, took it over, and both ran
 * (two journals appended to one folder).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../server/config/data-folder-lock.js';
import { tempDir } from '../helpers/temp-dir.js';

const ROUNDS = 25;
const PERIOD_MS = 120;
const racer = path.resolve(import.meta.dirname, '../fixtures/lock-racer.ts');

let dir: string;
let remove: () => Promise<void>;
beforeEach(async () => {
  ({ dir, remove } = await tempDir('scimscope-lock-race-'));
});
afterEach(() => remove());

interface Racer {
  child: ChildProcess;
  lines: string[];
  ready: Promise<void>;
  done: Promise<void>;
}

function startRacer(dirs: string[]): Racer {
  const child = spawn(process.execPath, ['--import', 'tsx', racer, String(PERIOD_MS), ...dirs], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines: string[] = [];
  const said = (word: string) => new Promise<void>((resolve) => createInterface({ input: child.stdout! }).on('line', (line) => line === word && resolve()));
  createInterface({ input: child.stdout! }).on('line', (line) => /^\d+ /.test(line) && lines.push(line));
  return { child, lines, ready: said('ready'), done: said('done') };
}

describe('data folder lock under a start race', () => {
  it.each([
    ['a free folder', null],
    ['a folder holding a dead process’s lock', { pid: 2 ** 22 - 3, startedAt: '2026-01-01T00:00:00.000Z' }],
  ])('gives %s to exactly one of two processes starting together', async (_name, leftover) => {
    const dirs: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const folder = path.join(dir, `r${round}`);
      await mkdir(folder);
      if (leftover) await writeFile(path.join(folder, LOCK_FILE), JSON.stringify(leftover));
      dirs.push(folder);
    }
    const racers = [startRacer(dirs), startRacer(dirs)];
    await Promise.all(racers.map((r) => r.ready));
    const base = Date.now() + 100;
    for (const r of racers) r.child.stdin!.write(`${base}\n`);
    // Both hold what they got until both are through every round, however far one fell behind.
    await Promise.all(racers.map((r) => r.done));
    for (const r of racers) r.child.stdin!.write('release\n');
    const codes = await Promise.all(racers.map(async (r) => (await once(r.child, 'exit'))[0]));
    expect(codes).toEqual([0, 0]);
    const outcome = (r: Racer, round: number) => r.lines.find((l) => l.startsWith(`${round} `))?.slice(String(round).length + 1);
    const rounds = dirs.map((_d, round) => racers.map((r) => outcome(r, round)).sort().join(' / '));
    expect(rounds).toEqual(dirs.map(() => 'GOT / REFUSED'));
    // Released at the end, and no private file left beside the lock.
    for (const folder of dirs) expect(await readdir(folder)).toEqual([]);
  });
});
