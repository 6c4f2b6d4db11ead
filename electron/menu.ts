/**
 * The application menu: the usual roles (edit, window) plus Scimscope's own actions with their
 * shortcuts. Built as a template from plain callbacks so it can be tested without Electron.
 * The View menu is Scimscope's own, not Electron's `viewMenu` role: that role's zoom items zoom the
 * web contents natively, while the inspector zooms itself (root font size, remembered per machine,
 * the same in a browser). So its zoom and screen-sharing items send commands to the page, and their
 * shortcuts are shown but not registered: the page handles the keys, each press exactly once.
 */
import type { MenuItemConstructorOptions } from 'electron';

export type PresentationCommand = 'zoom-in' | 'zoom-out' | 'zoom-reset' | 'toggle-large-type' | 'toggle-screen-sharing';

/** Shown in the menu, handled by the page's own key handler (registering them would zoom twice). */
function pageShortcut(id: PresentationCommand, label: string, accelerator: string, actions: MenuActions): MenuItemConstructorOptions {
  return { id, label, accelerator, registerAccelerator: false, click: () => actions.presentation(id) };
}

export function viewMenu(actions: MenuActions): MenuItemConstructorOptions {
  return {
    label: 'View',
    submenu: [
      { role: 'reload' },
      { role: 'forceReload' },
      { role: 'toggleDevTools' },
      { type: 'separator' },
      pageShortcut('zoom-reset', 'Actual Size', 'CmdOrCtrl+0', actions),
      pageShortcut('zoom-in', 'Zoom In', 'CmdOrCtrl+Plus', actions),
      pageShortcut('zoom-out', 'Zoom Out', 'CmdOrCtrl+-', actions),
      { id: 'toggle-large-type', label: 'Large Type', click: () => actions.presentation('toggle-large-type') },
      pageShortcut('toggle-screen-sharing', 'Screen Sharing (Mask Secrets)', 'CmdOrCtrl+Shift+M', actions),
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
}

export interface MenuActions {
  clearTraffic(): void;
  resetStore(): void;
  openDataFolder(): void;
  copyScimUrl(): void;
  toggleTheme(): void;
  focusSearch(): void;
  toggleKeepInTray(checked: boolean): void;
  /** A presentation command carried out by the page (zoom, large type, screen sharing). */
  presentation(command: PresentationCommand): void;
  openDocs(): void;
}

export function menuTemplate(actions: MenuActions, platform: NodeJS.Platform, keepInTray: boolean): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const scimscope: MenuItemConstructorOptions = {
    label: 'Scimscope',
    submenu: [
      { id: 'copy-scim-url', label: 'Copy SCIM URL', accelerator: 'CmdOrCtrl+Shift+C', click: () => actions.copyScimUrl() },
      { id: 'focus-search', label: 'Search Traffic', accelerator: 'CmdOrCtrl+F', click: () => actions.focusSearch() },
      { type: 'separator' },
      { id: 'clear-traffic', label: 'Clear Traffic', accelerator: 'CmdOrCtrl+Shift+K', click: () => actions.clearTraffic() },
      { id: 'reset-store', label: 'Reset Store to Demo Data…', click: () => actions.resetStore() },
      { id: 'open-data-folder', label: 'Open Data Folder', accelerator: 'CmdOrCtrl+Shift+O', click: () => actions.openDataFolder() },
      { type: 'separator' },
      { id: 'toggle-theme', label: 'Toggle Theme', accelerator: 'CmdOrCtrl+Shift+T', click: () => actions.toggleTheme() },
      { id: 'keep-in-tray', label: 'Keep Running in Tray', type: 'checkbox', checked: keepInTray, click: (item) => actions.toggleKeepInTray(item.checked) },
    ],
  };
  return [
    ...(mac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    mac ? { role: 'fileMenu' } : { label: 'File', submenu: [{ role: 'quit' }] },
    { role: 'editMenu' },
    scimscope,
    viewMenu(actions),
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ id: 'docs', label: 'Scimscope Documentation', click: () => actions.openDocs() }] },
  ];
}
