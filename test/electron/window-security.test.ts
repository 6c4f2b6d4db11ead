/**
 * The inspector window's security settings and guards, against a fake `electron`: Electron's
 * checklist (isolation, sandbox, no Node), navigation pinned to the inspector origin, new windows
 * and external links to the OS browser, every permission denied.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fake, FakeBrowserWindow, fakeShell } from './electron-fake.js';

vi.mock('electron', () => fake);
const { createInspectorWindow, secureWebPreferences } = await import('../../electron/window.js');

const ADMIN = 'http://127.0.0.1:7172';

describe('inspector window', () => {
  beforeEach(() => {
    FakeBrowserWindow.instances = [];
    fakeShell.external = [];
  });

  it('uses the hardened web preferences', () => {
    createInspectorWindow({ preload: '/app/preload.cjs', state: { width: 1000, height: 700, maximized: false }, adminUrl: ADMIN });
    const prefs = (FakeBrowserWindow.instances[0]!.options.webPreferences ?? {}) as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false, preload: '/app/preload.cjs' });
    expect(secureWebPreferences('/x')).toEqual(prefs.preload === '/app/preload.cjs' ? { ...prefs, preload: '/x' } : prefs);
  });

  it('loads the inspector without the token in the URL', () => {
    createInspectorWindow({ preload: '/p.cjs', state: { width: 1000, height: 700, maximized: false }, adminUrl: ADMIN });
    expect(FakeBrowserWindow.instances[0]!.loaded).toBe(`${ADMIN}/#/traffic`);
  });

  it.each([
    ['https://developer.okta.com/docs', true, true],
    ['http://example.com', true, true],
    ['file:///etc/passwd', true, false],
    ['javascript:alert(1)', true, false],
    [`${ADMIN}/#/users`, false, false],
  ])('navigation to %s: blocked=%s, opened outside=%s', (url, blocked, external) => {
    createInspectorWindow({ preload: '/p.cjs', state: { width: 1000, height: 700, maximized: false }, adminUrl: ADMIN });
    const contents = FakeBrowserWindow.instances[0]!.webContents;
    const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    contents.emit('will-navigate', event, url);
    expect(event.defaultPrevented).toBe(blocked);
    expect(fakeShell.external.includes(url)).toBe(external);
  });

  it('denies new windows, sending web links to the OS browser', () => {
    createInspectorWindow({ preload: '/p.cjs', state: { width: 1000, height: 700, maximized: false }, adminUrl: ADMIN });
    const contents = FakeBrowserWindow.instances[0]!.webContents;
    expect(contents.windowOpenHandler!({ url: 'https://ngrok.com' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: `${ADMIN}/popup` })).toEqual({ action: 'deny' });
    expect(fakeShell.external).toContain('https://ngrok.com');
  });

  it('denies every permission request and check', () => {
    createInspectorWindow({ preload: '/p.cjs', state: { width: 1000, height: 700, maximized: false }, adminUrl: ADMIN });
    const session = FakeBrowserWindow.instances[0]!.webContents.session;
    let granted: boolean | null = null;
    session.permissionRequestHandler!(null, 'media', (ok: boolean) => (granted = ok));
    expect(granted).toBe(false);
    expect(session.permissionCheckHandler!()).toBe(false);
  });

  it('blocks <webview> attachment', () => {
    createInspectorWindow({ preload: '/p.cjs', state: { width: 1000, height: 700, maximized: false }, adminUrl: ADMIN });
    const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    FakeBrowserWindow.instances[0]!.webContents.emit('will-attach-webview', event);
    expect(event.defaultPrevented).toBe(true);
  });
});
