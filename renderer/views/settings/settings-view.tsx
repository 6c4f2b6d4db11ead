/**
 * The Settings view: how the SCIM port authenticates (and its credentials), what is recorded, how
 * PATCH answers, the theme, and where the data lives (with a store reset). Every save goes through
 * attempt(), so failures are toasts, and the controls being saved are disabled until it answers.
 */
import { FolderOpen, RefreshCw, TriangleAlert } from 'lucide-react';
import { useEffect, useId, useState, type ReactNode } from 'react';
import type { AdminClient, Credentials, PublicSettings, Status } from '../../api/admin-client.js';
import { desktop } from '../../api/desktop-bridge.js';
import { useServices } from '../../app-services.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { CopyButton } from '../../components/copy-button.js';
import { useStore } from '../../state/external-store.js';
import { serverState } from '../../state/server-state.js';
import { setTheme, theme, type ThemeChoice } from '../../state/theme.js';
import { attempt } from '../../state/toasts.js';
import { SecretValue } from '../connect/secret-value.js';
import { refreshStatus, saveSettings, useSettings, useCredentials } from './settings-io.js';
import { Switch } from './switch.js';
import '../../styles/settings.css';

type AuthMode = Status['authMode'];

export const AUTH_MODES: { mode: AuthMode; title: string; description: string }[] = [
  { mode: 'bearer', title: 'Bearer token', description: '“Bearer <token>”, as Okta’s HTTP Header mode and Entra ID send it.' },
  { mode: 'header', title: 'Header token', description: 'The bare token as the header, as Okta’s Header Auth test app sends it.' },
  { mode: 'basic', title: 'Basic', description: 'Username and password, for Okta’s Basic Auth mode.' },
  { mode: 'none', title: 'None', description: 'No credentials: every request is accepted.' },
];

/** A settings section: a card with a title, an optional lead sentence and its rows. */
function Section({ title, lead, children, id }: { title: string; lead?: ReactNode; children: ReactNode; id: string }) {
  return (
    <section className="card section settings-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {lead && <p className="settings-lead">{lead}</p>}
      {children}
    </section>
  );
}

/** One confirmation at a time for the whole page (ConfirmDialog's title id is fixed, so only one may be mounted). */
export interface Confirmation {
  title: string;
  message: string;
  confirmLabel: string;
  run: () => void;
}
type Ask = (confirmation: Confirmation) => void;

export function SettingsView() {
  const { client } = useServices();
  const settings = useSettings(client);
  const [confirmation, setConfirmation] = useState<Confirmation | null>(null);
  return (
    <div className="page settings-page">
      <h1>Settings</h1>
      <p className="lead">How the sandbox answers and what it keeps. Changes apply at once, to the next request.</p>
      {settings === null ? (
        <p className="empty">Loading settings…</p>
      ) : (
        <>
          <AuthSection client={client} settings={settings} ask={setConfirmation} />
          <RecordingSection client={client} settings={settings} />
          <ResponsesSection client={client} settings={settings} />
          <AppearanceSection />
          <DataSection client={client} ask={setConfirmation} />
        </>
      )}
      <ConfirmDialog
        open={confirmation !== null}
        title={confirmation?.title ?? ''}
        message={confirmation?.message ?? ''}
        confirmLabel={confirmation?.confirmLabel ?? 'OK'}
        onCancel={() => setConfirmation(null)}
        onConfirm={() => {
          const run = confirmation?.run;
          setConfirmation(null);
          run?.();
        }}
      />
    </div>
  );
}

