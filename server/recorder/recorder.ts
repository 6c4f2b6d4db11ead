/**
 * The recorder: an observer at the front of the SCIM pipeline that turns every request into an
 * exchange, whatever became of it (served, refused by auth, faulted, malformed, dropped, or
 * abandoned by the client). On the request path it only captures what is already at hand: the
 * parsed request, the response the server serialized, the store changes, and it captures them in
 * the next quiet moment, once the requests that came with it are answered (deferred-captures.ts), reading at
 * the close what a later request could change (the names the summary gives, the secrets to scrub;
 * the capture itself: capture-full.ts). Interpretation (client,
 * lifecycle operation, lint) and the exchanges file are handled by the recording backend off the
 * request path, and bodies are bounded, parsed and redacted there too, from the raw bytes and text
 * at hand. When the index record comes back the exchange is listed, its changes in the resource
 * history (numbered when committed) get its labels, and it is announced on the event bus.
 */
import type { HistoryEntry } from '../contract/admin.js';
import type { BreakpointHit, FaultHit, UpstreamLeg } from '../contract/exchange.js';
import type { Settings } from '../contract/settings.js';
import type { EventBus } from '../events/event-bus.js';
import type { RefusedRequest } from '../scim/client-error.js';
import type { Next, ScimRequest, ScimResponse, Step } from '../scim/http/pipeline.js';
import { contextOf, type RequestContext } from '../scim/request-context.js';
import type { Repository } from '../store/repository.js';
import { fullCapture, lookupsFor, type Annotate, type Lookups } from './capture-full.js';
import { degradedCapture, newExchangeId, refusedCapture, type CaptureFacts } from './capture-parts.js';
import { EMULATED_HEADER, type ExchangeParts } from './exchange-assembly.js';
import type { ExchangeFileState } from './exchange-file.js';
import type { ExchangeLog } from './exchange-log.js';
import { DeferredCaptures, type QuietTiming } from './deferred-captures.js';
import { RecordingBackend, type WorkerPost } from './recording-backend.js';
import type { CapturedExchange } from './recording-wire.js';
import { sentenceOf, startedAtOf, summaryOf, type CompactEntry } from './compact-entry.js';
import { EXCHANGE_ID_HEADER, REPLAY_HEADER, verifyReplayHeader } from './replay.js';
import type { ResourceHistory } from './resource-history.js';

export interface RecorderOptions {
  exchanges: ExchangeLog;
  history: ResourceHistory;
  bus: EventBus;
  repo: Repository;
  settings: () => Settings;
  /** Secrets to scrub from every record as a last line of defence. */
  secrets: () => string[];
  /** Folder of the exchanges file (null: none is written). */
  dir: string | null;
  fileState: ExchangeFileState | null;
  /** Hook for the fault engine's retry detection: links an exchange to an earlier faulted one. */
  annotate?: Annotate;
  /** Process on the main thread instead of the recording worker. */
  inline?: boolean;
  /** The door to the recording worker (tests hold its batches here: recording-backend.ts). */
  postToWorker?: WorkerPost;
  /** When the main thread's recording work runs (deferred-captures.ts); default recordingTiming(). */
  timing?: QuietTiming;
  log: (message: string) => void;
}

/** Per-request state the fault engine can set on res.locals.recording. */
export interface RecordingHints {
  fault: FaultHit | null;
  /** The fault engine destroyed the socket on purpose. */
  dropped: boolean;
  replayOf: string | null;
  /** Proxy mode: the forwarded leg, filled in by the upstream backend. */
  upstream?: UpstreamLeg | null;
  /** Set by the breakpoint engine when it paused the request (final by the time the response closes). */
  breakpoint?: BreakpointHit | null;
}

export { newExchangeId };

export interface Recorder {
  step: Step;
  /** Records a request Node's HTTP parser refused before it reached the pipeline (see scim/client-error.ts). */
  recordRefused(refused: RefusedRequest): void;
  /** Where exchanges are interpreted and written: the worker thread, or inline after a worker failure. */
  readonly mode: 'worker' | 'inline';
  close(): Promise<void>;
}

/**
 * The timing of recording's main-thread work: SCIMSCOPE_RECORDING_QUIET_MS (and _MAX_WAIT_MS) set it
 * for a measurement (bench/recording-latency.ts arms); otherwise QUIET_TIMING.
 */
export function recordingTiming(env: NodeJS.ProcessEnv = process.env): QuietTiming {
  const quiet = Number(env.SCIMSCOPE_RECORDING_QUIET_MS || NaN);
  const maxWait = Number(env.SCIMSCOPE_RECORDING_MAX_WAIT_MS || NaN);
  if (!Number.isFinite(quiet)) return QUIET_TIMING;
  return { quietMs: Math.max(0, quiet), maxWaitMs: maxWait > 0 ? maxWait : QUIET_TIMING.maxWaitMs };
}

