/**
 * The main process's side of the preload's few functions. Every handler first checks who is asking:
 * only the inspector's own top-level frame, on the inspector's origin, in our window, gets an
 * answer; anything else (another frame, a navigated-away page) is refused.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';

export const CHANNELS = {
  getConnection: 'scimscope:get-connection',
  openDataFolder: 'scimscope:open-data-folder',
  saveFile: 'scimscope:save-file',
  copyText: 'scimscope:copy-text',
  command: 'scimscope:command',
} as const;

export interface IpcHandlers {
  getConnection(): { adminUrl: string; token: string };
  openDataFolder(): Promise<void>;
  saveFile(suggestedName: string, contents: string): Promise<string | null>;
  copyText(text: string): void;
}

export interface SenderPolicy {
  allowedOrigin: string;
  /** The inspector window's webContents (null when it is closed). */
  contents: () => WebContents | null;
}

export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, policy: SenderPolicy): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  let origin: string | null = null;
  try {
    origin = new URL(frame.url).origin;
  } catch {
    return false;
  }
  return origin === policy.allowedOrigin && event.sender === policy.contents();
}

const MAX_FILE_BYTES = 200 * 1024 * 1024;

export function registerIpc(ipcMain: IpcMain, policy: SenderPolicy, handlers: IpcHandlers): () => void {
  const guard =
    <A extends unknown[], R>(fn: (...args: A) => R) =>
    (event: IpcMainInvokeEvent, ...args: A): R => {
      if (!isTrustedSender(event, policy)) throw new Error('Refused: this frame may not call Scimscope.');
      return fn(...args);
    };
  ipcMain.handle(CHANNELS.getConnection, guard(() => handlers.getConnection()));
  ipcMain.handle(CHANNELS.openDataFolder, guard(() => handlers.openDataFolder()));
  ipcMain.handle(
    CHANNELS.saveFile,
    guard((name: unknown, contents: unknown) => {
      if (typeof name !== 'string' || typeof contents !== 'string') throw new Error('saveFile takes a file name and text.');
      if (contents.length > MAX_FILE_BYTES) throw new Error('That file is too large to save.');
      return handlers.saveFile(name.replace(/[\\/]/g, '_').slice(0, 200), contents);
    }),
  );
  ipcMain.handle(
    CHANNELS.copyText,
    guard((text: unknown) => {
      if (typeof text !== 'string') throw new Error('copyText takes text.');
      handlers.copyText(text);
    }),
  );
  return () => {
    for (const channel of [CHANNELS.getConnection, CHANNELS.openDataFolder, CHANNELS.saveFile, CHANNELS.copyText]) ipcMain.removeHandler(channel);
  };
}
