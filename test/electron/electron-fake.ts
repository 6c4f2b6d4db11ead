/**
 * A stand-in for the `electron` module (whose binary cannot run here), recording what the main
 * process asks of it: windows and their options, IPC handlers, menus, tray, dialogs, shell calls.
 * Tests install it with vi.mock('electron', () => fake).
 */
import { EventEmitter } from 'node:events';

type PermissionHandler = (wc: unknown, permission: string, cb: (ok: boolean) => void) => void;

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  sent: [string, unknown][] = [];
  session: { permissionRequestHandler: PermissionHandler | null; permissionCheckHandler: (() => boolean) | null; setPermissionRequestHandler(fn: PermissionHandler): void; setPermissionCheckHandler(fn: () => boolean): void } = {
    permissionRequestHandler: null,
    permissionCheckHandler: null,
    setPermissionRequestHandler(fn: PermissionHandler) {
      this.permissionRequestHandler = fn;
    },
    setPermissionCheckHandler(fn: () => boolean) {
      this.permissionCheckHandler = fn;
    },
  };
  setWindowOpenHandler(fn: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = fn;
  }
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  webContents = new FakeWebContents();
  loaded: string | null = null;
  shown = false;
  focused = 0;
  restored = 0;
  minimized = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  loadURL(url: string) {
    this.loaded = url;
    return Promise.resolve();
  }
  maximize() {}
  isMaximized() {
    return false;
  }
  isMinimized() {
    return this.minimized;
  }
  restore() {
    this.restored++;
  }
  show() {
    this.shown = true;
  }
  focus() {
    this.focused++;
  }
  getNormalBounds() {
    return { x: 10, y: 20, width: 1200, height: 800 };
  }
}

export const fakeApp = Object.assign(new EventEmitter(), {
  lock: true,
  quitCalls: 0,
  exitCode: null as number | null,
  requestSingleInstanceLock() {
    return this.lock;
  },
  whenReady: () => Promise.resolve(),
  getPath: (_name: string) => '/nonexistent',
  quit() {
    this.quitCalls++;
    fakeApp.emit('fake:quit-called');
  },
  exit(code: number) {
    this.exitCode = code;
  },
});

export const fakeIpcMain = {
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
  handle(channel: string, fn: (event: unknown, ...args: unknown[]) => unknown) {
    this.handlers.set(channel, fn);
  },
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  },
};

export const fakeMenu = {
  application: null as unknown,
  buildFromTemplate: (template: unknown) => ({ template }),
  setApplicationMenu(menu: unknown) {
    this.application = menu;
  },
};

export class FakeTray extends EventEmitter {
  static instances: FakeTray[] = [];
  tooltip = '';
  menu: unknown = null;
  constructor(readonly image: unknown) {
    super();
    FakeTray.instances.push(this);
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setContextMenu(menu: unknown) {
    this.menu = menu;
  }
  destroy() {}
}

export const fakeShell = { opened: [] as string[], external: [] as string[], openPath: async (p: string) => (fakeShell.opened.push(p), ''), openExternal: async (u: string) => void fakeShell.external.push(u) };
export const fakeClipboard = { text: '', writeText: (t: string) => void (fakeClipboard.text = t) };
export const fakeDialog = { errors: [] as [string, string][], nextMessageBox: 0, showErrorBox: (t: string, m: string) => void fakeDialog.errors.push([t, m]), showMessageBoxSync: () => fakeDialog.nextMessageBox, showSaveDialog: async () => ({ canceled: true }) };

export const fake = {
  app: fakeApp,
  BrowserWindow: FakeBrowserWindow,
  ipcMain: fakeIpcMain,
  Menu: fakeMenu,
  Tray: FakeTray,
  shell: fakeShell,
  clipboard: fakeClipboard,
  dialog: fakeDialog,
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
  nativeImage: { createFromPath: (p: string) => ({ path: p }) },
};