/**
 * Recording's main-thread work waits for 1 ms without requests, at most 4 ms: at a steady 1,000
 * lookups/s (five every 5 ms) it cut the added latency's p50 to 0.90 (0.76–0.96) of the same-turn
 * wait's in every round (docs/performance.md, "Recording's work in the quiet moments (wave 6)"), and
 * under a flood it runs every 4 ms, in batches no larger than the same-turn wait's would add up to.
 */
export const QUIET_TIMING: QuietTiming = { quietMs: 1, maxWaitMs: 4 };

/**
 * One exchange from its request's start to its capture, as one object: the hints the fault engine,
 * the breakpoints and the proxy set (RecordingHints, on res.locals.recording), the facts read at the
 * close (CaptureFacts: its own `hints`), and the task that captures it (DeferredCaptures runs it).
 * It replaces the hints object, the close listener's closure and `once` wrapper, the facts object
 * and the capture task's closure each request made (docs/performance.md, "Recording's main thread
 * (wave 8)").
 */
class OpenExchange implements RecordingHints, CaptureFacts {
  fault: FaultHit | null = null;
  dropped = false;
  upstream: UpstreamLeg | null = null;
  breakpoint: BreakpointHit | null | undefined = undefined;
  durationMs = 0;
  remoteAddress = '';
  outcome: CaptureFacts['outcome'] = 'completed';
  secrets: string[] | null = null;
  lookups: Lookups | Error | null = null;

  constructor(
    readonly core: RecorderCore,
    /** performance.now() and Date.now() when the request reached the recorder (its duration and `startedAt`). */
    readonly started: number,
    readonly startedMs: number,
    readonly id: string,
    readonly replayOf: string | null,
    readonly limit: number,
    readonly req: ScimRequest,
    readonly res: ScimResponse,
    readonly ctx: RequestContext,
  ) {}

  /** The facts' hints are this object's (the fields other steps set). */
  get hints(): this {
    return this;
  }

  /** The same text `new Date().toISOString()` gave at the start, made when it is captured. */
  get startedAt(): string {
    return new Date(this.startedMs).toISOString();
  }

  /** Captures it (DeferredCaptures calls this in the quiet moment after its close). */
  run(): void {
    this.core.record(this);
  }
}

/** What an open exchange needs of its recorder. */
interface RecorderCore {
  /** At the close: reads what a later request could change, and queues the capture. */
  closed(open: OpenExchange): void;
  record(open: OpenExchange): void;
}

/** The one 'close' listener of every recorded response ('close' follows 'finish', and also ends abandoned ones). */
function onResponseClose(this: ScimResponse): void {
  const open = this.locals.recording as OpenExchange;
  open.core.closed(open);
}

const NO_CHANGES: ExchangeParts['changes'] = [];

