/** Keeps a native <dialog> shown as a modal while `open` is true, so every dialog gets the browser's focus trap, Escape and backdrop the same way. */
import { useEffect, useRef } from 'react';

export function useModalDialog(open: boolean) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    // jsdom has no showModal; the dialogs are exercised in Chromium.
    if (!dialog || typeof dialog.showModal !== 'function') return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return ref;
}
