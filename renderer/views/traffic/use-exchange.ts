/**
 * The full exchange behind the detail pane, fetched on demand and kept in a small cache (the last
 * dozen), so stepping through the list with j/k back and forth does not refetch.
 */
import { useEffect, useState } from 'react';
import type { Exchange } from '../../../server/contract/index.js';
import type { AdminClient } from '../../api/admin-client.js';

const CACHE_SIZE = 12;

/** Least recently used first; a hit moves the entry to the end. */
export class ExchangeCache {
  private readonly entries = new Map<string, Promise<Exchange>>();
  private readonly done = new Map<string, Exchange>();

  constructor(
    private readonly fetch: (id: string) => Promise<Exchange>,
    private readonly size = CACHE_SIZE,
  ) {}

  /** The exchange if it has already arrived. */
  peek(id: string): Exchange | undefined {
    return this.done.get(id);
  }

  get(id: string): Promise<Exchange> {
    const hit = this.entries.get(id);
    if (hit) {
      this.entries.delete(id);
      this.entries.set(id, hit);
      return hit;
    }
    const pending = this.fetch(id).then(
      (exchange) => {
        if (this.entries.get(id) === pending) this.done.set(id, exchange);
        // Trimmed on success only, so a failing fetch never pushes out a good entry.
        while (this.entries.size > this.size) this.forget(this.entries.keys().next().value as string);
        return exchange;
      },
      (error: unknown) => {
        this.forget(id);
        throw error;
      },
    );
    this.entries.set(id, pending);
    return pending;
  }

  forget(id: string): void {
    this.entries.delete(id);
    this.done.delete(id);
  }

  get count(): number {
    return this.entries.size;
  }
}

const caches = new WeakMap<AdminClient, ExchangeCache>();

export function exchangeCacheFor(client: AdminClient): ExchangeCache {
  let cache = caches.get(client);
  if (!cache) {
    cache = new ExchangeCache((id) => client.exchange(id));
    caches.set(client, cache);
  }
  return cache;
}

export type ExchangeLoad = { state: 'loading' } | { state: 'ready'; exchange: Exchange } | { state: 'error'; message: string; notFound: boolean };

export function useExchange(client: AdminClient, id: string): ExchangeLoad {
  const cache = exchangeCacheFor(client);
  const cached = cache.peek(id);
  const [load, setLoad] = useState<{ id: string; load: ExchangeLoad } | null>(null);

  useEffect(() => {
    if (cache.peek(id)) return;
    let current = true;
    cache.get(id).then(
      (exchange) => current && setLoad({ id, load: { state: 'ready', exchange } }),
      (error: Error & { status?: number }) => current && setLoad({ id, load: { state: 'error', message: error.message, notFound: error.status === 404 } }),
    );
    return () => {
      current = false;
    };
  }, [cache, id]);

  if (cached) return { state: 'ready', exchange: cached };
  return load?.id === id ? load.load : { state: 'loading' };
}
