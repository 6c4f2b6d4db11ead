/**
 * The upstream backend (proxy mode): forwards a SCIM request that passed the pipeline to the
 * user's own SCIM server and streams its answer back byte for byte, chunked or not. The request
 * body is the exact bytes the IdP sent (already read, bounded, by the body step); the response is
 * piped through with back-pressure while a bounded copy is kept for the recorder and the lint.
 * Connect and response times are bounded; every failure before the answer starts becomes a SCIM
 * 502/504 (upstream-errors.ts), one after it cuts the client's connection, as a proxy must. A
 * request that cannot carry the upstream credential (none stored) is refused before it leaves.
 */
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import type { UpstreamLeg } from '../contract/exchange.js';
import type { Settings, UpstreamSettings } from '../contract/settings.js';
import type { RecordingHints } from '../recorder/recorder.js';
import { scimPathOf } from '../scim/base-path.js';
import type { ScimBackend } from '../scim/backend.js';
import { ScimError } from '../scim/errors.js';
import type { ScimRequest, ScimResponse, Next } from '../scim/http/pipeline.js';
import { contextOf } from '../scim/request-context.js';
import { missingUpstreamCredential, requestHeadersFor, responseHeadersFor, upstreamSecrets } from './header-policy.js';
import { UpstreamTimeout, upstreamFailure } from './upstream-errors.js';

/** How much of an upstream answer is kept for recording and lint (the client gets all of it). */
export const CAPTURE_LIMIT = 4 * 1024 * 1024;

export interface UpstreamBackend extends ScimBackend {
  /** Whether proxy mode is on (an upstream URL is set). */
  active(): boolean;
}

/** A `.` or `..` segment once decoded and stripped of its `;` parameters. */
const DOT_SEGMENT = /^\.{1,2}$/;
/** Percent-decoding rounds applied when judging a path: servers and proxies in front of them decode once or twice. */
const DECODE_ROUNDS = 3;

