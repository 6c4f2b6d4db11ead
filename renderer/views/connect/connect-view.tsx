/**
 * The Connect view: the SCIM base URLs (local, and public through any tunnel), the exact values to
 * paste into Okta (App Integration Wizard / OIN wizard, or the "SCIM 2.0 Test App (Header Auth)")
 * and Entra ID, and an Okta setup checklist that ticks itself from the recorded traffic.
 */
import { Circle, CircleAlert, CircleCheck, TriangleAlert } from 'lucide-react';
import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ExchangeSummary } from '../../../server/contract/index.js';
import type { AdminClient, Credentials, PublicSettings, Status } from '../../api/admin-client.js';
import { useServices } from '../../app-services.js';
import { CopyButton } from '../../components/copy-button.js';
import { useStore } from '../../state/external-store.js';
import { formatTime } from '../../state/labels.js';
import { serverState } from '../../state/server-state.js';
import { saveSettings, useCredentials, useSettings } from '../settings/settings-io.js';
import { SecretValue } from './secret-value.js';
import type { TrafficState } from '../../state/traffic-store.js';
import { NgrokTunnel } from './ngrok-tunnel.js';
import { ChecklistScan, type StepResult } from './setup-checklist.js';
import '../../styles/connect.css';

/** The SCIM base a public origin stands for (the server's rule: add /scim/v2 unless present). */
export function publicScimUrl(configured: string | null | undefined): string | null {
  if (!configured) return null;
  const trimmed = configured.replace(/\/+$/, '');
  return /\/scim\/v2$/i.test(trimmed) ? trimmed : `${trimmed}/scim/v2`;
}

/** True for an absolute http(s) URL. */
export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * The checklist kept up to date as traffic arrives: new exchanges are scanned on their own while the
 * list only grows; after an eviction or a clear, the whole list is scanned again.
 */
function useChecklist(state: TrafficState): StepResult[] {
  const cache = useRef<{ scan: ChecklistScan; items: readonly ExchangeSummary[]; evicted: number } | null>(null);
  return useMemo(() => {
    const prev = cache.current;
    const appended = prev !== null && prev.evicted === state.evicted && state.items.length >= prev.items.length && state.items[prev.items.length - 1] === prev.items[prev.items.length - 1];
    const scan = appended ? prev.scan.add(state.items, prev.items.length) : new ChecklistScan().add(state.items);
    cache.current = { scan, items: state.items, evicted: state.evicted };
    return scan.results();
  }, [state.items, state.evicted]);
}

const AUTH_NAMES: Record<Status['authMode'], string> = { bearer: 'Bearer token', header: 'Header token', basic: 'Basic', none: 'None' };

const OKTA_ACTIONS = ['Push New Users', 'Push Profile Updates', 'Push Groups', 'Import New Users and Profile Updates', 'Import Groups'];

/** One "field in the IdP → value to paste" row. */
function ValueRow({ label, hint, children }: { label: ReactNode; hint?: ReactNode; children: ReactNode }) {
  return (
    <div className="connect-row">
      <dt>
        {label}
        {hint && <span className="connect-row-hint">{hint}</span>}
      </dt>
      <dd>{children}</dd>
    </div>
  );
}

function CopyValue({ value, what }: { value: string | null; what: string }) {
  if (!value) return <span className="muted">—</span>;
  return (
    <span className="connect-value">
      <code>{value}</code>
      <CopyButton text={value} what={what} />
    </span>
  );
}

function Notice({ tone, children }: { tone: 'warn' | 'info'; children: ReactNode }) {
  return (
    <p className={`connect-notice tone-${tone}`}>
      {tone === 'warn' && <TriangleAlert size={16} aria-hidden="true" />}
      <span>{children}</span>
    </p>
  );
}

