/** The page of users or groups as an accessible grid: sortable headers that ask the server to sort, a keyboard cursor, and the open row marked. */
import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react';
import { useEffect, useRef } from 'react';
import type { JsonObject } from '../../../server/contract/index.js';
import type { ResourcePath } from '../../api/admin-client.js';
import { columnsFor, type Column } from './resource-columns.js';
import { NOUN, str } from './resource-format.js';

export interface SortState {
  sortBy: string | null;
  sortOrder: 'ascending' | 'descending';
}

/** Ascending, then descending, then back to the server's own order. */
export function nextSort(current: SortState, column: string): SortState {
  if (current.sortBy !== column) return { sortBy: column, sortOrder: 'ascending' };
  if (current.sortOrder === 'ascending') return { sortBy: column, sortOrder: 'descending' };
  return { sortBy: null, sortOrder: 'ascending' };
}

function SortHeader({ column, sort, onSort }: { column: Column; sort: SortState; onSort: (s: SortState) => void }) {
  const active = column.sortBy !== undefined && sort.sortBy === column.sortBy;
  const ariaSort = active ? sort.sortOrder : 'none';
  if (!column.sortBy) {
    return (
      <th role="columnheader" scope="col" className={column.className}>
        {column.label}
      </th>
    );
  }
  const Icon = !active ? ArrowUpDown : sort.sortOrder === 'ascending' ? ArrowUp : ArrowDown;
  return (
    <th role="columnheader" scope="col" aria-sort={ariaSort} className={column.className}>
      <button type="button" className={active ? 'rs-sort rs-sort-active' : 'rs-sort'} onClick={() => onSort(nextSort(sort, column.sortBy!))} title={`Sort by ${column.sortBy}`}>
        {column.label}
        <Icon className="rs-sort-icon" aria-hidden="true" size={14} />
      </button>
    </th>
  );
}

export interface ResourceTableProps {
  type: ResourcePath;
  items: JsonObject[];
  startIndex: number;
  total: number;
  selectedId: string | null;
  cursor: number | null;
  sort: SortState;
  busy: boolean;
  onSort: (sort: SortState) => void;
  onRowClick: (index: number) => void;
  /** The table took focus: give the keyboard a starting row. */
  onFocus: () => void;
}

export const rowDomId = (type: ResourcePath, id: string) => `rs-row-${type}-${id}`;

export function ResourceTable({ type, items, startIndex, total, selectedId, cursor, sort, busy, onSort, onRowClick, onFocus }: ResourceTableProps) {
  const columns = columnsFor(type);
  const table = useRef<HTMLTableElement>(null);
  const cursorId = cursor !== null && items[cursor] ? rowDomId(type, str(items[cursor]!.id)) : undefined;

  useEffect(() => {
    if (cursorId) document.getElementById(cursorId)?.scrollIntoView?.({ block: 'nearest' });
  }, [cursorId]);

  return (
    <table
      ref={table}
      className={busy ? 'rs-table rs-busy' : 'rs-table'}
      role="grid"
      aria-label={`${NOUN[type].Many}, ${total.toLocaleString()} in all`}
      aria-rowcount={total + 1}
      aria-readonly="true"
      aria-busy={busy}
      tabIndex={0}
      aria-activedescendant={cursorId}
      onFocus={onFocus}
      data-resource-table=""
    >
      <thead>
        <tr role="row" aria-rowindex={1}>
          {columns.map((column) => (
            <SortHeader key={column.id} column={column} sort={sort} onSort={onSort} />
          ))}
        </tr>
      </thead>
      <tbody>
        {items.map((resource, index) => {
          const id = str(resource.id);
          const classes = ['rs-row', index === cursor ? 'rs-cursor' : '', id === selectedId ? 'rs-selected' : ''].filter(Boolean).join(' ');
          return (
            <tr
              key={id}
              id={rowDomId(type, id)}
              role="row"
              aria-rowindex={startIndex + index + 1}
              aria-selected={id === selectedId}
              className={classes}
              onClick={() => {
                onRowClick(index);
                table.current?.focus({ preventScroll: true });
              }}
            >
              {columns.map((column) => (
                <td key={column.id} role="gridcell" className={column.className}>
                  {column.cell(resource)}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
