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
import type { BreakpointHit, FaultHit, UpstreamLeg } from '../contract/exchange.js';
import type { Settings } from '../contract/settings.js';
import type { EventBus } from '../events/event-bus.js';
import type { RefusedRequest } from '../scim/client-error.js';
import type { Next, ScimRequest, ScimResponse, Step } from '../scim/http/pipeline.js';
import { contextOf } from '../scim/request-context.js';
import type { Repository } from '../store/repository.js';
import { fullCapture, lookupsFor, type Annotate, type Lookups } from './capture-full.js';
import { degradedCapture, newExchangeId, refusedCapture, type CaptureFacts } from './capture-parts.js';
import { EMULATED_HEADER, type ExchangeParts } from './exchange-assembly.js';
import type { ExchangeFileState } from './exchange-file.js';
import type { ExchangeLog } from './exchange-log.js';
import { DeferredCaptures, type QuietTiming } from './deferred-captures.js';
import { RecordingBackend, type WorkerPost } from './recording-backend.js';
import type { CapturedExchange } from './recording-wire.js';
import { summaryOf, type CompactEntry } from './compact-entry.js';
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

export function createRecorder(options: RecorderOptions): Recorder {
  /** Captured, not yet recorded: the store changes, for the resource history. */
  const pending = new Map<string, ExchangeParts['changes']>();

  const finalize = (entry: CompactEntry) => {
    const changes = pending.get(entry.id);
    if (!changes) return;
    pending.delete(entry.id);
    options.exchanges.addRecorded(entry);
    // The summary as the admin API rebuilds it from the stored entry (the same fields, in the same order).
    const summary = summaryOf(entry);
    const { operation, client } = summary;
    // The changes were numbered in the history when the store committed them (workspace-core.ts):
    // they get the exchange's labels now, and the recorder's copies of before and after.
    options.history.complete(summary.id, { at: summary.startedAt, client, kind: operation.kind, summary: operation.summary }, changes);
    options.bus.emit('exchange:recorded', summary);
  };

  const timing = options.timing ?? recordingTiming();
  const later = new DeferredCaptures((error) => options.log(`A capture failed; the exchange is not recorded: ${(error as Error)?.stack ?? String(error)}`), timing);
  // With a quiet wait, the results' bookkeeping (the list, the history, the bus) waits with the captures.
  const onResult = timing.quietMs > 0 ? (entry: CompactEntry) => later.add(() => finalize(entry)) : finalize;
  // With SCIMSCOPE_HANDOFF_QUIET=1, so does the hand-off of a batch whose time is up (its structured clone
  // after the answers too). Off by default: on a loaded machine it did not change the latency
  // (docs/performance.md, "Recording hand-off in quiet moments (wave 7)"); a quiet machine's paired run decides.
  const defer = timing.quietMs > 0 && process.env.SCIMSCOPE_HANDOFF_QUIET === '1' ? (task: () => void) => later.add(task) : undefined;
  const backend = new RecordingBackend({ dir: options.dir, cap: options.settings().recording.retention, state: options.fileState, onResult, log: options.log, inline: options.inline, post: options.postToWorker, defer });
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
    pending.set(wire.parts.id, wire.parts.changes);
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

  const step: Step = (req: ScimRequest, res: ScimResponse, next: Next) => {
    const settings = options.settings();
    if (!settings.recording.enabled) return next();
    later.touch();
    const started = performance.now();
    const startedAt = new Date().toISOString();
    const ctx = contextOf(res);
    const id = newExchangeId();
    ctx.exchangeId = id;
    const replayHeader = req.headers[REPLAY_HEADER];
    const replayOf = verifyReplayHeader(typeof replayHeader === 'string' ? replayHeader : undefined);
    const hints: RecordingHints = { fault: null, dropped: false, replayOf, upstream: null };
    res.locals.recording = hints;
    // Replays and the emulated IdP learn which exchange their request became (the Scenarios view links each step to it).
    if (replayOf || req.headers[EMULATED_HEADER] !== undefined) res.setHeader(EXCHANGE_ID_HEADER, id);
    // The response body is not captured by wrapping res.write/res.end (that alone cost a third of the
    // throughput): every writer on this port (sendScim, the fault engine) leaves what it sent on res.locals.
    const limit = settings.recording.maxBodyBytes;
    // 'close' follows 'finish' for answered requests and also ends abandoned ones: one listener covers both.
    res.once('close', () => {
      const facts: CaptureFacts = { id, startedAt, started, durationMs: Math.round((performance.now() - started) * 100) / 100, remoteAddress: req.socket.remoteAddress ?? '', outcome: res.writableFinished ? 'completed' : hints.dropped ? 'dropped' : 'aborted', secrets: null, hints, limit };
      // The names the summary gives and the secrets to scrub are read now, before a later request can change them.
      let lookups: Lookups | Error;
      try {
        facts.secrets = options.secrets();
        lookups = lookupsFor(options.repo, ctx);
      } catch (error) {
        lookups = error instanceof Error ? error : new Error(String(error));
      }
      later.add(() => record(req, res, facts, lookups));
    });
    next();
  };

  /** Captures a closed exchange and hands it over; if the capture throws, records what is known. */
  const record = (req: ScimRequest, res: ScimResponse, facts: CaptureFacts, lookups: Lookups | Error) => {
    try {
      submitBare(fullCapture(req, res, facts, lookups, () => options.exchanges.nextSeq(), options.annotate));
    } catch (error) {
      // Never lose the exchange: record what is known, with a lint entry saying why it was not interpreted.
      options.log(`Could not interpret ${req.method} ${req.path}; recording what is known: ${(error as Error)?.stack ?? String(error)}`);
      try {
        submitBare(degradedCapture(req, res, facts, error, facts.secrets ?? options.secrets(), options.exchanges.nextSeq()));
      } catch (again) {
        options.log(`Could not record ${req.method} ${req.path}: ${(again as Error)?.stack ?? String(again)}`);
      }
    }
  };

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
