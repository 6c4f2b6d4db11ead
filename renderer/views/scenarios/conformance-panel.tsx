/**
 * The Conformance panel under the Scenarios: runs `scimscope test` through the admin API
 * (POST /api/conformance-runs) against the same target the scenarios use, and shows what Okta,
 * Entra and the RFCs would trip on: failures first, each with the rule's level, what came back and
 * a link to the document it comes from. Passed checks fold away.
 */
import { ShieldCheck } from 'lucide-react';
import { useState } from 'react';
import type { CheckResult, ConformanceReport } from '../../../server/conformance/report-model.js';
import type { AdminClient } from '../../api/admin-client.js';
import { attempt } from '../../state/toasts.js';
import type { TargetChoice } from './scenario-target.js';
import '../../styles/conformance.css';

const PROFILES = [
  { id: 'okta', label: 'Okta', hint: "SPEC test + CRUD test's SCIM side" },
  { id: 'entra', label: 'Entra ID', hint: "Microsoft's SCIM documentation" },
  { id: 'entra-gallery', label: 'Entra gallery', hint: '25 Logic App tests, offline' },
  { id: 'rfc', label: 'RFC 7643/7644', hint: 'discovery, errors, paging, PATCH, ETags' },
  { id: 'interop', label: 'Interop profile', hint: 'IETF draft, work in progress' },
] as const;

type Report = ConformanceReport & { id: string };

function requestBody(profiles: string[], target: TargetChoice): Record<string, unknown> {
  if (target.kind === 'sandbox') return { profiles };
  if (target.auth === 'basic') return { profiles, target: target.url, auth: 'basic', token: `${target.username ?? ''}:${target.password ?? ''}` };
  // A server without authentication ignores the header; the runner always sends one.
  return { profiles, target: target.url, auth: target.auth === 'none' ? 'bearer' : target.auth, token: target.auth === 'none' ? 'none' : (target.token ?? '') };
}

function ResultRow({ result }: { result: CheckResult }) {
  const tone = result.outcome === 'pass' ? 'ok' : result.outcome === 'skip' ? 'skip' : result.level === 'must' ? 'bad' : 'warn';
  const source = `${result.source.document}${result.source.section ? `, ${result.source.section}` : ''}`;
  return (
    <li className={`conf-result ${tone}`}>
      <span className={`conf-badge ${tone}`}>{result.outcome.toUpperCase()}</span>
      <span className="conf-level">{result.level.toUpperCase()}</span>
      <div className="conf-body">
        <strong>{result.title}</strong> <span className="muted">{result.profile}</span>
        {result.outcome !== 'pass' && <div>{result.message}</div>}
        {result.outcome !== 'pass' && result.outcome !== 'skip' && <div className="muted">Expected: {result.expected}</div>}
        <div className="muted">{result.source.url && /^https?:\/\//.test(result.source.url) ? <a href={result.source.url} target="_blank" rel="noreferrer">{source}</a> : source}{result.source.draft ? ' (draft)' : ''}</div>
      </div>
    </li>
  );
}

export function ConformancePanel({ client, target }: { client: AdminClient; target: TargetChoice }) {
  const [chosen, setChosen] = useState<string[]>(['okta', 'entra', 'entra-gallery', 'rfc']);
  const [report, setReport] = useState<Report | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const result = await attempt(() => client.call<Report>('POST', '/api/conformance-runs', requestBody(chosen, target)));
      if (result) setReport(result);
    } finally {
      setBusy(false);
    }
  };
  const notPassed = report?.results.filter((r) => r.outcome !== 'pass') ?? [];
  const order = { fail: 0, error: 0, skip: 2, pass: 3 } as const;
  notPassed.sort((a, b) => order[a.outcome] - order[b.outcome] || (a.level === b.level ? 0 : a.level === 'must' ? -1 : 1));
  return (
    <section className="card conformance-panel" aria-label="Conformance">
      <div className="conformance-header">
        <h2>
          <ShieldCheck size={18} aria-hidden="true" /> Conformance
        </h2>
        <p className="muted">What Okta, Entra ID and the RFCs check, against {target.kind === 'sandbox' ? 'this sandbox' : target.url || 'the server above'}. Same as <code>scimscope test</code>; everything it creates is removed afterwards.</p>
      </div>
      <fieldset className="conformance-profiles">
        <legend>Profiles</legend>
        {PROFILES.map((p) => (
          <label key={p.id} className="conformance-profile">
            <input type="checkbox" checked={chosen.includes(p.id)} onChange={(e) => setChosen((c) => (e.target.checked ? [...c, p.id] : c.filter((x) => x !== p.id)))} />
            <span>
              {p.label} <small className="muted">{p.hint}</small>
            </span>
          </label>
        ))}
        <button type="button" className="button primary" disabled={busy || chosen.length === 0 || (target.kind === 'url' && !target.url)} onClick={() => void run()}>
          {busy ? 'Checking…' : 'Check conformance'}
        </button>
      </fieldset>
      {report && (
        <div className="conformance-report">
          <p className={report.summary.mustFailed > 0 ? 'scenario-verdict bad' : 'scenario-verdict ok'} role="status">
            {report.summary.mustFailed > 0 ? `${report.summary.mustFailed} must-check(s) failed` : 'Every must-check passed'} · {report.summary.passed} passed, {report.summary.failed} failed, {report.summary.errors} errors, {report.summary.skipped} skipped of {report.summary.total} ·{' '}
            {report.cleanup.complete ? `clean-up: ${report.cleanup.entries.length} removed` : 'clean-up incomplete'}
          </p>
          {report.notes.map((n) => (
            <p key={n} className="muted conformance-note">{n}</p>
          ))}
          <ul className="conformance-results">
            {notPassed.map((r) => (
              <ResultRow key={`${r.profile}:${r.id}`} result={r} />
            ))}
          </ul>
          <details>
            <summary>{report.summary.passed} passed checks</summary>
            <ul className="conformance-results">
              {report.results.filter((r) => r.outcome === 'pass').map((r) => (
                <ResultRow key={`${r.profile}:${r.id}`} result={r} />
              ))}
            </ul>
          </details>
        </div>
      )}
    </section>
  );
}
