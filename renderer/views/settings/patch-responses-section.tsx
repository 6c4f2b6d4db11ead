/** The PATCH responses section of Settings: whether a successful PATCH answers 200 with the resource or 204 No Content. */
import { useState } from 'react';
import type { AdminClient, PublicSettings } from '../../api/admin-client.js';
import { saveSettings } from './settings-io.js';
import { Choices, Section, type Choice } from './settings-section.js';

const ANSWERS: Choice<boolean>[] = [
  { value: true, title: '200 OK with the resource', description: 'The updated user or group in the body. The default.' },
  { value: false, title: '204 No Content', description: 'No body, as Microsoft suggests for group PATCH. Requests that ask for attributes still get 200.' },
];

export function PatchResponsesSection({ client, settings }: { client: AdminClient; settings: PublicSettings }) {
  const [saving, setSaving] = useState(false);
  const set = async (value: boolean) => {
    if (value === settings.patchReturnsResource) return;
    setSaving(true);
    await saveSettings(client, { patchReturnsResource: value }, value ? 'PATCH answers 200 with the resource' : 'PATCH answers 204 No Content');
    setSaving(false);
  };
  return (
    <Section id="settings-responses" title="PATCH responses" lead="RFC 7644 §3.5.2 allows either answer to a successful PATCH, and Okta and Entra ID accept both: switch to see that your client does too.">
      <Choices label="PATCH answers" options={ANSWERS} value={settings.patchReturnsResource} onChange={(value) => void set(value)} disabled={saving} />
    </Section>
  );
}
