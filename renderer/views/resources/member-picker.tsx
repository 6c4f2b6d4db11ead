/** "Add member": a combobox that searches users by userName on the server (never loading them all) and adds the chosen one to the group with a SCIM PATCH. */
import { UserPlus } from 'lucide-react';
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import type { JsonObject } from '../../../server/contract/index.js';
import { useServices } from '../../app-services.js';
import { Avatar } from './resource-columns.js';
import { isActive, resourceName, str } from './resource-format.js';
import { nameContains } from './search-filter.js';

const RESULTS = 8;

/** The filter behind the picker: userName or displayName containing the text. */
export function memberSearchFilter(text: string): string | null {
  const t = text.trim();
  return t ? nameContains('users', t) : null;
}

export function MemberPicker({ memberIds, groupName, onAdd }: { memberIds: ReadonlySet<string>; groupName: string; onAdd: (user: JsonObject) => Promise<boolean> }) {
  const { client } = useServices();
  const id = useId();
  const [text, setText] = useState('');
  const [results, setResults] = useState<JsonObject[]>([]);
  const [total, setTotal] = useState(0);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [answered, setAnswered] = useState('');

  useEffect(() => {
    const filter = memberSearchFilter(text);
    if (!filter) {
      setResults([]);
      setTotal(0);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      client.resources('users', { filter, count: RESULTS, sortBy: 'userName' }).then(
        (page) => {
          if (!live) return;
          setResults(page.items);
          setTotal(page.total);
          setActive(0);
          setError(null);
          setAnswered(text);
        },
        (e: Error) => live && setError(e.message),
      );
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [client, text]);

  const add = async (user: JsonObject) => {
    if (memberIds.has(str(user.id)) || busy) return;
    setBusy(true);
    const ok = await onAdd(user);
    setBusy(false);
    if (ok) {
      setText('');
      setOpen(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(results.length - 1, a + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const user = results[active];
      if (user) void add(user);
    } else if (e.key === 'Escape' && open) {
      e.stopPropagation();
      setOpen(false);
    }
  };

  const showList = open && text.trim() !== '';
  const optionId = (i: number) => `${id}-opt-${i}`;
  return (
    <div className="rs-picker">
      <label htmlFor={`${id}-input`} className="rs-picker-label">
        <UserPlus size={16} aria-hidden="true" />
        Add a member to {groupName}
      </label>
      <input
        id={`${id}-input`}
        type="text"
        role="combobox"
        aria-expanded={showList}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={showList && results[active] ? optionId(active) : undefined}
        placeholder="Search users by userName…"
        autoComplete="off"
        spellCheck={false}
        value={text}
        disabled={busy}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
      />
      {showList && (
        <div className="rs-picker-pop">
          <ul id={`${id}-list`} role="listbox" className="rs-picker-list" aria-label="Matching users">
            {results.map((user, i) => {
              const member = memberIds.has(str(user.id));
              return (
                <li
                  key={str(user.id)}
                  id={optionId(i)}
                  role="option"
                  aria-selected={i === active}
                  aria-disabled={member}
                  className={i === active ? 'rs-picker-option rs-active' : 'rs-picker-option'}
                  onMouseDown={(e) => e.preventDefault()}
                  onMouseEnter={() => setActive(i)}
                  onClick={() => void add(user)}
                >
                  <Avatar name={resourceName('users', user)} dim={!isActive(user)} />
                  <span className="rs-picker-text">
                    <span className="rs-ellipsis">{str(user.userName)}</span>
                    <span className="rs-ellipsis muted">{resourceName('users', user)}</span>
                  </span>
                  {member ? <span className="pill pill-info">Member</span> : <span className="rs-picker-add">Add</span>}
                </li>
              );
            })}
          </ul>
          {error && <p className="rs-picker-note rs-error-text">{error}</p>}
          {!error && results.length === 0 && answered === text && <p className="rs-picker-note">No user’s userName or display name contains “{text.trim()}”.</p>}
          {total > results.length && <p className="rs-picker-note">{(total - results.length).toLocaleString()} more match; keep typing to narrow.</p>}
        </div>
      )}
    </div>
  );
}
