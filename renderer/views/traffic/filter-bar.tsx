/**
 * The Traffic filters: full-text search (summaries here, bodies on the server) and chips for method,
 * status class, operation family, client, faulted and linted. Controlled: the view owns the filter.
 */
import { Search, X } from 'lucide-react';
import { memo, type KeyboardEvent, type ReactNode } from 'react';
import type { ClientKind } from '../../../server/contract/index.js';
import { CLIENT_NAMES, KIND_FAMILIES } from '../../state/labels.js';
import { emptyFilter, isEmptyFilter, type StatusClass, type TrafficFilter } from '../../state/traffic-filter.js';
import { Chip, toggle } from '../../components/chip.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const STATUS_CLASSES: { id: StatusClass; label: string; title: string }[] = [
  { id: '2xx', label: '2xx', title: 'Succeeded' },
  { id: '4xx', label: '4xx', title: 'Refused by Scimscope (client errors)' },
  { id: '5xx', label: '5xx', title: 'Server errors' },
  { id: 'none', label: 'none', title: 'No response: dropped or aborted' },
];

function Group({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="chip-group" role="group" aria-label={label}>
      <span className="chip-group-label" aria-hidden="true">
        {label}
      </span>
      {children}
    </div>
  );
}

export interface FilterBarProps {
  filter: TrafficFilter;
  onChange: (next: TrafficFilter) => void;
  clients: ReadonlySet<ClientKind>;
  searching: boolean;
}

export const SearchBox = memo(function SearchBox({ filter, onChange, searching }: Omit<FilterBarProps, 'clients'>) {
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    if (filter.text) onChange({ ...filter, text: '' });
    else e.currentTarget.blur();
  };
  return (
    <div className={`search-box${searching ? ' is-searching' : ''}`}>
      <Search size={16} aria-hidden="true" className="search-icon" />
      <input
        type="search"
        data-view-search
        value={filter.text}
        onChange={(e) => onChange({ ...filter, text: e.target.value })}
        onKeyDown={onKeyDown}
        placeholder="Search, including bodies"
        title="Matches summaries, methods, paths, status and clients here, and request and response bodies on the server"
        aria-label="Search traffic"
        aria-keyshortcuts="/"
        spellCheck={false}
        autoComplete="off"
      />
      {searching ? (
        <span className="search-spinner" role="status" aria-label="Searching bodies" />
      ) : (
        <kbd className="search-kbd" aria-hidden="true">
          /
        </kbd>
      )}
    </div>
  );
});

/** Faulted-only and linted-only beside the search box (the two questions trainers ask most), and a way out of all filters. */
export const OnlyChips = memo(function OnlyChips({ filter, onChange }: Pick<FilterBarProps, 'filter' | 'onChange'>) {
  return (
    <>
      <Group label="Only">
        <Chip pressed={filter.faultedOnly} title="Only exchanges a fault rule acted on" onClick={() => onChange({ ...filter, faultedOnly: !filter.faultedOnly })}>
          Faulted
        </Chip>
        <Chip pressed={filter.lintedOnly} title="Only exchanges with lint findings" onClick={() => onChange({ ...filter, lintedOnly: !filter.lintedOnly })}>
          Linted
        </Chip>
      </Group>
      {!isEmptyFilter(filter) && (
        <button type="button" className="button ghost small clear-filters" onClick={() => onChange(emptyFilter)}>
          <X size={14} aria-hidden="true" />
          Clear filters
        </button>
      )}
    </>
  );
});

export const FilterChips = memo(function FilterChips({ filter, onChange, clients }: Omit<FilterBarProps, 'searching'>) {
  const clientList = [...new Set<ClientKind>([...clients, ...(filter.clients as ClientKind[])])].sort((a, b) => CLIENT_NAMES[a].localeCompare(CLIENT_NAMES[b]));
  return (
    <div className="chip-bar">
      <Group label="Method">
        {METHODS.map((m) => (
          <Chip key={m} pressed={filter.methods.includes(m)} onClick={() => onChange({ ...filter, methods: toggle(filter.methods, m) })}>
            {m}
          </Chip>
        ))}
      </Group>
      <Group label="Status">
        {STATUS_CLASSES.map((s) => (
          <Chip key={s.id} pressed={filter.statusClasses.includes(s.id)} title={s.title} onClick={() => onChange({ ...filter, statusClasses: toggle(filter.statusClasses, s.id) })}>
            {s.label}
          </Chip>
        ))}
      </Group>
      <Group label="Operation">
        {KIND_FAMILIES.map((k) => (
          <Chip key={k.id} pressed={filter.kinds.includes(k.id)} onClick={() => onChange({ ...filter, kinds: toggle(filter.kinds, k.id) })}>
            {k.label}
          </Chip>
        ))}
      </Group>
      {clientList.length > 0 && (
        <Group label="Client">
          {clientList.map((c) => (
            <Chip key={c} pressed={filter.clients.includes(c)} onClick={() => onChange({ ...filter, clients: toggle(filter.clients, c) })}>
              {CLIENT_NAMES[c]}
            </Chip>
          ))}
        </Group>
      )}
    </div>
  );
});
