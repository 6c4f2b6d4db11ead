/**
 * One workspace in the switcher's list (name, SCIM URL, counts, and its actions: switch, duplicate,
 * rename, delete) and the small name form that creating, duplicating and renaming share, checked
 * as typed.
 */
import { useId, useState } from 'react';
import type { WorkspaceInfo } from '../../api/admin-client.js';
import { CopyButton } from '../../components/copy-button.js';
import { DEFAULT_WORKSPACE } from '../../state/route.js';
import { copyName, nameProblem, plural } from './workspace-model.js';

export interface RowAction {
  name: string;
  kind: 'duplicate' | 'rename';
}

export function NameForm({ existing, busy, submitLabel, initial, seedChoice, onSubmit, onCancel }: { existing: readonly WorkspaceInfo[]; busy: boolean; submitLabel: string; initial: string; seedChoice?: boolean; onSubmit: (name: string, seed?: 'demo' | 'empty') => void; onCancel?: () => void }) {
  const [name, setName] = useState(initial);
  const [seed, setSeed] = useState<'demo' | 'empty'>('demo');
  const [touched, setTouched] = useState(initial !== '');
  const id = useId();
  const problem = nameProblem(name, existing);
  return (
    <form
      className="workspace-form"
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (!problem) onSubmit(name, seedChoice ? seed : undefined);
      }}
    >
      <label htmlFor={`${id}-name`}>Name</label>
      <input id={`${id}-name`} className="mono" value={name} autoComplete="off" spellCheck={false} placeholder="class-01" aria-invalid={(touched && !!problem) || undefined} aria-describedby={`${id}-hint`} onChange={(e) => (setName(e.target.value), setTouched(true))} />
      {seedChoice && (
        <select aria-label="Start with" value={seed} onChange={(e) => setSeed(e.target.value as 'demo' | 'empty')}>
          <option value="demo">Demo directory</option>
          <option value="empty">Empty directory</option>
        </select>
      )}
      <button type="submit" className="button primary small" disabled={busy || (touched && !!problem)}>
        {submitLabel}
      </button>
      {onCancel && (
        <button type="button" className="button small" onClick={onCancel}>
          Cancel
        </button>
      )}
      <span id={`${id}-hint`} className={touched && problem ? 'workspace-hint workspace-error' : 'workspace-hint'}>
        {touched && problem ? problem : 'Lowercase letters, digits and hyphens.'}
      </span>
    </form>
  );
}

export function WorkspaceRow(props: {
  workspace: WorkspaceInfo;
  current: boolean;
  all: readonly WorkspaceInfo[];
  action: RowAction | null;
  busy: boolean;
  onAction: (action: RowAction | null) => void;
  onSwitch: () => void;
  onDuplicate: (name: string) => void;
  onRename: (to: string) => void;
  onDelete: () => void;
}) {
  const { workspace: w, current, all, action, busy } = props;
  const named = w.name !== DEFAULT_WORKSPACE;
  return (
    <li className={current ? 'workspace-item is-current' : 'workspace-item'} aria-current={current || undefined} aria-label={w.name}>
      <div className="workspace-item-head">
        <strong className="workspace-name">{w.name}</strong>
        {current && <span className="pill pill-info">shown</span>}
        {w.error && <span className="pill pill-danger">cannot load</span>}
        <span className="grow" />
        {!current && (
          <button type="button" className="button small primary" disabled={busy || !!w.error} onClick={props.onSwitch}>
            Switch
          </button>
        )}
        <button type="button" className="button small" disabled={busy} onClick={() => props.onAction({ name: w.name, kind: 'duplicate' })}>
          Duplicate
        </button>
        {named && (
          <>
            <button type="button" className="button small" disabled={busy} onClick={() => props.onAction({ name: w.name, kind: 'rename' })}>
              Rename
            </button>
            <button type="button" className="button small danger" disabled={busy} onClick={props.onDelete}>
              Delete…
            </button>
          </>
        )}
      </div>
      <div className="workspace-item-meta">
        {w.scimUrl ? (
          <span className="workspace-url">
            <code>{w.scimUrl}</code>
            <CopyButton text={w.scimUrl} what={`SCIM URL of “${w.name}”`} />
          </span>
        ) : (
          <span className="muted">No SCIM URL yet</span>
        )}
        <span className="muted">{w.counts ? `${plural(w.counts.users, 'user')} · ${plural(w.counts.groups, 'group')} · ${plural(w.counts.exchanges, 'exchange')}` : 'not loaded'}</span>
        {w.error && <span className="workspace-error">{w.error}</span>}
      </div>
      {action?.kind === 'duplicate' && (
        <NameForm key="dup" existing={all} busy={busy} submitLabel="Create copy" initial={copyName(w.name, all)} onSubmit={(name) => props.onDuplicate(name)} onCancel={() => props.onAction(null)} />
      )}
      {action?.kind === 'rename' && <NameForm key="ren" existing={all.filter((x) => x.name !== w.name)} busy={busy} submitLabel="Save name" initial={w.name} onSubmit={(name) => props.onRename(name)} onCancel={() => props.onAction(null)} />}
    </li>
  );
}
