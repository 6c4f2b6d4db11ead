/**
 * Remembers the inspector window's size, position and maximized state between launches, and puts
 * it back only where a display still shows it (a monitor may be gone since).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_STATE: WindowState = { width: 1360, height: 860, maximized: false };
const FILE = 'window-state.json';

export function loadWindowState(dir: string, workAreas: Rect[]): WindowState {
  let saved: Partial<WindowState>;
  try {
    saved = JSON.parse(readFileSync(path.join(dir, FILE), 'utf8')) as Partial<WindowState>;
  } catch {
    return DEFAULT_STATE;
  }
  const width = Number.isFinite(saved.width) ? Math.max(800, saved.width!) : DEFAULT_STATE.width;
  const height = Number.isFinite(saved.height) ? Math.max(500, saved.height!) : DEFAULT_STATE.height;
  const state: WindowState = { width, height, maximized: saved.maximized === true };
  if (Number.isFinite(saved.x) && Number.isFinite(saved.y)) {
    // Keep the position only if the window's top-left area is on some display.
    const visible = workAreas.some((a) => saved.x! + 100 > a.x && saved.x! < a.x + a.width - 100 && saved.y! >= a.y && saved.y! < a.y + a.height - 50);
    if (visible) Object.assign(state, { x: saved.x, y: saved.y });
  }
  return state;
}

export function saveWindowState(dir: string, state: WindowState): void {
  try {
    writeFileSync(path.join(dir, FILE), JSON.stringify(state));
  } catch {
    // Losing the window position is not worth interrupting the user for.
  }
}
