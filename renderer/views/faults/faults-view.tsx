/** The Faults view: loads the ordered fault rules and presets, runs every change against the server (refetching when it says rules changed), and lays out the rule list, presets, quirks, editor and delete confirmation. */
import { Plus, RotateCcw } from 'lucide-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FaultPreset, FaultRule } from '../../../server/contract/index.js';
import { useServices } from '../../app-services.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { useStore } from '../../state/external-store.js';
import { serverState } from '../../state/server-state.js';
import { attempt, toast } from '../../state/toasts.js';
import { PresetsGrid } from './presets-grid.js';
import { QuirksSection } from './quirks-panel.js';
import { RuleEditor } from './rule-editor.js';
import { ruleDefinition, type RuleDefinition } from './rule-form.js';
import { RuleList } from './rule-list.js';
import '../../styles/faults.css';

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

      <RuleList
        client={client}
        rules={rules}
        loadError={loadError}
        busy={busy}
        fresh={fresh}
        onToggle={setEnabled}
        onMove={move}
        onEdit={(rule) => openEditor(rule)}
        onDelete={(rule) => setToDelete(rule)}
      />

      <PresetsGrid presets={presets} rules={rules} busy={busy} onAdd={(preset) => void addPreset(preset)} />

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
