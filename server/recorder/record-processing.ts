/**
 * The recording work done off the request path: rebuild the captured exchange, interpret it,
 * serialize it and append it to the exchanges file. Runs in the recording worker, or inline on the
 * main thread when a worker cannot start.
 *
 * Recording never loses an exchange: when any part of interpretation throws (or the main thread could
 * not capture the exchange whole), what is known is recorded instead (method, path, status, timing,
 * sizes, the raw bodies cut at the body limit) with a lint entry saying interpretation failed and why.
 */
import type { Exchange } from '../contract/exchange.js';
import { describeError } from '../app-errors.js';
import { assemble, interpret, type ExchangeParts, type Interpretation } from './exchange-assembly.js';
import type { BodyRecord } from './recorded-body.js';
import { redactRawText } from './redact.js';
import type { RotatingLog } from './rotating-log.js';
import { fromWire, type CapturedExchange, type WireResult } from './recording-wire.js';

export type Interpreter = typeof interpret;

export const INTERPRETATION_FAILED = 'recorder.interpretation.failed';

export function processCapture(capture: CapturedExchange, file: RotatingLog | null, interpreter: Interpreter = interpret): WireResult {
  let exchange: Exchange;
  let interpretation: Interpretation;
  let line: string;
  let degraded = false;
  try {
    if (capture.captureError !== undefined) throw new Error(capture.captureError);
    const { parts, parsedBody } = fromWire(capture);
    interpretation = interpreter(parts, { ...capture.inputs, parsedBody });
    exchange = assemble(parts, interpretation);
    line = JSON.stringify(exchange);
  } catch (error) {
    ({ exchange, interpretation } = degradedRecord(capture, error));
    line = JSON.stringify(exchange);
    degraded = true;
  }
  file?.append(line);
  return { id: exchange.id, interpretation, ...(degraded ? { parts: degradedParts(capture) } : {}) };
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

/** The parts with the bodies kept as raw text cut at the body limit, never parsed or walked. */
export function degradedParts(capture: CapturedExchange): ExchangeParts {
  const { parts, request, response, limit } = capture;
  const requestBody = rawText(request.data, request.size, limit);
  const responseBody = rawText(response.data, response.size, limit);
  return { ...parts, requestBody, responseBody };
}

function rawText(data: Uint8Array | string | null, size: number, limit: number): BodyRecord {
  if (data === null || size === 0) return { body: null, size, truncated: size > 0 };
  const buffer = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return { body: redactRawText(buffer.subarray(0, limit).toString('utf8')), size, truncated: buffer.length > limit };
}
