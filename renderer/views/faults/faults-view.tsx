/**
 * The Faults view: the ordered fault rules (toggle, plain-words summary, live counters, reorder,
 * edit, delete), the presets one click away, the random seed, and the server quirk switches.
 * Rules are refetched whenever the server says they changed (including hit counters).
 */
import { ArrowDown, ArrowUp, Pencil, Plus, RotateCcw, Trash2 } from 'lucide-react';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { FaultPreset, FaultRule } from '../../../server/contract/index.js';
import type { AdminClient, PublicSettings } from '../../api/admin-client.js';
import { useServices } from '../../app-services.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { useStore } from '../../state/external-store.js';
import { serverState } from '../../state/server-state.js';
import { attempt, toast } from '../../state/toasts.js';
import { saveSettings, useSettings } from '../settings/settings-io.js';
import { Switch } from '../settings/switch.js';
import { actionBadge, describeRule } from './describe-rule.js';
import { QUIRKS } from './quirks.js';
import { RuleEditor } from './rule-editor.js';
import { ruleDefinition, type RuleDefinition } from './rule-form.js';
import '../../styles/faults.css';

/** "just now", "42 s ago", "3 min ago", "2 h ago", else the date and time. */
export function relativeTime(iso: string, now: number): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return new Date(iso).toLocaleString();
}

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

interface EditorState {
  rule: FaultRule | null;
  initial: RuleDefinition | null;
  key: number;
}

