/** The current view, from the URL hash (#/traffic, #/users/<id>...), so views can be linked and reloaded. */
import { useSyncExternalStore } from 'react';

export type ViewName = 'traffic' | 'users' | 'groups' | 'faults' | 'breakpoints' | 'scenarios' | 'connect' | 'settings';
export const VIEWS: ViewName[] = ['traffic', 'users', 'groups', 'faults', 'breakpoints', 'scenarios', 'connect', 'settings'];

export interface Route {
  view: ViewName;
  /** The selected item (exchange or resource id), if the hash names one. */
  id: string | null;
}

export function parseRoute(hash: string): Route {
  const [, view, id] = hash.replace(/^#/, '').split('/');
  const known = VIEWS.find((v) => v === view);
  return { view: known ?? 'traffic', id: known && id ? decodeURIComponent(id) : null };
}

const subscribe = (listener: () => void) => {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
};

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}

export function navigate(view: ViewName, id?: string | null): void {
  window.location.hash = `#/${view}${id ? `/${encodeURIComponent(id)}` : ''}`;
}
