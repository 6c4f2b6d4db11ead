/**
 * A minimal observable value for React's useSyncExternalStore: the inspector's state lives in a few
 * of these, updated by the live socket and by user actions, read by components through hooks.
 */
import { useSyncExternalStore } from 'react';

export interface Store<T> {
  get(): T;
  set(next: T | ((current: T) => T)): void;
  subscribe(listener: () => void): () => void;
}

export function createStore<T>(initial: T): Store<T> {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set(next) {
      const resolved = typeof next === 'function' ? (next as (current: T) => T)(value) : next;
      if (Object.is(resolved, value)) return;
      value = resolved;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function useStore<T>(store: Store<T>): T {
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}

/**
 * One part of a store's value: the component re-renders only when that part changes (by Object.is),
 * not on every update. `select` must return a primitive or a reference held in the value.
 */
export function useStoreSelector<T, R>(store: Store<T>, select: (value: T) => R): R {
  const read = () => select(store.get());
  return useSyncExternalStore(store.subscribe, read, read);
}
