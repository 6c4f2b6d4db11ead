/**
 * Presentation for a room: the zoom shortcuts (one zoom per key press, the browser's own prevented),
 * zoom steps and their limits, large type, what is remembered and what a bad saved value falls back
 * to, the brief "110%", the high-contrast theme, and the screen-sharing mask: secrets show nothing of
 * their value until clicked, copy still copies the real value, and the toast never repeats it.
 */
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ScreenSharingSwitch, usePresentationKeys, ZoomIndicator, ZOOM_SHOWN_MS } from '../../renderer/components/presentation-controls.js';
import { applyPresentation, LARGE_TYPE_SCALE, presentation, presentationShortcut, readPresentation, resetZoom, setLargeType, setScreenSharing, zoomIn, zoomOut } from '../../renderer/state/presentation.js';
import { effectiveTheme, setTheme, theme, toggleTheme } from '../../renderer/state/theme.js';
import { toasts } from '../../renderer/state/toasts.js';
import { SecretValue } from '../../renderer/views/connect/secret-value.js';
import { MessageTabs } from '../../renderer/views/traffic/message-view.js';
import { fullExchange } from './traffic-fixtures.js';

const KEY = 'scimscope.presentation';
const root = document.documentElement;

beforeEach(() => {
  localStorage.clear();
  presentation.set({ zoom: 1, largeType: false, screenSharing: false });
  applyPresentation();
  toasts.set([]);
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function Keys() {
  usePresentationKeys();
  return null;
}

describe('zoom shortcuts', () => {
  it.each([
    [{ key: '=', ctrlKey: true }, 'zoom-in'],
    [{ key: '+', ctrlKey: true, shiftKey: true }, 'zoom-in'],
    [{ key: '+', code: 'NumpadAdd', metaKey: true }, 'zoom-in'],
    [{ key: '-', ctrlKey: true }, 'zoom-out'],
    [{ key: '-', code: 'NumpadSubtract', metaKey: true }, 'zoom-out'],
    [{ key: '0', ctrlKey: true }, 'zoom-reset'],
    [{ key: 'M', ctrlKey: true, shiftKey: true }, 'toggle-screen-sharing'],
    [{ key: '=' }, null],
    [{ key: '=', ctrlKey: true, altKey: true }, null],
    [{ key: 'm', ctrlKey: true }, null],
    [{ key: '1', ctrlKey: true }, null],
  ] as const)('%o means %s', (keys, expected) => {
    expect(presentationShortcut({ code: '', ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...keys })).toBe(expected);
  });

  it('zooms once per key press, stops the browser zooming too, and remembers the level', () => {
    render(<Keys />);
    const press = new KeyboardEvent('keydown', { key: '=', ctrlKey: true, cancelable: true });
    window.dispatchEvent(press);
    expect(press.defaultPrevented).toBe(true);
    expect(presentation.get().zoom).toBe(1.1);
    expect(root.style.fontSize).toBe('110%');
    expect(JSON.parse(localStorage.getItem(KEY)!).zoom).toBe(1.1);
    fireEvent.keyDown(window, { key: '-', ctrlKey: true });
    fireEvent.keyDown(window, { key: '-', ctrlKey: true });
    expect(presentation.get().zoom).toBe(0.9);
    fireEvent.keyDown(window, { key: '0', metaKey: true });
    expect(presentation.get().zoom).toBe(1);
    expect(root.style.fontSize).toBe('');
    const plain = new KeyboardEvent('keydown', { key: '=', cancelable: true });
    window.dispatchEvent(plain);
    expect(plain.defaultPrevented).toBe(false);
  });

  it('stops at 50 % and 300 %', () => {
    for (let i = 0; i < 20; i++) zoomOut();
    expect(presentation.get().zoom).toBe(0.5);
    for (let i = 0; i < 30; i++) zoomIn();
    expect(presentation.get().zoom).toBe(3);
    resetZoom();
    expect(presentation.get().zoom).toBe(1);
  });

  it('shows the new level briefly, then hides it', () => {
    vi.useFakeTimers();
    render(<ZoomIndicator />);
    expect(screen.getByRole('status', { hidden: true }).hidden).toBe(true);
    act(() => zoomIn());
    expect(screen.getByRole('status')).toHaveProperty('textContent', '110%');
    act(() => zoomIn());
    expect(screen.getByRole('status')).toHaveProperty('textContent', '125%');
    act(() => vi.advanceTimersByTime(ZOOM_SHOWN_MS + 10));
    expect(screen.getByRole('status', { hidden: true }).hidden).toBe(true);
  });
});

describe('large type and saved choices', () => {
  it('large type multiplies with the zoom and marks <html>', () => {
    setLargeType(true);
    expect(root.dataset.largeType).toBe('');
    expect(root.style.fontSize).toBe(`${LARGE_TYPE_SCALE * 100}%`);
    zoomIn();
    expect(root.style.fontSize).toBe(`${Math.round(1.1 * LARGE_TYPE_SCALE * 10_000) / 100}%`);
    setLargeType(false);
    expect(root.dataset.largeType).toBeUndefined();
  });

  it.each([
    ['nothing saved', null, { zoom: 1, largeType: false, screenSharing: false }],
    ['not JSON', '{zoom', { zoom: 1, largeType: false, screenSharing: false }],
    ['a zoom that is not a step', JSON.stringify({ zoom: 7, largeType: true }), { zoom: 1, largeType: true, screenSharing: false }],
    ['strings for booleans', JSON.stringify({ zoom: 1.25, largeType: 'yes', screenSharing: 'true' }), { zoom: 1.25, largeType: false, screenSharing: false }],
    ['a full choice', JSON.stringify({ zoom: 0.8, largeType: true, screenSharing: true }), { zoom: 0.8, largeType: true, screenSharing: true }],
  ])('reads %s', (_name, saved, expected) => {
    if (saved !== null) localStorage.setItem(KEY, saved);
    expect(readPresentation(localStorage)).toEqual(expected);
  });
});

describe('high-contrast theme', () => {
  it('applies data-theme="contrast" with a light colour scheme, and the toggle passes through it', () => {
    setTheme('contrast');
    expect(root.dataset.theme).toBe('contrast');
    expect(root.style.colorScheme).toBe('light');
    setTheme('light');
    toggleTheme();
    expect(theme.get()).toBe('dark');
    toggleTheme();
    expect(theme.get()).toBe('contrast');
    toggleTheme();
    expect(theme.get()).toBe('system');
  });

  it('"System" follows the operating system asking for more contrast', () => {
    vi.stubGlobal('matchMedia', (query: string) => ({ matches: query === '(prefers-contrast: more)', addEventListener() {} }));
    expect(effectiveTheme('system')).toBe('contrast');
    vi.stubGlobal('matchMedia', (query: string) => ({ matches: query === '(prefers-color-scheme: dark)', addEventListener() {} }));
    expect(effectiveTheme('system')).toBe('dark');
  });
});

describe('screen sharing', () => {
  const TOKEN = 'scim_Abc123SecretTokenValue9876';

  it('the switch in the top bar toggles the mask and is remembered', () => {
    render(<ScreenSharingSwitch />);
    const button = screen.getByRole('button', { name: /Screen sharing/ });
    expect(button.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(button);
    expect(screen.getByRole('button', { name: /Sharing: secrets hidden/ }).getAttribute('aria-pressed')).toBe('true');
    expect(root.dataset.screenSharing).toBe('');
    expect(JSON.parse(localStorage.getItem(KEY)!).screenSharing).toBe(true);
    render(<Keys />);
    fireEvent.keyDown(window, { key: 'M', ctrlKey: true, shiftKey: true });
    expect(presentation.get().screenSharing).toBe(false);
  });

  it('a secret shows nothing of itself while sharing, reveals on click, and copies the real value with a toast that does not repeat it', async () => {
    const copied: string[] = [];
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText: async (text: string) => void copied.push(text) } });
    const { container } = render(<SecretValue value={TOKEN} what="token" />);
    // Not sharing: the usual mask keeps the prefix and the last four.
    expect(container.textContent).toContain('scim_');
    expect(container.textContent).toContain('9876');
    act(() => setScreenSharing(true));
    expect(container.textContent).not.toContain('scim_');
    expect(container.textContent).not.toContain('9876');
    expect(screen.getByLabelText('token (hidden while screen sharing)')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Copy' }));
    await vi.waitFor(() => expect(copied).toEqual([TOKEN]));
    await vi.waitFor(() => expect(toasts.get().map((t) => t.message)).toEqual(['Copied token']));
    expect(container.textContent).not.toContain('9876');

    fireEvent.click(screen.getByRole('button', { name: 'Show token' }));
    expect(container.textContent).toContain(TOKEN);
    // Turning sharing on again hides what was revealed.
    act(() => setScreenSharing(false));
    act(() => setScreenSharing(true));
    expect(container.textContent).not.toContain(TOKEN);
  });

  it('masks credential headers of an exchange (not the others) until clicked', () => {
    const exchange = fullExchange();
    exchange.request.headers = { authorization: 'Bearer [redacted]', 'x-api-key': 'k_live_123', 'content-type': 'application/scim+json' };
    exchange.request.query = { access_token: 'at_secret_query' };
    act(() => setScreenSharing(true));
    render(<MessageTabs exchange={exchange} tab="request" onTab={() => undefined} />);
    const headers = screen.getByRole('table', { name: 'Request headers' });
    expect(headers.textContent).not.toContain('Bearer');
    expect(headers.textContent).not.toContain('k_live_123');
    expect(headers.textContent).toContain('application/scim+json');
    expect(screen.getByRole('table', { name: 'Query parameters' }).textContent).not.toContain('at_secret_query');
    const authRow = within(headers).getByRole('row', { name: /authorization/ });
    fireEvent.click(within(authRow).getByRole('button', { name: 'Show' }));
    expect(authRow.textContent).toContain('Bearer [redacted]');
    expect(headers.textContent).not.toContain('k_live_123');
    act(() => setScreenSharing(false));
    expect(headers.textContent).toContain('k_live_123');
  });
});
