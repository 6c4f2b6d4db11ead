/**
 * What the Electron preload adds to `window` (see electron/preload.cts). Every member is optional:
 * in a plain browser there is no bridge and the inspector works without it.
 */
export interface DesktopBridge {
  /** The admin API URL and token, handed over at start instead of through a URL. */
  getConnection?: () => Promise<{ adminUrl: string; token: string }>;
  /** Opens the data folder in the system file manager. */
  openDataFolder?: () => Promise<void>;
  /** Saves a file through the native save dialog; resolves with the path, or null if cancelled. */
  saveFile?: (suggestedName: string, contents: string) => Promise<string | null>;
  /** Writes text to the system clipboard. */
  copyText?: (text: string) => Promise<void>;
  /** Menu commands from the desktop app ("toggle-theme", "focus-search"); returns an unsubscribe function. */
  onCommand?: (listener: (command: string) => void) => () => void;
}

declare global {
  interface Window {
    scimscope?: DesktopBridge;
  }
}

export const desktop = (): DesktopBridge | undefined => (typeof window === 'undefined' ? undefined : window.scimscope);
