/**
 * The preload exposes a handful of named functions and nothing else, over channels the main process
 * registers; every main-process handler refuses callers that are not the inspector's own top frame.
 */
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { fake, fakeIpcMain } from './electron-fake.js';

vi.mock('electron', () => fake);
const { CHANNELS, isTrustedSender, registerIpc } = await import('../../electron/ipc.js');

/** Runs the compiled preload (what Electron loads) with a fake `electron` as its only require. */
const exposed: Record<string, Record<string, (...args: unknown[]) => unknown>> = {};
const invoked: unknown[][] = [];
const fakePreloadElectron = {
  contextBridge: { exposeInMainWorld: (key: string, api: Record<string, (...args: unknown[]) => unknown>) => (exposed[key] = api) },
  ipcRenderer: { invoke: (...args: unknown[]) => (invoked.push(args), Promise.resolve('ok')), on: vi.fn(), removeListener: vi.fn() },
};
const compiled = readFileSync(path.resolve(import.meta.dirname, '../../dist/electron/preload.cjs'), 'utf8');
const sandboxRequire = (name: string) => {
  if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
  return fakePreloadElectron;
};
vm.runInNewContext(compiled, { require: sandboxRequire, exports: {}, module: { exports: {} }, Set });

const ORIGIN = 'http://127.0.0.1:7172';
const contents = { id: 1 };
const frame = (url: string, parent: unknown = null) => ({ url, parent });
const policy = { allowedOrigin: ORIGIN, contents: () => contents as never };

describe('preload', () => {
  it('exposes only named functions, no ipcRenderer', () => {
    expect(Object.keys(exposed)).toEqual(['scimscope']);
    expect(Object.keys(exposed.scimscope!).sort()).toEqual(['copyText', 'getConnection', 'onCommand', 'openDataFolder', 'saveFile']);
    for (const fn of Object.values(exposed.scimscope!)) expect(typeof fn).toBe('function');
  });

  it('calls the main process on the same channels it registers', async () => {
    await exposed.scimscope!.getConnection!();
    await exposed.scimscope!.saveFile!('a.har', '{}');
    expect(invoked).toEqual([[CHANNELS.getConnection], [CHANNELS.saveFile, 'a.har', '{}']]);
    const preload = readFileSync(path.resolve(import.meta.dirname, '../../electron/preload.cts'), 'utf8');
    for (const channel of Object.values(CHANNELS)) expect(preload).toContain(`'${channel}'`);
  });
});

describe('IPC sender validation', () => {
  it.each([
    ['the inspector frame', { sender: contents, senderFrame: frame(`${ORIGIN}/#/traffic`) }, true],
    ['another origin', { sender: contents, senderFrame: frame('https://evil.example/') }, false],
    ['another local port', { sender: contents, senderFrame: frame('http://127.0.0.1:9999/') }, false],
    ['a sub-frame of the inspector', { sender: contents, senderFrame: frame(`${ORIGIN}/`, {}) }, false],
    ['another window', { sender: { id: 2 }, senderFrame: frame(`${ORIGIN}/`) }, false],
    ['no frame', { sender: contents, senderFrame: null }, false],
    ['a malformed URL', { sender: contents, senderFrame: frame('::') }, false],
  ])('%s → trusted: %s', (_name, event, trusted) => {
    expect(isTrustedSender(event as never, policy)).toBe(trusted);
  });

  it('answers the inspector and refuses everyone else, on every channel', async () => {
    const calls: string[] = [];
    registerIpc(fakeIpcMain as never, policy, {
      getConnection: () => (calls.push('getConnection'), { adminUrl: ORIGIN, token: 't' }),
      openDataFolder: async () => void calls.push('openDataFolder'),
      saveFile: async (name) => (calls.push(`saveFile:${name}`), '/tmp/x'),
      copyText: (text) => void calls.push(`copy:${text}`),
    });
    const good = { sender: contents, senderFrame: frame(`${ORIGIN}/`) };
    const bad = { sender: contents, senderFrame: frame('https://evil.example/') };
    for (const channel of [CHANNELS.getConnection, CHANNELS.openDataFolder, CHANNELS.saveFile, CHANNELS.copyText]) {
      expect(() => fakeIpcMain.handlers.get(channel)!(bad, 'x', 'y')).toThrow(/Refused/);
    }
    expect(calls).toEqual([]);
    expect(fakeIpcMain.handlers.get(CHANNELS.getConnection)!(good)).toEqual({ adminUrl: ORIGIN, token: 't' });
    await fakeIpcMain.handlers.get(CHANNELS.saveFile)!(good, '../../etc/passwd', 'data');
    expect(calls).toContain('saveFile:.._.._etc_passwd');
    expect(() => fakeIpcMain.handlers.get(CHANNELS.saveFile)!(good, 42, {})).toThrow(/file name and text/);
    expect(() => fakeIpcMain.handlers.get(CHANNELS.copyText)!(good, { not: 'text' })).toThrow(/takes text/);
  });
});
