/**
 * The presentation controls of the top bar: the screen-sharing switch, the brief "110%" shown when
 * the zoom changes, and the keyboard shortcuts for both (Ctrl/Cmd + − 0, Ctrl/Cmd+Shift+M). In the
 * desktop app the View menu shows the same shortcuts without registering them (electron/menu.ts), so
 * each key press is handled once, here; the menu's clicks arrive as commands.
 */
import { MonitorUp } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { useStore, useStoreSelector } from '../state/external-store.js';
import { presentation, presentationShortcut, runPresentationCommand, toggleScreenSharing, zoomShown } from '../state/presentation.js';

export function usePresentationKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const command = presentationShortcut(e);
      if (!command) return;
      // Also stops the browser's own zoom, so the page is never zoomed twice.
      e.preventDefault();
      runPresentationCommand(command);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function ScreenSharingSwitch() {
  const on = useStoreSelector(presentation, (p) => p.screenSharing);
  return (
    <button
      type="button"
      className={on ? 'button small sharing-switch sharing-on' : 'button small sharing-switch'}
      aria-pressed={on}
      title={`Screen sharing: ${on ? 'on, secrets are masked' : 'off'} (Ctrl/Cmd+Shift+M)`}
      onClick={toggleScreenSharing}
    >
      <MonitorUp size={16} aria-hidden="true" />
      <span>{on ? 'Sharing: secrets hidden' : 'Screen sharing'}</span>
    </button>
  );
}

/** How long the zoom level stays on screen after a change. */
export const ZOOM_SHOWN_MS = 1200;

export function ZoomIndicator() {
  const shown = useStore(zoomShown);
  const zoom = useStoreSelector(presentation, (p) => p.zoom);
  const [visible, setVisible] = useState(false);
  // Only changes made while mounted show (not the level restored at start).
  const atMount = useRef(shown);
  useEffect(() => {
    if (shown === atMount.current) return;
    setVisible(true);
    const timer = setTimeout(() => setVisible(false), ZOOM_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [shown]);
  return (
    <div className="zoom-indicator" role="status" aria-live="polite" hidden={!visible}>
      {visible ? `${Math.round(zoom * 100)}%` : ''}
    </div>
  );
}
