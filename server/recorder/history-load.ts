/**
 * Start-up of the resource history (resource-history.ts): what it keeps of each entry comes from the
 * history files' offset index, not the entries (a data line is decoded only where the index lost
 * it), numbered by history-numbering.ts. Apart from the running history so that it stays about
 * entries as they come, and this about the files a previous run left.
 */
import { decodeHistoryLine } from './history-line.js';
import { numberLoaded, type HistoryIndexRecord } from './history-numbering.js';
import { HISTORY_FILES } from './history-writer.js';
import { loadIndexedFiles, type LoadedIndexedFiles } from './indexed-file-load.js';

/** The key of a resource's timeline. */
export const historyKey = (type: string, id: string) => `${type}:${id}`;

const codec = {
  fromIndex: (line: Record<string, unknown>): HistoryIndexRecord | null =>
    typeof line.key === 'string' && typeof line.kind === 'string' && (line.seq === undefined || Number.isSafeInteger(line.seq)) ? { key: line.key, kind: line.kind, ...(line.seq !== undefined ? { seq: line.seq as number } : {}) } : null,
  fromData: (text: string): HistoryIndexRecord => {
    const entry = decodeHistoryLine(text);
    return { key: historyKey(entry.resourceType, entry.id), kind: entry.kind, ...(entry.seq !== undefined ? { seq: entry.seq } : {}) };
  },
};

/** The newest `cap` entries the files in `dir` hold, in seq order, each with its seq and where its line is. */
export function loadHistory(dir: string, cap: number, log: (m: string) => void): LoadedIndexedFiles<HistoryIndexRecord> {
  const { records, warnings, state } = loadIndexedFiles(dir, HISTORY_FILES, codec, cap, log);
  return { records: numberLoaded(records, log), warnings, state };
}