/** Every `%XX` decoded to its byte's character (a malformed escape is left as it is, as lenient servers do). */
const decodeOnce = (text: string) => text.replace(/%([0-9a-f]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/**
 * Whether an upstream could read `scimPath` as climbing out of its base: judged as the most lenient
 * server would read it, percent-decoded up to three times (`%2e`, `%252e`), split on `/` and `\`
 * (`%2f`, `%5c` included, as IIS reads `\`), each segment without its `;` parameters (`..;/`, which
 * servlet containers such as Tomcat strip before normalizing), and a NUL anywhere.
 */
const readsAsClimbing = (text: string) => text.includes('\0') || text.split(/[/\\]/).some((segment) => DOT_SEGMENT.test(segment.split(';', 1)[0]!));

export function climbsOut(scimPath: string): boolean {
  let text = scimPath;
  for (let round = 0; ; round++) {
    if (readsAsClimbing(text)) return true;
    const next = decodeOnce(text);
    if (next === text || round === DECODE_ROUNDS) return false;
    text = next;
  }
}

/**
 * The URL a request goes to: the upstream base plus the path below /scim/v2, and the query as sent.
 * The upstream credential goes with it, so it must stay under the base path: a path an upstream
 * could read as climbing out (`climbsOut`) is refused with a SCIM 400, and the built path is
 * checked to be the base or below it.
 */
export function upstreamTarget(base: string, scimPath: string, originalUrl: string): URL {
  if (climbsOut(scimPath)) {
    throw new ScimError(400, 'The request path has a "." or ".." segment (possibly percent-encoded, with ";" parameters or "\\" separators) or a NUL. In proxy mode Scimscope forwards only paths below the upstream base URL, so it refuses such a path.', 'invalidPath');
  }
  const url = new URL(base);
  const basePath = url.pathname.replace(/\/+$/, '');
  const q = originalUrl.indexOf('?');
  url.pathname = `${basePath}${scimPath === '/' ? '' : scimPath}`;
  url.search = q < 0 ? '' : originalUrl.slice(q);
  if (url.pathname !== basePath && !url.pathname.startsWith(`${basePath}/`)) {
    throw new ScimError(400, `The request path would leave the upstream base path (${basePath || '/'}); Scimscope refuses to forward it.`, 'invalidPath');
  }
  return url;
}

/** The captured copy as text for the recorder, decoded when the upstream compressed it. */
function capturedText(chunks: Buffer[], size: number, encoding: string | undefined): string | null {
  const raw = Buffer.concat(chunks, size);
  try {
    if (encoding === 'gzip' || encoding === 'x-gzip') return zlib.gunzipSync(raw).toString('utf8');
    if (encoding === 'deflate') return zlib.inflateSync(raw).toString('utf8');
    if (encoding === 'br') return zlib.brotliDecompressSync(raw).toString('utf8');
  } catch {
    return null;
  }
  return raw.toString('utf8');
}

export function createUpstreamBackend(settings: () => Settings): UpstreamBackend {
  const agents = {
    http: new http.Agent({ keepAlive: true, maxSockets: 64 }),
    https: new https.Agent({ keepAlive: true, maxSockets: 64 }),
    insecure: new https.Agent({ keepAlive: true, maxSockets: 64, rejectUnauthorized: false }),
  };

  const forward = (req: ScimRequest, res: ScimResponse, next: Next, upstream: UpstreamSettings & { url: string }) => {
    const scimPath = scimPathOf(req.path);
    if (scimPath === null) return next(new ScimError(404, `No endpoint at ${req.path}. The SCIM base URL ends in /scim/v2; in proxy mode Scimscope forwards only what is below it.`));
    const missing = missingUpstreamCredential(upstream);
    if (missing) return next(new ScimError(503, missing));
    const ctx = contextOf(res);
    let target: URL;
    try {
      target = upstreamTarget(upstream.url, scimPath, req.originalUrl);
    } catch (error) {
      return next(error);
    }
    const secure = target.protocol === 'https:';
    const body = ctx.rawBody;
    const headers = requestHeadersFor({ rawHeaders: req.rawHeaders, remoteAddress: req.socket.remoteAddress, upstreamHost: target.host, bodyLength: body ? body.length : req.method === 'GET' || req.method === 'DELETE' ? null : 0 }, upstream);
    const leg: UpstreamLeg = { url: `${target.origin}${target.pathname}`, durationMs: null, status: null, error: null };
    const hints = res.locals.recording as RecordingHints | undefined;
    if (hints) hints.upstream = leg;
    const sentAt = performance.now();
    let answered = false;
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      const { reason, scimError } = upstreamFailure(error, target.origin);
      leg.error = reason;
      if (answered || res.headersSent) {
        // The answer had started: the client sees the connection cut, as the upstream did to us.
        if (hints) hints.dropped = true;
        res.destroy();
        return;
      }
      next(scimError);
    };

    const upReq = (secure ? https : http).request({
      protocol: target.protocol,
      hostname: target.hostname.replace(/^\[|\]$/g, ''),
      port: target.port || (secure ? 443 : 80),
      method: req.method,
      path: `${target.pathname}${target.search}`,
      headers: headers as unknown as http.OutgoingHttpHeaders,
      agent: secure ? (upstream.insecure ? agents.insecure : agents.https) : agents.http,
      ...(secure ? { rejectUnauthorized: !upstream.insecure } : {}),
    });
    upReq.on('socket', (socket) => {
      if (!(socket as { connecting?: boolean }).connecting) return;
      const timer = setTimeout(() => upReq.destroy(new UpstreamTimeout('connect', upstream.connectTimeoutMs)), upstream.connectTimeoutMs);
      socket.once(secure ? 'secureConnect' : 'connect', () => clearTimeout(timer));
      socket.once('close', () => clearTimeout(timer));
    });
    // Inactivity while waiting for the answer or between its chunks.
    upReq.setTimeout(upstream.responseTimeoutMs, () => upReq.destroy(new UpstreamTimeout('response', upstream.responseTimeoutMs)));
    upReq.on('error', fail);
    // The IdP gave up: stop the upstream leg too.
    res.once('close', () => {
      if (!res.writableFinished) upReq.destroy();
    });

    upReq.on('response', (upRes) => {
      answered = true;
      leg.status = upRes.statusCode ?? null;
      res.statusCode = upRes.statusCode ?? 502;
      for (const [name, values] of responseHeadersFor(upRes.rawHeaders, upstreamSecrets(upstream))) res.setHeader(name, values.length === 1 ? values[0]! : values);
      // A before-phase wrongContentType rule relabels the upstream's answer, as it does the store's.
      const forced = res.locals.forceContentType as string | undefined;
      if (forced) res.setHeader('Content-Type', forced);
      const chunks: Buffer[] = [];
      let captured = 0;
      let total = 0;
      upRes.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (captured + chunk.length <= CAPTURE_LIMIT) {
          chunks.push(chunk);
          captured += chunk.length;
        }
        if (!res.write(chunk)) {
          upRes.pause();
          res.once('drain', () => upRes.resume());
        }
      });
      upRes.on('error', fail);
      upRes.on('aborted', () => fail(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })));
      upRes.on('end', () => {
        if (settled) return;
        settled = true;
        leg.durationMs = Math.round((performance.now() - sentAt) * 100) / 100;
        const encoding = (upRes.headers['content-encoding'] ?? '').toLowerCase().trim() || undefined;
        const text = total > 0 && total <= CAPTURE_LIMIT ? capturedText(chunks, captured, encoding) : null;
        res.locals.responseBytes = total;
        if (text !== null) {
          res.locals.responseText = text;
          res.locals.responseForeign = true;
        }
        res.end();
      });
    });
    if (body && body.length > 0) upReq.end(body);
    else upReq.end();
  };

  return {
    kind: 'upstream',
    active: () => settings().upstream.url !== null,
    step: (req, res, next) => {
      const upstream = settings().upstream;
      if (upstream.url === null) return next(new ScimError(503, 'Proxy mode was switched off while this request was under way; send it again.'));
      forward(req, res, next, upstream as UpstreamSettings & { url: string });
    },
    close() {
      agents.http.destroy();
      agents.https.destroy();
      agents.insecure.destroy();
    },
  };
}
