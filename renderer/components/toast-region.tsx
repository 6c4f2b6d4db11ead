/** Where toasts appear; a polite live region so screen readers announce them. */
import { dismiss, toasts } from '../state/toasts.js';
import { useStore } from '../state/external-store.js';

export function ToastRegion() {
  const list = useStore(toasts);
  return (
    <div className="toasts" role="status" aria-live="polite">
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
