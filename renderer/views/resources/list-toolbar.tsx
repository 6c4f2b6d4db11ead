/** The controls above and below the table: the SCIM filter search (which shows the filter it sends, or the server's complaint), the create buttons, and the pager. */
import { ChevronLeft, ChevronRight, ChevronsLeft, ChevronsRight, Plus, Search, Sparkles, X } from 'lucide-react';
import type { KeyboardEvent } from 'react';
import type { ResourcePath } from '../../api/admin-client.js';
import { NOUN, rangeText } from './resource-format.js';
import type { SearchQuery } from './search-filter.js';

const EXAMPLES: Record<ResourcePath, string[]> = {
  users: ['userName sw "j"', 'active eq false', 'title co "engineer"'],
  groups: ['displayName sw "E"', 'members pr', 'externalId pr'],
};

export interface SearchBoxProps {
  type: ResourcePath;
  text: string;
  query: SearchQuery;
  error: string | null;
  onText: (text: string) => void;
  onSubmit: () => void;
  onKeyDown: (e: KeyboardEvent<HTMLInputElement>) => void;
}

export function SearchBox({ type, text, query, error, onText, onSubmit, onKeyDown }: SearchBoxProps) {
  const hintId = `rs-search-hint-${type}`;
  return (
    <div className="rs-search">
      <form
        className={error ? 'rs-search-field rs-invalid' : 'rs-search-field'}
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        <Search className="rs-search-icon" size={18} aria-hidden="true" />
        <label htmlFor={`rs-search-${type}`} className="visually-hidden">
          Search {NOUN[type].many} (text or SCIM filter)
        </label>
        <input
          id={`rs-search-${type}`}
          type="search"
          data-view-search=""
          autoComplete="off"
          spellCheck={false}
          placeholder={type === 'users' ? 'Search by name, or a SCIM filter like userName sw "j"' : 'Search by name, or a SCIM filter like displayName sw "E"'}
          value={text}
          aria-invalid={error ? true : undefined}
          aria-describedby={hintId}
          onChange={(e) => onText(e.target.value)}
          onKeyDown={onKeyDown}
        />
        {text && (
          <button type="button" className="rs-icon-button" aria-label="Clear search" onClick={() => onText('')}>
            <X size={16} aria-hidden="true" />
          </button>
        )}
        <kbd className="rs-kbd" aria-hidden="true">
          /
        </kbd>
      </form>
      <p id={hintId} className={error ? 'rs-search-hint rs-error-text' : 'rs-search-hint'} aria-live="polite">
        {error ? (
          <>
            <strong>Invalid filter.</strong> {error}
          </>
        ) : query.mode === 'text' ? (
          <>
            Sent as SCIM filter <code className="rs-filter-code">{query.filter}</code>
          </>
        ) : query.mode === 'scim' ? (
          <>
            SCIM filter <code className="rs-filter-code">{query.filter}</code>
          </>
        ) : (
          <>
            Type a name, or a SCIM filter:{' '}
            {EXAMPLES[type].map((example) => (
              <button key={example} type="button" className="rs-example" onClick={() => onText(example)}>
                {example}
              </button>
            ))}
          </>
        )}
      </p>
    </div>
  );
}

export function ListHeader({ type, total, onCreate, onGenerate }: { type: ResourcePath; total: number | null; onCreate: () => void; onGenerate: () => void }) {
  return (
    <div className="rs-list-header">
      <h1 className="rs-title">
        {NOUN[type].Many}
        {total !== null && <span className="rs-title-count">{total.toLocaleString()}</span>}
      </h1>
      <span className="grow" />
      {type === 'users' && (
        <button type="button" className="button" onClick={onGenerate}>
          <Sparkles size={16} aria-hidden="true" />
          Generate users
        </button>
      )}
      <button type="button" className="button primary" onClick={onCreate}>
        <Plus size={16} aria-hidden="true" />
        New {NOUN[type].one}
      </button>
    </div>
  );
}

export function Pager({ startIndex, shown, total, pageSize, onPage }: { startIndex: number; shown: number; total: number; pageSize: number; onPage: (startIndex: number) => void }) {
  const last = Math.max(1, Math.floor((Math.max(total, 1) - 1) / pageSize) * pageSize + 1);
  const atStart = startIndex <= 1;
  const atEnd = startIndex + pageSize > total;
  const page = Math.floor((startIndex - 1) / pageSize) + 1;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav className="rs-pager" aria-label="Pages">
      <span className="rs-range" aria-live="polite">
        {rangeText(startIndex, shown, total)}
      </span>
      {pages > 1 && <span className="muted rs-page-of">Page {page.toLocaleString()} of {pages.toLocaleString()}</span>}
      <span className="grow" />
      <button type="button" className="button small ghost" disabled={atStart} onClick={() => onPage(1)} aria-label="First page">
        <ChevronsLeft size={16} aria-hidden="true" />
      </button>
      <button type="button" className="button small" disabled={atStart} onClick={() => onPage(Math.max(1, startIndex - pageSize))}>
        <ChevronLeft size={16} aria-hidden="true" />
        Previous
      </button>
      <button type="button" className="button small" disabled={atEnd} onClick={() => onPage(startIndex + pageSize)}>
        Next
        <ChevronRight size={16} aria-hidden="true" />
      </button>
      <button type="button" className="button small ghost" disabled={atEnd} onClick={() => onPage(last)} aria-label="Last page">
        <ChevronsRight size={16} aria-hidden="true" />
      </button>
    </nav>
  );
}
