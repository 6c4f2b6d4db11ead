/**
 * What the Traffic view shows with nothing to list: while the server loads what it recorded before
 * (right after it started), how far that is; before any traffic, how to point Okta (or Entra) at
 * Scimscope; with filters that match nothing, a way back.
 */
import { ArrowRight, Radio } from 'lucide-react';
import { CopyButton } from '../../components/copy-button.js';
import { useStore } from '../../state/external-store.js';
import { hashFor, navigate } from '../../state/route.js';
import { serverState } from '../../state/server-state.js';

/** The server is loading its recorded exchanges (the list arrives when it is done). */
export function LoadingTraffic({ loaded, expected }: { loaded: number; expected: number }) {
  const max = Math.max(expected, loaded, 1);
  return (
    <div className="traffic-empty traffic-loading" role="status">
      <p className="empty-title">Loading recorded traffic…</p>
      <progress max={max} value={loaded} aria-label="Recorded traffic loaded" />
      <p className="empty-lead">
        {loaded.toLocaleString()} of about {expected.toLocaleString()} exchanges read. New requests are recorded meanwhile and listed when the load is done.
      </p>
    </div>
  );
}

export function NoTraffic({ paused, queued }: { paused: boolean; queued: number }) {
  const status = useStore(serverState).status;
  const scimUrl = status?.publicScimUrl ?? status?.scimUrl ?? null;
  const needsTunnel = !status?.publicScimUrl;
  if (paused && queued > 0) {
    return (
      <div className="traffic-empty">
        <p className="empty-title">Paused</p>
        <p className="empty-lead">{queued.toLocaleString()} exchanges are waiting. Resume to show them.</p>
      </div>
    );
  }
  return (
    <div className="traffic-empty">
      <div className="empty-card card">
        <div className="empty-icon" aria-hidden="true">
          <Radio size={28} />
        </div>
        <h2 className="empty-title">No traffic yet: connect Okta, or play a scenario</h2>
        <p className="empty-lead">Every request Okta or Entra ID sends to Scimscope shows up here the moment it arrives, explained in plain words.</p>
        <ol className="empty-steps">
          <li>
            <span className="step-text">
              In Okta, open your app’s <strong>Provisioning → Integration</strong> and set the <strong>SCIM connector base URL</strong> to
            </span>
            {scimUrl ? (
              <span className="empty-url">
                <code>{scimUrl}</code>
                <CopyButton text={scimUrl} what="the SCIM URL" />
              </span>
            ) : (
              <span className="muted"> the SCIM URL shown on Connect.</span>
            )}
            {needsTunnel && <span className="step-note">Okta and Entra call from the internet, so they need a public HTTPS address: start a tunnel on Connect.</span>}
          </li>
          <li>
            <span className="step-text">
              Choose <strong>HTTP Header</strong> authentication and paste the token from Connect.
            </span>
          </li>
          <li>
            <span className="step-text">
              Click <strong>Test Connector Configuration</strong>. The connection test appears here first.
            </span>
          </li>
        </ol>
        <p className="step-note empty-entra">
          Using Entra ID? Put the same URL in <strong>Tenant URL</strong> and the token in <strong>Secret Token</strong>, then click <strong>Test Connection</strong>.
        </p>
        <p className="step-note empty-play">
          No IdP at hand? <a href={hashFor('scenarios')} onClick={(e) => { e.preventDefault(); navigate('scenarios'); }}>Play a scenario</a>: Scimscope sends what Okta or Entra ID would, step by step.
        </p>
        <a
          className="button primary"
          href={hashFor('connect')}
          onClick={(e) => {
            e.preventDefault();
            navigate('connect');
          }}
        >
          Open Connect
          <ArrowRight size={16} aria-hidden="true" />
        </a>
      </div>
    </div>
  );
}

export function NoMatches({ onClear, searching }: { onClear: () => void; searching: boolean }) {
  return (
    <div className="traffic-empty">
      <p className="empty-title">{searching ? 'Searching all recorded exchanges…' : 'No exchanges match these filters'}</p>
      {!searching && (
        <p className="empty-lead">
          Try fewer chips or other words.{' '}
          <button type="button" className="button small" onClick={onClear}>
            Clear filters
          </button>
        </p>
      )}
    </div>
  );
}
