/** Creates a user or group from the inspector, with a form for the common attributes or raw JSON for anything else; the two tabs carry edits across. */
import { X } from 'lucide-react';
import { useState } from 'react';
import type { JsonObject } from '../../../server/contract/index.js';
import type { ResourcePath } from '../../api/admin-client.js';
import { useServices } from '../../app-services.js';
import { toast } from '../../state/toasts.js';
import { NOUN, resourceName, str } from './resource-format.js';
import { ResourceFields } from './resource-form-fields.js';
import { EMPTY_GROUP_FORM, EMPTY_USER_FORM, applyForm, blankResource, missingRequired, toForm, type ResourceForm } from './resource-form-model.js';
import { RawJsonPanel, parseObject, pretty } from './raw-json-panel.js';

type Mode = 'form' | 'json';

export function CreatePanel({ type, onCreated, onClose }: { type: ResourcePath; onCreated: (id: string) => void; onClose: () => void }) {
  const { client } = useServices();
  const noun = NOUN[type];
  const [mode, setMode] = useState<Mode>('form');
  const [base, setBase] = useState<JsonObject>(() => blankResource(type));
  const [form, setForm] = useState<ResourceForm>(() => (type === 'users' ? { ...EMPTY_USER_FORM } : { ...EMPTY_GROUP_FORM }));
  const [jsonText, setJsonText] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const missing = missingRequired(type, form);

  const create = async (body: JsonObject): Promise<string | null> => {
    try {
      const created = await client.createResource(type, body);
      toast('success', `Created ${resourceName(type, created)}.`);
      onCreated(str(created.id));
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  };

  const switchTo = (next: Mode) => {
    if (next === mode) return;
    if (next === 'json') {
      setJsonText(pretty(applyForm(type, base, form)));
    } else {
      const parsed = jsonText === null ? null : parseObject(jsonText);
      if (jsonText !== null && !parsed) {
        toast('info', 'Fix the JSON first: the form can only read valid JSON.');
        return;
      }
      if (parsed) {
        setBase(parsed);
        setForm(toForm(type, parsed));
      }
    }
    setError(null);
    setMode(next);
  };

  const submitForm = async () => {
    if (missing || busy) return;
    setBusy(true);
    setError(await create(applyForm(type, base, form)));
    setBusy(false);
  };

  return (
    <aside className="rs-detail rs-create" aria-labelledby="rs-create-title">
      <header className="rs-detail-head">
        <div className="rs-detail-heading">
          <h2 id="rs-create-title">New {noun.one}</h2>
          <p className="rs-detail-sub">
            Created from the inspector with a POST, as {type === 'users' ? 'Okta does when you assign someone' : 'Okta does when you push a group'}.
          </p>
        </div>
        <button type="button" className="rs-icon-button rs-close" onClick={onClose} aria-label="Close without creating" title="Close (Esc)">
          <X size={18} aria-hidden="true" />
        </button>
      </header>
      <div className="rs-tabs" role="tablist" aria-label="How to write it">
        {(['form', 'json'] as Mode[]).map((m) => (
          <button key={m} id={`rs-create-tab-${m}`} type="button" role="tab" aria-selected={mode === m} aria-controls="rs-create-panel" className={mode === m ? 'rs-tab rs-tab-active' : 'rs-tab'} onClick={() => switchTo(m)}>
            {m === 'form' ? 'Form' : 'Raw JSON'}
          </button>
        ))}
      </div>
      <div id="rs-create-panel" className="rs-tabpanel" role="tabpanel" aria-labelledby={`rs-create-tab-${mode}`}>
        {mode === 'form' ? (
          <form
            className="rs-edit-form"
            aria-label={`New ${noun.one}`}
            onSubmit={(e) => {
              e.preventDefault();
              void submitForm();
            }}
          >
            <ResourceFields type={type} prefix="rs-create" form={form} onChange={(f) => (setForm(f), setError(null))} autoFocus />
            {error && (
              <div className="rs-server-error" role="alert">
                <strong>The server refused it.</strong> {error}
              </div>
            )}
            <div className="rs-form-actions">
              <button type="submit" className="button primary" disabled={busy || !!missing}>
                {busy ? 'Creating…' : `Create ${noun.one}`}
              </button>
              <button type="button" className="button" onClick={onClose}>
                Cancel
              </button>
              {missing && <span className="muted rs-inline-note">{missing} is required.</span>}
            </div>
          </form>
        ) : (
          <RawJsonPanel
            source={applyForm(type, base, form)}
            initialText={jsonText ?? undefined}
            onText={setJsonText}
            label={`New ${noun.one} as JSON`}
            saveLabel={`Create ${noun.one} (POST)`}
            allowUnchanged
            note={type === 'users' ? 'Any attribute the schema knows, extensions included (add the extension URN to "schemas").' : 'Members are objects like { "value": "<user id>" }.'}
            onSave={create}
          />
        )}
      </div>
    </aside>
  );
}
