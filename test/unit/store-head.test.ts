/**
 * store.json's head is defined once (snapshot-index.ts): what the writer puts is what both readers
 * take apart (the format version the snapshot file checks before it uses the index, the journalSeq
 * the index must match), and anything else is not the writer's head.
 */
import { describe, expect, it } from 'vitest';
import { headText, writerHead } from '../../server/store/snapshot-index.js';

describe('store.json’s head', () => {
  it.each([
    [1, 0],
    [1, 123_456_789],
    [7, 42],
  ])('reads back the version %i and journalSeq %i the writer put', (version, journalSeq) => {
    const text = headText(version, journalSeq);
    expect(writerHead(Buffer.from(`${text}  "users": [],\n`))).toEqual({ version, journalSeq, end: Buffer.byteLength(text) });
  });

  it.each([
    ['a pretty-printed file (no journalSeq on the second line)', '{\n  "users": [],\n  "version": 1,\n'],
    ['a version that is not a number', '{\n  "version": "1",\n  "journalSeq": 0,\n'],
    ['a journalSeq missing', '{\n  "version": 1,\n  "users": [],\n'],
    ['other indentation', '{\n "version": 1,\n "journalSeq": 0,\n'],
    ['a minified file', '{"version":1,"journalSeq":0,"users":[]}'],
  ])('is not found in %s', (_name, text) => {
    expect(writerHead(Buffer.from(text))).toBeNull();
  });
});
