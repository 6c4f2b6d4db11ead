/**
 * A loopback stand-in for an IdP using the sandbox's OAuth server the way Okta does: a callback
 * server on its own port receives the browser's redirect (the code and state), the "admin's browser"
 * loads the consent page and posts the decision with its cookie, and the IdP's back end exchanges the
 * code, calls SCIM with the access token and refreshes. Everything goes over real HTTP.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CallbackHit {
  code: string | null;
  state: string | null;
  error: string | null;
  errorDescription: string | null;
}

export interface TokenAnswer {
  status: number;
  headers: Headers;
  body: Record<string, any>;
}

const CALLBACK_PATH = '/admin/app/cpc/scimscope_test/oauth/callback';

export class LoopbackIdp {
  private constructor(
    private readonly server: http.Server,
    readonly redirectUri: string,
    /** Every redirect the browser followed back to the IdP, in order. */
    readonly hits: CallbackHit[],
  ) {}

  /** Starts the callback server; its URL has the shape of Okta's (`/admin/app/cpc/{appName}/oauth/callback`). */
  static async start(): Promise<LoopbackIdp> {
    const hits: CallbackHit[] = [];
    const server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      // A browser also asks this origin for /favicon.ico: only the callback path counts.
      if (url.pathname !== CALLBACK_PATH) {
        res.statusCode = 404;
        res.end();
        return;
      }
      hits.push({ code: url.searchParams.get('code'), state: url.searchParams.get('state'), error: url.searchParams.get('error'), errorDescription: url.searchParams.get('error_description') });
      res.setHeader('Content-Type', 'text/plain');
      res.end('callback received');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new LoopbackIdp(server, `http://127.0.0.1:${port}${CALLBACK_PATH}`, hits);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = crypto.randomBytes(32).toString('base64url');
  return { verifier, challenge: crypto.createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizeUrl(origin: string, p: { clientId: string; redirectUri: string; state?: string; scope?: string; challenge?: string }): string {
  const url = new URL('/oauth2/authorize', origin);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', p.clientId);
  url.searchParams.set('redirect_uri', p.redirectUri);
  if (p.state) url.searchParams.set('state', p.state);
  if (p.scope) url.searchParams.set('scope', p.scope);
  if (p.challenge) {
    url.searchParams.set('code_challenge', p.challenge);
    url.searchParams.set('code_challenge_method', 'S256');
  }
  return url.href;
}

/** The admin's browser: loads the consent page, posts the decision with the page's cookie, follows the redirect. */
export async function consent(authorize: string, decision: 'allow' | 'deny'): Promise<{ page: Response; pageHtml: string; redirect: string | null; post: Response | null }> {
  const page = await fetch(authorize, { redirect: 'manual' });
  const pageHtml = await page.text();
  if (page.status !== 200) {
    const redirect = page.headers.get('location');
    if (redirect) await (await fetch(redirect)).text();
    return { page, pageHtml, redirect, post: null };
  }
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(pageHtml)?.[1] ?? '';
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
  const post = await fetch(new URL('/oauth2/authorize', authorize), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
    body: new URLSearchParams({ consent: field('consent'), csrf_token: field('csrf_token'), decision }).toString(),
  });
  await post.text();
  const redirect = post.headers.get('location');
  if (redirect) await (await fetch(redirect)).text();
  return { page, pageHtml, redirect, post };
}

/** A token-endpoint request; the client authenticates by Basic header (Okta's way) or in the body. */
export async function tokenRequest(tokenUrl: string, params: Record<string, string>, client: { id: string; secret: string; via?: 'basic' | 'body' | 'none' }): Promise<TokenAnswer> {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json', 'User-Agent': 'Okta SCIM Client 1.0.0' };
  const form = new URLSearchParams(params);
  const via = client.via ?? 'basic';
  if (via === 'basic') headers.Authorization = `Basic ${Buffer.from(`${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`).toString('base64')}`;
  if (via === 'body') {
    form.set('client_id', client.id);
    form.set('client_secret', client.secret);
  }
  const res = await fetch(tokenUrl, { method: 'POST', headers, body: form.toString() });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, any>) : {} };
}
