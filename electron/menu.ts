/**
 * The application menu: the usual roles (edit, view, window) plus Scimscope's own actions with their
 * shortcuts. Built as a template from plain callbacks so it can be tested without Electron.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  clearTraffic(): void;
  resetStore(): void;
  openDataFolder(): void;
  copyScimUrl(): void;
  toggleTheme(): void;
  focusSearch(): void;
  toggleKeepInTray(checked: boolean): void;
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
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ id: 'docs', label: 'Scimscope Documentation', click: () => actions.openDocs() }] },
  ];
}
