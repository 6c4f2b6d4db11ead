/** Loading the rotating JSON-lines files from a real folder: newest records kept in order across both files, older lines never parsed, bad lines reported. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RotatingLog } from '../../server/recorder/rotating-log.js';
import { tempDir } from '../helpers/temp-dir.js';

let dir: string;
let remove: () => Promise<void>;
beforeEach(async () => ({ dir, remove } = await tempDir()));
afterEach(() => remove());

const lines = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => JSON.stringify({ n: from + i })).join('\n') + '\n';

async function load(keep?: number) {
  const parsed: number[] = [];
  const log = new RotatingLog({ dir, name: 'x', cap: 100 });
  const result = await log.load((line) => {
    const n = (JSON.parse(line) as { n: number }).n;
    parsed.push(n);
    return n;
  }, keep);
  return { ...result, parsed, state: log.state };
}

describe('RotatingLog.load', () => {
  it.each([
    { keep: undefined, records: [1, 2, 3, 4, 5, 6], parsedCount: 6 },
    { keep: 4, records: [3, 4, 5, 6], parsedCount: 4 },
    { keep: 2, records: [5, 6], parsedCount: 2 },
    { keep: 10, records: [1, 2, 3, 4, 5, 6], parsedCount: 6 },
  ])('keeps the newest $keep of the previous and current files, oldest first', async ({ keep, records, parsedCount }) => {
    await writeFile(path.join(dir, 'x.1.jsonl'), lines(1, 3));
    await writeFile(path.join(dir, 'x.jsonl'), lines(4, 6));
    const result = await load(keep);
    expect(result.records).toEqual(records);
    expect(result.parsed).toHaveLength(parsedCount);
    expect(result.warnings).toEqual([]);
    expect(result.state.linesInCurrent).toBe(3);
  });

  it('skips a torn last line and an unreadable one, says so, and still fills what it keeps from older lines', async () => {
    await writeFile(path.join(dir, 'x.jsonl'), `${lines(1, 3)}not json\n${lines(4, 4)}{"n":5`);
    const result = await load(3);
    expect(result.records).toEqual([2, 3, 4]);
    expect(result.warnings).toEqual([expect.stringMatching(/unreadable line 4/), expect.stringMatching(/incomplete last line/)]);
    expect(result.state).toEqual({ linesInCurrent: 6, startWithNewline: true });
  });

  it('loads nothing, without warnings, when neither file exists', async () => {
    expect(await load(5)).toMatchObject({ records: [], warnings: [], parsed: [] });
  });
});
