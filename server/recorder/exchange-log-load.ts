/**
 * The exchange index loaded after the server is ready: the log's background load, its progress,
 * and the repair of an index the load found wrong (rebuilt when the server stops). Split from
 * exchange-log.ts, which keeps the entries and answers queries; it waits for this load before any
 * query and puts the loaded entries in front of those recorded meanwhile (docs/decisions.md,
 * "Start-up").
 */
import type { BackgroundLoad } from './exchange-file-background.js';
import { loadExchangeFiles } from './exchange-file-load.js';
import type { CompactEntry } from './compact-entry.js';

/** How the background load of the index is run (tests slow it down to act during it). */
export interface LoadOptions {
  /** Awaited between slices of the index (default: the next turn of the event loop). */
  pause?: () => Promise<void>;
  /** Told of problems the background load finds (unreadable records, an index that disagrees with its data). */
  onWarning?: (warning: string) => void;
}

/** Where the background load of the index is: `loaded` of about `expected` records parsed. */
export interface LoadState {
  loading: boolean;
  loaded: number;
  expected: number;
}

/** One background load of the index of `dir`: its loaded entries go to `deliver` unless it was stopped first. */
export class IndexLoad {
  parsed = 0;
  readonly expected: number;
  private stopped = false;
  /** Resolves once the load has ended (delivered, stopped or failed). Never rejects. */
  readonly done: Promise<void>;

  constructor(background: BackgroundLoad, dir: string, deliver: (entries: CompactEntry[]) => void, onRepair: () => void, log: ((m: string) => void) | undefined, options: LoadOptions) {
    this.expected = background.expected;
    const pause = options.pause ?? (() => new Promise<void>((resolve) => setImmediate(resolve)));
    this.done = background
      .run(
        pause,
        (parsed) => (this.parsed = parsed),
        () => this.stopped,
      )
      .then(
        ({ entries, warnings, repair }) => {
          if (this.stopped) return;
          deliver(entries);
          for (const warning of warnings) options.onWarning?.(warning);
          if (repair) {
            onRepair();
            log?.(`The exchange index in ${dir} did not match its data file: the exchanges were read from the data file, and the index is rebuilt when the server stops.`);
          }
        },
        (error: unknown) => options.onWarning?.(`Could not load the recorded exchanges: ${(error as Error)?.message ?? String(error)}`),
      );
  }

  /** Stops the load (what it has read is dropped) and waits for it to end. */
  stop(): Promise<void> {
    this.stopped = true;
    return this.done;
  }
}

/** Rebuilds the index of `dir` from its data file (an index the background load found wrong). */
export function rebuildIndex(dir: string, log: ((m: string) => void) | undefined): void {
  try {
    loadExchangeFiles(dir, 0, log);
  } catch (error) {
    log?.(`Could not rebuild the exchange index in ${dir}: ${(error as Error).message}`);
  }
}
