/**
 * Where toasts appear; a polite live region so screen readers announce them. It lives in the top
 * layer (a manual popover, raised on every new toast), so toasts stay readable above a modal dialog.
 */
import { useEffect, useRef } from 'react';
import { useStore } from '../state/external-store.js';
import { dismiss, toasts } from '../state/toasts.js';

export function ToastRegion() {
  const list = useStore(toasts);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const region = ref.current;
    if (!region || typeof region.showPopover !== 'function') return;
    // Showing again moves the region above whatever entered the top layer since (an open dialog).
    if (region.matches(':popover-open')) region.hidePopover();
    if (list.length > 0) region.showPopover();
  }, [list]);
  return (
    <div ref={ref} className="toasts" role="status" aria-live="polite" popover="manual">
      {list.map((t) => (
        <div key={t.id} className={`toast toast-${t.kind}`}>
          <span>{t.message}</span>
          <button type="button" className="toast-close" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
