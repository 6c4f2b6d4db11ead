/**
 * The consent page the admin's browser sees at /oauth2/authorize, and the page shown when an
 * authorization request cannot be sent back to its client. Server-rendered HTML with every value
 * escaped, one inline stylesheet allowed by a per-response nonce, no script, and a Content Security
 * Policy that only lets the form post to this server (and follow the redirect to the client).
 */
import crypto from 'node:crypto';
import { REDACTED } from '../recorder/redact.js';
import type { ScimResponse } from '../scim/http/pipeline.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };
export const escapeHtml = (value: string): string => value.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);

const STYLE = `
:root { color-scheme: light dark; --bg:#f4f6f9; --surface:#fff; --border:#d3d9e2; --text:#161b22; --muted:#5a6372; --accent:#3451c7; --accent-text:#fff; --err:#c01c28; }
@media (prefers-color-scheme: dark) { :root { --bg:#0e1116; --surface:#161a21; --border:#2c3340; --text:#e6e9ef; --muted:#9aa4b2; --accent:#7f95ff; --accent-text:#0e1116; --err:#ff7b86; } }
* { box-sizing: border-box; }
body { margin:0; min-height:100vh; display:grid; place-items:center; background:var(--bg); color:var(--text); font:15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
main { width:min(460px, calc(100vw - 32px)); background:var(--surface); border:1px solid var(--border); border-radius:12px; padding:28px; box-shadow:0 4px 12px rgba(16,24,40,.08); }
.brand { font-weight:650; letter-spacing:.02em; color:var(--muted); font-size:13px; text-transform:uppercase; }
h1 { font-size:20px; margin:6px 0 16px; }
dl { display:grid; grid-template-columns:max-content 1fr; gap:6px 14px; margin:0 0 20px; }
dt { color:var(--muted); }
dd { margin:0; font-family:ui-monospace, SFMono-Regular, Menlo, monospace; font-size:13px; word-break:break-all; }
p { margin:0 0 16px; }
.actions { display:flex; gap:10px; justify-content:flex-end; }
button { font:inherit; padding:8px 18px; border-radius:8px; border:1px solid var(--border); background:transparent; color:var(--text); cursor:pointer; }
button.allow { background:var(--accent); border-color:var(--accent); color:var(--accent-text); font-weight:600; }
button:focus-visible { outline:2px solid var(--accent); outline-offset:2px; }
.error { color:var(--err); font-weight:600; }
`;

/** Sends a page; `secrets` (the CSRF token) are replaced in the copy the recorder keeps. */
function send(res: ScimResponse, status: number, body: string, formTargets: string[], secrets: string[] = []): void {
  const nonce = crypto.randomBytes(16).toString('base64');
  const html = body.replace('<style>', `<style nonce="${nonce}">`);
  const formAction = ["'self'", ...formTargets].join(' ');
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Security-Policy', `default-src 'none'; style-src 'nonce-${nonce}'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`);
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cache-Control', 'no-store');
  res.locals.responseText = secrets.reduce((text, secret) => text.split(secret).join(REDACTED), html);
  res.locals.responseBytes = Buffer.byteLength(html);
  res.end(html);
}

const page = (title: string, main: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${main}</main></body></html>`;

export interface ConsentView {
  /** Where the form posts: /oauth2/authorize under the workspace's mount. */
  action?: string;
  clientId: string;
  clientLabel: string;
  scope: string;
  redirectUri: string;
  consentId: string;
  csrf: string;
  pkce: boolean;
}

export function sendConsentPage(res: ScimResponse, view: ConsentView): void {
  const host = new URL(view.redirectUri).host;
  const main = `<div class="brand">Scimscope · authorization</div>
<h1>Allow ${escapeHtml(view.clientLabel)} to manage users and groups?</h1>
<p>An application is asking for access to this sandbox's SCIM API. After you answer, your browser goes back to <strong>${escapeHtml(host)}</strong>.</p>
<dl>
<dt>Client</dt><dd data-field="client">${escapeHtml(view.clientId)}</dd>
<dt>Scope</dt><dd data-field="scope">${escapeHtml(view.scope)}</dd>
<dt>Returns to</dt><dd data-field="redirect">${escapeHtml(view.redirectUri)}</dd>
<dt>PKCE</dt><dd>${view.pkce ? 'S256 code challenge' : 'none'}</dd>
</dl>
<form method="post" action="${escapeHtml(view.action ?? '/oauth2/authorize')}">
<input type="hidden" name="consent" value="${escapeHtml(view.consentId)}">
<input type="hidden" name="csrf_token" value="${escapeHtml(view.csrf)}">
<div class="actions"><button type="submit" name="decision" value="deny">Deny</button><button class="allow" type="submit" name="decision" value="allow" autofocus>Allow</button></div>
</form>`;
  send(res, 200, page('Authorize access · Scimscope', main), [new URL(view.redirectUri).origin], [escapeHtml(view.csrf)]);
}

/** An authorization request that cannot be returned to its client (RFC 6749 §4.1.2.1: do not redirect). */
export function sendErrorPage(res: ScimResponse, status: number, title: string, detail: string): void {
  const main = `<div class="brand">Scimscope · authorization</div><h1 class="error">${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p>`;
  send(res, status, page(`${title} · Scimscope`, main), []);
}
