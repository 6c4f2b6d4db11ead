/** The Recording section of Settings: pause or resume recording, how many exchanges and how much of each body are kept, and how many changes the resource timelines keep. */
import { useEffect, useId, useState } from 'react';
import type { AdminClient, PublicSettings } from '../../api/admin-client.js';
import { saveSettings } from './settings-io.js';
import { Section } from './settings-section.js';
import { Switch } from './switch.js';

export function RecordingSection({ client, settings }: { client: AdminClient; settings: PublicSettings }) {
  const rec = settings.recording;
  const [saving, setSaving] = useState(false);
  const [retention, setRetention] = useState(String(rec.retention));
  const [maxKb, setMaxKb] = useState(String(Math.round(rec.maxBodyBytes / 1024)));
  const [historyCap, setHistoryCap] = useState(String(rec.historyCap));
  const id = useId();
  useEffect(() => setRetention(String(rec.retention)), [rec.retention]);
  useEffect(() => setMaxKb(String(Math.round(rec.maxBodyBytes / 1024))), [rec.maxBodyBytes]);
  useEffect(() => setHistoryCap(String(rec.historyCap)), [rec.historyCap]);

  const retentionN = Number(retention);
  const retentionError = !Number.isInteger(retentionN) || retentionN < 100 || retentionN > 1_000_000 ? 'A whole number from 100 to 1,000,000.' : null;
  const kbN = Number(maxKb);
  const kbError = !Number.isInteger(kbN) || kbN < 1 || kbN > 10_240 ? 'A whole number of KB from 1 to 10,240.' : null;
  const historyN = Number(historyCap);
  const historyError = !Number.isInteger(historyN) || historyN < 100 || historyN > 1_000_000 ? 'A whole number from 100 to 1,000,000.' : null;
  const dirty = !retentionError && !kbError && !historyError && (retentionN !== rec.retention || kbN * 1024 !== rec.maxBodyBytes || historyN !== rec.historyCap);

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
          if (dirty) void save({ retention: retentionN, maxBodyBytes: kbN * 1024, historyCap: historyN }, 'Recording limits saved');
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
        <div className="settings-row">
          <label className="settings-row-label" htmlFor={`${id}-history`}>
            Timeline history
          </label>
          <div className="settings-row-value">
            <input id={`${id}-history`} className="settings-input settings-number" type="number" min={100} max={1_000_000} step={100} value={historyCap} disabled={saving} aria-invalid={!!historyError || undefined} aria-describedby={`${id}-history-desc`} onChange={(e) => setHistoryCap(e.target.value)} />
            <span id={`${id}-history-desc`} className={historyError ? 'settings-error' : 'settings-note'}>
              {historyError ?? 'changes to users and groups; the oldest leave the timelines beyond this.'}
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
