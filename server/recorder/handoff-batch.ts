/**
 * The batch of captures waiting for the recording worker. It is due HANDOFF_MS after its first
 * capture (the backend then sends it, or has it sent in the recorder's next quiet moment:
 * recording-backend.ts `defer`), or leaves at once when it is full, by count or by body characters: every message wakes the
 * other thread, and a message per exchange cost the main thread more than the whole capture
 * (docs/performance.md, "The recorder's main-thread cost"). Split from recording-backend.ts, which
 * decides where a batch goes (the worker, or inline when there is none).
 */
import type { CapturedExchange } from './recording-wire.js';

/**
 * How long a batch waits for more exchanges before it is handed to the worker. The inspector's live
 * stream flushes every 150 ms (admin/events-socket.ts), so this delay is hardly seen; an exchange
 * counts as recorded (and survives a crash) once the worker has written it, as before. In-process,
 * 50 ms cost 0.86× the main-thread CPU of 5 ms per read (docs/performance.md); 20 ms makes batches
 * of ~20 at 1,000 requests/s.
 */
export const HANDOFF_MS = 20;
/**
 * A batch this long, or holding this many body characters, leaves at once. The character bound is
 * kept well under the worker's young generation (recording-backend.ts WORKER_LIMITS, 8 MB): at 4 MiB, batches of ~50
 * import pages (~80 KB each) had the worker spend 39% of its samples in garbage collection and cost
 * the process 1.68x (1.53-1.94x) the CPU per page of 256 KiB (bench/import-page-cpu.ts, paired,
 * 2026-12-04); 64 KiB cost 1.08x (0.97-1.13x) of 256 KiB. Small exchanges still batch by count.
 */
const MAX_BATCH_ITEMS = 256;
const MAX_BATCH_CHARS = 256 * 1024;

/** Body characters (or bytes) a capture carries to the worker. */
export function bodyLength(capture: CapturedExchange): number {
  return (capture.request.data?.length ?? 0) + (capture.response.data?.length ?? 0);
}

export class HandoffBatch {
  private items: CapturedExchange[] = [];
  private chars = 0;
  private timer: NodeJS.Timeout | null = null;

  /** `due` is called when the batch has waited HANDOFF_MS; it should `take()` it. */
  constructor(private readonly due: () => void) {}

  get size(): number {
    return this.items.length;
  }

  /** Adds a capture; true when the batch is full and should leave now. */
  add(capture: CapturedExchange): boolean {
    this.items.push(capture);
    this.chars += bodyLength(capture);
    if (this.items.length >= MAX_BATCH_ITEMS || this.chars >= MAX_BATCH_CHARS) return true;
    if (this.timer === null) {
      this.timer = setTimeout(this.due, HANDOFF_MS);
      this.timer.unref();
    }
    return false;
  }

  /** Everything queued, in order; the batch is empty afterwards and its timer stopped. */
  take(): CapturedExchange[] {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const items = this.items;
    this.items = [];
    this.chars = 0;
    return items;
  }
}
