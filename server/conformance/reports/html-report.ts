/**
 * The conformance report as one self-contained HTML file: inline CSS, no script, no external
 * resource, so it opens offline and can be attached to a ticket. Every value from the server is
 * escaped (a response body is data, never markup); exchanges fold out with <details>.
 */
import type { CheckResult, ConformanceReport, ExchangeRecord } from '../report-model.js';

export function htmlEscape(text: string): string {
  // Control characters (NUL, escape sequences) are dropped: HTML cannot carry them.
  return text.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const e = htmlEscape;

/** Only http(s) links become anchors; anything else is shown as text. */
function link(url: string | undefined, text: string): string {
  return url && /^https?:\/\//i.test(url) ? `<a href="${e(url)}" rel="noreferrer">${e(text)}</a>` : e(text);
}

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1d232a;background:#fff}
h1{font-size:1.4rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:2rem 0 .5rem;border-bottom:1px solid #d0d7de;padding-bottom:.25rem}
.meta,.dim{color:#57606a}.verdict{padding:.6rem .9rem;border-radius:6px;font-weight:600;margin:1rem 0}
.ok{background:#dafbe1;color:#116329}.bad{background:#ffebe9;color:#a40e26}
table{border-collapse:collapse;width:100%}td,th{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid #eaeef2}
.o{font-weight:700;font-size:.8rem;border-radius:4px;padding:.1rem .35rem;white-space:nowrap}
.pass{background:#dafbe1;color:#116329}.fail-must,.error-must{background:#ffebe9;color:#a40e26}.fail-should,.error-should{background:#fff8c5;color:#7d4e00}.skip{background:#eaeef2;color:#57606a}
pre{white-space:pre-wrap;word-break:break-all;background:#f6f8fa;padding:.5rem;border-radius:4px;margin:.25rem 0;font-size:12px}
details summary{cursor:pointer;color:#0969da}
@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}pre{background:#161b22}td,th{border-color:#30363d}}`;

function exchange(x: ExchangeRecord): string {
  const headers = (h: Record<string, string>) => Object.entries(h).map(([k, v]) => `${k}: ${v}`).join('\n');
  return `<pre>${e(`${x.method} ${x.url}\n${headers(x.requestHeaders)}${x.requestBody ? `\n\n${x.requestBody}` : ''}`)}</pre><pre>${e(x.status === null ? `no response: ${x.error ?? ''}` : `HTTP ${x.status} (${x.durationMs} ms)\n${headers(x.responseHeaders)}${x.responseBody ? `\n\n${x.responseBody}` : ''}`)}</pre>`;
}

function row(r: CheckResult): string {
  const cls = r.outcome === 'pass' || r.outcome === 'skip' ? r.outcome : `${r.outcome}-${r.level}`;
  const source = `${r.source.document}${r.source.section ? `, ${r.source.section}` : ''}${r.source.draft ? ' (draft)' : ''}`;
  const detail = r.outcome === 'pass' ? '' : `<div>${e(r.message)}</div>${r.actual ? `<div class="dim">Got: ${e(r.actual)}</div>` : ''}`;
  const exchanges = r.exchanges.length ? `<details><summary>${r.exchanges.length} request(s)</summary>${r.exchanges.map(exchange).join('')}</details>` : '';
  return `<tr><td><span class="o ${cls}">${e(r.outcome.toUpperCase())}</span></td><td>${e(r.level.toUpperCase())}</td><td><strong>${e(r.title)}</strong> <span class="dim">${e(r.id)}</span><div class="dim">Expected: ${e(r.expected)}</div>${detail}${exchanges}</td><td>${link(r.source.url, source)}</td></tr>`;
}

export function renderHtml(report: ConformanceReport): string {
  const s = report.summary;
  const sections = report.profiles.map((profile) => {
    const results = report.results.filter((r) => r.profile === profile);
    return `<h2>${e(profile)}</h2><table><thead><tr><th>Result</th><th>Level</th><th>Check</th><th>Source</th></tr></thead><tbody>${results.map(row).join('')}</tbody></table>`;
  });
  const cleanup = report.cleanup.entries.map((c) => `<li>${e(`${c.resourceType} ${c.id}: ${c.action}${c.detail ? ` (${c.detail})` : ''}`)}</li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${e(`Scimscope conformance: ${report.target}`)}</title><style>${CSS}</style></head>
<body><h1>Scimscope conformance report</h1>
<div class="meta">${e(report.target)} · profiles ${e(report.profiles.join(', '))} · auth ${e(report.auth)} · ${e(report.startedAt)} · ${e(`${report.tool.name} ${report.tool.version}`)}</div>
<div class="verdict ${s.mustFailed > 0 || report.interrupted ? 'bad' : 'ok'}">${e(report.interrupted ? `INTERRUPTED (${report.interrupted.signal}) after ${report.interrupted.completed} of ${report.interrupted.planned} checks: partial results` : s.mustFailed > 0 ? `FAILED: ${s.mustFailed} must-check(s) failed` : 'PASSED: every must-check passed')} · ${s.passed} passed, ${s.failed} failed, ${s.errors} errors, ${s.skipped} skipped of ${s.total}</div>
${report.notes.map((n) => `<p class="dim">${e(n)}</p>`).join('')}
${sections.join('\n')}
<h2>Clean-up</h2><p>${e(report.cleanup.complete ? 'Everything this run created was removed (or deactivated where DELETE is unsupported).' : 'Some resources this run created could not be removed:')}</p><ul>${cleanup}</ul>
</body></html>
`;
}
