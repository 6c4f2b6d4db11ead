/**
 * What grew between two heap snapshots (`SOAK_SNAPSHOTS=<folder>` of bench/soak.ts, or any two
 * `.heapsnapshot` files): objects counted by constructor and, for plain objects, by their property
 * names (so an exchange entry, a history record, a store record and a view-cache entry each get a
 * line), with their count and self size in each snapshot and the difference, largest growth first.
 * Self sizes only (no retained sizes): a record's strings are counted under `(string)`.
 *
 * Usage: node --max-old-space-size=4096 --import tsx bench/soak-heap-diff.ts <before> <after> [rows]
 * A snapshot is read as one string, so a file over ~512 MB (V8's longest string) cannot be read
 * whatever --max-old-space-size says (fine at the soak's ~75 MB heaps).
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/** Count and self bytes by shape. */
function shapes(file: string): Map<string, { count: number; bytes: number }> {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const { node_fields: nf, node_types: [types], edge_fields: ef, edge_types: [edgeTypes] } = snap.snapshot.meta;
  const N = nf.length;
  const E = ef.length;
  const [iType, iName, iSize, iEdges] = ['type', 'name', 'self_size', 'edge_count'].map((f) => nf.indexOf(f)) as [number, number, number, number];
  const [eType, eName] = ['type', 'name_or_index'].map((f) => ef.indexOf(f)) as [number, number];
  const property = edgeTypes.indexOf('property');
  const out = new Map<string, { count: number; bytes: number }>();
  let edge = 0;
  for (let n = 0; n < snap.nodes.length; n += N) {
    const type = types[snap.nodes[n + iType]!]!;
    const name = snap.strings[snap.nodes[n + iName]!]!;
    const edges = snap.nodes[n + iEdges]!;
    let key: string;
    if (type === 'object' && name === 'Object') {
      const props: string[] = [];
      for (let e = edge; e < edge + edges * E && props.length < 8; e += E) if (snap.edges[e + eType] === property) props.push(snap.strings[snap.edges[e + eName]!]!);
      key = `{${props.join(',')}}`;
    } else if (type === 'object' || type === 'closure') key = `${type === 'closure' ? 'closure ' : ''}${name}`;
    else key = `(${type})${type === 'array' || type === 'hidden' || type === 'native' ? ` ${name.slice(0, 40)}` : ''}`;
    edge += edges * E;
    const row = out.get(key) ?? { count: 0, bytes: 0 };
    row.count++;
    row.bytes += snap.nodes[n + iSize]!;
    out.set(key, row);
  }
  return out;
}

const [beforeFile, afterFile, rowsArg] = process.argv.slice(2);
if (!beforeFile || !afterFile) throw new Error('usage: soak-heap-diff.ts <before.heapsnapshot> <after.heapsnapshot> [rows]');
const before = shapes(beforeFile);
const after = shapes(afterFile);
const total = (m: Map<string, { bytes: number }>) => [...m.values()].reduce((s, r) => s + r.bytes, 0);
console.log(`self size: ${(total(before) / 2 ** 20).toFixed(1)} MB -> ${(total(after) / 2 ** 20).toFixed(1)} MB`);
const rows = [...new Set([...before.keys(), ...after.keys()])].map((key) => {
  const b = before.get(key) ?? { count: 0, bytes: 0 };
  const a = after.get(key) ?? { count: 0, bytes: 0 };
  return { key, b, a, delta: a.bytes - b.bytes };
});
rows.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta));
console.log('| shape | count before | count after | MB before | MB after | MB growth |\n|---|---:|---:|---:|---:|---:|');
for (const r of rows.slice(0, Number(rowsArg ?? 40))) console.log(`| \`${r.key.slice(0, 90)}\` | ${r.b.count.toLocaleString('en-US')} | ${r.a.count.toLocaleString('en-US')} | ${(r.b.bytes / 2 ** 20).toFixed(2)} | ${(r.a.bytes / 2 ** 20).toFixed(2)} | ${(r.delta / 2 ** 20).toFixed(2)} |`);
