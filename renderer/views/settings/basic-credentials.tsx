/** The Basic username and password form of the SCIM authentication section, checked as typed and saved together. */
import { useEffect, useId, useState } from 'react';
import type { AdminClient, Credentials } from '../../api/admin-client.js';
import { CopyButton } from '../../components/copy-button.js';
import { useScreenSharing } from '../../components/masked.js';
import { saveSettings } from './settings-io.js';

export function BasicCredentials({ client, creds, disabled }: { client: AdminClient; creds: Credentials | null; disabled: boolean }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [showPassword, setShowPassword] = useState(false);
  const sharing = useScreenSharing();
  // Turning the screen-sharing switch on hides a password shown before.
  useEffect(() => {
    if (sharing) setShowPassword(false);
  }, [sharing]);
  const [saving, setSaving] = useState(false);
  const id = useId();
  // Re-seed only when the stored credentials change, not on every refetch (any setting change refetches them), so typing survives.
  const storedUsername = creds?.basic.username;
  const storedPassword = creds?.basic.password;
  useEffect(() => {
    if (storedUsername !== undefined) setUsername(storedUsername);
    if (storedPassword !== undefined) setPassword(storedPassword);
  }, [storedUsername, storedPassword]);
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
