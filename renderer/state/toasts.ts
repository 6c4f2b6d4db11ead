/** Transient messages (errors from the admin API, confirmations), so nothing fails silently. */
import { createStore } from './external-store.js';

export interface Toast {
  id: number;
  kind: 'error' | 'success' | 'info';
  message: string;
}

export const toasts = createStore<Toast[]>([]);
let nextId = 1;

export function toast(kind: Toast['kind'], message: string, ms = kind === 'error' ? 8000 : 3500): void {
  const id = nextId++;
  toasts.set((list) => [...list.slice(-4), { id, kind, message }]);
  setTimeout(() => dismiss(id), ms);
}

export function dismiss(id: number): void {
  toasts.set((list) => list.filter((t) => t.id !== id));
}

/** Runs an action, turning a failure into an error toast; resolves with the result or undefined. */
export async function attempt<T>(action: () => Promise<T>, success?: string): Promise<T | undefined> {
  try {
    const result = await action();
    if (success) toast('success', success);
    return result;
  } catch (error) {
    toast('error', (error as Error).message);
    return undefined;
  }
}
