/**
 * One line under the Traffic filters while a search is on: what is being searched and how far the
 * body search got (with Cancel), whether the search is complete, and a button to go on when it
 * paused, was cancelled or failed. The list itself already shows what was found.
 */
import { History, RotateCw, X } from 'lucide-react';
import type { ServerSearch } from './use-server-search.js';
import { toRead } from './search-progress.js';

const count = new Intl.NumberFormat();
const matches = (n: number) => `${count.format(n)} ${n === 1 ? 'match' : 'matches'}`;

function Button({ onClick, icon, children }: { onClick: () => void; icon: 'cancel' | 'older' | 'retry'; children: string }) {
  const Icon = icon === 'cancel' ? X : icon === 'older' ? History : RotateCw;
  return (
    <button type="button" className="button small ghost" onClick={onClick}>
      <Icon size={14} aria-hidden="true" />
      {children}
    </button>
  );
}

/** "12 matches so far (40 by summary or identifier in all)": the quick total is complete, the list may not hold all of them yet. */
function soFar(search: ServerSearch): string {
  const found = search.items?.length ?? 0;
  const quick = search.quickTotal > found ? ` (${count.format(search.quickTotal)} by summary or identifier in all)` : '';
  return `${matches(found)} so far${quick}`;
}

function bodiesRead(search: ServerSearch): string {
  return `${count.format(search.read)} of ${count.format(toRead(search))}`;
}

export function SearchStatus({ search, serverTotal }: { search: ServerSearch; serverTotal: number }) {
  const cancel = <Button onClick={search.cancel} icon="cancel">Cancel</Button>;
  switch (search.phase) {
    case 'quick':
      return (
        <div className="search-status" role="status" aria-live="polite">
          <span>{`Searching all ${serverTotal ? `${count.format(serverTotal)} ` : ''}recorded exchanges…`}</span>
          {cancel}
        </div>
      );
    case 'bodies':
      return (
        <div className="search-status" role="status" aria-live="polite">
          <span>
            {soFar(search)}. <span className="search-progress" aria-hidden="true">{`Searching bodies… ${bodiesRead(search)} read`}</span>
          </span>
          <progress max={Math.max(toRead(search), 1)} value={search.read} aria-label="Bodies read" />
          {cancel}
        </div>
      );
    case 'paused':
      return (
        <div className="search-status" role="status" aria-live="polite">
          <span>{`${soFar(search)}; paused after ${bodiesRead(search)} bodies read: older exchanges are not searched yet.`}</span>
          <Button onClick={search.more} icon="older">Search older</Button>
        </div>
      );
    case 'cancelled':
      return (
        <div className="search-status" role="status" aria-live="polite">
          {search.items === undefined ? (
            <span>Search cancelled: only the loaded exchanges are matched.</span>
          ) : (
            <>
              <span>{`Search cancelled after ${bodiesRead(search)} bodies read: ${soFar(search)}; older bodies are not searched.`}</span>
              <Button onClick={search.more} icon="older">Go on</Button>
            </>
          )}
        </div>
      );
    case 'failed':
      return (
        <div className="search-status" role="status" aria-live="polite">
          <span>{search.items === undefined ? 'The server did not answer the search: only the loaded exchanges are matched.' : `The server stopped answering the search: ${soFar(search)}; older bodies are not searched.`}</span>
          <Button onClick={search.more} icon="retry">Try again</Button>
        </div>
      );
    case 'complete':
      return (
        <div className="search-status is-complete" role="status" aria-live="polite">
          <span>{`Search complete: ${matches(search.items?.length ?? 0)}; all ${count.format(search.candidates)} ${search.candidates === 1 ? 'exchange' : 'exchanges'} searched, bodies included.`}</span>
        </div>
      );
  }
}
