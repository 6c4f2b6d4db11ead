/**
 * The desktop menu and the inspector's own zoom agree: no Electron zoom role anywhere (it would zoom
 * the web contents natively, on top of the page's zoom), and the View menu's zoom and screen-sharing
 * items show their shortcuts without registering them and send the page a command when clicked.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { menuTemplate, type MenuActions, type PresentationCommand } from '../../electron/menu.js';

function actions(sent: PresentationCommand[]): MenuActions {
  const none = () => undefined;
  return { clearTraffic: none, resetStore: none, openDataFolder: none, copyScimUrl: none, toggleTheme: none, focusSearch: none, toggleKeepInTray: none, openDocs: none, presentation: (c) => void sent.push(c) };
}

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

describe.each(['darwin', 'linux', 'win32'] as const)('menu on %s', (platform) => {
  const sent: PresentationCommand[] = [];
  const items = flatten(menuTemplate(actions(sent), platform, false));

  it('has no native zoom role and no viewMenu role', () => {
    const roles = items.map((i) => i.role).filter(Boolean);
    expect(roles).not.toContain('viewMenu');
    for (const role of ['zoomIn', 'zoomOut', 'resetZoom', 'zoom']) expect(roles).not.toContain(role);
  });

  it.each([
    ['zoom-in', 'CmdOrCtrl+Plus'],
    ['zoom-out', 'CmdOrCtrl+-'],
    ['zoom-reset', 'CmdOrCtrl+0'],
    ['toggle-screen-sharing', 'CmdOrCtrl+Shift+M'],
  ] as const)('%s shows %s, leaves the key to the page, and sends the command on click', (id, accelerator) => {
    const item = items.find((i) => i.id === id)!;
    expect(item.accelerator).toBe(accelerator);
    expect(item.registerAccelerator).toBe(false);
    sent.length = 0;
    (item.click as () => void)();
    expect(sent).toEqual([id]);
  });

  it('large type is a menu command too', () => {
    sent.length = 0;
    (items.find((i) => i.id === 'toggle-large-type')!.click as () => void)();
    expect(sent).toEqual(['toggle-large-type']);
  });
});
