/** The server quirk switches, which change how the server itself answers to imitate real SCIM servers that get things wrong. */
import { useId, useState } from 'react';
import type { AdminClient } from '../../api/admin-client.js';
import { saveSettings, useSettings } from '../settings/settings-io.js';
import { Switch } from '../settings/switch.js';
import { QUIRKS } from './quirks.js';

export function QuirksSection({ client }: { client: AdminClient }) {
  const settings = useSettings(client);
  const [saving, setSaving] = useState<string | null>(null);
  const baseId = useId();
  const setQuirk = async (key: string, value: boolean) => {
    setSaving(key);
    const info = QUIRKS.find((q) => q.key === key);
    await saveSettings(client, { quirks: { [key]: value } }, `${info?.title ?? key}: ${value ? 'on' : 'off'}`);
    setSaving(null);
  };
  const quirks: Readonly<Record<string, boolean | undefined>> = { ...settings?.quirks };
  const onCount = QUIRKS.filter((q) => quirks[q.key]).length;
  return (
    <section className="card section faults-quirks-section" aria-labelledby="faults-quirks-title">
      <div className="faults-section-head">
        <h2 id="faults-quirks-title">Server quirks</h2>
        <span className="faults-count">{onCount === 0 ? 'All off: the server follows RFC 7644.' : `${onCount} on`}</span>
      </div>
      <p className="faults-section-lead">Unlike rules, quirks change how the server itself answers, imitating real SCIM servers that get things wrong.</p>
      <ul className="faults-quirks">
        {QUIRKS.map((q) => {
          const labelId = `${baseId}-${q.key}`;
          const on = quirks[q.key] ?? false;
          return (
            <li key={q.key} className={`faults-quirk${on ? ' is-on' : ''}`}>
              <Switch checked={on} onChange={(v) => void setQuirk(q.key, v)} labelledBy={labelId} describedBy={`${labelId}-desc`} disabled={!settings || saving !== null} />
              <div>
                <div className="faults-quirk-title">
                  <span id={labelId}>{q.title}</span>
                  <code>{q.key}</code>
                </div>
                <p id={`${labelId}-desc`}>{q.description}</p>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