export function ConnectView() {
  const { client, traffic } = useServices();
  const status = useStore(serverState).status;
  const settings = useSettings(client);
  const checklist = useChecklist(useStore(traffic.state));
  const { creds } = useCredentials(client, settings);

  const localUrl = status?.scimUrl ?? null;
  const publicUrl = status?.publicScimUrl ?? publicScimUrl(settings?.tunnel.publicUrl);
  const baseUrl = publicUrl ?? localUrl;
  const mode = creds?.mode ?? settings?.auth.mode ?? status?.authMode ?? 'bearer';

  return (
    <div className="page connect-page">
      <header className="connect-header">
        <h1>Connect</h1>
        <p className="lead">Point Okta or Entra ID at this sandbox. Every value below is live: copy it straight into the identity provider.</p>
      </header>
      <div className="connect-layout">
        <div className="connect-main">
          <UrlSection client={client} status={status} settings={settings} localUrl={localUrl} publicUrl={publicUrl} />
          <OktaSection baseUrl={baseUrl} isPublic={publicUrl !== null} mode={mode} creds={creds} />
          <EntraSection baseUrl={baseUrl} isPublic={publicUrl !== null} mode={mode} creds={creds} />
        </div>
        <aside className="connect-aside">
          <Checklist steps={checklist} />
        </aside>
      </div>
    </div>
  );
}

function UrlSection({ client, status, settings, localUrl, publicUrl }: { client: AdminClient; status: Status | null; settings: PublicSettings | null; localUrl: string | null; publicUrl: string | null }) {
  const saved = settings?.tunnel.publicUrl ?? '';
  const [text, setText] = useState(saved);
  const [saving, setSaving] = useState(false);
  const inputId = useId();
  useEffect(() => setText(saved), [saved]);
  const trimmed = text.trim();
  const valid = trimmed === '' || isHttpUrl(trimmed);
  const dirty = valid && trimmed !== saved;
  const port = localUrl ? new URL(localUrl).port : null;
  const tunnelUp = status?.tunnel?.status === 'up' && status.tunnel.url;

  const save = async (value: string | null) => {
    setSaving(true);
    await saveSettings(client, { tunnel: { publicUrl: value } }, value ? 'Public URL saved' : 'Public URL cleared');
    setSaving(false);
  };

  return (
    <section className="card section connect-section" aria-labelledby="connect-urls">
      <h2 id="connect-urls">SCIM base URL</h2>
      <dl className="connect-rows">
        <ValueRow label="Local" hint="This machine only: curl, scripts, local test runners.">
          <CopyValue value={localUrl} what="local SCIM URL" />
        </ValueRow>
        <ValueRow label="Public" hint="What Okta and Entra ID use: they run in the cloud and need a public HTTPS URL.">
          {publicUrl ? <CopyValue value={publicUrl} what="public SCIM URL" /> : <span className="connect-missing">Not set yet</span>}
        </ValueRow>
      </dl>

      <form
        className="connect-public-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (dirty) void save(trimmed === '' ? null : trimmed);
        }}
      >
        <label htmlFor={inputId}>Public URL from your tunnel tool</label>
        <div className="connect-public-input">
          <input
            id={inputId}
            type="url"
            className="mono"
            placeholder="https://example.ngrok.app"
            value={text}
            disabled={!settings || saving}
            aria-invalid={!valid || undefined}
            aria-describedby={`${inputId}-hint`}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" className="button primary" disabled={!dirty || saving}>
            Save
          </button>
          <button type="button" className="button" disabled={!saved || saving} onClick={() => void save(null)}>
            Clear
          </button>
        </div>
        <p id={`${inputId}-hint`} className={valid ? 'connect-hint' : 'connect-hint connect-error'}>
          {valid ? (
            <>
              Any tunnel works (ngrok, cloudflared, Tailscale Funnel…): forward it to port <strong>{port ?? '7171'}</strong>. <code>/scim/v2</code> is added when the URL does not end with it.
            </>
          ) : (
            'Enter a full URL starting with https:// (or http://).'
          )}
        </p>
        {tunnelUp && (
          <Notice tone="info">
            A tunnel is running at <code>{status!.tunnel!.url}</code>; it takes precedence over the URL entered here.
          </Notice>
        )}
      </form>

      <NgrokTunnel client={client} status={status} settings={settings} />
    </section>
  );
}

