/**
 * Replays a recorded request against the sandbox's own SCIM port, so a developer can repeat what
 * Okta sent after changing a fault rule or the data, as recorded or with its body and headers
 * edited. Going through the port means the whole pipeline applies: in proxy mode the replay
 * reaches the upstream server, in sandbox mode the local store. The recorded Authorization was redacted, so
 * the current credentials are applied. The request is marked with a per-process secret header the
 * recorder checks, which links the new exchange to the original (a client cannot forge the link).
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { Exchange } from '../contract/exchange.js';
import type { AuthSettings } from '../contract/settings.js';
import type { EventBus } from '../events/event-bus.js';
import { scimOriginOf } from '../scim/base-path.js';

export const REPLAY_HEADER = 'x-scimscope-replay';
export const EXCHANGE_ID_HEADER = 'x-scimscope-exchange-id';

/** The secret that proves a request came from this process's replayer. */
export const replayNonce = crypto.randomBytes(16).toString('hex');

/** Returns the original exchange id when the header is genuine. */
export function verifyReplayHeader(value: string | undefined): string | null {
  if (!value) return null;
  const dot = value.indexOf('.');
  if (dot < 0) return null;
  const nonce = value.slice(0, dot);
  if (nonce.length !== replayNonce.length || !crypto.timingSafeEqual(Buffer.from(nonce), Buffer.from(replayNonce))) return null;
  return value.slice(dot + 1) || null;
}

const HOP_HEADERS = new Set(['host', 'content-length', 'connection', 'authorization', 'transfer-encoding', 'keep-alive', REPLAY_HEADER]);

/** The Authorization header value the sandbox's own credentials call for (none in `none` mode). */
export function authorizationFor(auth: AuthSettings): string | null {
  if (auth.mode === 'none') return null;
  if (auth.mode === 'basic') return `Basic ${Buffer.from(`${auth.basic.username}:${auth.basic.password}`).toString('base64')}`;
  if (auth.mode === 'header') return auth.token;
  return `Bearer ${auth.token}`;
}

export interface ReplayTarget {
  scimUrl: string;
  auth: AuthSettings;
  bus: EventBus;
}

/**
 * What the inspector changed before sending again: the body as text (sent as written, valid JSON
 * or not; null for none) and the headers (replacing the recorded ones; hop-by-hop headers and
 * Authorization are still Scimscope's to set).
 */
export interface ReplayEdit {
  body?: string | null;
  headers?: Record<string, string>;
}

/** Sends the request again, edited or not; resolves with the id of the exchange it produced. */
export function replayExchange(original: Exchange, target: ReplayTarget, timeoutMs = 130_000, edit: ReplayEdit = {}): Promise<string> {
  const base = new URL(target.scimUrl);
  // Recorded paths are relative to the workspace's mount (`/w/<name>`, none for default): put it back.
  const mount = scimOriginOf(base.pathname.replace(/\/+$/, ''));
  const query = new URLSearchParams(original.request.query).toString();
  const recordedBody = original.request.body === null || original.request.body === undefined ? null : typeof original.request.body === 'string' ? original.request.body : JSON.stringify(original.request.body);
  const body = edit.body !== undefined ? edit.body : recordedBody;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(edit.headers ?? original.request.headers)) if (!HOP_HEADERS.has(name.toLowerCase())) headers[name] = value;
  const authorization = authorizationFor(target.auth);
  if (authorization) headers.Authorization = authorization;
  headers[REPLAY_HEADER] = `${replayNonce}.${original.id}`;
  if (body !== null) headers['Content-Length'] = String(Buffer.byteLength(body));

  return new Promise((resolve, reject) => {
    let exchangeId: string | null = null;
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      target.bus.off('exchange:recorded', onRecorded);
      clearTimeout(timer);
      fn();
    };
    // The exchange is recorded when the server finishes; wait for that, not only for the response.
    const onRecorded = (summary: { id: string; replayOf: string | null }) => {
      if (summary.replayOf === original.id && (exchangeId === null || summary.id === exchangeId)) settle(() => resolve(summary.id));
    };
    target.bus.on('exchange:recorded', onRecorded);
    const timer = setTimeout(() => settle(() => reject(new Error('The replayed request did not finish in time.'))), timeoutMs);
    const req = http.request({ host: base.hostname, port: base.port, method: original.request.method, path: `${mount}${original.request.path}${query ? `?${query}` : ''}`, headers }, (res) => {
      const id = res.headers[EXCHANGE_ID_HEADER];
      if (typeof id === 'string') exchangeId = id;
      res.resume();
    });
    // A dropped connection (a fault rule) is still an exchange; the recorder event resolves us.
    req.on('error', () => undefined);
    if (body !== null) req.write(body);
    req.end();
  });
}
