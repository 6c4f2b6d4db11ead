/**
 * The draggable (and keyboard-operable) divider between the list and the detail pane; the detail's
 * share of the width is remembered across sessions.
 */
import { useCallback, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';

const KEY = 'scimscope.traffic.detailShare';
export const MIN_SHARE = 0.28;
export const MAX_SHARE = 0.72;
const DEFAULT_SHARE = 0.44;

export const clampShare = (share: number) => Math.min(MAX_SHARE, Math.max(MIN_SHARE, share));

function readShare(): number {
  try {
    const saved = Number(localStorage.getItem(KEY));
    return saved ? clampShare(saved) : DEFAULT_SHARE;
  } catch {
    return DEFAULT_SHARE;
  }
}

/** The detail pane's share of the width, and a setter that remembers it. */
export function useDetailShare(): [number, (share: number) => void] {
  const [share, setShare] = useState(readShare);
  const set = useCallback((next: number) => {
    const clamped = clampShare(next);
    setShare(clamped);
    try {
      localStorage.setItem(KEY, String(clamped));
    } catch {
      // Private windows may refuse storage; the width then lasts for this session.
    }
  }, []);
  return [share, set];
}

export function SplitHandle({ share, onShare }: { share: number; onShare: (share: number) => void }) {
  const dragging = useRef(false);

  const shareAt = (e: PointerEvent<HTMLDivElement>) => {
    const box = e.currentTarget.parentElement?.getBoundingClientRect();
    return box && box.width > 0 ? (box.right - e.clientX) / box.width : share;
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const step = e.shiftKey ? 0.1 : 0.02;
    if (e.key === 'ArrowLeft') onShare(share + step);
    else if (e.key === 'ArrowRight') onShare(share - step);
    else if (e.key === 'Home') onShare(MAX_SHARE);
    else if (e.key === 'End') onShare(MIN_SHARE);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div
      className="split-handle"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the detail pane"
      aria-valuemin={Math.round(MIN_SHARE * 100)}
      aria-valuemax={Math.round(MAX_SHARE * 100)}
      aria-valuenow={Math.round(share * 100)}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onPointerDown={(e) => {
        dragging.current = true;
        e.currentTarget.setPointerCapture(e.pointerId);
      }}
      onPointerMove={(e) => dragging.current && onShare(shareAt(e))}
      onPointerUp={(e) => {
        dragging.current = false;
        e.currentTarget.releasePointerCapture(e.pointerId);
      }}
      onDoubleClick={() => onShare(DEFAULT_SHARE)}
    />
  );
}
