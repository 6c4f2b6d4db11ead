/**
 * The recording work done off the request path: rebuild the captured exchange, interpret it,
 * serialize it, index it and append it to the exchanges file. Runs in the recording worker, or inline on the
 * main thread when a worker cannot start.
 *
 * Recording never loses an exchange: when any part of interpretation throws (or the main thread could
 * not capture the exchange whole), what is known is recorded instead (method, path, status, timing,
 * sizes, the raw bodies cut at the body limit) with a lint entry saying interpretation failed and why.
 */
import { randomUUID } from 'node:crypto';
import type { Exchange } from '../contract/exchange.js';
import { describeError } from '../app-errors.js';
import { assemble, interpret, type ExchangeParts, type Interpretation } from './exchange-assembly.js';
import type { ExchangeFileWriter } from './exchange-file.js';
import { indexRecordOf } from './exchange-index-record.js';
import type { BodyRecord } from './recorded-body.js';
import { partsScrubbedAsText, scrubbedCapture } from './capture-scrub.js';
import { isOAuthRequestPath, redactBodyText, scrubbedText } from './redact.js';
import { BODIES_NOT_KEPT_LINT, BODY_NOT_KEPT, bodyBytes, fromWire, type CapturedExchange, type WireResult } from './recording-wire.js';

export type Interpreter = typeof interpret;

export const INTERPRETATION_FAILED = 'recorder.interpretation.failed';

/** Builds the record of one capture (interpreted, or degraded if anything throws) and its JSON line. */
export function processCapture(capture: CapturedExchange, interpreter: Interpreter = interpret): { exchange: Exchange; line: string } {
  const { exchange, pieces } = processCapturePieces(capture, interpreter);
  return { exchange, line: pieces.join('') };
}

/**
 * processCapture with the line in pieces (joined, they are the line): a list page's text stays a
 * piece of its own, so the writer copies it into the file's buffer as is instead of first flattening
 * the whole line into one string (two bytes per character as soon as a summary holds an en dash).
 */
function processCapturePieces(handed: CapturedExchange, interpreter: Interpreter = interpret): { exchange: Exchange; pieces: string[] } {
  let exchange: Exchange;
  // Secrets first (capture-scrub.ts): nothing below, the degraded record included, sees a part unscrubbed.
  let capture: CapturedExchange | null = null;
  try {
    capture = scrubbedCapture(handed);
    if (capture.captureError !== undefined) throw new Error(capture.captureError);
    const { parts, parsedBody } = fromWire(capture);
    const interpretation = interpreter(parts, { ...capture.inputs, parsedBody });
    if (capture.bodiesNotKept !== undefined) return notKept(capture, parts, interpretation);
    exchange = assemble(parts, interpretation);
    return { exchange, pieces: exchangeLine(exchange, parts.responseBody.json) };
  } catch (error) {
    ({ exchange } = degradedRecord(capture ?? partsScrubbedAsText(handed), error));
    return { exchange, pieces: [JSON.stringify(exchange)] };
  }
}

/**
 * An exchange recorded while the recorder had fallen behind (recording-backend.ts): interpreted
 * without its bodies, which show BODY_NOT_KEPT (with their sizes, marked truncated), and a lint
 * entry that says why.
 */
function notKept(capture: CapturedExchange, parts: ExchangeParts, interpretation: Interpretation): { exchange: Exchange; pieces: string[] } {
  const marked = (b: BodyRecord): BodyRecord => (b.size > 0 ? { body: BODY_NOT_KEPT, size: b.size, truncated: true } : b);
  const lint = [...interpretation.lint, { code: BODIES_NOT_KEPT_LINT, level: 'warning' as const, message: capture.bodiesNotKept! }];
  const exchange = assemble({ ...parts, requestBody: marked(parts.requestBody), responseBody: marked(parts.responseBody) }, { ...interpretation, lint });
  return { exchange, pieces: [JSON.stringify(exchange)] };
}

/**
 * Stands for the response body while the rest of the line is serialized: a string no exchange holds
 * (a NUL and a random id made at start, never shown or written anywhere), found once in the line.
 * Exported for the tests that put it in an exchange.
 */
export const BODY_MARK = `\u0000scimscope-body-${randomUUID()}`;
/**
 * The mark as the line holds it, without the quotes around it: searched for as this, it starts with a
 * backslash, which a line holds only in an escape; searched for with its opening quote, which the
 * line holds at every key and string, `indexOf` fell back to its table-driven search, ~1.3-2 µs a
 * line against ~0.1-0.2 (docs/performance.md, "Recording worker (wave 9)").
 */
const BODY_MARK_TEXT = JSON.stringify(BODY_MARK).slice(1, -1);

