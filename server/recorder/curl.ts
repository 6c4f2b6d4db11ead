/**
 * Copy-as-curl for a recorded exchange: a command that repeats the request against the sandbox,
 * with the credential replaced by a shell variable (`$SCIM_TOKEN`) so the string is safe to paste
 * into a ticket or a chat, and the password values left redacted.
 */
import type { Exchange } from '../contract/exchange.js';
import type { AuthMode } from '../contract/settings.js';

/** Quotes a string for POSIX shells. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

const SKIP = new Set(['host', 'content-length', 'connection', 'authorization', 'accept-encoding', 'x-scimscope-replay']);

export function toCurl(e: Exchange, scimOrigin: string, authMode: AuthMode): string {
  const query = new URLSearchParams(e.request.query).toString();
  const url = `${scimOrigin}${e.request.path}${query ? `?${query}` : ''}`;
  const parts = ['curl', '-sS', '-X', e.request.method, shellQuote(url)];
  if (authMode === 'basic') parts.push('-u', '"$SCIM_USER:$SCIM_PASSWORD"');
  else if (authMode === 'header') parts.push('-H', '"Authorization: $SCIM_TOKEN"');
  else if (authMode === 'bearer') parts.push('-H', '"Authorization: Bearer $SCIM_TOKEN"');
  else if (authMode === 'oauth' && !/^\/oauth2(\/|$)/i.test(e.request.path)) parts.push('-H', '"Authorization: Bearer $ACCESS_TOKEN"');
  else if (authMode === 'oauth') parts.push('-u', '"$CLIENT_ID:$CLIENT_SECRET"');
  for (const [name, value] of Object.entries(e.request.headers)) {
    if (SKIP.has(name.toLowerCase())) continue;
    parts.push('-H', shellQuote(`${name}: ${value}`));
  }
  const body = e.request.body;
  if (body !== null && body !== undefined && body !== '') parts.push('--data-raw', shellQuote(typeof body === 'string' ? body : JSON.stringify(body)));
  return parts.join(' ');
}
