/**
 * The Electron main process end to end against a fake `electron` and a real sandbox: single-instance
 * behaviour, the window and tray it opens, menu actions reaching the admin API, start-up failures
 * shown in a dialog, and quitting only after the sandbox has closed.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextExchanges } from '../helpers/recording.js';
import { request } from '../helpers/http.js';
import { tempDir } from '../helpers/temp-dir.js';
import { fake, fakeApp, FakeBrowserWindow, fakeClipboard, fakeDialog, fakeMenu, FakeTray } from './electron-fake.js';

vi.mock('electron', () => fake);
const { startDesktop } = await import('../../electron/main.js');

let dir: string;
let remove: () => Promise<void>;
beforeEach(async () => {
  ({ dir, remove } = await tempDir('scimscope-desktop-'));
  FakeBrowserWindow.instances = [];
  FakeTray.instances = [];
  fakeApp.removeAllListeners();
  fakeApp.lock = true;
  fakeApp.quitCalls = 0;
  fakeApp.exitCode = null;
  fakeDialog.errors = [];
});
afterEach(() => remove());

describe('desktop main process', () => {
  it('leaves at once when another instance holds the lock', async () => {
    fakeApp.lock = false;
    const created = vi.fn();
    expect(await startDesktop({ dataDir: dir, createSandbox: created })).toBeNull();
    expect(fakeApp.quitCalls).toBe(1);
    expect(created).not.toHaveBeenCalled();
  });

  it('starts the sandbox in-process, opens the window, menu and tray, and focuses on a second launch', async () => {
    const desktop = (await startDesktop({ dataDir: dir, ports: { scim: 0, admin: 0 } }))!;
    try {
      expect(desktop.sandbox.dataDir).toBe(dir);
      const window = FakeBrowserWindow.instances[0]!;
      expect(window.loaded).toBe(`${desktop.addresses.adminUrl}/#/traffic`);
      expect((fakeMenu.application as { template: { label?: string }[] }).template.some((m) => m.label === 'Scimscope')).toBe(true);
      expect(FakeTray.instances[0]!.tooltip).toContain(desktop.addresses.scimUrl);
      const res = await request(`${desktop.addresses.scimUrl}/Users?count=1`, { headers: { Authorization: `Bearer ${desktop.sandbox.settings.current.auth.token}` } });
      expect(res.status).toBe(200);
      window.minimized = true;
      fakeApp.emit('second-instance');
      expect(window.restored).toBe(1);
      expect(window.focused).toBe(1);
    } finally {
      await desktop.quit();
    }
  });

  it('menu actions reach the admin API: clear traffic, reset store, copy the SCIM URL', async () => {
    const desktop = (await startDesktop({ dataDir: dir, ports: { scim: 0, admin: 0 } }))!;
    try {
      const { sandbox } = desktop;
      const recorded = nextExchanges(sandbox, 1);
      await request(`${desktop.addresses.scimUrl}/Users`, { headers: { Authorization: `Bearer ${sandbox.settings.current.auth.token}` } });
      await recorded;
      const cleared = new Promise<void>((resolve) => sandbox.bus.once('exchanges:cleared', () => resolve()));
      desktop.menuActions.clearTraffic();
      await cleared;
      expect(sandbox.exchanges.size).toBe(0);

      await sandbox.services.users.remove(sandbox.store.idForUniqueName('User', 'jane.doe@example.com')!, { origin: { source: 'inspector' }, leniencies: [] });
      fakeDialog.nextMessageBox = 0;
      const reset = new Promise((resolve) => sandbox.bus.on('store:changed', (e) => e.origin.source === 'reset' && e.counts.users === 7 && resolve(e)));
      desktop.menuActions.resetStore();
      await reset;
      expect(sandbox.store.idForUniqueName('User', 'jane.doe@example.com')).toBeDefined();

      desktop.menuActions.copyScimUrl();
      expect(fakeClipboard.text).toBe(desktop.addresses.scimUrl);
      desktop.menuActions.toggleTheme();
      expect(FakeBrowserWindow.instances[0]!.webContents.sent).toContainEqual(['scimscope:command', 'toggle-theme']);
    } finally {
      await desktop.quit();
    }
  });

  it('holds quitting until the sandbox has closed, then quits', async () => {
    const desktop = (await startDesktop({ dataDir: dir, ports: { scim: 0, admin: 0 } }))!;
    const closed = vi.spyOn(desktop.sandbox, 'close');
    const quitCalled = new Promise((resolve) => fakeApp.once('fake:quit-called', resolve));
    const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    fakeApp.emit('before-quit', event);
    expect(event.defaultPrevented).toBe(true);
    await quitCalled;
    expect(fakeApp.quitCalls).toBe(1);
    expect(closed).toHaveBeenCalled();
    const again = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    fakeApp.emit('before-quit', again);
    expect(again.defaultPrevented).toBe(false);
  });

  it('quits when the last window closes, unless kept in the tray', async () => {
    const desktop = (await startDesktop({ dataDir: dir, ports: { scim: 0, admin: 0 } }))!;
    try {
      desktop.menuActions.toggleKeepInTray(true);
      fakeApp.emit('window-all-closed');
      expect(fakeApp.quitCalls).toBe(0);
      desktop.menuActions.toggleKeepInTray(false);
      fakeApp.emit('window-all-closed');
      expect(fakeApp.quitCalls).toBe(1);
    } finally {
      await desktop.quit();
    }
  });

  it('moves to the next free ports when the defaults are taken, and shows a failure in a dialog', async () => {
    // A port held by this test (taken from port 0, so no other process can be holding it meanwhile).
    const other = await tempDir('scimscope-desktop-');
    const net = await import('node:net');
    const hold = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => hold.once('listening', r));
    const taken = (hold.address() as import('node:net').AddressInfo).port;
    const desktop = (await startDesktop({ dataDir: other.dir, ports: { scim: taken, admin: 0 } }))!;
    try {
      expect(desktop.addresses.scimPort).toBeGreaterThan(taken);
    } finally {
      await desktop.quit();
      await new Promise((r) => hold.close(r));
      await other.remove();
    }
    const failing = await startDesktop({ dataDir: dir, createSandbox: () => Promise.reject(new Error('the store file is corrupt')) });
    expect(failing).toBeNull();
    expect(fakeDialog.errors[0]).toEqual(['Scimscope could not start', 'the store file is corrupt']);
    expect(fakeApp.exitCode).toBe(1);
  });
});
