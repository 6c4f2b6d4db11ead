/**
 * The inspector window, locked down as Electron's security checklist asks: context isolation, the
 * renderer sandbox, no Node integration, a narrow preload; navigation kept to the inspector's own
 * origin; new windows and external links sent to the OS browser; every permission request denied.
 */
import { BrowserWindow, shell, type BrowserWindowConstructorOptions, type Session, type WebPreferences } from 'electron';
import type { WindowState } from './window-state.js';

export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

export function windowOptions(preload: string, state: WindowState, icon?: string): BrowserWindowConstructorOptions {
  return {
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: 800,
    minHeight: 500,
    title: 'Scimscope',
    show: false,
    backgroundColor: '#0e1116',
    ...(icon ? { icon } : {}),
    webPreferences: secureWebPreferences(preload),
  };
}

/** Opens http(s) links in the OS browser; any other scheme is ignored. */
export function openExternally(url: string): void {
  if (/^https?:\/\//i.test(url)) void shell.openExternal(url);
}

/** Denies every permission (camera, notifications, clipboard-read...): the inspector needs none. */
export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** Keeps the window on the inspector's origin; everything else opens outside or not at all. */
export function guardNavigation(window: BrowserWindow, allowedOrigin: string): void {
  const contents = window.webContents;
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (originOf(url) !== allowedOrigin) {
      event.preventDefault();
      openExternally(url);
    }
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

export function createInspectorWindow(options: { preload: string; state: WindowState; adminUrl: string; icon?: string }): BrowserWindow {
  const window = new BrowserWindow(windowOptions(options.preload, options.state, options.icon));
  denyPermissions(window.webContents.session);
  guardNavigation(window, new URL(options.adminUrl).origin);
  if (options.state.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  // The token is not in this URL: the preload hands it over (see ipc.ts).
  void window.loadURL(`${options.adminUrl}/#/traffic`);
  return window;
}
