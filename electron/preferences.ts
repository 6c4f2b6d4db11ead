/** Desktop-only preferences (not SCIM settings): whether closing the window keeps Scimscope in the tray. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface DesktopPreferences {
  keepInTray: boolean;
}

const FILE = 'desktop-preferences.json';

export function loadPreferences(dir: string): DesktopPreferences {
  try {
    const saved = JSON.parse(readFileSync(path.join(dir, FILE), 'utf8')) as Partial<DesktopPreferences>;
    return { keepInTray: saved.keepInTray === true };
  } catch {
    return { keepInTray: false };
  }
}

export function savePreferences(dir: string, preferences: DesktopPreferences): void {
  try {
    writeFileSync(path.join(dir, FILE), JSON.stringify(preferences));
  } catch {
    // A preference that is not saved is asked again next time; nothing else depends on it.
  }
}
