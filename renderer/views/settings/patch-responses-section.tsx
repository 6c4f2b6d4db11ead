/** The PATCH responses section of Settings: whether a successful PATCH answers 200 with the resource or 204 No Content. */
import { useId, useState } from 'react';
import type { AdminClient, PublicSettings } from '../../api/admin-client.js';
import { saveSettings } from './settings-io.js';
import { Section } from './settings-section.js';

export function PatchResponsesSection({ client, settings }: { client: AdminClient; settings: PublicSettings }) {
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
