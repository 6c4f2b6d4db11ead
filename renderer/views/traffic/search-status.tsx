/**
 * One line under the Traffic filters while a search is on: that the whole recording is being
 * searched (with Cancel), how many exchanges match there, and a button for the next older page of
 * matches. The list itself already shows what was found.
 */
import { History, X } from 'lucide-react';
import type { ServerSearch } from './use-server-search.js';

const count = new Intl.NumberFormat();

export function SearchStatus({ search, serverTotal }: { search: ServerSearch; serverTotal: number }) {
  const found = search.items?.length ?? 0;
  return (
    <div className="search-status" role="status" aria-live="polite">
      {search.pending ? (
        <>
          <span>{found ? `Found ${count.format(found)} of ${count.format(search.total)}; loading older matches…` : `Searching all ${serverTotal ? `${count.format(serverTotal)} ` : ''}recorded exchanges, bodies included…`}</span>
          <button type="button" className="button small ghost" onClick={search.cancel}>
            <X size={14} aria-hidden="true" />
            Cancel
          </button>
        </>
      ) : search.cancelled ? (
        <span>Search cancelled: only the loaded exchanges are matched.</span>
      ) : search.failed ? (
        <span>The server did not answer the search: only the loaded exchanges are matched.</span>
      ) : search.items ? (
        <>
          <span>
            {count.format(search.total)} {search.total === 1 ? 'match' : 'matches'} in all recorded exchanges{found < search.total ? `; the newest ${count.format(found)} are listed` : ''}.
          </span>
          {found < search.total && (
            <button type="button" className="button small ghost" onClick={search.more}>
              <History size={14} aria-hidden="true" />
              Load older matches
            </button>
          )}
        </>
      ) : null}
    </div>
  );
}
