/** Where a scenario is played: this sandbox, or another SCIM server with the credentials it takes (kept in the server process, never shown again). */

export type TargetChoice =
  | { kind: 'sandbox' }
  | { kind: 'url'; url: string; auth: 'bearer' | 'header' | 'basic' | 'none'; token?: string; username?: string; password?: string };

export function ScenarioTarget({ value, onChange }: { value: TargetChoice; onChange: (t: TargetChoice) => void }) {
  const url = value.kind === 'url' ? value : null;
  return (
    <fieldset className="scen-field scenario-target">
      <legend>Target</legend>
      <label className="scenario-radio">
        <input type="radio" name="scenario-target" checked={value.kind === 'sandbox'} onChange={() => onChange({ kind: 'sandbox' })} /> This sandbox
      </label>
      <label className="scenario-radio">
        <input type="radio" name="scenario-target" checked={value.kind === 'url'} onChange={() => onChange({ kind: 'url', url: '', auth: 'bearer' })} /> Another SCIM server
      </label>
      {url && (
        <div className="scenario-target-fields">
          <label className="scen-field">
            <span>SCIM base URL</span>
            <input type="url" placeholder="http://localhost:3000/scim/v2" value={url.url} onChange={(e) => onChange({ ...url, url: e.target.value })} />
          </label>
          <label className="scen-field">
            <span>Authentication</span>
            <select value={url.auth} onChange={(e) => onChange({ ...url, auth: e.target.value as typeof url.auth })}>
              <option value="bearer">Bearer token</option>
              <option value="header">Token as the whole header (Okta HTTP Header)</option>
              <option value="basic">Basic</option>
              <option value="none">None</option>
            </select>
          </label>
          {(url.auth === 'bearer' || url.auth === 'header') && (
            <label className="scen-field">
              <span>Token</span>
              <input type="password" autoComplete="off" value={url.token ?? ''} onChange={(e) => onChange({ ...url, token: e.target.value })} />
            </label>
          )}
          {url.auth === 'basic' && (
            <>
              <label className="scen-field">
                <span>Username</span>
                <input autoComplete="off" value={url.username ?? ''} onChange={(e) => onChange({ ...url, username: e.target.value })} />
              </label>
              <label className="scen-field">
                <span>Password</span>
                <input type="password" autoComplete="off" value={url.password ?? ''} onChange={(e) => onChange({ ...url, password: e.target.value })} />
              </label>
            </>
          )}
        </div>
      )}
    </fieldset>
  );
}
