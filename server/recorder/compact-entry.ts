/**
 * One recorded exchange as memory keeps it, compactly: with 100,000 exchanges retained, the entry's
 * size is the recorder's memory. Instead of the summary object (a nested object tree with a dozen
 * strings), a separate lower-cased search string and a location object, an entry is one flat object:
 * the quick-search text kept once in its original case (the summary's path, query and sentence are
 * slices of it), small numbers in place, and the few words that repeat across exchanges (method,
 * client, kind, outcome...) shared through an intern table. The summary the API returns is rebuilt
 * from it on demand, identical to the recorded one. Measured in docs/performance.md ("Memory").
 */
import type { ExchangeSummary } from '../contract/exchange.js';
import type { BodyLocation, IndexRecord } from './exchange-file.js';

/** Fields that are null or absent in nearly every exchange, kept together only when one is set. */
interface Rare {
  fault?: ExchangeSummary['fault'];
  retryOf?: ExchangeSummary['retryOf'];
  replayOf?: string | null;
  emulated?: string;
  breakpoint?: ExchangeSummary['breakpoint'];
  /** `startedAt` when it is not the canonical ISO form of its milliseconds. */
  startedAt?: string;
}

export interface CompactEntry {
  readonly id: string;
  readonly seq: number;
  /** Milliseconds since the epoch (`startedAt` rebuilt with toISOString). */
  readonly startedMs: number;
  readonly durationMs: number;
  readonly status: number;
  readonly method: string;
  readonly client: string;
  readonly kind: string;
  readonly resourceType: string | null;
  readonly outcome: string;
  readonly lintLevel: string | null;
  readonly changeCount: number;
  readonly lintCount: number;
  readonly faulted: boolean;
  readonly resourceId: string | null;
  /**
   * The quick-search text in its original case: method, path, query, status, kind, client, summary
   * sentence, resource id and identifiers, one per line (lower-cased when searched).
   */
  readonly text: string;
  /** Whether `text` is all ASCII (then a case-insensitive expression matches it exactly as lower-casing would). */
  readonly ascii: boolean;
  readonly pathLength: number;
  readonly queryLength: number;
  readonly sentenceLength: number;
  readonly changeIds: readonly string[];
  readonly rare: Rare | null;
  /** Where its line is; gen -1 when the disk refused it (then `line` holds it). */
  readonly gen: number;
  readonly offset: number;
  readonly length: number;
  readonly line: string | null;
}

const interned = new Map<string, string>();
/** One shared copy of a word that repeats across exchanges (bounded: only short words are kept). */
function intern<T extends string | null>(s: T): T {
  if (s === null || s.length > 40) return s;
  const known = interned.get(s);
  if (known !== undefined) return known as T;
  if (interned.size < 10_000) interned.set(s, s);
  return s;
}

const NON_ASCII = /[^\x00-\x7f]/;
const NO_IDS: readonly string[] = Object.freeze([]);

export function compactEntry(record: IndexRecord, location: BodyLocation | null, line?: string): CompactEntry {
  const s = record.summary;
  const op = s.operation;
  const startedMs = Date.parse(s.startedAt);
  const canonical = Number.isFinite(startedMs) && new Date(startedMs).toISOString() === s.startedAt;
  // join builds one flat string (a template literal would keep every part alive as a rope).
  const text = [s.method, s.path, s.query, s.status, op.kind, s.client, op.summary, op.resourceId ?? '', record.identifiers].join('\n');
  let rare: Rare | null = null;
  const setRare = <K extends keyof Rare>(key: K, value: Rare[K]) => ((rare ??= {})[key] = value);
  if (s.fault !== null && s.fault !== undefined) setRare('fault', s.fault);
  if (s.retryOf !== null && s.retryOf !== undefined) setRare('retryOf', s.retryOf);
  if (s.replayOf !== null && s.replayOf !== undefined) setRare('replayOf', s.replayOf);
  if (s.emulated) setRare('emulated', s.emulated);
  if (s.breakpoint) setRare('breakpoint', s.breakpoint);
  if (!canonical) setRare('startedAt', s.startedAt);
  return {
    id: s.id,
    seq: s.seq,
    startedMs: canonical ? startedMs : 0,
    durationMs: s.durationMs,
    status: s.status,
    method: intern(s.method),
    client: intern(s.client),
    kind: intern(op.kind),
    resourceType: intern(op.resourceType ?? null),
    outcome: intern(s.outcome),
    lintLevel: intern(s.lintLevel),
    changeCount: s.changeCount,
    lintCount: s.lintCount,
    faulted: s.fault !== null && s.fault !== undefined,
    resourceId: op.resourceId ?? null,
    text,
    ascii: !NON_ASCII.test(text),
    pathLength: s.path.length,
    queryLength: s.query.length,
    sentenceLength: op.summary.length,
    changeIds: record.changeIds.length ? record.changeIds : NO_IDS,
    rare,
    gen: location?.gen ?? -1,
    offset: location?.offset ?? 0,
    length: location?.length ?? 0,
    line: location ? null : (line ?? null),
  };
}

/**
 * An entry as this thread keeps it, from `addRecorded` (exchange-log.ts): the entries come from the
 * recording worker as flat values and are made here by `entriesFromFlat` (or by `compactEntry` when
 * recording runs inline), already the literal `compactEntry` makes, their repeated words this
 * thread's shared copies: nothing is left to copy.
 */
