/** The Users and Groups views: a server-paged, SCIM-filtered table with keyboard navigation, and beside it the open resource's details or the create panel. */
import '../../styles/resources.css';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { ResourcePath } from '../../api/admin-client.js';
import { navigate } from '../../state/route.js';
import { useStoreSelector } from '../../state/external-store.js';
import { serverState } from '../../state/server-state.js';
import { CreatePanel } from './create-panel.js';
import { EmptyStore, FilterFailed, NoMatches } from './empty-states.js';
import { GenerateDialog } from './generate-dialog.js';
import { ListHeader, Pager, SearchBox } from './list-toolbar.js';
import { ResourceDetail, type DetailTab } from './resource-detail.js';
import { NOUN, str } from './resource-format.js';
import { ResourceTable, type SortState } from './resource-table.js';
import { toScimFilter } from './search-filter.js';
import { PAGE_SIZE, useResourcePage } from './use-resource-data.js';
import { useTableKeys } from './use-table-keys.js';

const SEARCH_DELAY_MS = 350;
/** Newest changes first: what Okta just did is on top. */
const DEFAULT_SORT: SortState = { sortBy: 'meta.lastModified', sortOrder: 'descending' };

function useCount(type: ResourcePath): number {
  return useStoreSelector(serverState, (s) => s.counts[type]);
}

export function ResourcesView({ type, selectedId }: { type: ResourcePath; selectedId: string | null }) {
  const [text, setText] = useState('');
  const [appliedText, setAppliedText] = useState('');
  const [sort, setSort] = useState<SortState>(DEFAULT_SORT);
  const [startIndex, setStartIndex] = useState(1);
  const [creating, setCreating] = useState(false);
  const [generating, setGenerating] = useState(false);
  const [tab, setTab] = useState<DetailTab>('overview');
  const storeCount = useCount(type);
  const noun = NOUN[type];

  const scroller = useRef<HTMLDivElement>(null);
  const query = useMemo(() => toScimFilter(type, appliedText), [type, appliedText]);
  const page = useResourcePage(type, { filter: query.filter, sortBy: sort.sortBy, sortOrder: sort.sortOrder, startIndex });

  useEffect(() => {
    if (text === appliedText) return;
    const timer = setTimeout(() => {
      setAppliedText(text);
      setStartIndex(1);
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, appliedText]);

  // A new page, sort or search starts at the top of the table.
  useEffect(() => {
    scroller.current?.scrollTo?.({ top: 0 });
  }, [startIndex, query.filter, sort.sortBy, sort.sortOrder]);

  // A page past the end (after deletes, or a narrower filter) moves back to the last page.
  useEffect(() => {
    if (!page.loading && !page.error && page.items.length === 0 && page.total > 0 && startIndex > 1) setStartIndex(Math.floor((page.total - 1) / PAGE_SIZE) * PAGE_SIZE + 1);
  }, [page.loading, page.error, page.items.length, page.total, startIndex]);

  const open = useCallback((id: string, replace = false) => {
    setCreating(false);
    if (replace) window.location.replace(`#/${type}/${encodeURIComponent(id)}`);
    else navigate(type, id);
  }, [type]);
  const close = useCallback(() => {
    setCreating(false);
    navigate(type);
    setTimeout(() => document.querySelector<HTMLElement>('[data-resource-table]')?.focus({ preventScroll: true }), 0);
  }, [type]);

  const keys = useTableKeys({
    items: page.items,
    selectedId,
    startIndex,
    total: page.total,
    pageSize: PAGE_SIZE,
    onPage: setStartIndex,
    onOpen: open,
    onEscape: creating || selectedId ? close : null,
  });

  const applyNow = () => {
    setAppliedText(text);
    setStartIndex(1);
  };
  const onSearchKey = (e: ReactKeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      if (text) setText('');
      else e.currentTarget.blur();
    } else if (e.key === 'ArrowDown' && page.items.length > 0) {
      e.preventDefault();
      keys.setCursor(0);
      document.querySelector<HTMLElement>('[data-resource-table]')?.focus();
    }
  };
  const clearSearch = () => {
    setText('');
    setAppliedText('');
    setStartIndex(1);
  };

  const filterError = page.filterError ? page.error : null;
  const emptyStore = !page.loading && !page.error && page.total === 0 && query.filter === null;
  const panel = creating ? 'create' : selectedId ? 'detail' : null;

  let body;
  if (filterError) body = <FilterFailed type={type} />;
  else if (emptyStore) body = <EmptyStore type={type} onCreate={() => setCreating(true)} onGenerate={() => setGenerating(true)} />;
  else if (!page.loading && page.total === 0 && query.filter !== null) body = <NoMatches type={type} filter={query.filter} onClear={clearSearch} />;
  else
    body = (
      <ResourceTable
        type={type}
        items={page.items}
        startIndex={page.startIndex}
        total={page.total}
        selectedId={selectedId}
        cursor={keys.cursor}
        sort={sort}
        busy={page.loading}
        onSort={(s) => {
          setSort(s);
          setStartIndex(1);
        }}
        onFocus={() => {
          if (keys.cursor === null && page.items.length > 0) keys.setCursor(0);
        }}
        onRowClick={(index) => {
          keys.setCursor(index);
          const id = str(page.items[index]?.id);
          if (id) open(id);
        }}
      />
    );

  return (
    <div className={panel ? 'rs-view rs-with-panel' : 'rs-view'}>
      <section className="rs-list" aria-label={noun.Many}>
        <ListHeader type={type} total={storeCount} onCreate={() => setCreating(true)} onGenerate={() => setGenerating(true)} />
        <SearchBox type={type} text={text} query={toScimFilter(type, text)} error={filterError} onText={setText} onSubmit={applyNow} onKeyDown={onSearchKey} />
        {page.error && !page.filterError && (
          <p className="rs-server-error" role="alert">
            {page.error}{' '}
            <button type="button" className="button small" onClick={page.reload}>
              Try again
            </button>
          </p>
        )}
        <div className="rs-table-card">
          <div className="rs-table-scroll" ref={scroller}>
            {body}
          </div>
          {!emptyStore && !filterError && page.total > 0 && <Pager startIndex={page.startIndex} shown={page.items.length} total={page.total} pageSize={PAGE_SIZE} onPage={setStartIndex} />}
        </div>
        <p className="rs-keys muted" aria-hidden="true">
          <kbd>/</kbd> search · <kbd>j</kbd> <kbd>k</kbd> move · <kbd>Enter</kbd> open · <kbd>Esc</kbd> close
        </p>
      </section>
      {panel === 'create' && <CreatePanel key={`create-${type}`} type={type} onClose={() => setCreating(false)} onCreated={(id) => open(id)} />}
      {panel === 'detail' && selectedId && <ResourceDetail key={type} type={type} id={selectedId} tab={tab} onTab={setTab} onClose={close} onDeleted={close} />}
      {type === 'users' && <GenerateDialog open={generating} onClose={() => setGenerating(false)} onGenerated={page.reload} />}
    </div>
  );
}
