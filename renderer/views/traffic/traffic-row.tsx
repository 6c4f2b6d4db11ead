/**
 * One exchange as a row of the Traffic grid, plus the column header. Memoized on the exchange object
 * and its position, so a batch of new exchanges renders the new rows and leaves the others alone; the
 * cells on the exchange alone, so an eviction (every row's index moves) renders the rows' elements only.
 */
import { CircleAlert, Info, Repeat, RotateCcw, TriangleAlert, Zap } from 'lucide-react';
import { memo } from 'react';
import type { ExchangeSummary } from '../../../server/contract/index.js';
import { ClientMark, KindLabel, MethodBadge, StatusBadge } from '../../components/badges.js';
import { formatDuration } from '../../state/labels.js';
import { durationTone, faultBadgeTitle, formatClock, lintBadgeTitle, retryBadgeText, splitPath } from './row-format.js';

/** Row height in rem; the list converts it to pixels once (fixed heights keep 100,000 rows cheap). */
export const ROW_REM = 2.125;

export const rowDomId = (id: string) => `traffic-row-${id}`;

const ICON = { size: 13, strokeWidth: 2.25, 'aria-hidden': true } as const;

export function RowFlags({ item }: { item: ExchangeSummary }) {
  if (!item.fault && !item.lintCount && !item.retryOf && !item.replayOf && !item.emulated) return null;
  const LintIcon = item.lintLevel === 'error' ? CircleAlert : item.lintLevel === 'warning' ? TriangleAlert : Info;
  return (
    <span className="row-flags">
      {item.emulated && (
        <span className="flag flag-emulated" title="Sent by Scimscope playing the IdP (Scenarios), not by a live tenant">
          emulated
        </span>
      )}
      {item.fault && (
        <span className="flag flag-fault" title={faultBadgeTitle(item.fault)}>
          <Zap {...ICON} />
          fault
        </span>
      )}
      {item.lintCount > 0 && (
        <span className={`flag flag-lint lint-${item.lintLevel ?? 'info'}`} title={lintBadgeTitle(item.lintCount, item.lintLevel)}>
          <LintIcon {...ICON} />
          {item.lintCount}
        </span>
      )}
      {item.retryOf && (
        <span className="flag flag-retry" title={`Attempt ${item.retryOf.attempt}: repeats an earlier faulted request`}>
          <RotateCcw {...ICON} />
          {retryBadgeText(item.retryOf)}
        </span>
      )}
      {item.replayOf && (
        <span className="flag flag-replay" title="Replayed from the inspector">
          <Repeat {...ICON} />
          replay
        </span>
      )}
    </span>
  );
}

export interface TrafficRowProps {
  item: ExchangeSummary;
  index: number;
  /** Pixel offset inside the rows container. */
  top: number;
  height: number;
  selected: boolean;
  /** The one row reachable with Tab (roving tabindex). */
  tabbable: boolean;
}

export const TrafficRow = memo(function TrafficRow({ item, index, top, height, selected, tabbable }: TrafficRowProps) {
  const failed = item.status === 0 || item.status >= 500;
  return (
    <div
      role="row"
      id={rowDomId(item.id)}
      data-row-id={item.id}
      data-index={index}
      aria-rowindex={index + 2}
      aria-selected={selected}
      tabIndex={tabbable ? 0 : -1}
      className={`trow${selected ? ' is-selected' : ''}${failed ? ' is-failed' : ''}`}
      style={{ transform: `translateY(${top}px)`, height }}
    >
      <RowCells item={item} />
    </div>
  );
});

/** A row's cells: they depend on the exchange only, so a row whose index moved (an eviction) re-renders its element alone. */
const RowCells = memo(function RowCells({ item }: { item: ExchangeSummary }) {
  const { base, rest } = splitPath(item.path);
  return (
    <>
      <div role="gridcell" className="tc tc-time">
        {formatClock(item.startedAt)}
      </div>
      <div role="gridcell" className="tc tc-client">
        <ClientMark client={item.client} />
      </div>
      <div role="gridcell" className="tc tc-method">
        <MethodBadge method={item.method} />
      </div>
      <div role="gridcell" className="tc tc-path" title={item.query ? `${item.path}?${item.query}` : item.path}>
        {base && <span className="path-base">{base}</span>}
        {rest}
        {item.query && <span className="path-query">?{item.query}</span>}
      </div>
      <div role="gridcell" className="tc tc-kind">
        <KindLabel kind={item.operation.kind} />
      </div>
      <div role="gridcell" className="tc tc-summary">
        <span className="summary-text" title={item.operation.summary}>
          {item.operation.summary}
        </span>
        <RowFlags item={item} />
      </div>
      <div role="gridcell" className="tc tc-status">
        <StatusBadge status={item.status} outcome={item.outcome} />
      </div>
      <div role="gridcell" className={`tc tc-duration duration-${durationTone(item.durationMs)}`}>
        {formatDuration(item.durationMs)}
      </div>
    </>
  );
});

export function TrafficHeader() {
  return (
    <div className="thead" role="rowgroup">
      <div className="trow trow-head" role="row" aria-rowindex={1}>
        <div role="columnheader" className="tc tc-time">
          Time
        </div>
        <div role="columnheader" className="tc tc-client">
          <span className="visually-hidden">Client</span>
        </div>
        <div role="columnheader" className="tc tc-method">
          Method
        </div>
        <div role="columnheader" className="tc tc-path">
          Path
        </div>
        <div role="columnheader" className="tc tc-kind">
          Operation
        </div>
        <div role="columnheader" className="tc tc-summary">
          What happened
        </div>
        <div role="columnheader" className="tc tc-status">
          Status
        </div>
        <div role="columnheader" className="tc tc-duration">
          Duration
        </div>
      </div>
    </div>
  );
}