function AuthSection({ client, settings, ask }: { client: AdminClient; settings: PublicSettings; ask: Ask }) {
  const mode = settings.auth.mode;
  const [saving, setSaving] = useState(false);
  const { creds, refresh: refreshCredentials } = useCredentials(client, settings);
  const groupName = useId();

  const setMode = async (next: AuthMode) => {
    if (next === mode) return;
    setSaving(true);
    await saveSettings(client, { auth: { mode: next } }, `Authentication: ${AUTH_MODES.find((m) => m.mode === next)?.title}`);
    setSaving(false);
  };

  const regenerate = async () => {
    setSaving(true);
    if (await attempt(() => client.regenerateToken(), 'New token generated. Paste it into Okta or Entra ID.')) refreshCredentials();
    setSaving(false);
  };

  return (
    <Section id="settings-auth" title="SCIM authentication" lead="What the SCIM port asks of Okta, Entra ID or any client. Wrong or missing credentials get 401 with a SCIM error.">
      <div className="settings-modes" role="radiogroup" aria-label="Authentication mode">
        {AUTH_MODES.map((m) => (
          <label key={m.mode} className={`settings-mode${mode === m.mode ? ' selected' : ''}${m.mode === 'none' ? ' is-danger' : ''}`}>
            <input type="radio" name={groupName} value={m.mode} checked={mode === m.mode} disabled={saving} onChange={() => void setMode(m.mode)} />
            <span className="settings-mode-title">{m.title}</span>
            <span className="settings-mode-desc">{m.description}</span>
          </label>
        ))}
      </div>

      {mode === 'none' && (
        <div className="settings-alarm" role="alert">
          <TriangleAlert size={22} aria-hidden="true" />
          <div>
            <strong>Authentication is off.</strong> Anyone who can reach the SCIM port, including through a public tunnel URL, can read, create and delete every user and group. Use it only on a private network, and switch it back after testing.
          </div>
        </div>
      )}

      {(mode === 'bearer' || mode === 'header') && (
        <div className="settings-rows">
          <div className="settings-row">
            <span className="settings-row-label">Token</span>
            <div className="settings-row-value">
              <SecretValue value={creds?.token ?? null} what="token" />
              <button type="button" className="button small" disabled={saving} onClick={() =>
                  ask({
                    title: 'Regenerate the SCIM token?',
                    message: 'The current token stops working at once: Okta and Entra ID get 401 until you paste the new one into them.',
                    confirmLabel: 'Regenerate token',
                    run: () => void regenerate(),
                  })
                }
              >
                <RefreshCw size={14} aria-hidden="true" />
                Regenerate…
              </button>
            </div>
          </div>
          <p className="settings-note">
            {mode === 'bearer' ? 'Clients send “Authorization: Bearer <token>” (the bare token works too).' : 'Clients send the token as the whole Authorization header (“Bearer <token>” works too).'} The <a href="#/connect">Connect</a> view shows what to paste where.
          </p>
        </div>
      )}

      {mode === 'basic' && <BasicCredentials client={client} creds={creds} disabled={saving} />}

    </Section>
  );
}

function BasicCredentials({ client, creds, disabled }: { client: AdminClient; creds: Credentials | null; disabled: boolean }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [showPassword, setShowPassword] = useState(false);
  const [saving, setSaving] = useState(false);
  const id = useId();
  useEffect(() => {
    if (creds) {
      setUsername(creds.basic.username);
      setPassword(creds.basic.password);
    }
  }, [creds]);
  const usernameError = username.trim() === '' ? 'Enter a username.' : null;
  const passwordError = password.length < 8 ? 'Use at least 8 characters.' : null;
  const changed = creds !== null && (username !== creds.basic.username || password !== creds.basic.password);
  const save = async () => {
    if (!creds || usernameError || passwordError) return;
    const basic: { username?: string; password?: string } = {};
    if (username !== creds.basic.username) basic.username = username;
    if (password !== creds.basic.password) basic.password = password;
    setSaving(true);
    await saveSettings(client, { auth: { basic } }, 'Basic credentials saved. Update them in Okta too.');
    setSaving(false);
  };
  const off = disabled || saving || creds === null;
  return (
    <form
      className="settings-rows"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div className="settings-row">
        <label className="settings-row-label" htmlFor={`${id}-user`}>
          Username
        </label>
        <div className="settings-row-value">
          <input id={`${id}-user`} type="text" className="settings-input mono" autoComplete="off" value={username} disabled={off} aria-invalid={!!usernameError || undefined} aria-describedby={usernameError ? `${id}-user-error` : undefined} onChange={(e) => setUsername(e.target.value)} />
          <CopyButton text={username} what="username" />
          {usernameError && (
            <span id={`${id}-user-error`} className="settings-error">
              {usernameError}
            </span>
          )}
        </div>
      </div>
      <div className="settings-row">
        <label className="settings-row-label" htmlFor={`${id}-pass`}>
          Password
        </label>
        <div className="settings-row-value">
          <input id={`${id}-pass`} type={showPassword ? 'text' : 'password'} className="settings-input mono" autoComplete="new-password" value={password} disabled={off} aria-invalid={!!passwordError || undefined} aria-describedby={passwordError ? `${id}-pass-error` : undefined} onChange={(e) => setPassword(e.target.value)} />
          <button type="button" className="button small" aria-pressed={showPassword} onClick={() => setShowPassword(!showPassword)}>
            {showPassword ? 'Hide' : 'Show'}
          </button>
          <CopyButton text={password} what="password" />
          {passwordError && (
            <span id={`${id}-pass-error`} className="settings-error">
              {passwordError}
            </span>
          )}
        </div>
      </div>
      <div className="settings-actions">
        <button type="submit" className="button primary" disabled={off || !changed || !!usernameError || !!passwordError}>
          {saving ? 'Saving…' : 'Save credentials'}
        </button>
        {changed && <span className="settings-note">Okta keeps the old credentials until you update them there.</span>}
      </div>
    </form>
  );
}

