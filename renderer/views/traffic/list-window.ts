/**
 * Which of the Traffic list's rows are in the DOM for a viewport: the window (the viewport and OVERSCAN
 * rows beyond each edge, in whole blocks aligned on the rows' positions in their generation), and the
 * key the list subscribes to its viewport with. Pure arithmetic, apart from traffic-list.tsx so the
 * component stays about scrolling, following and anchoring.
 */

/** Rows rendered beyond each edge of the viewport, at least. */
export const OVERSCAN = 8;
/**
 * The rows in the DOM change in blocks: the window's edges are rounded out to multiples of BLOCK rows,
 * so while the user scrolls, rows are mounted (or removed) once every BLOCK rows instead of every frame,
 * and the frames between only move the scroller, which is composited (traffic.css): no style, layout,
 * paint or raster of the list in them. Larger blocks save a little more CPU on average but make the
 * frame that mounts a block miss its vsync (24 rows: ~24 ms of CPU); 8 keeps it under a frame
 * (docs/performance.md, "Inspector scrolling (wave 8)").
 */
export const BLOCK = 8;

/**
 * Blocks start at rows whose position in their generation (FilteredRows.head + index, filtered-rows.ts)
 * is a multiple of BLOCK, so an eviction (every batch once the list is full) shifts the indexes but not
 * the blocks. Counted modulo SPAN (a multiple of BLOCK), which keeps the rows' pixel offsets small.
 */
export const SPAN = BLOCK * 1024;

/** The list's rows sit at (index + shift) rows in a layer moved up by shift rows: `head` modulo SPAN. */
export const headShift = (head: number): number => head % SPAN;

/**
 * The rows in the DOM for a viewport at `top` of `height` px: OVERSCAN beyond each edge, widened to
 * whole blocks counted from the generation's first row (`head` rows before index 0 were evicted).
 */
export function windowRows(top: number, height: number, rowH: number, count: number, head = 0): { first: number; end: number } {
  const shift = headShift(head);
  const first = Math.max(0, Math.floor((Math.floor(top / rowH) + shift - OVERSCAN) / BLOCK) * BLOCK - shift);
  const end = Math.min(count, Math.ceil((Math.ceil((top + height) / rowH) + shift + OVERSCAN) / BLOCK) * BLOCK - shift);
  return { first, end };
}

export interface Viewport {
  /** The scroll offset, as read at a frame or as this list last wrote it. */
  top: number;
  height: number;
  /** Sitting at the end: new rows scroll into view. In the same store as the offset, so both change in one render. */
  following: boolean;
}

/** The furthest the list can scroll: its rows' height less the viewport's. */
export function maxTop(count: number, rowH: number, height: number): number {
  return Math.max(0, count * rowH - height);
}

/**
 * What the list renders from the viewport, as one string: the rows in the DOM (windowRows at the
 * clamped offset), the height and "following". Equal keys render the same rows at the same places.
 */
export function viewportKey(v: Viewport, count: number, rowH: number, head: number): string {
  if (v.following) return `following ${v.height}`;
  const { first, end } = windowRows(Math.min(v.top, maxTop(count, rowH, v.height)), v.height, rowH, count, head);
  return `${first} ${end} ${v.height}`;
}
