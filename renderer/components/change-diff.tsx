/**
 * A resource's change as people read it: one row per attribute that was added, removed or changed,
 * with the old and new values ("active: true → false"), instead of two JSON documents to compare.
 */
import diff from 'microdiff';
import type { JsonObject } from '../../server/contract/index.js';

export interface DiffRow {
  path: string;
  type: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

/** Attributes every write touches; shown apart so the real change stands out. */
const NOISE = /^meta\.(lastModified|version)$/;

export function diffRows(before: JsonObject | null, after: JsonObject | null): DiffRow[] {
  return diff((before ?? {}) as Record<string, unknown>, (after ?? {}) as Record<string, unknown>)
    .map((d): DiffRow => {
      const path = d.path.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.').replace(/\.\[/g, '[');
      if (d.type === 'CREATE') return { path, type: 'added', after: d.value };
      if (d.type === 'REMOVE') return { path, type: 'removed', before: d.oldValue };
      return { path, type: 'changed', before: d.oldValue, after: d.value };
    })
    .filter((row) => !NOISE.test(row.path));
}

const show = (v: unknown) => JSON.stringify(v);

export function ChangeDiff({ before, after }: { before: JsonObject | null; after: JsonObject | null }) {
  if (before === null && after !== null) return <p className="diff-whole diff-added">Created</p>;
  if (after === null && before !== null) return <p className="diff-whole diff-removed">Deleted</p>;
  const rows = diffRows(before, after);
  if (rows.length === 0) return <p className="muted">No visible change</p>;
  return (
    <table className="diff-table">
      <thead>
        <tr>
          <th scope="col">Attribute</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.path} className={`diff-${row.type}`}>
            <th scope="row">
              <code>{row.path}</code>
            </th>
            <td>{row.type === 'added' ? <span className="muted">—</span> : <code className="diff-old">{show(row.before)}</code>}</td>
            <td>{row.type === 'removed' ? <span className="muted">removed</span> : <code className="diff-new">{show(row.after)}</code>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
