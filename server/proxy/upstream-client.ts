/**
 * Reads the upstream through SCIM for the inspector (Users and Groups views in proxy mode): a GET
 * with the upstream's credentials, bounded in time and size. These reads are the inspector's own,
 * not IdP traffic, so they are not recorded as exchanges.
 */
import http from 'node:http';
import https from 'node:https';
import type { UpstreamPage } from '../contract/admin.js';
import type { JsonObject } from '../contract/scim.js';
import type { Settings } from '../contract/settings.js';
import { missingUpstreamCredential } from './header-policy.js';
import { upstreamFailure, UpstreamTimeout } from './upstream-errors.js';

const MAX_BYTES = 16 * 1024 * 1024;

/** The credential header the upstream gets from Scimscope itself (pass-through uses the sandbox's, which then is the upstream's). */
export function upstreamCredential(settings: Settings): [string, string] | null {
  const up = settings.upstream;
  if (up.auth === 'token' && up.token) return ['Authorization', `Bearer ${up.token}`];
  if (up.auth === 'header' && up.token) return [up.headerName, up.token];
  if (up.auth === 'passThrough') {
    const a = settings.auth;
    if (a.mode === 'bearer') return ['Authorization', `Bearer ${a.token}`];
    if (a.mode === 'header') return ['Authorization', a.token];
    if (a.mode === 'basic') return ['Authorization', `Basic ${Buffer.from(`${a.basic.username}:${a.basic.password}`).toString('base64')}`];
  }
  return null;
}

export function readUpstream(settings: Settings, endpoint: 'Users' | 'Groups', query: Record<string, string>): Promise<UpstreamPage> {
  const up = settings.upstream;
  if (up.url === null) return Promise.resolve({ url: '', status: 0, totalResults: null, resources: [], error: 'Proxy mode is off: no upstream is set.' });
  const target = new URL(up.url);
  const missing = missingUpstreamCredential(up);
  if (missing) return Promise.resolve({ url: `${target.origin}${target.pathname}`, status: 0, totalResults: null, resources: [], error: missing });
  target.pathname = `${target.pathname.replace(/\/+$/, '')}/${endpoint}`;
  for (const [k, v] of Object.entries(query)) target.searchParams.set(k, v);
  const secure = target.protocol === 'https:';
  const headers: Record<string, string> = { Accept: 'application/scim+json, application/json', 'User-Agent': 'Scimscope-inspector' };
  const credential = upstreamCredential(settings);
  if (credential) headers[credential[0]] = credential[1];
  const url = `${target.origin}${target.pathname}${target.search}`;
  return new Promise((resolve) => {
    const done = (page: Omit<UpstreamPage, 'url'>) => resolve({ url, ...page });
    const req = (secure ? https : http).request(target, { method: 'GET', headers, ...(secure ? { rejectUnauthorized: !up.insecure } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BYTES) return req.destroy(new Error(`the answer is larger than ${MAX_BYTES} bytes`));
        chunks.push(c);
      });
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        let body: unknown;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          return done({ status, totalResults: null, resources: [], error: `The upstream answered ${status} with a body that is not JSON.` });
        }
        const list = body as { totalResults?: unknown; Resources?: unknown; detail?: unknown };
        if (status >= 400 || !Array.isArray(list.Resources)) {
          const detail = typeof list.detail === 'string' ? `: ${list.detail}` : '';
          return done({ status, totalResults: null, resources: [], error: `The upstream answered ${status} without a ListResponse${detail}` });
        }
        const total = Number(list.totalResults);
        done({ status, totalResults: Number.isFinite(total) ? total : null, resources: list.Resources as JsonObject[], error: null });
      });
      res.on('error', () => undefined);
    });
    req.setTimeout(up.responseTimeoutMs, () => req.destroy(new UpstreamTimeout('response', up.responseTimeoutMs)));
    req.on('error', (error) => done({ status: 0, totalResults: null, resources: [], error: upstreamFailure(error, target.origin).scimError.detail }));
    req.end();
  });
}
