/**
 * The tray icon: at a glance, whether the sandbox runs and where; the SCIM URL to copy; a way back
 * to the window; quit. It is what keeps Scimscope reachable when "Keep running in tray" is on.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface TrayActions {
  showWindow(): void;
  copyScimUrl(): void;
  quit(): void;
}

export function trayTooltip(scimUrl: string | null): string {
  return scimUrl ? `Scimscope: SCIM server running at ${scimUrl}` : 'Scimscope: starting…';
}

export function trayMenuTemplate(actions: TrayActions, scimUrl: string | null, publicUrl: string | null): MenuItemConstructorOptions[] {
  return [
    { id: 'status', label: scimUrl ? `Running · ${scimUrl}` : 'Starting…', enabled: false },
    ...(publicUrl ? [{ id: 'public', label: `Public · ${publicUrl}`, enabled: false } as MenuItemConstructorOptions] : []),
    { type: 'separator' },
    { id: 'copy', label: 'Copy SCIM URL', enabled: scimUrl !== null, click: () => actions.copyScimUrl() },
    { id: 'show', label: 'Open Inspector', click: () => actions.showWindow() },
    { type: 'separator' },
    { id: 'quit', label: 'Quit Scimscope', click: () => actions.quit() },
  ];
}
