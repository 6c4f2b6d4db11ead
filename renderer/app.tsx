/**
 * The inspector's shell: the view tabs, the current view, the status bar and toasts, plus the
 * keyboard shortcuts every view shares ("/" focuses the view's search box). Traffic (the first
 * screen) and Breakpoints (its tab counts paused exchanges) are in the first script; the other views
 * load when first shown, so the first screen parses and runs a third less script.
 */
import { lazy, Suspense, useEffect } from 'react';
import { ScreenSharingSwitch, usePresentationKeys, ZoomIndicator } from './components/presentation-controls.js';
import { StatusBar } from './components/status-bar.js';
import { ToastRegion } from './components/toast-region.js';
import { isTypingTarget } from './components/typing-target.js';
import { useServices } from './app-services.js';
import { useStore, useStoreSelector } from './state/external-store.js';
import { navigate, routeHash, useRoute, VIEWS, type ViewName } from './state/route.js';
import { serverState } from './state/server-state.js';
import { desktop } from './api/desktop-bridge.js';
import { runPresentationCommand } from './state/presentation.js';
import { setTheme, theme, toggleTheme, type ThemeChoice } from './state/theme.js';
import { BreakpointsView, PausedCount } from './views/breakpoints/breakpoints-view.js';
import { TrafficView } from './views/traffic/traffic-view.js';
import { WorkspaceSwitcher } from './views/workspaces/workspace-switcher.js';

const ConnectView = lazy(() => import('./views/connect/connect-view.js').then((m) => ({ default: m.ConnectView })));
const FaultsView = lazy(() => import('./views/faults/faults-view.js').then((m) => ({ default: m.FaultsView })));
const ResourcesView = lazy(() => import('./views/resources/resources-view.js').then((m) => ({ default: m.ResourcesView })));
const ScenariosView = lazy(() => import('./views/scenarios/scenarios-view.js').then((m) => ({ default: m.ScenariosView })));
const UpstreamBrowser = lazy(() => import('./views/resources/upstream-browser.js').then((m) => ({ default: m.UpstreamBrowser })));
const SettingsView = lazy(() => import('./views/settings/settings-view.js').then((m) => ({ default: m.SettingsView })));

/** Shown for the moment a view's script loads (a local file in the desktop app: rarely seen). */
function ViewLoading() {
  return (
    <p className="view-loading muted" role="status">
      Loading…
    </p>
  );
}

const TITLES: Record<ViewName, string> = { traffic: 'Traffic', users: 'Users', groups: 'Groups', faults: 'Faults', breakpoints: 'Breakpoints', scenarios: 'Scenarios', connect: 'Connect', settings: 'Settings' };

/** The tabs that show how many things they hold, and which server count that is. */
const COUNTED = { traffic: 'exchanges', users: 'users', groups: 'groups' } as const;

/** Its own component, so a count changing re-renders the badge and not the view under it. */
function TabCount({ view }: { view: keyof typeof COUNTED }) {
  const count = useStoreSelector(serverState, (s) => s.counts[COUNTED[view]]);
  return <span className="tab-count">{count.toLocaleString()}</span>;
}

function ThemeSwitch() {
  const choice = useStore(theme);
  return (
    <label className="theme-switch">
      <span className="visually-hidden">Theme</span>
      <select value={choice} onChange={(e) => setTheme(e.target.value as ThemeChoice)} aria-label="Theme">
        <option value="system">System theme</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
        <option value="contrast">High contrast</option>
      </select>
    </label>
  );
}

export function App() {
  const route = useRoute();
  const { traffic } = useServices();
  const paused = useStoreSelector(traffic.state, (s) => s.paused);
  const upstreamUrl = useStoreSelector(serverState, (s) => s.settings?.upstream?.url ?? null);
  usePresentationKeys();

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === '/' && !isTypingTarget(e.target) && !e.ctrlKey && !e.metaKey) {
        const search = document.querySelector<HTMLInputElement>('[data-view-search]');
        if (search) {
          e.preventDefault();
          search.focus();
          search.select();
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    document.title = `${TITLES[route.view]}${route.workspace === 'default' ? '' : ` · ${route.workspace}`} · Scimscope`;
  }, [route.view, route.workspace]);

  // The desktop app's menu sends a few commands the page carries out.
  useEffect(
    () =>
      desktop()?.onCommand?.((command) => {
        if (command === 'toggle-theme') toggleTheme();
        runPresentationCommand(command);
        if (command === 'focus-search') {
          if (route.view !== 'traffic') navigate('traffic');
          setTimeout(() => document.querySelector<HTMLInputElement>('[data-view-search]')?.focus(), 50);
        }
      }),
    [route.view],
  );

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand" aria-label="Scimscope">
          <span className="brand-mark" aria-hidden="true">
            ◎
          </span>
          Scimscope
        </div>
        <WorkspaceSwitcher />
        <nav className="tabs" role="tablist" aria-label="Views">
          {VIEWS.map((view) => (
            <a
              key={view}
              id={`tab-${view}`}
              role="tab"
              href={routeHash(route.workspace, view)}
              aria-selected={route.view === view}
              aria-controls="view"
              className={route.view === view ? 'tab active' : 'tab'}
              onClick={(e) => {
                e.preventDefault();
                navigate(view);
              }}
            >
              {TITLES[view]}
              {view in COUNTED && <TabCount view={view as keyof typeof COUNTED} />}
              {view === 'breakpoints' && <PausedCount />}
            </a>
          ))}
        </nav>
        <ScreenSharingSwitch />
        <ThemeSwitch />
      </header>
      {/* Keyed by workspace: every view starts afresh in another workspace, keeping nothing of the last. */}
      <main key={route.workspace} id="view" className={`view view-${route.view}`} role="tabpanel" aria-labelledby={`tab-${route.view}`}>
        {route.view === 'traffic' && <TrafficView selectedId={route.id} />}
        {route.view === 'breakpoints' && <BreakpointsView selectedId={route.id} />}
        <Suspense fallback={<ViewLoading />}>
          {route.view === 'users' && (upstreamUrl ? <UpstreamBrowser key="up-users" type="users" url={upstreamUrl} /> : <ResourcesView key="users" type="users" selectedId={route.id} />)}
          {route.view === 'groups' && (upstreamUrl ? <UpstreamBrowser key="up-groups" type="groups" url={upstreamUrl} /> : <ResourcesView key="groups" type="groups" selectedId={route.id} />)}
          {route.view === 'faults' && <FaultsView />}
          {route.view === 'scenarios' && <ScenariosView />}
          {route.view === 'connect' && <ConnectView />}
          {route.view === 'settings' && <SettingsView />}
        </Suspense>
      </main>
      <StatusBar paused={paused} />
      <ToastRegion />
      <ZoomIndicator />
    </div>
  );
}
