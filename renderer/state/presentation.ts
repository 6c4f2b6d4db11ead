/**
 * How the inspector is shown to a room: zoom, large type and the screen-sharing mask. Remembered per
 * machine (localStorage), applied on <html>: zoom and large type set the root font size (every size
 * in the stylesheets is in rem, so the whole inspector scales, in a browser and in the desktop window
 * alike, with one mechanism and no double zoom); the mask sets data-screen-sharing for the parts that
 * hide secrets.
 */
import { createStore } from './external-store.js';

/** The zoom levels Ctrl/Cmd + and − step through (Chromium's own steps, 50 % to 300 %). */
export const ZOOM_STEPS = [0.5, 0.67, 0.75, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3] as const;
/** Large type makes the base text this much bigger, on top of the zoom. */
export const LARGE_TYPE_SCALE = 1.25;
const KEY = 'scimscope.presentation';

export interface Presentation {
  zoom: number;
  largeType: boolean;
  screenSharing: boolean;
}

const DEFAULTS: Presentation = { zoom: 1, largeType: false, screenSharing: false };

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** Reads the saved choices; anything missing, malformed or out of range falls back to the default. */
export function readPresentation(store: Storage | null = storage()): Presentation {
  let saved: Partial<Presentation> = {};
  try {
    const parsed: unknown = JSON.parse(store?.getItem(KEY) ?? '{}');
    if (parsed && typeof parsed === 'object') saved = parsed as Partial<Presentation>;
  } catch {
    saved = {};
  }
  return {
    zoom: ZOOM_STEPS.includes(saved.zoom as (typeof ZOOM_STEPS)[number]) ? (saved.zoom as number) : DEFAULTS.zoom,
    largeType: saved.largeType === true,
    screenSharing: saved.screenSharing === true,
  };
}

export const presentation = createStore<Presentation>(readPresentation());

/** The root font size as a share of the browser's default (zoom × large type). */
export function rootScale(p: Presentation): number {
  return p.zoom * (p.largeType ? LARGE_TYPE_SCALE : 1);
}

export function applyPresentation(p: Presentation = presentation.get(), root: HTMLElement = document.documentElement): void {
  const scale = rootScale(p);
  root.style.fontSize = scale === 1 ? '' : `${Math.round(scale * 10_000) / 100}%`;
  if (p.largeType) root.dataset.largeType = '';
  else delete root.dataset.largeType;
  if (p.screenSharing) root.dataset.screenSharing = '';
  else delete root.dataset.screenSharing;
}

/** Bumps on every zoom change, so the "110%" indicator can show again even for the same level. */
export const zoomShown = createStore<number>(0);

function update(patch: Partial<Presentation>): void {
  const next = { ...presentation.get(), ...patch };
  try {
    storage()?.setItem(KEY, JSON.stringify(next));
  } catch {
    // Storage full or refused (private mode): the choice still holds for this session.
  }
  // The DOM first: a component re-rendering for the store change reads the new root font size.
  applyPresentation(next);
  presentation.set(next);
}

export function setZoom(zoom: number): void {
  const nearest = ZOOM_STEPS.reduce((best, step) => (Math.abs(step - zoom) < Math.abs(best - zoom) ? step : best), 1);
  update({ zoom: nearest });
  zoomShown.set((n) => n + 1);
}

export function zoomIn(): void {
  const current = presentation.get().zoom;
  setZoom(ZOOM_STEPS.find((s) => s > current + 0.001) ?? ZOOM_STEPS[ZOOM_STEPS.length - 1]!);
}

export function zoomOut(): void {
  const current = presentation.get().zoom;
  setZoom([...ZOOM_STEPS].reverse().find((s) => s < current - 0.001) ?? ZOOM_STEPS[0]);
}

export function resetZoom(): void {
  setZoom(1);
}

export function setLargeType(on: boolean): void {
  update({ largeType: on });
}

export function setScreenSharing(on: boolean): void {
  update({ screenSharing: on });
}

export function toggleScreenSharing(): void {
  setScreenSharing(!presentation.get().screenSharing);
}

export type PresentationCommand = 'zoom-in' | 'zoom-out' | 'zoom-reset' | 'toggle-large-type' | 'toggle-screen-sharing';

/**
 * The presentation shortcut a key press means, if any: Ctrl/Cmd with + (or =), − and 0 (main row
 * or keypad) zoom; Ctrl/Cmd+Shift+M toggles the screen-sharing mask. Alt combinations are left alone.
 */
export function presentationShortcut(e: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): PresentationCommand | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  if (e.key === '+' || e.key === '=' || e.code === 'NumpadAdd') return 'zoom-in';
  if (e.key === '-' || e.key === '_' || e.code === 'NumpadSubtract') return 'zoom-out';
  if ((e.key === '0' || e.code === 'Numpad0' || e.code === 'Digit0') && !e.shiftKey) return 'zoom-reset';
  if (e.shiftKey && (e.key === 'M' || e.key === 'm')) return 'toggle-screen-sharing';
  return null;
}

export function runPresentationCommand(command: string): boolean {
  if (command === 'zoom-in') zoomIn();
  else if (command === 'zoom-out') zoomOut();
  else if (command === 'zoom-reset') resetZoom();
  else if (command === 'toggle-screen-sharing') toggleScreenSharing();
  else if (command === 'toggle-large-type') setLargeType(!presentation.get().largeType);
  else return false;
  return true;
}
