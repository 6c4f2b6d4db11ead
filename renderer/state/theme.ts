/** Light, dark or follow the system; remembered in localStorage, applied as data-theme on <html>. */
import { createStore } from './external-store.js';

export type ThemeChoice = 'light' | 'dark' | 'system';
const KEY = 'scimscope.theme';

function systemDark(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
}

function read(): ThemeChoice {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(KEY) : null;
  return saved === 'light' || saved === 'dark' || saved === 'system' ? saved : 'system';
}

export const theme = createStore<ThemeChoice>(read());

export function applyTheme(choice: ThemeChoice = theme.get()): void {
  const effective = choice === 'system' ? (systemDark() ? 'dark' : 'light') : choice;
  document.documentElement.dataset.theme = effective;
  document.documentElement.style.colorScheme = effective;
}

export function setTheme(choice: ThemeChoice): void {
  localStorage.setItem(KEY, choice);
  theme.set(choice);
  applyTheme(choice);
}

/** Cycles light → dark → system (the desktop menu's "Toggle theme"). */
export function toggleTheme(): void {
  const order: ThemeChoice[] = ['light', 'dark', 'system'];
  setTheme(order[(order.indexOf(theme.get()) + 1) % order.length]!);
}

export function watchSystemTheme(): void {
  if (typeof matchMedia !== 'function') return;
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    if (theme.get() === 'system') applyTheme('system');
  });
}
