/**
 * The Electron main process: a thin shell around server/. It takes the single-instance lock, starts
 * the sandbox in this process with its data in Electron's userData folder (moving to free ports if
 * the defaults are taken), opens the locked-down inspector window, and adds the menu, the tray and
 * the IPC the preload needs. Quitting waits for in-flight store writes.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, clipboard, dialog, ipcMain, Menu, nativeImage, screen, shell, Tray } from 'electron';
import { publicScimUrl } from '../server/scim/base-path.js';
import { describeError } from '../server/app-errors.js';
import { packageRoot } from '../server/config/data-paths.js';
import { applyHeapPolicy } from '../server/heap-policy.js';
import { createSandbox, type Sandbox, type SandboxAddresses, type SandboxOptions } from '../server/sandbox.js';
import { AdminActions } from './admin-actions.js';
import { CHANNELS, registerIpc } from './ipc.js';
import { menuTemplate, type MenuActions } from './menu.js';
import { loadPreferences, savePreferences } from './preferences.js';
import { trayMenuTemplate, trayTooltip } from './tray.js';
import { createInspectorWindow } from './window.js';
import { loadWindowState, saveWindowState } from './window-state.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = packageRoot(here);
const DOCS_URL = 'https://github.com/scimscope/scimscope#readme';

export interface DesktopOptions {
  createSandbox?: (options: SandboxOptions) => Promise<Sandbox>;
  dataDir?: string;
  /** Listen on these ports instead of the defaults (tests use 0). */
  ports?: { scim: number; admin: number };
}

export interface DesktopApp {
  sandbox: Sandbox;
  addresses: SandboxAddresses;
  window: () => BrowserWindow | null;
  menuActions: MenuActions;
  quit: () => Promise<void>;
}

function resource(...parts: string[]): string | undefined {
  const file = path.join(root, 'resources', ...parts);
  return existsSync(file) ? file : undefined;
}

export async function startDesktop(options: DesktopOptions = {}): Promise<DesktopApp | null> {
  if (!app.requestSingleInstanceLock()) {
    // Another Scimscope has the lock: it focuses its window (second-instance), this one leaves.
    app.quit();
    return null;
  }
  let window: BrowserWindow | null = null;
  const focusWindow = () => {
    if (!window) return openWindow();
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };
  app.on('second-instance', () => focusWindow());

  await app.whenReady();
  const dataDir = options.dataDir ?? app.getPath('userData');
  const log = (line: string) => console.error(line);
  let sandbox: Sandbox;
  let addresses: SandboxAddresses;
  try {
    sandbox = await (options.createSandbox ?? createSandbox)({ dataDir, log });
    addresses = await sandbox.listen({ scimPort: options.ports?.scim, adminPort: options.ports?.admin, portFallbackTries: 20 });
  } catch (error) {
    dialog.showErrorBox('Scimscope could not start', describeError(error));
    app.exit(1);
    return null;
  }
  const adminOrigin = new URL(addresses.adminUrl).origin;
  const preferences = loadPreferences(dataDir);
  const admin = new AdminActions(() => ({ adminUrl: addresses.adminUrl, token: sandbox.settings.adminToken }));
  const sendCommand = (command: string) => window?.webContents.send(CHANNELS.command, command);
  const report = (error: unknown) => dialog.showErrorBox('Scimscope', describeError(error));
  const currentPublicUrl = () => publicScimUrl(sandbox.tunnel.snapshot.url, sandbox.settings.current.tunnel.publicUrl);

  registerIpc(ipcMain, { allowedOrigin: adminOrigin, contents: () => window?.webContents ?? null }, {
    getConnection: () => ({ adminUrl: addresses.adminUrl, token: sandbox.settings.adminToken }),
    openDataFolder: async () => {
      const failure = await shell.openPath(dataDir);
      if (failure) throw new Error(failure);
    },
    saveFile: async (suggestedName, contents) => {
      const target = window ?? undefined;
      const result = target ? await dialog.showSaveDialog(target, { defaultPath: suggestedName }) : await dialog.showSaveDialog({ defaultPath: suggestedName });
      if (result.canceled || !result.filePath) return null;
      await writeFile(result.filePath, contents);
      return result.filePath;
    },
    copyText: (text) => clipboard.writeText(text),
  });

  const menuActions: MenuActions = {
    clearTraffic: () => void admin.clearTraffic().catch(report),
    resetStore: () => {
      const choice = dialog.showMessageBoxSync({ type: 'warning', buttons: ['Reset', 'Cancel'], defaultId: 1, cancelId: 1, message: 'Reset the store to the demo directory?', detail: 'Every user and group is replaced by the demo data. Recorded traffic is kept.' });
      if (choice === 0) void admin.resetStore('demo').catch(report);
    },
    openDataFolder: () => void shell.openPath(dataDir),
    copyScimUrl: () => clipboard.writeText(currentPublicUrl() ?? addresses.scimUrl),
    toggleTheme: () => sendCommand('toggle-theme'),
    focusSearch: () => sendCommand('focus-search'),
    presentation: (command) => sendCommand(command),
    toggleKeepInTray: (checked) => {
      preferences.keepInTray = checked;
      savePreferences(dataDir, preferences);
    },
    openDocs: () => void shell.openExternal(DOCS_URL),
  };
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(menuActions, process.platform, preferences.keepInTray)));

  function openWindow(): void {
    const state = loadWindowState(dataDir, screen.getAllDisplays().map((d) => d.workArea));
    const created = createInspectorWindow({ preload: path.join(root, 'dist', 'electron', 'preload.cjs'), state, adminUrl: addresses.adminUrl, icon: resource('icons', 'icon.png') });
    window = created;
    created.on('close', () => saveWindowState(dataDir, { ...created.getNormalBounds(), maximized: created.isMaximized() }));
    created.on('closed', () => {
      if (window === created) window = null;
    });
  }
  openWindow();

  let tray: Tray | null = null;
  const trayIcon = resource('icons', 'tray.png');
  if (trayIcon) {
    tray = new Tray(nativeImage.createFromPath(trayIcon));
    const refreshTray = () => {
      tray?.setToolTip(trayTooltip(addresses.scimUrl));
      tray?.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate({ showWindow: focusWindow, copyScimUrl: menuActions.copyScimUrl, quit: () => app.quit() }, addresses.scimUrl, currentPublicUrl())));
    };
    refreshTray();
    sandbox.bus.on('tunnel:changed', refreshTray);
    sandbox.bus.on('settings:changed', refreshTray);
    tray.on('click', focusWindow);
  }

  app.on('window-all-closed', () => {
    if (!preferences.keepInTray || !tray) app.quit();
  });
  app.on('activate', () => focusWindow());

  let stopping: Promise<void> | null = null;
  let stoppedCleanly = false;
  const stop = () => (stopping ??= sandbox.close().catch((error: unknown) => log(`Error while stopping: ${describeError(error)}`)));
  app.on('before-quit', (event) => {
    // Hold the quit until in-flight writes are on disk, then quit for real.
    if (stoppedCleanly) return;
    event.preventDefault();
    void stop().then(() => {
      stoppedCleanly = true;
      tray?.destroy();
      app.quit();
    });
  });

  return { sandbox, addresses, window: () => window, menuActions, quit: stop };
}

/** Run when Electron starts this file (not when tests import it). */
if (process.versions.electron && !process.env.VITEST) {
  // The server runs in this process: the same heap policy as `scimscope serve` (server/heap-policy.ts).
  applyHeapPolicy();
  void startDesktop().catch((error: unknown) => {
    dialog.showErrorBox('Scimscope could not start', describeError(error));
    app.exit(1);
  });
}
