/**
 * The change journal after a write the disk refuses (ENOSPC) right after a rotation, as a compaction
 * asks for: the refused batch leaves nothing behind in the new segment, and the journal reads back
 * with every acknowledged entry. The writer used to cut the new segment back to the old segment's
 * size, which grew it with NUL bytes that a restart then read as a damaged, acknowledged entry.
 */
import { readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readJournal } from '../../server/store/journal-format.js';
import { JournalWriter, segmentName } from '../../server/store/journal-writer.js';
import { fileHandlePrototype } from '../helpers/file-handle.js';
import { tempDir } from '../helpers/temp-dir.js';

let dir: string;
let remove: () => Promise<void>;
beforeEach(async () => {
  ({ dir, remove } = await tempDir('scimscope-journal-refused-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await remove();
});

const line = (s: number, pad = 0) => `${JSON.stringify({ s, at: '2026-01-01T00:00:00.000Z', ops: [{ op: 'clear' }], pad: 'x'.repeat(pad) })}\n`;

/** Makes the next `count` FileHandle writes fail as a full disk does. */
async function refuseWrites(count: number): Promise<void> {
  const proto = await fileHandlePrototype(dir);
  const real = proto.write;
  let left = count;
  vi.spyOn(proto, 'write').mockImplementation(function (this: unknown, ...args: unknown[]) {
    if (left-- > 0) return Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
    return real.apply(this, args);
  });
}

describe('journal writer, a write refused after a rotation', () => {
  it.each([
    ['right after a rotation', true],
    ['within a segment', false],
  ])('leaves no trace of the refused batch %s, and the journal reads back whole', async (_name, rotate) => {
    const failures: number[] = [];
    const writer = new JournalWriter({ dir, firstSegment: 1, onFailure: (from) => failures.push(from) });
    await writer.append(1, line(1, 300_000));
    if (rotate) writer.rotate();
    await refuseWrites(1);
    await expect(writer.append(2, line(2))).rejects.toThrow('ENOSPC');
    vi.restoreAllMocks();
    expect(failures).toEqual([2]);
    await writer.append(3, line(3));
    await writer.close();

    const sizes = Object.fromEntries(await Promise.all((await readdir(dir)).map(async (n) => [n, (await stat(path.join(dir, n))).size] as const)));
    // The refused batch left nothing (its segment once grew with 300 KB of NUL bytes, then stayed empty); the acknowledged entries whole.
    expect(sizes).toEqual(
      rotate
        ? { [segmentName(1)]: line(1, 300_000).length, [segmentName(2)]: line(3).length }
        : { [segmentName(1)]: line(1, 300_000).length, [segmentName(2)]: line(3).length },
    );
    const read = await readJournal(dir, segmentName);
    expect(read.entries.map((e) => e.s)).toEqual([1, 3]);
    expect(read.warnings).toEqual([]);
  });

  it('reads past the NUL padding an older version left in a segment, with a warning', async () => {
    await writeFile(path.join(dir, segmentName(1)), line(1));
    await writeFile(path.join(dir, segmentName(2)), Buffer.alloc(4096));
    await writeFile(path.join(dir, segmentName(3)), line(3));
    const read = await readJournal(dir, segmentName);
    expect(read.entries.map((e) => e.s)).toEqual([1, 3]);
    expect(read.warnings).toEqual([expect.stringMatching(/^Ignored 4096 NUL bytes at the end of .*00000002\.jsonl: left by a refused write/)]);
  });
});

describe('journal writer, a disk refusing write after write', () => {
  it('leaves no empty segment per refused write, and writes where it left off once the disk accepts', async () => {
    const writer = new JournalWriter({ dir, firstSegment: 1 });
    await writer.append(1, line(1));
    await refuseWrites(200);
    for (let s = 2; s < 202; s++) await expect(writer.append(s, line(s))).rejects.toThrow('ENOSPC');
    vi.restoreAllMocks();
    await writer.append(202, line(202));
    await writer.close();
    // Segment 1 holds entry 1; the first refusal moved on to segment 2, which every later refusal used again.
    expect((await readdir(dir)).sort()).toEqual([segmentName(1), segmentName(2)]);
    const read = await readJournal(dir, segmentName);
    expect(read.entries.map((e) => e.s)).toEqual([1, 202]);
    expect(read.warnings).toEqual([]);
  });
});
