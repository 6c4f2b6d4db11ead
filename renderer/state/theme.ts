/**
 * Light, dark, high contrast or follow the system; remembered in localStorage, applied as data-theme
 * on <html>. "System" also follows the operating system's "more contrast" setting.
 */
import { createStore } from './external-store.js';

export type ThemeChoice = 'light' | 'dark' | 'contrast' | 'system';
export type EffectiveTheme = Exclude<ThemeChoice, 'system'>;
const KEY = 'scimscope.theme';
const CHOICES: ThemeChoice[] = ['light', 'dark', 'contrast', 'system'];

function matches(query: string): boolean {
  return typeof matchMedia === 'function' && matchMedia(query).matches;
}

function read(): ThemeChoice {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(KEY) : null;
  return CHOICES.find((c) => c === saved) ?? 'system';
}

export const theme = createStore<ThemeChoice>(read());

export function effectiveTheme(choice: ThemeChoice = theme.get()): EffectiveTheme {
  if (choice !== 'system') return choice;
  if (matches('(prefers-contrast: more)')) return 'contrast';
  return matches('(prefers-color-scheme: dark)') ? 'dark' : 'light';
}

export function applyTheme(choice: ThemeChoice = theme.get()): void {
  const effective = effectiveTheme(choice);
  document.documentElement.dataset.theme = effective;
  // The high-contrast theme is a light one (black on white holds up best on a washed-out projector).
  document.documentElement.style.colorScheme = effective === 'dark' ? 'dark' : 'light';
}

export function setTheme(choice: ThemeChoice): void {
  localStorage.setItem(KEY, choice);
  // The DOM first: components re-rendering for the store change (the code editor) read data-theme.
  applyTheme(choice);
  theme.set(choice);
}

/** Cycles light → dark → high contrast → system (the desktop menu's "Toggle theme"). */
export function toggleTheme(): void {
  setTheme(CHOICES[(CHOICES.indexOf(theme.get()) + 1) % CHOICES.length]!);
}

export function watchSystemTheme(): void {
  if (typeof matchMedia !== 'function') return;
  const follow = () => {
    if (theme.get() === 'system') applyTheme('system');
  };
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', follow);
  matchMedia('(prefers-contrast: more)').addEventListener('change', follow);
}
