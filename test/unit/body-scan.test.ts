/**
 * The body search's reader over real exchanges files (server/recorder/body-scan.ts): for every needle
 * and window size, it says of each record exactly what reading the record and lower-casing it says,
 * across window edges, in mixed case, beside characters beyond ASCII (whose bytes, decoded with their
 * high bit cleared, would spell ASCII letters), and for records not where the index says (a rotation).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bodyScanner } from '../../server/recorder/body-scan.js';
import { ExchangeFileWriter, type BodyLocation } from '../../server/recorder/exchange-file.js';
import { tempDir } from '../helpers/temp-dir.js';

let temp: { dir: string; remove: () => Promise<void> };
beforeEach(async () => {
  temp = await tempDir('scimscope-body-scan-');
});
afterEach(async () => {
  await temp.remove();
});

/** Record bodies: mixed case, non-ASCII text ('é' is C3 A9: with the high bit cleared, "C)"), long and short. */
const bodies = [
  'Title-Needle-9B7E here',
  'nothing to see',
  'caf\u00e9 )C) c) \u00c3\u00a9',
  'x'.repeat(300) + 'title-needle-9b7e',
  'ab\u212a', // the Kelvin sign: lower-cased, k
  'X\u0130Y', // the dotted capital I: lower-cased, i and a combining dot
  'TITLE-NEEDLE-9b7e at the start of a long line ' + 'y'.repeat(500),
  'na\u00efve \u65e5\u672c needle',
  'needle',
  '',
];
const needles = ['title-needle-9b7e', 'needle', 'c)', 'caf\u00e9', '\u65e5\u672c', 'e here', 'x'.repeat(301), '"body":"', 'not anywhere', 'ab\u212a'.toLowerCase(), 'k', 'xi', 'i'];

function write(dir: string): { id: string; gen: number; offset: number; length: number; line: string | null; text: string }[] {
  const writer = new ExchangeFileWriter(dir, 1000, null);
  const records = bodies.map((body, i) => ({ id: `ex-${i}`, body }));
  const locations: BodyLocation[] = writer.append(records.map((r) => ({ line: JSON.stringify(r), record: { summary: {} as never, identifiers: '', changeIds: [] } })));
  writer.close();
  // Newest first, as a search goes.
  return records.map((r, i) => ({ id: r.id, ...locations[i]!, line: null, text: JSON.stringify(r) })).reverse();
}

describe('the body scan', () => {
  it('says of every record what lower-casing the record says, for every needle and window size', () => {
    const entries = write(temp.dir);
    for (const window of [16, 100, 64 * 1024]) {
      for (const needle of needles) {
        const scanner = bodyScanner(temp.dir, 1, needle, window);
        const got = entries.map((e) => scanner.holds(e));
        scanner.close();
        const expected = entries.map((e) => e.text.toLowerCase().includes(needle));
        expect({ window, needle, got }).toEqual({ window, needle, got: expected });
      }
    }
  });

  it('reads a record that is not where the index says from the other file, and one kept in memory from memory', () => {
    const entries = write(temp.dir);
    const scanner = bodyScanner(temp.dir, 1, 'needle', 100);
    // Shifted by one byte: the line there does not start with this record's id, so it is read as RecordReader does (and not found).
    const shifted = { ...entries[0]!, offset: entries[0]!.offset + 1 };
    expect(scanner.holds(shifted)).toBe(false);
    expect(scanner.holds({ ...entries[0]!, gen: -1, line: '{"id":"mem","body":"A NEEDLE"}' })).toBe(true);
    expect(scanner.holds(entries[0]!)).toBe(entries[0]!.text.toLowerCase().includes('needle'));
    scanner.close();
  });
});