const QUOTE = 34;

/**
 * The exchange's JSON line, `JSON.stringify(exchange)`, in pieces, with the response body's text put
 * in as is when it is known (recorded-body.ts `json`) instead of serializing the parsed body again.
 * The rest is serialized natively in one call, with a mark where the body goes; the mark is looked
 * up in the line (a line holding it twice, which no real exchange does, is serialized whole).
 */
export function exchangeLine(exchange: Exchange, responseJson: string | undefined): string[] {
  if (responseJson === undefined) return [JSON.stringify(exchange)];
  const response = exchange.response as { body: unknown };
  const body = response.body;
  let line: string;
  response.body = BODY_MARK;
  try {
    line = JSON.stringify(exchange);
  } finally {
    response.body = body;
  }
  // The mark is in the line once, as the string the body was: any other occurrence (a value holding
  // it, whole or in part) and the line is serialized whole.
  const at = line.indexOf(BODY_MARK_TEXT);
  const end = at + BODY_MARK_TEXT.length;
  if (at < 1 || line.charCodeAt(at - 1) !== QUOTE || line.charCodeAt(end) !== QUOTE || line.indexOf(BODY_MARK_TEXT, end) >= 0) return [JSON.stringify(exchange)];
  return [line.slice(0, at - 1), responseJson, line.slice(end + 1)];
}

/**
 * Records a batch: each capture's line is appended to the exchanges file (null: none) and its index
 * record comes back with where the line is. If the disk refuses the batch, the lines come back
 * instead, so the exchanges are still listed and shown (from memory) and none is lost; the writer
 * goes on where the file really ends, on a fresh line (exchange-file.ts `append`).
 */
export function recordBatch(captures: CapturedExchange[], file: ExchangeFileWriter | null, log: (message: string) => void, interpreter?: Interpreter): WireResult[] {
  const built = captures.map((c) => {
    const { exchange, pieces } = processCapturePieces(c, interpreter);
    return { pieces, record: indexRecordOf(exchange) };
  });
  let locations: WireResult['location'][] | null = null;
  if (file) {
    try {
      locations = file.append(built);
    } catch (error) {
      log(`Could not write ${built.length} exchange(s) to the exchanges file; they are kept in memory: ${(error as Error).stack ?? String(error)}`);
    }
  }
  return built.map((b, i) => (locations ? { id: b.record.summary.id, record: b.record, location: locations[i]! } : { id: b.record.summary.id, record: b.record, location: null, line: b.pieces.join('') }));
}

/** The record of an exchange that could not be interpreted: the facts at hand and why. */
export function degradedRecord(capture: CapturedExchange, error: unknown): { exchange: Exchange; interpretation: Interpretation } {
  const parts = degradedParts(capture);
  const p = capture.parts;
  const reason = error instanceof Error ? `${error.name}: ${describeError(error)}` : describeError(error);
  const interpretation: Interpretation = {
    client: 'unknown',
    operation: { kind: 'unknown', resourceType: p.changes[0]?.resourceType ?? null, resourceId: p.changes[0]?.id ?? null, summary: `${p.method} ${p.path} answered ${p.status || 'nothing'} (not interpreted)` },
    emulated: null,
    lint: [capture.captureLint ? { ...capture.captureLint, level: 'error' } : { code: INTERPRETATION_FAILED, level: 'error', message: `Scimscope could not interpret this exchange (${reason.slice(0, 300)}); it is recorded with what is known and its raw bodies.` }],
  };
  return { exchange: assemble(parts, interpretation), interpretation };
}

/**
 * The parts with the bodies kept as raw text cut at the body limit, never parsed or walked; a capture
 * that carries its secrets has them scrubbed from the bodies as text too (an upstream's answer is
 * scrubbed only when parsed, and a text that failed to be may still hold one).
 */
export function degradedParts(capture: CapturedExchange): ExchangeParts {
  const { parts, request, response, limit, secrets } = capture;
  const requestBody = rawText(request.data, request.size, limit, secrets, isOAuthRequestPath(parts.path));
  const responseBody = rawText(response.data, response.size, limit, secrets, false);
  return { ...parts, requestBody, responseBody };
}

function rawText(data: Uint8Array | string | null, size: number, limit: number, secrets: readonly string[] | undefined, oauth: boolean): BodyRecord {
  if (data === null || size === 0) return { body: null, size, truncated: size > 0 };
  const buffer = bodyBytes(data);
  const text = buffer.subarray(0, limit).toString('utf8');
  return { body: redactBodyText(secrets === undefined ? text : scrubbedText(text, secrets, false), oauth), size, truncated: buffer.length > limit };
}