function RecordingSection({ client, settings }: { client: AdminClient; settings: PublicSettings }) {
  const rec = settings.recording;
  const [saving, setSaving] = useState(false);
  const [retention, setRetention] = useState(String(rec.retention));
  const [maxKb, setMaxKb] = useState(String(Math.round(rec.maxBodyBytes / 1024)));
  const id = useId();
  useEffect(() => setRetention(String(rec.retention)), [rec.retention]);
  useEffect(() => setMaxKb(String(Math.round(rec.maxBodyBytes / 1024))), [rec.maxBodyBytes]);

  const retentionN = Number(retention);
  const retentionError = !Number.isInteger(retentionN) || retentionN < 100 || retentionN > 1_000_000 ? 'A whole number from 100 to 1,000,000.' : null;
  const kbN = Number(maxKb);
  const kbError = !Number.isInteger(kbN) || kbN < 1 || kbN > 10_240 ? 'A whole number of KB from 1 to 10,240.' : null;
  const dirty = !retentionError && !kbError && (retentionN !== rec.retention || kbN * 1024 !== rec.maxBodyBytes);

  const save = async (patch: Partial<PublicSettings['recording']>, message: string) => {
    setSaving(true);
    await saveSettings(client, { recording: patch }, message);
    setSaving(false);
  };

  return (
    <Section id="settings-recording" title="Recording" lead="Every request that reaches the SCIM port becomes an exchange in Traffic, kept on disk across restarts.">
      <div className="settings-rows">
        <div className="settings-row">
          <span className="settings-row-label" id={`${id}-enabled`}>
            Record exchanges
          </span>
          <div className="settings-row-value">
            <Switch checked={rec.enabled} labelledBy={`${id}-enabled`} describedBy={`${id}-enabled-desc`} disabled={saving} onChange={(v) => void save({ enabled: v }, v ? 'Recording on' : 'Recording paused')} />
            <span id={`${id}-enabled-desc`} className="settings-note">
              {rec.enabled ? 'New requests appear in Traffic as they arrive.' : 'Paused: requests are still answered, but nothing new appears in Traffic.'}
            </span>
          </div>
        </div>
      </div>
      <form
        className="settings-rows"
        onSubmit={(e) => {
          e.preventDefault();
          if (dirty) void save({ retention: retentionN, maxBodyBytes: kbN * 1024 }, 'Recording limits saved');
        }}
      >
        <div className="settings-row">
          <label className="settings-row-label" htmlFor={`${id}-retention`}>
            Keep at most
          </label>
          <div className="settings-row-value">
            <input id={`${id}-retention`} className="settings-input settings-number" type="number" min={100} max={1_000_000} step={100} value={retention} disabled={saving} aria-invalid={!!retentionError || undefined} aria-describedby={`${id}-retention-desc`} onChange={(e) => setRetention(e.target.value)} />
            <span id={`${id}-retention-desc`} className={retentionError ? 'settings-error' : 'settings-note'}>
              {retentionError ?? 'exchanges; the oldest are dropped beyond this.'}
            </span>
          </div>
        </div>
        <div className="settings-row">
          <label className="settings-row-label" htmlFor={`${id}-maxbody`}>
            Body size limit
          </label>
          <div className="settings-row-value">
            <input id={`${id}-maxbody`} className="settings-input settings-number" type="number" min={1} max={10_240} value={maxKb} disabled={saving} aria-invalid={!!kbError || undefined} aria-describedby={`${id}-maxbody-desc`} onChange={(e) => setMaxKb(e.target.value)} />
            <span id={`${id}-maxbody-desc`} className={kbError ? 'settings-error' : 'settings-note'}>
              {kbError ?? 'KB per request or response body; larger bodies are recorded truncated.'}
            </span>
          </div>
        </div>
        <div className="settings-actions">
          <button type="submit" className="button primary" disabled={!dirty || saving}>
            Save limits
          </button>
        </div>
      </form>
    </Section>
  );
}

function ResponsesSection({ client, settings }: { client: AdminClient; settings: PublicSettings }) {
  const [saving, setSaving] = useState(false);
  const name = useId();
  const set = async (value: boolean) => {
    if (value === settings.patchReturnsResource) return;
    setSaving(true);
    await saveSettings(client, { patchReturnsResource: value }, value ? 'PATCH answers 200 with the resource' : 'PATCH answers 204 No Content');
    setSaving(false);
  };
  const options = [
    { value: true, title: '200 OK with the resource', description: 'The updated user or group in the body. The default.' },
    { value: false, title: '204 No Content', description: 'No body, as Microsoft suggests for group PATCH. Requests that ask for attributes still get 200.' },
  ];
  return (
    <Section id="settings-responses" title="PATCH responses" lead="RFC 7644 §3.5.2 allows either answer to a successful PATCH, and Okta and Entra ID accept both: switch to see that your client does too.">
      <div className="settings-choices" role="radiogroup" aria-label="PATCH answers">
        {options.map((o) => (
          <label key={String(o.value)} className={`settings-choice${settings.patchReturnsResource === o.value ? ' selected' : ''}`}>
            <input type="radio" name={name} checked={settings.patchReturnsResource === o.value} disabled={saving} onChange={() => void set(o.value)} />
            <span>
              <span className="settings-choice-title">{o.title}</span>
              <span className="settings-choice-desc">{o.description}</span>
            </span>
          </label>
        ))}
      </div>
    </Section>
  );
}

