/**
 * The recording work done off the request path: rebuild the captured exchange, interpret it,
 * serialize it and append it to the exchanges file. Runs in the recording worker, or inline on the
 * main thread when a worker cannot start.
 */
import { assemble, interpret } from './exchange-assembly.js';
import type { RotatingLog } from './rotating-log.js';
import { fromWire, type CapturedExchange, type WireResult } from './recording-wire.js';

export function processCapture(capture: CapturedExchange, file: RotatingLog | null): WireResult {
  const { parts, parsedBody } = fromWire(capture);
  const interpretation = interpret(parts, { ...capture.inputs, parsedBody });
  file?.append(JSON.stringify(assemble(parts, interpretation)));
  return { id: parts.id, interpretation };
}