export function adoptEntry(e: CompactEntry): CompactEntry {
  return e;
}

/** Values per entry in a flat list of entries (entriesToFlat). */
export const ENTRY_VALUES = 26;

/**
 * Entries as they cross from the recording worker to the main thread: their values one after the
 * other, in the literal's order, a list of no change ids as 0. A structured clone of the objects
 * writes every property name of every entry and rebuilds each object key by key; the flat values
 * and `entriesFromFlat` cost the main thread about half as much (docs/performance.md, "Recording's
 * hand-off as flat data (wave 9)").
 */
export function entriesToFlat(entries: readonly CompactEntry[]): unknown[] {
  // Pushed, not written into a preallocated array: a holey array crosses a structured clone the slow,
  // sparse way (a preallocated one made the main thread's side slower than the objects it replaced).
  const out: unknown[] = [];
  for (const e of entries) {
    out.push(e.id);
    out.push(e.seq);
    out.push(e.startedMs);
    out.push(e.durationMs);
    out.push(e.status);
    out.push(e.method);
    out.push(e.client);
    out.push(e.kind);
    out.push(e.resourceType);
    out.push(e.outcome);
    out.push(e.lintLevel);
    out.push(e.changeCount);
    out.push(e.lintCount);
    out.push(e.faulted);
    out.push(e.resourceId);
    out.push(e.text);
    out.push(e.ascii);
    out.push(e.pathLength);
    out.push(e.queryLength);
    out.push(e.sentenceLength);
    out.push(e.changeIds.length ? e.changeIds : 0);
    out.push(e.rare);
    out.push(e.gen);
    out.push(e.offset);
    out.push(e.length);
    out.push(e.line);
  }
  return out;
}

/** The entries entriesToFlat listed, as this thread keeps them (the literal compactEntry makes, words shared). */
export function entriesFromFlat(flat: readonly unknown[]): CompactEntry[] {
  const entries: CompactEntry[] = [];
  // Each value read as the type its field has (the order is entriesToFlat's).
  const v = (k: number) => flat[k] as never;
  for (let j = 0; j < flat.length; j += ENTRY_VALUES) {
    const changeIds = v(j + 20) as readonly string[] | 0;
    entries.push({
      id: v(j),
      seq: v(j + 1),
      startedMs: v(j + 2),
      durationMs: v(j + 3),
      status: v(j + 4),
      method: intern(v(j + 5) as string),
      client: intern(v(j + 6) as string),
      kind: intern(v(j + 7) as string),
      resourceType: intern(v(j + 8) as string | null),
      outcome: intern(v(j + 9) as string),
      lintLevel: intern(v(j + 10) as string | null),
      changeCount: v(j + 11),
      lintCount: v(j + 12),
      faulted: v(j + 13),
      resourceId: v(j + 14),
      text: v(j + 15),
      ascii: v(j + 16),
      pathLength: v(j + 17),
      queryLength: v(j + 18),
      sentenceLength: v(j + 19),
      changeIds: changeIds === 0 ? NO_IDS : changeIds,
      rare: v(j + 21),
      gen: v(j + 22),
      offset: v(j + 23),
      length: v(j + 24),
      line: v(j + 25),
    });
  }
  return entries;
}

export function locationOf(e: CompactEntry): BodyLocation | null {
  return e.gen < 0 ? null : { gen: e.gen, offset: e.offset, length: e.length };
}

/** Where the summary sentence starts in `text`: status, kind and client sit between the query and it. */
function sentenceStart(e: CompactEntry): number {
  return e.method.length + 1 + e.pathLength + 1 + e.queryLength + 1 + String(e.status).length + 1 + e.kind.length + 1 + e.client.length + 1;
}

/** The summary's `startedAt`, as recorded. */
export function startedAtOf(e: CompactEntry): string {
  return e.rare?.startedAt ?? new Date(e.startedMs).toISOString();
}

/** The summary's sentence (`operation.summary`), as recorded. */
export function sentenceOf(e: CompactEntry): string {
  const start = sentenceStart(e);
  return e.text.slice(start, start + e.sentenceLength);
}

/** The summary as it was recorded (same fields, same order as `toSummary`). */
export function summaryOf(e: CompactEntry): ExchangeSummary {
  const pathStart = e.method.length + 1;
  const queryStart = pathStart + e.pathLength + 1;
  const rare: Rare = e.rare ?? {};
  return {
    id: e.id,
    seq: e.seq,
    startedAt: startedAtOf(e),
    durationMs: e.durationMs,
    client: e.client as ExchangeSummary['client'],
    method: e.method,
    path: e.text.slice(pathStart, pathStart + e.pathLength),
    query: e.text.slice(queryStart, queryStart + e.queryLength),
    status: e.status,
    outcome: e.outcome as ExchangeSummary['outcome'],
    operation: { kind: e.kind, resourceType: e.resourceType, resourceId: e.resourceId, summary: sentenceOf(e) } as ExchangeSummary['operation'],
    changeCount: e.changeCount,
    fault: rare.fault ?? null,
    lintCount: e.lintCount,
    lintLevel: e.lintLevel as ExchangeSummary['lintLevel'],
    retryOf: rare.retryOf ?? null,
    replayOf: rare.replayOf ?? null,
    ...(rare.emulated ? { emulated: rare.emulated } : {}),
    ...(rare.breakpoint ? { breakpoint: rare.breakpoint } : {}),
  };
}