function AppearanceSection() {
  const choice = useStore(theme);
  const name = useId();
  const options: { value: ThemeChoice; title: string; description: string }[] = [
    { value: 'light', title: 'Light', description: 'Best on most projectors.' },
    { value: 'dark', title: 'Dark', description: 'Easier in a dim room.' },
    { value: 'system', title: 'System', description: 'Follow the operating system.' },
  ];
  return (
    <Section id="settings-appearance" title="Appearance" lead="Saved in this browser or app window only.">
      <div className="settings-choices settings-choices-3" role="radiogroup" aria-label="Theme">
        {options.map((o) => (
          <label key={o.value} className={`settings-choice${choice === o.value ? ' selected' : ''}`}>
            <input type="radio" name={name} checked={choice === o.value} onChange={() => setTheme(o.value)} />
            <span>
              <span className="settings-choice-title">{o.title}</span>
              <span className="settings-choice-desc">{o.description}</span>
            </span>
          </label>
        ))}
      </div>
    </Section>
  );
}

const RESET_CONFIRMATIONS: Record<'demo' | 'empty', Omit<Confirmation, 'run'>> = {
  demo: {
    title: 'Reset to the demo directory?',
    message: 'Every user and group is deleted and replaced by the demo directory (a few users and a group). Okta still remembers what it provisioned, so its next pushes may fail on missing ids.',
    confirmLabel: 'Reset to demo data',
  },
  empty: {
    title: 'Empty the store?',
    message: 'Every user and group is deleted, leaving an empty directory. Okta still remembers what it provisioned, so its next pushes may recreate users or fail on missing ids.',
    confirmLabel: 'Empty the store',
  },
};

function DataSection({ client, ask }: { client: AdminClient; ask: Ask }) {
  const status = useStore(serverState).status;
  const [saving, setSaving] = useState(false);
  const openFolder = desktop()?.openDataFolder;

  const doReset = async (seed: 'demo' | 'empty') => {
    setSaving(true);
    const result = await attempt(() => client.resetStore(seed), seed === 'demo' ? 'Store reset to the demo directory' : 'Store emptied');
    if (result) serverState.set((s) => ({ ...s, counts: { ...s.counts, ...result.counts }, storeRevision: s.storeRevision + 1 }));
    void refreshStatus(client);
    setSaving(false);
  };

  return (
    <Section id="settings-data" title="Data">
      <div className="settings-rows">
        <div className="settings-row">
          <span className="settings-row-label">Data folder</span>
          <div className="settings-row-value">
            {status ? <code className="settings-path">{status.dataDir}</code> : <span className="muted">Loading…</span>}
            {status && <CopyButton text={status.dataDir} what="data folder path" />}
            {openFolder && (
              <button type="button" className="button small" onClick={() => void attempt(() => openFolder())}>
                <FolderOpen size={14} aria-hidden="true" />
                Open data folder
              </button>
            )}
          </div>
        </div>
        <div className="settings-row">
          <span className="settings-row-label">Store file</span>
          <div className="settings-row-value">
            {status?.storeFile ? (
              <>
                <code className="settings-path">{status.storeFile}</code>
                <CopyButton text={status.storeFile} what="store file path" />
              </>
            ) : (
              <span className="settings-note">{status ? 'In memory: users and groups are not saved.' : 'Loading…'}</span>
            )}
          </div>
        </div>
      </div>
      <div className="settings-reset">
        <div>
          <h3>Reset the store</h3>
          <p className="settings-note">Deletes every user and group. Recorded traffic, fault rules and settings stay.</p>
        </div>
        <div className="settings-reset-actions">
          <button type="button" className="button" disabled={saving} onClick={() => ask({ ...RESET_CONFIRMATIONS.demo, run: () => void doReset('demo') })}>
            Reset to demo data…
          </button>
          <button type="button" className="button settings-danger-outline" disabled={saving} onClick={() => ask({ ...RESET_CONFIRMATIONS.empty, run: () => void doReset('empty') })}>
            Empty the store…
          </button>
        </div>
      </div>
    </Section>
  );
}
