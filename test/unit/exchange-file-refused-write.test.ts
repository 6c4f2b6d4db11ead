/**
 * A write the disk refuses (ENOSPC, EIO) part-way through a batch: the batch's exchanges are kept
 * in memory (record-processing.ts), and the writer goes on as if opened again, so every exchange
 * recorded after the refusal is readable where its location says, and a restart lists what the
 * index says. The refusal is made by making fs.writeSync throw (or write short), through the real
 * writer and recordBatch. Also the encoding buffers a thread keeps between batches, and that a
 * batch written in several parts still writes data before index.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DATA_FILE, ExchangeFileWriter, INDEX_FILE, indexLine, keptEncodingBytes } from '../../server/recorder/exchange-file.js';
import { readRecordLine } from '../../server/recorder/exchange-file-reader.js';
import { ExchangeLog } from '../../server/recorder/exchange-log.js';
import { recordBatch } from '../../server/recorder/record-processing.js';
import type { CapturedExchange } from '../../server/recorder/recording-wire.js';
import { tempDir } from '../helpers/temp-dir.js';

let dir: { dir: string; remove: () => Promise<void> };
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await dir.remove();
});

/** A lookup answered with a list page of `users` users (its text goes to the file as a piece of its own). */
function capture(id: string, seq: number, users = 1): CapturedExchange {
  const page = JSON.stringify({
    schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
    totalResults: users,
    Resources: Array.from({ length: users }, (_, i) => ({ id: `${id}-${i}`, userName: `${id}-${i}@example.com`, pad: 'p'.repeat(100) })),
  });
  return {
    parts: { id, seq, startedAt: new Date(0).toISOString(), durationMs: 1, outcome: 'completed', method: 'GET', path: '/scim/v2/Users', query: { filter: `userName eq "${id}"` }, requestHeaders: {}, remoteAddress: '127.0.0.1', status: 200, responseHeaders: {}, changes: [], fault: null, retryOf: null, replayOf: null },
    request: { data: null, json: false, size: 0 },
    response: { data: page, json: true, size: Buffer.byteLength(page) },
    inputs: { leniencies: [], resourceType: 'User', resourceId: null, error: null, lookups: {}, rawQuery: `filter=userName eq "${id}"` },
    limit: 4 * 1024 * 1024,
  };
}

const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

/**
 * fs.writeSync as the disk answers it: `plan[n]` says what the n-th call does from now on ('ok'
 * writes, 'refuse' throws ENOSPC, 'short' writes half and says so, 'stuck' writes nothing and says 0,
 * then and from then on); calls past the plan write.
 */
function diskAnswers(plan: ('ok' | 'refuse' | 'short' | 'stuck')[]): void {
  const real = fs.writeSync.bind(fs) as (fd: number, buffer: Buffer, offset: number, length: number) => number;
  let call = 0;
  let stuck = false;
  vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, buffer: Buffer, offset: number, length: number) => {
    const answer = plan[call++] ?? 'ok';
    if (answer === 'refuse') throw enospc();
    if (answer === 'short') return real(fd, buffer, offset, Math.max(1, Math.floor(length / 2)));
    if (answer === 'stuck') stuck = true;
    if (stuck) return 0;
    return real(fd, buffer, offset, length);
  }) as typeof fs.writeSync);
}

