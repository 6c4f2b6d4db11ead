/**
 * How a batch of captures crosses to the recording worker: as one flat array of values instead of an
 * array of nested objects. A structured clone writes every property name of every object it copies
 * and the other side rebuilds each object property by property; a lookup's capture is six objects and
 * four dozen names, and its clone was the largest single item of recording on the main thread, with
 * its deserialization a quarter of the worker's work (docs/performance.md, "Recording's hand-off as
 * flat data (wave 9)"). Here each object of a capture is its presence mask followed by its values in
 * a fixed key order, header and query records are counts followed by [name, value, ...], and empty
 * lists and objects are a 0. The worker rebuilds exactly the capture the main thread had (the same
 * keys, in the same order, absent and undefined kept apart), which is what recordBatch takes.
 *
 * A capture whose objects do not have the expected keys in the expected order (none the recorder
 * makes) crosses as the object itself, so the rebuilt capture is always what was sent.
 */
import type { CapturedExchange } from './recording-wire.js';

/** A batch as it crosses: each capture's values, one after the other. */
export type FlatBatch = unknown[];

/** How a field is written. */
/** The value itself (the structured clone copies it). */
const VALUE = 0;
/** A plain object of strings (headers, query): its entry count, then name, value, ... */
const RECORD = 1;
/** An array: 0 when empty, else the array itself. */
const LIST = 2;
/** A plain object: 0 when it has no keys, else the object itself. */
const BAG = 3;
/** A nested object with its own fields (`sub`). */
const NESTED = 4;
type Kind = typeof VALUE | typeof RECORD | typeof LIST | typeof BAG | typeof NESTED;

interface Field {
  key: string;
  kind: Kind;
  sub?: Field[];
}

const f = (key: string, kind: Kind = VALUE, sub?: Field[]): Field => (sub ? { key, kind, sub } : { key, kind });

/**
 * The keys each object of a capture may have, in the order the recorder makes them: fullCapture,
 * degradedCapture and refusedCapture (capture-full.ts, capture-parts.ts), and plainCapture and
 * withoutBodies (recording-wire.ts), which add theirs after the capture's own.
 */
const SPANS = [f('valueStart'), f('valueEnd'), f('elements')];
const BODY = [f('data'), f('json'), f('size'), f('foreign'), f('spans', NESTED, SPANS)];
const PARTS = [
  f('id'),
  f('seq'),
  f('startedAt'),
  f('durationMs'),
  f('outcome'),
  f('method'),
  f('path'),
  f('query', RECORD),
  f('requestHeaders', RECORD),
  f('remoteAddress'),
  f('status'),
  f('responseHeaders', RECORD),
  f('changes', LIST),
  f('fault'),
  f('retryOf'),
  f('replayOf'),
  f('upstream'),
  f('breakpoint'),
];
const INPUTS = [f('leniencies', LIST), f('resourceType'), f('resourceId'), f('error'), f('lookups', BAG), f('rawQuery')];
const CAPTURE = [
  f('parts', NESTED, PARTS),
  f('request', NESTED, BODY),
  f('response', NESTED, BODY),
  f('inputs', NESTED, INPUTS),
  f('limit'),
  f('secrets'),
  f('leaky'),
  f('captureError'),
  f('captureLint'),
  f('bodiesNotKept'),
];

const PROTO = Object.prototype;

function plainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === PROTO || proto === null;
}

/**
 * Appends `obj`'s fields to `out`: a mask of the keys present, then their values. False (with `out`
 * cut back by the caller) when `obj` has a key the fields do not name, or its keys in another order.
 */
function put(obj: Record<string, unknown>, fields: Field[], out: unknown[]): boolean {
  const maskAt = out.length;
  out.push(0);
  let mask = 0;
  let i = 0;
  for (const key in obj) {
    while (i < fields.length && fields[i]!.key !== key) i++;
    if (i === fields.length) return false;
    const field = fields[i]!;
    mask |= 1 << i++;
    const value = obj[key];
    switch (field.kind) {
      case VALUE:
        out.push(value);
        break;
      case RECORD: {
        if (!plainObject(value)) return false;
        const countAt = out.length;
        out.push(0);
        for (const name in value) out.push(name, value[name]);
        out[countAt] = (out.length - countAt - 1) / 2;
        break;
      }
      case LIST:
        if (!Array.isArray(value)) return false;
        out.push(value.length === 0 ? 0 : value);
        break;
      case BAG: {
        if (!plainObject(value)) return false;
        let empty = true;
        for (const _ in value) {
          empty = false;
          break;
        }
        out.push(empty ? 0 : value);
        break;
      }
      case NESTED:
        if (!plainObject(value) || !put(value, field.sub!, out)) return false;
        break;
    }
  }
  out[maskAt] = mask;
  return true;
}

/** The batch as it crosses (decodeBatch rebuilds it). */
export function encodeBatch(captures: readonly CapturedExchange[]): FlatBatch {
  const out: unknown[] = [];
  for (const capture of captures) {
    const start = out.length;
    if (!plainObject(capture) || !put(capture, CAPTURE, out)) {
      // Not the shape the recorder makes: the capture itself crosses (an object where a mask, a number, would be).
      out.length = start;
      out.push(capture);
    }
  }
  return out;
}

/** Sets a key as a structured clone would: an own property, even one named `__proto__`. */
function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

let at = 0;

function take(fields: Field[], flat: FlatBatch): Record<string, unknown> {
  const mask = flat[at++] as number;
  const obj: Record<string, unknown> = {};
  for (let i = 0; i < fields.length; i++) {
    if ((mask & (1 << i)) === 0) continue;
    const field = fields[i]!;
    switch (field.kind) {
      case VALUE:
        obj[field.key] = flat[at++];
        break;
      case RECORD: {
        const n = flat[at++] as number;
        const record: Record<string, unknown> = {};
        for (let j = 0; j < n; j++, at += 2) setOwn(record, flat[at] as string, flat[at + 1]);
        obj[field.key] = record;
        break;
      }
      case LIST: {
        const value = flat[at++];
        obj[field.key] = value === 0 ? [] : value;
        break;
      }
      case BAG: {
        const value = flat[at++];
        obj[field.key] = value === 0 ? {} : value;
        break;
      }
      case NESTED:
        obj[field.key] = take(field.sub!, flat);
        break;
    }
  }
  return obj;
}

/** The captures of a batch as they were encoded, in order. */
export function decodeBatch(flat: FlatBatch): CapturedExchange[] {
  const captures: CapturedExchange[] = [];
  at = 0;
  while (at < flat.length) {
    if (typeof flat[at] === 'object') captures.push(flat[at++] as CapturedExchange);
    else captures.push(take(CAPTURE, flat) as unknown as CapturedExchange);
  }
  return captures;
}