export function FaultsView() {
  const { client } = useServices();
  const faultsRevision = useStore(serverState).faultsRevision;
  const [rules, setRules] = useState<FaultRule[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [presets, setPresets] = useState<FaultPreset[] | null>(null);
  const [editor, setEditor] = useState<EditorState | null>(null);
  const [toDelete, setToDelete] = useState<FaultRule | null>(null);
  const [busy, setBusy] = useState(false);
  const [fresh, setFresh] = useState<string | null>(null);
  const ticket = useRef(0);
  const editorKey = useRef(0);

  const reload = useCallback(() => {
    const mine = ++ticket.current;
    client.faults().then(
      (list) => {
        if (mine !== ticket.current) return;
        setRules(list.items);
        setLoadError(null);
      },
      (error: Error) => mine === ticket.current && setLoadError(error.message),
    );
  }, [client]);

  useEffect(() => reload(), [reload, faultsRevision]);

  // A rule just added is marked for a few seconds, so the eye finds it in the list.
  useEffect(() => {
    if (!fresh) return;
    const timer = setTimeout(() => setFresh(null), 4000);
    return () => clearTimeout(timer);
  }, [fresh]);

  useEffect(() => {
    client.presets().then(
      (list) => setPresets(list.items),
      (error: Error) => {
        setPresets([]);
        toast('error', error.message);
      },
    );
  }, [client]);

  /** Runs a change with the list locked, then shows the server's list. */
  const change = async <T,>(action: () => Promise<T>, success?: string): Promise<T | undefined> => {
    setBusy(true);
    try {
      return await attempt(action, success);
    } finally {
      setBusy(false);
      reload();
    }
  };

  const setEnabled = (rule: FaultRule, enabled: boolean) => {
    setRules((list) => list?.map((r) => (r.id === rule.id ? { ...r, enabled } : r)) ?? null);
    void change(() => client.patchFault(rule.id, { enabled }));
  };

  const move = (index: number, delta: -1 | 1) => {
    if (!rules) return;
    const target = index + delta;
    if (target < 0 || target >= rules.length) return;
    const next = [...rules];
    [next[index], next[target]] = [next[target]!, next[index]!];
    setRules(next);
    void change(() => client.reorderFaults(next.map((r) => r.id)));
  };

  const addPreset = async (preset: FaultPreset) => {
    const rule = await change(() => client.addPreset(preset.id), `Added “${preset.name}”`);
    if (rule) setFresh(rule.id);
  };

  const openEditor = (rule: FaultRule | null) => setEditor({ rule, initial: rule ? ruleDefinition(rule) : null, key: ++editorKey.current });

  const saveRule = async (body: unknown) => {
    const saved = editor?.rule ? await client.replaceFault(editor.rule.id, body) : await client.addFault(body);
    toast('success', editor?.rule ? `Saved “${saved.name}”` : `Added “${saved.name}”`);
    if (!editor?.rule) setFresh(saved.id);
    setEditor(null);
    reload();
  };

  const enabledCount = rules?.filter((r) => r.enabled).length ?? 0;

  return (
    <div className="page faults-page">
      <header className="faults-header">
        <div>
          <h1>Faults</h1>
          <p className="faults-lead">
            Make the sandbox misbehave on purpose to see how your identity provider copes. Enabled rules are checked top to bottom: latency rules add up, and the first other rule that fires answers instead of the server.
          </p>
        </div>
        <div className="faults-toolbar">
          <button type="button" className="button" disabled={busy || !rules?.length} onClick={() => void change(() => client.resetFaultCounters(), 'Counters reset')}>
            <RotateCcw size={16} aria-hidden="true" />
            Reset counters
          </button>
          <button type="button" className="button primary" onClick={() => openEditor(null)}>
            <Plus size={16} aria-hidden="true" />
            New rule
          </button>
        </div>
      </header>

      <section className="card section faults-rules-section" aria-labelledby="faults-rules-title">
        <div className="faults-section-head">
          <h2 id="faults-rules-title">Rules</h2>
          {rules && rules.length > 0 && (
            <span className="faults-count">
              {enabledCount} of {rules.length} on
            </span>
          )}
        </div>
        {loadError && !rules ? (
          <p className="empty" role="alert">
            Could not load the rules: {loadError}
          </p>
        ) : rules === null ? (
          <p className="empty">Loading rules…</p>
        ) : rules.length === 0 ? (
          <div className="faults-empty">
            <p className="faults-empty-title">No fault rules yet</p>
            <p className="muted">Every request is answered normally. Add a preset below, or write your own rule.</p>
          </div>
        ) : (
          <ol className="faults-rules">
            {rules.map((rule, index) => (
              <RuleRow
                key={rule.id}
                rule={rule}
                index={index}
                last={index === rules.length - 1}
                busy={busy}
                fresh={fresh === rule.id}
                onToggle={(enabled) => setEnabled(rule, enabled)}
                onMove={(delta) => move(index, delta)}
                onEdit={() => openEditor(rule)}
                onDelete={() => setToDelete(rule)}
              />
            ))}
          </ol>
        )}
        <SeedSetting client={client} />
      </section>

      <section className="faults-presets-section" aria-labelledby="faults-presets-title">
        <div className="faults-section-head">
          <h2 id="faults-presets-title">Presets</h2>
          <span className="faults-count">One click adds a ready-made rule, switched on, at the end of the list.</span>
        </div>
        {presets === null ? (
          <p className="muted">Loading presets…</p>
        ) : (
          <ul className="faults-presets">
            {presets.map((preset) => {
              const badge = actionBadge(preset.rule.action);
              const inUse = rules?.some((r) => r.preset === preset.id) ?? false;
              return (
                <li key={preset.id} className="card faults-preset">
                  <div className="faults-preset-top">
                    <span className={`faults-badge tone-${badge.tone}`}>{badge.text}</span>
                    {inUse && <span className="faults-in-use">In use</span>}
                  </div>
                  <h3>{preset.name}</h3>
                  <p>{preset.description}</p>
                  <button type="button" className="button small faults-preset-add" disabled={busy} onClick={() => void addPreset(preset)} aria-label={`Add preset: ${preset.name}`}>
                    <Plus size={14} aria-hidden="true" />
                    Add
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <QuirksSection client={client} />

      {editor && <RuleEditor key={editor.key} initial={editor.initial} isNew={editor.rule === null} onSave={saveRule} onClose={() => setEditor(null)} />}
      <ConfirmDialog
        open={toDelete !== null}
        title="Delete this rule?"
        message={toDelete ? `“${toDelete.name}” and its counters will be removed. Requests it would have faulted are answered normally again.` : ''}
        confirmLabel="Delete rule"
        onCancel={() => setToDelete(null)}
        onConfirm={() => {
          const rule = toDelete;
          setToDelete(null);
          if (rule) void change(() => client.deleteFault(rule.id), `Deleted “${rule.name}”`);
        }}
      />
    </div>
  );
}

function RuleRow({
  rule,
  index,
  last,
  busy,
  fresh,
  onToggle,
  onMove,
  onEdit,
  onDelete,
}: {
  rule: FaultRule;
  index: number;
  last: boolean;
  busy: boolean;
  fresh: boolean;
  onToggle: (enabled: boolean) => void;
  onMove: (delta: -1 | 1) => void;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const now = useNow(15_000);
  const nameId = useId();
  const badge = actionBadge(rule.action);
  return (
    <li className={`faults-rule${rule.enabled ? '' : ' is-off'}${fresh ? ' is-fresh' : ''}`} aria-labelledby={nameId}>
      <span className="faults-rule-index" aria-hidden="true">
        {index + 1}
      </span>
      <div className="faults-rule-switch">
        <Switch checked={rule.enabled} onChange={onToggle} label={`Enable rule “${rule.name}”`} />
        <span className="faults-rule-state" aria-hidden="true">
          {rule.enabled ? 'On' : 'Off'}
        </span>
      </div>
      <div className="faults-rule-main">
        <div className="faults-rule-title">
          <span id={nameId} className="faults-rule-name">
            {rule.name}
          </span>
          <span className={`faults-badge tone-${badge.tone}`}>{badge.text}</span>
        </div>
        <p className="faults-rule-desc">{describeRule(rule)}</p>
      </div>
      <dl className="faults-rule-stats">
        <div>
          <dt>Fired</dt>
          <dd key={rule.hits} className={rule.hits > 0 ? 'faults-pulse' : undefined}>
            {rule.hits.toLocaleString()}
          </dd>
        </div>
        <div>
          <dt>Matched</dt>
          <dd>{rule.matched.toLocaleString()}</dd>
        </div>
        <div className="faults-rule-last">
          <dt>Last fired</dt>
          <dd title={rule.lastHitAt ? new Date(rule.lastHitAt).toLocaleString() : undefined}>{rule.lastHitAt ? relativeTime(rule.lastHitAt, now) : 'never'}</dd>
        </div>
      </dl>
      <div className="faults-rule-actions">
        <button type="button" className="button small ghost ctl-icon" aria-label={`Move “${rule.name}” up`} title="Move up" disabled={busy || index === 0} onClick={() => onMove(-1)}>
          <ArrowUp size={16} aria-hidden="true" />
        </button>
        <button type="button" className="button small ghost ctl-icon" aria-label={`Move “${rule.name}” down`} title="Move down" disabled={busy || last} onClick={() => onMove(1)}>
          <ArrowDown size={16} aria-hidden="true" />
        </button>
        <button type="button" className="button small" aria-label={`Edit “${rule.name}”`} onClick={onEdit}>
          <Pencil size={14} aria-hidden="true" />
          Edit
        </button>
        <button type="button" className="button small ghost ctl-icon faults-delete" aria-label={`Delete “${rule.name}”`} title="Delete" disabled={busy} onClick={onDelete}>
          <Trash2 size={16} aria-hidden="true" />
        </button>
      </div>
    </li>
  );
}

/** The random seed: empty means truly random. */
function SeedSetting({ client }: { client: AdminClient }) {
  const settings = useSettings(client);
  const current = settings?.faults.seed ?? null;
  const [text, setText] = useState(current === null ? '' : String(current));
  const [saving, setSaving] = useState(false);
  const inputId = useId();
  useEffect(() => setText(current === null ? '' : String(current)), [current]);
  const trimmed = text.trim();
  const valid = trimmed === '' || /^-?\d+$/.test(trimmed);
  const next = trimmed === '' ? null : Number(trimmed);
  const dirty = valid && next !== current;
  const save = async (seed: number | null) => {
    setSaving(true);
    await saveSettings(client, { faults: { seed } }, seed === null ? 'Faults are truly random again' : `Seed set to ${seed}`);
    setSaving(false);
  };
  return (
    <form
      className="faults-seed"
      onSubmit={(e) => {
        e.preventDefault();
        if (dirty) void save(next);
      }}
    >
      <label htmlFor={inputId} className="faults-seed-label">
        Random seed
      </label>
      <input id={inputId} type="text" inputMode="numeric" className="faults-seed-input mono" placeholder="random" value={text} disabled={!settings || saving} aria-describedby={`${inputId}-hint`} aria-invalid={!valid || undefined} onChange={(e) => setText(e.target.value)} />
      <button type="submit" className="button small" disabled={!dirty || saving}>
        Save
      </button>
      <p id={`${inputId}-hint`} className="faults-seed-hint">
        {valid ? 'With a seed, rules that fire by chance pick the same requests on every run (from the last counter reset), so a failure can be reproduced; leave it empty for truly random.' : 'The seed must be a whole number.'}
      </p>
    </form>
  );
}

function QuirksSection({ client }: { client: AdminClient }) {
  const settings = useSettings(client);
  const [saving, setSaving] = useState<string | null>(null);
  const baseId = useId();
  const setQuirk = async (key: string, value: boolean) => {
    setSaving(key);
    const info = QUIRKS.find((q) => q.key === key);
    await saveSettings(client, { quirks: { [key]: value } }, `${info?.title ?? key}: ${value ? 'on' : 'off'}`);
    setSaving(null);
  };
  const quirks: PublicSettings['quirks'] = settings?.quirks ?? {};
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
