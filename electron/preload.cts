/**
 * The preload: the few things the inspector cannot do as a web page, each one named function.
 * No ipcRenderer is exposed; the main process checks every caller (see ipc.ts). CommonJS, because
 * sandboxed preloads cannot be ES modules.
 */
import electron = require('electron');

const { contextBridge, ipcRenderer } = electron;

const CHANNELS = {
  getConnection: 'scimscope:get-connection',
  openDataFolder: 'scimscope:open-data-folder',
  saveFile: 'scimscope:save-file',
  copyText: 'scimscope:copy-text',
  command: 'scimscope:command',
} as const;

const COMMANDS = new Set(['toggle-theme', 'focus-search', 'clear-traffic', 'zoom-in', 'zoom-out', 'zoom-reset', 'toggle-large-type', 'toggle-screen-sharing']);

contextBridge.exposeInMainWorld('scimscope', {
  getConnection: (): Promise<{ adminUrl: string; token: string }> => ipcRenderer.invoke(CHANNELS.getConnection),
  openDataFolder: (): Promise<void> => ipcRenderer.invoke(CHANNELS.openDataFolder),
  saveFile: (suggestedName: string, contents: string): Promise<string | null> => ipcRenderer.invoke(CHANNELS.saveFile, String(suggestedName), String(contents)),
  copyText: (text: string): Promise<void> => ipcRenderer.invoke(CHANNELS.copyText, String(text)),
  /** Menu commands for the renderer (toggle theme...); returns an unsubscribe function. */
  onCommand: (listener: (command: string) => void): (() => void) => {
    const handler = (_event: unknown, command: unknown) => {
      if (typeof command === 'string' && COMMANDS.has(command)) listener(command);
    };
    ipcRenderer.on(CHANNELS.command, handler);
    return () => ipcRenderer.removeListener(CHANNELS.command, handler);
  },
});
