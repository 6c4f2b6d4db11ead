/**
 * Which headers cross the proxy, in each direction. Hop-by-hop headers (RFC 9110 §7.6.1, and any
 * named in Connection) describe one connection and are dropped; Host is the upstream's; the
 * credential is replaced by the upstream's (or passed through when configured); X-Forwarded-For,
 * -Proto and -Host tell the upstream who asked. Everything else goes through as sent, names and
 * repeated values included, except that the upstream credential never goes back to the IdP: an
 * upstream that echoes it in a response header has it scrubbed there (docs/decisions.md, B5).
 */
import type { UpstreamSettings } from '../contract/settings.js';
import { scrubbedUrlText } from '../recorder/redact.js';

/** RFC 9110 §7.6.1 plus the de-facto hop headers proxies strip (mitmproxy, HTTP Toolkit). */
export const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** Headers of Scimscope's own that never leave it. */
const INTERNAL = new Set(['x-scimscope-replay']);

function connectionTokens(rawHeaders: string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.toLowerCase() === 'connection') for (const t of rawHeaders[i + 1]!.split(',')) out.add(t.trim().toLowerCase());
  }
  return out;
}

function firstValue(rawHeaders: string[], name: string): string | undefined {
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) if (rawHeaders[i]!.toLowerCase() === name) return rawHeaders[i + 1];
  return undefined;
}

export interface ForwardFacts {
  rawHeaders: string[];
  remoteAddress: string | undefined;
  /** The upstream's host[:port], for the Host header. */
  upstreamHost: string;
  /** Body bytes that will be sent (the Content-Length). */
  bodyLength: number | null;
}

/** The request headers to send upstream, as a flat [name, value, ...] list (keeps case and repeats). */
export function requestHeadersFor(facts: ForwardFacts, upstream: UpstreamSettings): string[] {
  const drop = connectionTokens(facts.rawHeaders);
  const out: string[] = [];
  const replaceAuth = upstream.auth !== 'passThrough';
  const credentialHeader = upstream.auth === 'header' ? upstream.headerName.toLowerCase() : 'authorization';
  let forwardedFor: string | undefined;
  for (let i = 0; i + 1 < facts.rawHeaders.length; i += 2) {
    const name = facts.rawHeaders[i]!;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || drop.has(lower) || INTERNAL.has(lower) || lower === 'host' || lower === 'content-length') continue;
    // The IdP's credential is for Scimscope; the upstream gets its own (never both).
    if (replaceAuth && (lower === 'authorization' || lower === credentialHeader)) continue;
    if (lower === 'x-forwarded-for') {
      forwardedFor = forwardedFor ? `${forwardedFor}, ${facts.rawHeaders[i + 1]}` : facts.rawHeaders[i + 1];
      continue;
    }
    if (lower === 'x-forwarded-proto' || lower === 'x-forwarded-host') continue;
    out.push(name, facts.rawHeaders[i + 1]!);
  }
  out.push('Host', facts.upstreamHost);
  if (facts.bodyLength !== null) out.push('Content-Length', String(facts.bodyLength));
  const remote = facts.remoteAddress ?? 'unknown';
  out.push('X-Forwarded-For', forwardedFor ? `${forwardedFor}, ${remote}` : remote);
  // A tunnel in front of Scimscope already says how the IdP reached it; keep the IdP's view.
  out.push('X-Forwarded-Proto', firstValue(facts.rawHeaders, 'x-forwarded-proto')?.split(',')[0]?.trim() || 'http');
  const host = firstValue(facts.rawHeaders, 'x-forwarded-host') ?? firstValue(facts.rawHeaders, 'host');
  if (host) out.push('X-Forwarded-Host', host.split(',')[0]!.trim());
  if (upstream.auth === 'token' && upstream.token) out.push('Authorization', `Bearer ${upstream.token}`);
  if (upstream.auth === 'header' && upstream.token) out.push(upstream.headerName, upstream.token);
  return out;
}

/**
 * Why proxy mode cannot send the upstream its credential, or null when it can: `token` and `header`
 * authentication with no token stored (a copied workspace, a bundle that moved the upstream, a token
 * never entered). Forwarding anyway would relay the upstream's own 401, which the IdP reads as its
 * credential being wrong.
 */
export function missingUpstreamCredential(upstream: UpstreamSettings): string | null {
  if ((upstream.auth !== 'token' && upstream.auth !== 'header') || upstream.token) return null;
  const sends = upstream.auth === 'token' ? '"Authorization: Bearer <token>"' : `"${upstream.headerName}: <token>"`;
  return `Proxy mode has no upstream token: upstream authentication is "${upstream.auth}" (${sends}) but no upstream token is set for this workspace, so Scimscope did not forward the request. Enter the upstream server's token in Scimscope's proxy settings (PUT /api/settings upstream.token), or choose another upstream authentication.`;
}

/** The secrets of Scimscope's own that go to the upstream, and so must never come back through it to the IdP. */
export function upstreamSecrets(upstream: UpstreamSettings): string[] {
  return (upstream.auth === 'token' || upstream.auth === 'header') && upstream.token ? [upstream.token] : [];
}

/**
 * The upstream's response headers to pass back to the client, hop-by-hop ones removed, and each of
 * `secrets` (the upstream credential: `upstreamSecrets`) scrubbed from every value, raw, JSON-escaped
 * or percent-encoded (secrets under 6 characters are left alone, as the recorder leaves them).
 */
export function responseHeadersFor(rawHeaders: string[], secrets: readonly string[] = []): [string, string[]][] {
  const drop = connectionTokens(rawHeaders);
  const grouped = new Map<string, [string, string[]]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || drop.has(lower)) continue;
    // Content-Length frames the body: a token of digits must not break it (a length carries no secret).
    const value = secrets.length > 0 && lower !== 'content-length' ? scrubbedUrlText(rawHeaders[i + 1]!, secrets) : rawHeaders[i + 1]!;
    const entry = grouped.get(lower);
    if (entry) entry[1].push(value);
    else grouped.set(lower, [name, [value]]);
  }
  return [...grouped.values()];
}