type OktaFlavour = 'aiw' | 'header-app';

function OktaSection({ baseUrl, isPublic, mode, creds }: { baseUrl: string | null; isPublic: boolean; mode: Status['authMode']; creds: Credentials | null }) {
  const [flavour, setFlavour] = useState<OktaFlavour>('aiw');
  const token = creds?.token ?? null;
  return (
    <section className="card section connect-section" aria-labelledby="connect-okta">
      <div className="connect-section-head">
        <h2 id="connect-okta">Okta</h2>
        <span className="connect-auth-pill">Auth: {AUTH_NAMES[mode]}</span>
      </div>
      <div className="connect-tabs" role="group" aria-label="Okta app type">
        <button type="button" aria-pressed={flavour === 'aiw'} onClick={() => setFlavour('aiw')}>
          App Integration Wizard / OIN
        </button>
        <button type="button" aria-pressed={flavour === 'header-app'} onClick={() => setFlavour('header-app')}>
          SCIM 2.0 Test App (Header Auth)
        </button>
      </div>
      {!isPublic && <Notice tone="warn">These values use the local URL, which Okta cannot reach. Set a public URL above first.</Notice>}

      {flavour === 'aiw' ? (
        <>
          <p className="connect-path">
            Your app → <strong>General</strong> → Provisioning: <strong>SCIM</strong>; then <strong>Provisioning</strong> → <strong>Integration</strong> → Edit.
          </p>
          <dl className="connect-rows">
            <ValueRow label="SCIM connector base URL">
              <CopyValue value={baseUrl} what="base URL" />
            </ValueRow>
            <ValueRow label="Unique identifier field for users">
              <CopyValue value="userName" what="identifier field" />
            </ValueRow>
            <ValueRow label="Supported provisioning actions" hint="Tick these.">
              <ul className="connect-actions-list">
                {OKTA_ACTIONS.map((a) => (
                  <li key={a}>{a}</li>
                ))}
              </ul>
            </ValueRow>
            {mode === 'basic' ? (
              <>
                <ValueRow label="Authentication Mode">
                  <strong>Basic Auth</strong>
                </ValueRow>
                <ValueRow label="Username">
                  <CopyValue value={creds?.basic.username ?? null} what="username" />
                </ValueRow>
                <ValueRow label="Password">
                  <SecretValue value={creds?.basic.password ?? null} what="password" />
                </ValueRow>
              </>
            ) : (
              <>
                <ValueRow label="Authentication Mode">
                  <strong>HTTP Header</strong>
                </ValueRow>
                <ValueRow label="Authorization: Bearer" hint="Okta adds “Bearer ” itself: paste the token only.">
                  <SecretValue value={token} what="token" />
                </ValueRow>
              </>
            )}
          </dl>
        </>
      ) : (
        <>
          <p className="connect-path">
            Applications → Browse App Catalog → <strong>SCIM 2.0 Test App (Header Auth)</strong> → Provisioning → Configure API Integration → Enable API Integration.
          </p>
          {mode === 'basic' && <Notice tone="warn">This app sends a token, but the sandbox expects Basic credentials. Switch to Bearer or Header in Settings, or use “SCIM 2.0 Test App (Basic Auth)” with the username and password.</Notice>}
          <dl className="connect-rows">
            <ValueRow label="Base URL">
              <CopyValue value={baseUrl} what="base URL" />
            </ValueRow>
            <ValueRow label="API Token" hint="Sent as the whole Authorization header; accepted in Bearer and Header modes.">
              <SecretValue value={token} what="token" />
            </ValueRow>
          </dl>
          <p className="connect-hint">Then click “Test API Credentials”, save, and enable Create Users, Update User Attributes and Deactivate Users under To App.</p>
        </>
      )}
      {mode === 'none' && <Notice tone="warn">Authentication is off: the sandbox accepts any credentials, so whatever Okta sends will work.</Notice>}
    </section>
  );
}

