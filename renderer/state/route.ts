/**
 * The current workspace and view, from the URL hash, so views can be linked and reloaded:
 * `#/traffic`, `#/users/<id>` in the default workspace, `#/w/<name>/traffic/<id>` in workspace <name>.
 * The workspace is also a store, updated by the first hashchange listener (registered when this
 * module loads, before React's), so the services switch workspace before any view renders in it.
 */
import { useSyncExternalStore } from 'react';
import { createStore } from './external-store.js';

export type ViewName = 'traffic' | 'users' | 'groups' | 'faults' | 'breakpoints' | 'scenarios' | 'connect' | 'settings';
export const VIEWS: ViewName[] = ['traffic', 'users', 'groups', 'faults', 'breakpoints', 'scenarios', 'connect', 'settings'];
export const DEFAULT_WORKSPACE = 'default';
/** The server's rule for workspace names (`default` is the unnamed one). */
export const WORKSPACE_NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;

export interface Route {
  workspace: string;
  view: ViewName;
  /** The selected item (exchange or resource id), if the hash names one. */
  id: string | null;
}

export function parseRoute(hash: string): Route {
  let parts = hash.replace(/^#/, '').split('/');
  let workspace = DEFAULT_WORKSPACE;
  if (parts[1] === 'w' && parts[2] !== undefined) {
    const name = decodeURIComponent(parts[2]);
    if (WORKSPACE_NAME.test(name)) workspace = name;
    parts = ['', ...parts.slice(3)];
  }
  const [, view, id] = parts;
  const known = VIEWS.find((v) => v === view);
  return { workspace, view: known ?? 'traffic', id: known && id ? decodeURIComponent(id) : null };
}

/** The hash of a view (and item) in a workspace; the default workspace keeps today's short form. */
export function routeHash(workspace: string, view: ViewName, id?: string | null): string {
  const prefix = workspace === DEFAULT_WORKSPACE ? '' : `/w/${encodeURIComponent(workspace)}`;
  return `#${prefix}/${view}${id ? `/${encodeURIComponent(id)}` : ''}`;
}

const currentHash = () => (typeof window === 'undefined' ? '' : window.location.hash);

/** The workspace the inspector shows; follows the hash. */
export const currentWorkspace = createStore<string>(parseRoute(currentHash()).workspace);

if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () => currentWorkspace.set(parseRoute(currentHash()).workspace));
}

/** A link to a view in the workspace being shown (for href attributes). */
export function hashFor(view: ViewName, id?: string | null): string {
  return routeHash(currentWorkspace.get(), view, id);
}

const subscribe = (listener: () => void) => {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
};

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}

/** Goes to a view of the workspace being shown. */
export function navigate(view: ViewName, id?: string | null): void {
  window.location.hash = hashFor(view, id);
}

/** Shows another workspace (its Traffic view, or the view given). */
export function switchWorkspace(name: string, view: ViewName = 'traffic'): void {
  window.location.hash = routeHash(name, view);
}