describe('the exchanges writer after a refused write', () => {
  // Each batch's writes, in order: its data (one call unless a line does not fit the buffer), then its index.
  const cases = [
    { name: 'the data write is refused at a line boundary', users: 1, plan: ['refuse'] as const, torn: [0, 0], listed: ['a', 'c'] },
    { name: 'the index write is refused after the data write', users: 1, plan: ['ok', 'refuse'] as const, torn: [0, 0], listed: ['a', 'c'] },
    // A disk that takes no byte and says so is refused like ENOSPC (asked again and again, the worker would spin for ever).
    { name: 'the disk takes no byte, again and again', users: 1, plan: ['stuck'] as const, torn: [0, 0], listed: ['a', 'c'], logged: 'no byte of the' },
    { name: 'a line larger than the buffer is refused after its first part was written', users: 2500, plan: ['ok', 'refuse'] as const, torn: [1, 0], listed: ['a', 'c'] },
    { name: 'the data write stops short mid-line, then is refused', users: 1, plan: ['short', 'refuse'] as const, torn: [1, 0], listed: ['a', 'c'] },
    // A torn index line does not parse: the loader rebuilds the index from the data file, where b's line is whole.
    { name: 'the index write stops short mid-line, then is refused', users: 1, plan: ['ok', 'short', 'refuse'] as const, torn: [0, 1], listed: ['a', 'b', 'c'] },
  ];

  it.each(cases)('$name: what is recorded after it reads back where its location says, and a restart lists what the index says', async ({ users, plan, torn, listed, logged: reason = 'ENOSPC' }: { users: number; plan: readonly ('ok' | 'refuse' | 'short' | 'stuck')[]; torn: number[]; listed: string[]; logged?: string }) => {
    const writer = new ExchangeFileWriter(dir.dir, 100, null);
    const logged: string[] = [];
    const log = (m: string) => logged.push(m);
    const [a] = recordBatch([capture('a', 1)], writer, log);
    diskAnswers([...plan]);
    const [b] = recordBatch([capture('b', 2, users)], writer, log);
    vi.restoreAllMocks();
    // The refused batch is kept in memory, with its line.
    expect(logged).toEqual([expect.stringContaining(reason)]);
    expect(b!.location).toBeNull();
    expect(JSON.parse(b!.line!).id).toBe('b');
    const [c, d] = recordBatch([capture('c', 3), capture('d', 4, 2)], writer, log);
    writer.close();
    expect(logged).toHaveLength(1);
    for (const [result, id] of [[a, 'a'], [c, 'c'], [d, 'd']] as const) {
      const line = readRecordLine(dir.dir, 1, result!.location!, id);
      expect(line, id).not.toBeNull();
      expect(JSON.parse(line!).id).toBe(id);
    }
    // The torn part of a line (if any) stands on a line of its own, and the index lines on disk say the same locations.
    const parsed = (file: string) => {
      const lines = fs.readFileSync(path.join(dir.dir, file), 'utf8').split('\n').slice(0, -1);
      const whole = lines.flatMap((l) => {
        try {
          return [JSON.parse(l)];
        } catch {
          return [];
        }
      });
      return { whole, torn: lines.length - whole.length };
    };
    const { whole: index, torn: tornIndex } = parsed(INDEX_FILE);
    expect([parsed(DATA_FILE).torn, tornIndex]).toEqual(torn);
    expect(index.map((l) => l.summary.id)).toEqual(['a', 'c', 'd']);
    const data = fs.readFileSync(path.join(dir.dir, DATA_FILE));
    for (const line of index.filter((l) => l.summary.id !== 'b')) {
      expect(JSON.parse(data.toString('utf8', line.offset, line.offset + line.length)).id).toBe(line.summary.id);
    }
    // A restart lists them, and each opens.
    const { exchangeLog } = await ExchangeLog.open(dir.dir, 100);
    try {
      await exchangeLog.whenLoaded();
      const ids = (await exchangeLog.latest(100)).map((s) => s.id);
      expect(ids).toEqual([...listed, 'd']);
      for (const id of ids) expect((await exchangeLog.get(id))?.id).toBe(id);
    } finally {
      await exchangeLog.close();
    }
  });

  it('counts in linesInCurrent only the lines that reached the data file', () => {
    const writer = new ExchangeFileWriter(dir.dir, 100, null);
    writer.append([{ line: '{"id":"a"}', record: { summary: { id: 'a' } } as never }]);
    diskAnswers(['refuse']);
    expect(() => writer.append([{ line: '{"id":"b"}', record: { summary: { id: 'b' } } as never }, { line: '{"id":"c"}', record: { summary: { id: 'c' } } as never }])).toThrow('ENOSPC');
    vi.restoreAllMocks();
    expect(writer.linesInCurrent).toBe(1);
    writer.append([{ line: '{"id":"d"}', record: { summary: { id: 'd' } } as never }]);
    writer.close();
    expect(writer.linesInCurrent).toBe(2);
    expect(fs.readFileSync(path.join(dir.dir, DATA_FILE), 'utf8')).toBe('{"id":"a"}\n{"id":"d"}\n');
  });
});

describe('the encoding buffers a thread keeps', () => {
  it('are 256 KiB for data lines and 64 KiB for index lines; a larger one made for a long line is not kept', () => {
    const writer = new ExchangeFileWriter(dir.dir, 100, null);
    recordBatch(Array.from({ length: 200 }, (_, i) => capture(`a${i}`, i + 1, 4)), writer, () => {});
    expect(keptEncodingBytes()).toEqual({ data: 256 * 1024, index: 64 * 1024 });
    recordBatch([capture('long', 201, 2500)], writer, () => {});
    expect(keptEncodingBytes()).toEqual({ data: 0, index: 64 * 1024 });
    writer.close();
  });

  it('write a batch whose index lines fill their buffer data first: no index line is on disk before its data line, and the files are as one write makes them', () => {
    const writer = new ExchangeFileWriter<{ id: string; changeIds: string[] }>(dir.dir, 1000, null);
    const entries = Array.from({ length: 120 }, (_, i) => ({ line: `{"id":"e${i}","n":${i}}`, record: { id: `e${i}`, changeIds: Array.from({ length: 40 }, (_, j) => `user-${i}-${j}`) } }));
    const real = fs.writeSync.bind(fs) as (fd: number, buffer: Buffer, offset: number, length: number) => number;
    const indexFile = path.join(dir.dir, INDEX_FILE);
    const dataFile = path.join(dir.dir, DATA_FILE);
    let indexWrites = 0;
    const behind: string[] = [];
    vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, buffer: Buffer, offset: number, length: number) => {
      const written = real(fd, buffer, offset, length);
      if (fs.existsSync(indexFile) && fs.fstatSync(fd).ino === fs.statSync(indexFile).ino) {
        indexWrites++;
        const dataSize = fs.statSync(dataFile).size;
        for (const line of fs.readFileSync(indexFile, 'utf8').split('\n').slice(0, -1)) {
          const { id, offset: at, length: bytes } = JSON.parse(line);
          if (at + bytes + 1 > dataSize) behind.push(id);
        }
      }
      return written;
    }) as typeof fs.writeSync);
    const locations = writer.append(entries);
    vi.restoreAllMocks();
    writer.close();
    expect(indexWrites).toBeGreaterThan(1);
    expect(behind).toEqual([]);
    expect(fs.readFileSync(dataFile, 'utf8')).toBe(entries.map((e) => `${e.line}\n`).join(''));
    expect(fs.readFileSync(indexFile, 'utf8')).toBe(entries.map((e, i) => indexLine(e.record, locations[i]!.offset, locations[i]!.length)).join(''));
  });
});
