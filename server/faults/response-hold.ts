/**
 * Holding a response for an after-phase fault: the backend (local store or upstream) serves the
 * request in full — a write is applied — while what it writes is caught instead of sent. When it
 * ends, the fault decides: send the held answer late or under another media type, or throw it
 * away and answer with the failure (or, for a breakpoint, with the trainer's edited answer). Only this one response's methods are wrapped, and only for a
 * request an after-phase rule fired on, so normal traffic pays nothing.
 */
import type { ScimResponse } from '../scim/http/pipeline.js';

export interface HeldAnswer {
  readonly status: number;
  /** The bytes the backend wrote, as it wrote them (still encoded when an upstream compressed them). */
  readonly body: Buffer;
  /** Sends what the backend wrote, as it wrote it. */
  release(): void;
  /** Forgets the backend's answer (status, headers, body), leaving the response blank for another. */
  discard(): void;
}

type End = ScimResponse['end'];
type Write = ScimResponse['write'];
type WriteHead = ScimResponse['writeHead'];

const toBuffer = (chunk: unknown, encoding?: unknown): Buffer | null => {
  if (chunk === undefined || chunk === null || typeof chunk === 'function') return null;
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk);
  return Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
};

export function holdResponse(res: ScimResponse, onHeld: (held: HeldAnswer) => void): void {
  const original = { end: res.end, write: res.write, writeHead: res.writeHead };
  const chunks: Buffer[] = [];
  const restore = () => {
    res.end = original.end;
    res.write = original.write;
    res.writeHead = original.writeHead;
  };
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    res.statusCode = status;
    const headers = rest.find((r) => r !== null && typeof r === 'object') as Record<string, string | string[]> | undefined;
    if (headers) for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    return res;
  }) as WriteHead;
  res.write = ((chunk: unknown, encoding?: unknown, cb?: unknown) => {
    const buffer = toBuffer(chunk, encoding);
    if (buffer) chunks.push(buffer);
    const callback = typeof encoding === 'function' ? encoding : cb;
    if (typeof callback === 'function') queueMicrotask(() => (callback as () => void)());
    return true;
  }) as Write;
  res.end = ((chunk?: unknown, encoding?: unknown) => {
    const buffer = toBuffer(chunk, encoding);
    if (buffer) chunks.push(buffer);
    restore();
    const body = Buffer.concat(chunks);
    onHeld({
      status: res.statusCode,
      body,
      release: () => {
        if (!res.destroyed) res.end(body);
      },
      discard: () => {
        for (const name of res.getHeaderNames()) res.removeHeader(name);
        res.statusCode = 200;
        for (const key of ['responseJson', 'responseText', 'responseBytes', 'responseForeign']) delete res.locals[key];
      },
    });
    return res;
  }) as End;
}
