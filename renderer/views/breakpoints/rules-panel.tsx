/**
 * The breakpoint rules: each with its switch, phase, what it matches, its release bound and how
 * often it paused; a short form to add one (the match fields are the fault rules'); and the
 * workspace's default release bound.
 */
import { Plus, Trash2 } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import type { BreakpointList, BreakpointRule } from '../../../server/contract/index.js';
import type { AdminClient } from '../../api/admin-client.js';
import { useStoreSelector } from '../../state/external-store.js';
import { breakpointsState } from '../../state/breakpoints-state.js';
import { attempt } from '../../state/toasts.js';
import { Switch } from '../settings/switch.js';

function describeMatch(rule: BreakpointRule): string {
  const m = rule.match;
  const parts = [
    m.methods?.length ? m.methods.join('/') : null,
    m.path ? `path ${m.path}` : null,
    m.operations?.length ? m.operations.join(', ') : null,
    m.clients?.length ? `from ${m.clients.join(', ')}` : null,
    m.bodyContains ? `body has “${m.bodyContains}”` : null,
    m.headerContains ? `header has “${m.headerContains}”` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : 'every SCIM request';
}

const definition = ({ id: _i, hits: _h, lastHitAt: _l, ...rest }: BreakpointRule) => rest;
const splitList = (text: string) => text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);

function AddRuleForm({ client, onAdded }: { client: AdminClient; onAdded: () => void }) {
  const [name, setName] = useState('');
  const [phase, setPhase] = useState<'before' | 'after'>('before');
  const [methods, setMethods] = useState('');
  const [path, setPath] = useState('');
  const [operations, setOperations] = useState('');
  const [timeout, setTimeoutText] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const match = {
      ...(splitList(methods).length ? { methods: splitList(methods).map((m) => m.toUpperCase()) } : {}),
      ...(path.trim() ? { path: path.trim() } : {}),
      ...(splitList(operations).length ? { operations: splitList(operations) } : {}),
    };
    const rule = { name: name.trim() || 'Breakpoint', phase, match, ...(timeout.trim() ? { timeoutMs: Math.round(Number(timeout) * 1000) } : {}) };
    const added = await attempt(() => client.addBreakpoint(rule), `Added breakpoint “${rule.name}”`);
    setBusy(false);
    if (added) {
      setName('');
      setMethods('');
      setPath('');
      setOperations('');
      setTimeoutText('');
      onAdded();
    }
  };
  return (
    <form className="bp-add" onSubmit={(e) => void submit(e)} aria-label="New breakpoint">
      <label>
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Hold user creates" />
      </label>
      <label>
        Pause
        <select value={phase} onChange={(e) => setPhase(e.target.value as 'before' | 'after')}>
          <option value="before">before the backend</option>
          <option value="after">after the backend answered</option>
        </select>
      </label>
      <label>
        Methods
        <input value={methods} onChange={(e) => setMethods(e.target.value)} placeholder="POST, PATCH" />
      </label>
      <label>
        Path
        <input value={path} onChange={(e) => setPath(e.target.value)} placeholder="/Users*" className="mono" />
      </label>
      <label>
        Operations
        <input value={operations} onChange={(e) => setOperations(e.target.value)} placeholder="user.create, group.members.*" />
      </label>
      <label>
        Release after (s)
        <input type="number" min={0.01} max={600} step="any" value={timeout} onChange={(e) => setTimeoutText(e.target.value)} placeholder="default" />
      </label>
      <button type="submit" className="button primary" disabled={busy}>
        <Plus size={16} aria-hidden="true" />
        Add breakpoint
      </button>
    </form>
  );
}

export function RulesPanel({ client }: { client: AdminClient }) {
  const revision = useStoreSelector(breakpointsState, (s) => s.rulesRevision);
  const [list, setList] = useState<BreakpointList | null>(null);
  const [defaultSeconds, setDefaultSeconds] = useState('');
  const reload = useCallback(() => {
    client.breakpoints().then(
      (l) => {
        setList(l);
        setDefaultSeconds(String(l.defaultTimeoutMs / 1000));
      },
      () => undefined,
    );
  }, [client]);
  useEffect(() => reload(), [reload, revision]);

  const toggle = (rule: BreakpointRule, enabled: boolean) => {
    setList((l) => l && { ...l, items: l.items.map((r) => (r.id === rule.id ? { ...r, enabled } : r)) });
    void attempt(() => client.replaceBreakpoint(rule.id, { ...definition(rule), enabled })).then(reload);
  };

  return (
    <section className="card bp-rules-section" aria-labelledby="bp-rules-title">
      <div className="bp-section-head">
        <h2 id="bp-rules-title">Rules</h2>
        <span className="bp-count">{list ? `${list.total} rule${list.total === 1 ? '' : 's'}` : 'loading…'}</span>
        <form
          className="bp-default"
          onSubmit={(e) => {
            e.preventDefault();
            void attempt(() => client.setBreakpointDefaultTimeout(Math.round(Number(defaultSeconds) * 1000)), 'Default release time saved').then(reload);
          }}
        >
          <label>
            Default release after (s)
            <input type="number" min={0.01} max={600} step="any" value={defaultSeconds} onChange={(e) => setDefaultSeconds(e.target.value)} />
          </label>
          <button type="submit" className="button small">
            Save
          </button>
        </form>
      </div>
      {list && list.items.length === 0 && <p className="bp-empty">No breakpoints yet. Add one below; it pauses the next request it matches.</p>}
      <ul className="bp-rules">
        {list?.items.map((rule) => (
          <li key={rule.id} className={`bp-rule${rule.enabled ? '' : ' is-off'}`}>
            <Switch checked={rule.enabled} onChange={(on) => toggle(rule, on)} label={`Enable breakpoint “${rule.name}”`} />
            <div className="bp-rule-main">
              <span className="bp-rule-name">{rule.name}</span>
              <span className={`bp-phase bp-phase-${rule.phase}`}>{rule.phase}</span>
              <p className="bp-rule-desc">
                {describeMatch(rule)} · released after {(rule.timeoutMs ?? list.defaultTimeoutMs) / 1000} s{rule.timeoutMs === undefined ? ' (default)' : ''}
              </p>
            </div>
            <span className="bp-rule-hits" title="Times it paused a request">
              {rule.hits.toLocaleString()} paused
            </span>
            <button type="button" className="button small ghost ctl-icon" aria-label={`Delete breakpoint “${rule.name}”`} title="Delete" onClick={() => void attempt(() => client.deleteBreakpoint(rule.id), `Deleted “${rule.name}”`).then(reload)}>
              <Trash2 size={16} aria-hidden="true" />
            </button>
          </li>
        ))}
      </ul>
      <AddRuleForm client={client} onAdded={reload} />
    </section>
  );
}
