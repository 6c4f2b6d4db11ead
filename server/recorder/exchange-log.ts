/**
 * The recorded exchanges: the newest `retention` kept in memory for the inspector (with an index by
 * id), persisted to a rotating append-only file so they survive restarts. Queries page newest first
 * and filter by method, status, operation kind, client, fault, lint and full text (bodies included).
 */
import type { Exchange, ExchangeSummary } from '../contract/exchange.js';
import { BoundedQueue } from './bounded-queue.js';
import { RotatingLog, type RotatingLogState } from './rotating-log.js';

/** Where the records are also written (the recording backend): told when they are cleared or capped. */
export interface ExchangeSink {
  clear(): Promise<void>;
  setCap(cap: number): void;
  flush(): Promise<void>;
}

export interface ExchangeQuery {
  offset?: number;
  limit?: number;
  /** Full text, case-insensitive, over method, path, status, kind, client, summary and bodies. */
  search?: string;
  methods?: string[];
  /** Status classes ('2xx', '4xx'...) or exact statuses ('409'). */
  statuses?: string[];
  kinds?: string[];
  clients?: string[];
  faulted?: boolean;
  linted?: boolean;
  resourceId?: string;
}

export function toSummary(e: Exchange): ExchangeSummary {
  const levels = e.lint.map((l) => l.level);
  return {
    id: e.id,
    seq: e.seq,
    startedAt: e.startedAt,
    durationMs: e.durationMs,
    client: e.client,
    method: e.request.method,
    path: e.request.path,
    query: Object.entries(e.request.query)
      .map(([k, v]) => `${k}=${v}`)
      .join('&'),
    status: e.response.status,
    outcome: e.outcome,
    operation: e.operation,
    changeCount: e.changes.length,
    fault: e.fault,
    lintCount: e.lint.length,
    lintLevel: levels.includes('error') ? 'error' : levels.includes('warning') ? 'warning' : levels.includes('info') ? 'info' : null,
    retryOf: e.retryOf ?? null,
    replayOf: e.replayOf ?? null,
    ...(e.emulated ? { emulated: e.emulated } : {}),
    ...(e.breakpoint ? { breakpoint: { ruleId: e.breakpoint.ruleId, name: e.breakpoint.name, phase: e.breakpoint.phase, resolution: e.breakpoint.resolution, pausedMs: e.breakpoint.pausedMs } } : {}),
  };
}

function statusMatches(status: number, wanted: string[]): boolean {
  return wanted.some((w) => {
    const m = /^([1-5])xx$/i.exec(w);
    if (m) return Math.floor(status / 100) === Number(m[1]);
    if (w === '0' || w.toLowerCase() === 'none') return status === 0;
    return String(status) === w;
  });
}

export class ExchangeLog {
  private readonly byId = new Map<string, Exchange>();
  /** Oldest first, capped at the retention; evicting one forgets its id. */
  private readonly items: BoundedQueue<Exchange>;
  private readonly haystacks = new WeakMap<Exchange, string>();
  private lastSeq = 0;

  private sink: ExchangeSink | null = null;

  private constructor(retention: number) {
    this.items = new BoundedQueue(retention, (evicted) => this.byId.delete(evicted.id));
  }

  /** Loads what the exchanges file holds; returns where it ends, for the writer that continues it. */
  static async open(dir: string | null, retention: number, log?: (m: string) => void): Promise<{ exchangeLog: ExchangeLog; warnings: string[]; fileState: RotatingLogState | null }> {
    const exchangeLog = new ExchangeLog(retention);
    if (dir === null) return { exchangeLog, warnings: [], fileState: null };
    const file = new RotatingLog({ dir, name: 'exchanges', cap: retention, log });
    const { records, warnings } = await file.load((line) => JSON.parse(line) as Exchange, retention);
    for (const e of records) exchangeLog.remember(e);
    return { exchangeLog, warnings, fileState: file.state };
  }

  /** Connects the writer of the exchanges file. */
  attach(sink: ExchangeSink): void {
    this.sink = sink;
  }

  nextSeq(): number {
    return ++this.lastSeq;
  }

  /** The sequence number of the last exchange captured (interpreted or not yet). */
  get seq(): number {
    return this.lastSeq;
  }

  get size(): number {
    return this.items.size;
  }

  /** Adds an exchange (already redacted and written by the recording backend). */
  append(exchange: Exchange): void {
    this.remember(exchange);
  }

  get(id: string): Exchange | undefined {
    return this.byId.get(id);
  }

  /** Newest first. */
  query(q: ExchangeQuery = {}): { items: Exchange[]; total: number } {
    const matches = this.matching(q);
    const offset = Math.max(q.offset ?? 0, 0);
    const limit = Math.min(Math.max(q.limit ?? 100, 0), 5000);
    return { items: matches.slice(offset, offset + limit), total: matches.length };
  }

  /** Every exchange matching a query, newest first. */
  matching(q: ExchangeQuery = {}): Exchange[] {
    const needle = q.search?.trim().toLowerCase() || null;
    const out: Exchange[] = [];
    for (let i = 0, size = this.items.size; i < size; i++) {
      const e = this.items.fromNewest(i)!;
      if (q.methods?.length && !q.methods.some((m) => m.toUpperCase() === e.request.method)) continue;
      if (q.statuses?.length && !statusMatches(e.response.status, q.statuses)) continue;
      if (q.kinds?.length && !q.kinds.some((k) => e.operation.kind === k || e.operation.kind.startsWith(`${k}.`))) continue;
      if (q.clients?.length && !q.clients.includes(e.client)) continue;
      if (q.faulted !== undefined && (e.fault !== null) !== q.faulted) continue;
      if (q.linted !== undefined && (e.lint.length > 0) !== q.linted) continue;
      if (q.resourceId && e.operation.resourceId !== q.resourceId && !e.changes.some((c) => c.id === q.resourceId)) continue;
      if (needle && !this.haystack(e).includes(needle)) continue;
      out.push(e);
    }
    return out;
  }

  /** The newest `n` exchanges, oldest first (what a new WebSocket client receives). */
  latest(n: number): Exchange[] {
    return this.items.latest(n);
  }

  /** Any exchange (newest first) satisfying `test`, within the last `window` exchanges. */
  findRecent(test: (e: Exchange) => boolean, window = 1000): Exchange | undefined {
    for (let i = 0, size = Math.min(this.items.size, window); i < size; i++) {
      const e = this.items.fromNewest(i)!;
      if (test(e)) return e;
    }
    return undefined;
  }

  setRetention(retention: number): void {
    this.sink?.setCap(retention);
    this.items.setCap(retention);
  }

  async clear(): Promise<void> {
    this.items.clear();
    this.byId.clear();
    await this.sink?.clear();
  }

  flush(): Promise<void> {
    return this.sink?.flush() ?? Promise.resolve();
  }

  private remember(e: Exchange): void {
    this.byId.set(e.id, e);
    this.items.push(e);
    if (e.seq > this.lastSeq) this.lastSeq = e.seq;
  }

  private haystack(e: Exchange): string {
    let text = this.haystacks.get(e);
    if (text === undefined) {
      text = [e.request.method, e.request.path, JSON.stringify(e.request.query), e.response.status, e.operation.kind, e.client, e.operation.summary, JSON.stringify(e.request.body), JSON.stringify(e.response.body)]
        .join('\n')
        .toLowerCase();
      this.haystacks.set(e, text);
    }
    return text;
  }
}