export function createRecorder(options: RecorderOptions): Recorder {
  /** Captured, not yet recorded: the store changes of those that made some, for the resource history. */
  const pending = new Map<string, ExchangeParts['changes']>();

  const finalize = (entry: CompactEntry) => {
    const changes = pending.get(entry.id);
    if (changes !== undefined) pending.delete(entry.id);
    options.exchanges.addRecorded(entry);
    // The changes were numbered in the history when the store committed them (workspace-core.ts):
    // they get the exchange's labels now, and the recorder's copies of before and after. The labels
    // are made only when the history keeps them (not for a lookup, a read or a page: history.wantsLabels).
    if (options.history.wantsLabels(entry.id, entry.kind)) {
      options.history.complete(entry.id, { at: startedAtOf(entry), client: entry.client as HistoryEntry['client'], kind: entry.kind as HistoryEntry['kind'], summary: sentenceOf(entry) }, changes ?? NO_CHANGES);
    }
    // The summary as the admin API rebuilds it from the stored entry (the same fields, in the same
    // order), made only for a listener (the admin socket, a replay waiting for its exchange).
    if (options.bus.listenerCount('exchange:recorded') > 0) options.bus.emit('exchange:recorded', summaryOf(entry));
  };
  /** A results message's entries, in order: one task per batch; an entry that throws does not stop the others. */
  const finalizeAll = (entries: readonly CompactEntry[]) => {
    for (const entry of entries) {
      try {
        finalize(entry);
      } catch (error) {
        options.log(`Could not list recorded exchange ${entry.id}: ${(error as Error)?.stack ?? String(error)}`);
      }
    }
  };

  const timing = options.timing ?? recordingTiming();
  const later = new DeferredCaptures((error) => options.log(`A capture failed; the exchange is not recorded: ${(error as Error)?.stack ?? String(error)}`), timing);
  // With a quiet wait, the results' bookkeeping (the list, the history, the bus) waits with the captures.
  const onResults = timing.quietMs > 0 ? (entries: readonly CompactEntry[]) => later.add(() => finalizeAll(entries)) : finalizeAll;
  // With SCIMSCOPE_HANDOFF_QUIET=1, so does the hand-off of a batch whose time is up (its structured clone
  // after the answers too). Off by default: on a loaded machine it did not change the latency
  // (docs/performance.md, "Recording hand-off in quiet moments (wave 7)"); a quiet machine's paired run decides.
  const defer = timing.quietMs > 0 && process.env.SCIMSCOPE_HANDOFF_QUIET === '1' ? (task: () => void) => later.add(task) : undefined;
  const backend = new RecordingBackend({ dir: options.dir, cap: options.settings().recording.retention, state: options.fileState, log: options.log, inline: options.inline, post: options.postToWorker, defer, onResults });
  // What closed before a flush, clear or close is captured (and so handed over) first; a clear has it
  // captured before it reads the last sequence number, so it forgets those with the rest.
  options.exchanges.attach({
    capturePending: () => later.run(),
    // The results that came back before the sink answers are listed before the log forgets them (exchange-log.ts clear).
    clear: async () => {
      later.run();
      await backend.clear();
      later.run();
    },
    setCap: (cap) => backend.setCap(cap),
    flush: async () => {
      later.run();
      await backend.flush();
      later.run();
    },
  });

  /** Submits a capture; its record comes back with the parts to show. */
  const submitBare = (wire: CapturedExchange) => {
    if (wire.parts.changes.length > 0) pending.set(wire.parts.id, wire.parts.changes);
    backend.submit(wire);
  };

  const recordRefused = (r: RefusedRequest) => {
    const settings = options.settings();
    // In turn with the captures waiting (their sequence numbers are taken in order).
    if (!settings.recording.enabled) return;
    // The secrets as they are now (a token rotated before the capture runs still scrubs this request).
    let secrets: string[] | null = null;
    try {
      secrets = options.secrets();
    } catch {
      // Read again at the capture; if that fails too, it logs.
    }
    later.add(() => {
      try {
        submitBare(refusedCapture(r, secrets ?? options.secrets(), options.exchanges.nextSeq(), settings.recording.maxBodyBytes));
      } catch (error) {
        options.log(`Could not record a refused request: ${(error as Error)?.stack ?? String(error)}`);
      }
    });
  };

  const core: RecorderCore = {
    closed(open) {
      // Once ('close' is emitted once; the listener is shared, not a `once` wrapper per response).
      if (open.lookups !== null) return;
      const { req, res } = open;
      open.durationMs = Math.round((performance.now() - open.started) * 100) / 100;
      open.remoteAddress = req.socket.remoteAddress ?? '';
      open.outcome = res.writableFinished ? 'completed' : open.dropped ? 'dropped' : 'aborted';
      // The names the summary gives and the secrets to scrub are read now, before a later request can change them.
      try {
        open.secrets = options.secrets();
        open.lookups = lookupsFor(options.repo, open.ctx);
      } catch (error) {
        open.lookups = error instanceof Error ? error : new Error(String(error));
      }
      later.add(open);
    },
    record,
  };

  const step: Step = (req: ScimRequest, res: ScimResponse, next: Next) => {
    const settings = options.settings();
    if (!settings.recording.enabled) return next();
    later.touch();
    const started = performance.now();
    const startedMs = Date.now();
    const ctx = contextOf(res);
    const id = newExchangeId();
    ctx.exchangeId = id;
    const replayHeader = req.headers[REPLAY_HEADER];
    const replayOf = verifyReplayHeader(typeof replayHeader === 'string' ? replayHeader : undefined);
    // The response body is not captured by wrapping res.write/res.end (that alone cost a third of the
    // throughput): every writer on this port (sendScim, the fault engine) leaves what it sent on res.locals.
    res.locals.recording = new OpenExchange(core, started, startedMs, id, replayOf, settings.recording.maxBodyBytes, req, res, ctx);
    // Replays and the emulated IdP learn which exchange their request became (the Scenarios view links each step to it).
    if (replayOf || req.headers[EMULATED_HEADER] !== undefined) res.setHeader(EXCHANGE_ID_HEADER, id);
    res.on('close', onResponseClose);
    next();
  };

  const nextSeq = () => options.exchanges.nextSeq();

  /** Captures a closed exchange and hands it over; if the capture throws, records what is known. */
  function record(open: OpenExchange): void {
    const { req, res } = open;
    try {
      submitBare(fullCapture(req, res, open, open.lookups!, nextSeq, options.annotate));
    } catch (error) {
      // Never lose the exchange: record what is known, with a lint entry saying why it was not interpreted.
      options.log(`Could not interpret ${req.method} ${req.path}; recording what is known: ${(error as Error)?.stack ?? String(error)}`);
      try {
        submitBare(degradedCapture(req, res, open, error, open.secrets ?? options.secrets(), options.exchanges.nextSeq()));
      } catch (again) {
        options.log(`Could not record ${req.method} ${req.path}: ${(again as Error)?.stack ?? String(again)}`);
      }
    }
  }

  return {
    step,
    recordRefused,
    get mode() {
      return backend.mode;
    },
    close: async () => {
      try {
        later.run();
      } finally {
        await backend.close();
        later.run();
      }
    },
  };
}
