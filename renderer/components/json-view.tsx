/**
 * A read-only JSON tree with syntax colouring and collapsible objects and arrays. Large nodes start
 * collapsed so a 100-user import page opens instantly; every toggle is a button (keyboard, screen readers).
 */
import { useState, type ReactNode } from 'react';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const AUTO_COLLAPSE_ITEMS = 25;

function Scalar({ value }: { value: Json }) {
  if (value === null) return <span className="j-null">null</span>;
  if (typeof value === 'string') return <span className="j-string">{JSON.stringify(value)}</span>;
  if (typeof value === 'number') return <span className="j-number">{value}</span>;
  return <span className="j-boolean">{String(value)}</span>;
}

function Node({ name, value, depth, last }: { name: string | null; value: Json; depth: number; last: boolean }) {
  const isArray = Array.isArray(value);
  const isObject = value !== null && typeof value === 'object';
  const entries: [string, Json][] = isObject ? (isArray ? (value as Json[]).map((v, i) => [String(i), v]) : Object.entries(value as Record<string, Json>)) : [];
  const [open, setOpen] = useState(depth < 3 && entries.length <= AUTO_COLLAPSE_ITEMS);
  const key = name === null ? null : isArrayIndex(name) ? null : <span className="j-key">{JSON.stringify(name)}</span>;
  const comma = last ? '' : ',';
  if (!isObject) {
    return (
      <div className="j-line">
        {key}
        {key && ': '}
        <Scalar value={value} />
        {comma}
      </div>
    );
  }
  const [openBracket, closeBracket] = isArray ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) {
    return (
      <div className="j-line">
        {key}
        {key && ': '}
        {openBracket}
        {closeBracket}
        {comma}
      </div>
    );
  }
  const summary: ReactNode = isArray ? `${entries.length} item${entries.length === 1 ? '' : 's'}` : `${entries.length} key${entries.length === 1 ? '' : 's'}`;
  return (
    <div className="j-node">
      <div className="j-line">
        <button type="button" className="j-toggle" aria-expanded={open} onClick={() => setOpen(!open)} aria-label={open ? 'Collapse' : 'Expand'}>
          {open ? '▾' : '▸'}
        </button>
        {key}
        {key && ': '}
        {openBracket}
        {!open && (
          <>
            <button type="button" className="j-summary" onClick={() => setOpen(true)}>
              {summary}
            </button>
            {closeBracket}
            {comma}
          </>
        )}
      </div>
      {open && (
        <>
          <div className="j-children">
            {entries.map(([k, v], i) => (
              <Node key={k} name={isArray ? String(i) : k} value={v} depth={depth + 1} last={i === entries.length - 1} />
            ))}
          </div>
          <div className="j-line">
            {closeBracket}
            {comma}
          </div>
        </>
      )}
    </div>
  );
}

function isArrayIndex(name: string): boolean {
  return /^\d+$/.test(name);
}

export function JsonView({ value, label }: { value: unknown; label?: string }) {
  if (value === undefined || value === null || value === '') return <p className="muted">No body</p>;
  if (typeof value === 'string') return <pre className="json-raw" aria-label={label}>{value}</pre>;
  return (
    <div className="json-view" role="tree" aria-label={label}>
      <Node name={null} value={value as Json} depth={0} last />
    </div>
  );
}