function EntraSection({ baseUrl, isPublic, mode, creds }: { baseUrl: string | null; isPublic: boolean; mode: Status['authMode']; creds: Credentials | null }) {
  return (
    <section className="card section connect-section" aria-labelledby="connect-entra">
      <h2 id="connect-entra">Microsoft Entra ID</h2>
      <p className="connect-path">
        Enterprise applications → New application → Create your own application → <strong>Provisioning</strong> → Mode: Automatic → <strong>Admin Credentials</strong>.
      </p>
      {!isPublic && <Notice tone="warn">Entra ID needs a public HTTPS URL; set one above.</Notice>}
      {mode === 'basic' && <Notice tone="warn">Entra ID sends a bearer token, not Basic credentials: switch authentication to Bearer in Settings.</Notice>}
      <dl className="connect-rows">
        <ValueRow label="Tenant URL">
          <CopyValue value={baseUrl} what="tenant URL" />
        </ValueRow>
        <ValueRow label="Secret Token">
          <SecretValue value={creds?.token ?? null} what="secret token" />
        </ValueRow>
      </dl>
      <p className="connect-hint">
        Then “Test Connection”: Entra looks up a random GUID userName and expects an empty list. Append <code>?aadOptscim062020</code> to the Tenant URL for the RFC-compliant PATCH shapes (lowercase ops, real booleans).
      </p>
    </section>
  );
}

function StepIcon({ state }: { state: StepResult['state'] }) {
  if (state === 'done') return <CircleCheck className="connect-step-icon" size={22} aria-hidden="true" />;
  if (state === 'tried') return <CircleAlert className="connect-step-icon" size={22} aria-hidden="true" />;
  return <Circle className="connect-step-icon" size={22} aria-hidden="true" />;
}

const STATE_WORDS: Record<StepResult['state'], string> = { done: 'Done', tried: 'Tried, failed', pending: 'Not yet' };

function Checklist({ steps }: { steps: StepResult[] }) {
  const done = steps.filter((s) => s.state === 'done').length;
  const next = steps.find((s) => s.state !== 'done');
  return (
    <section className="card section connect-checklist" aria-labelledby="connect-checklist-title">
      <div className="connect-section-head">
        <h2 id="connect-checklist-title">Okta setup checklist</h2>
        <span className="connect-progress-text">
          {done} of {steps.length}
        </span>
      </div>
      <div className="connect-progress" role="progressbar" aria-label="Okta setup progress" aria-valuemin={0} aria-valuemax={steps.length} aria-valuenow={done}>
        <span style={{ width: `${(done / steps.length) * 100}%` }} />
      </div>
      {done === steps.length ? (
        <p className="connect-complete" role="status">
          <CircleCheck size={18} aria-hidden="true" />
          Okta provisioning works end to end.
        </p>
      ) : (
        <p className="connect-hint">Ticks itself as Okta’s requests arrive. Each step links to the exchange that proved it.</p>
      )}
      <ol className="connect-steps">
        {steps.map((step) => (
          <li key={step.id} className={`connect-step is-${step.state}${step === next ? ' is-next' : ''}`}>
            <StepIcon state={step.state} />
            <div className="connect-step-body">
              <div className="connect-step-title">
                <span>{step.title}</span>
                <span className="visually-hidden">: {STATE_WORDS[step.state]}</span>
              </div>
              {step.state === 'done' && step.exchangeId ? (
                <p className="connect-step-meta">
                  <a href={`#/traffic/${encodeURIComponent(step.exchangeId)}`}>View exchange</a>
                  {step.at && <span className="muted"> · {formatTime(step.at).slice(0, 8)}</span>}
                </p>
              ) : step.state === 'tried' && step.exchangeId ? (
                <>
                  <p className="connect-step-meta connect-step-failed">
                    Okta tried: {step.status ? `answered ${step.status}` : step.outcome === 'dropped' ? 'connection dropped' : 'no answer'} ·{' '}
                    <a href={`#/traffic/${encodeURIComponent(step.exchangeId)}`}>See what went wrong</a>
                  </p>
                  <p className="connect-step-hint">{step.hint}</p>
                </>
              ) : (
                <p className="connect-step-hint">{step.hint}</p>
              )}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
