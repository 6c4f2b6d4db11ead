/**
 * The boundaries design.md sets, enforced: server/ never imports electron or renderer/ (so the CLI
 * and tests run it without Electron); the renderer reaches the server only through types; the shared
 * contract is type-only; no module grows past the size the team agreed on without a reason; there is
 * no import circle in server/ or renderer/ (type-only imports and lazy import() included: a circle
 * of any kind means two modules that cannot be understood apart); storage (server/store) does not
 * know the protocol (server/scim): errors are mapped at the boundary.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');

function files(dir: string, pattern: RegExp): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(root, dir))) {
    const rel = path.join(dir, name);
    if (statSync(path.join(root, rel)).isDirectory()) out.push(...files(rel, pattern));
    else if (pattern.test(name)) out.push(rel);
  }
  return out;
}

/** Every module specifier a file imports, with whether the import is type-only. */
function imports(file: string): { spec: string; typeOnly: boolean }[] {
  const text = readFileSync(path.join(root, file), 'utf8');
  const out: { spec: string; typeOnly: boolean }[] = [];
  const re = /(?:^|\n)\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of text.matchAll(re)) out.push({ spec: (m[3] ?? m[4] ?? m[5])!, typeOnly: Boolean(m[2]) });
  return out;
}

const serverFiles = files('server', /\.ts$/);

/** The project file a relative specifier names (`./x.js` is written for `./x.ts` or `./x.tsx`), or null for packages. */
function resolveImport(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = path.join(path.dirname(from), spec);
  const stem = base.replace(/\.(c|m)?js$/, '');
  for (const candidate of [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.cts`, path.join(base, 'index.ts')]) {
    try {
      if (statSync(path.join(root, candidate)).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  return null;
}

function projectImports(file: string): string[] {
  return [...new Set(imports(file).map(({ spec }) => resolveImport(file, spec)).filter((t): t is string => t !== null))];
}

/** Every import circle among the given files, each as the list of modules around it (iterative DFS, Tarjan's SCCs). */
function importCircles(all: string[], edgesOf: (file: string) => string[] = projectImports): string[][] {
  const edges = new Map(all.map((f) => [f, edgesOf(f)]));
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  for (const start of all) {
    if (index.has(start)) continue;
    const work: { node: string; next: number }[] = [{ node: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const targets = edges.get(frame.node) ?? [];
      if (frame.next < targets.length) {
        const to = targets[frame.next++]!;
        if (!edges.has(to)) continue;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, next: 0 });
        } else if (onStack.has(to)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        if (component.length > 1 || (edges.get(frame.node) ?? []).includes(frame.node)) circles.push(component.sort());
      }
    }
  }
  return circles;
}

describe('module boundaries', () => {
  it.each(serverFiles)('%s does not import electron or the renderer', (file) => {
    for (const { spec } of imports(file)) {
      expect(spec, `${file} imports ${spec}`).not.toMatch(/^electron(\/|$)/);
      expect(spec).not.toMatch(/renderer\//);
    }
  });

  it('the shared contract holds types only', () => {
    for (const file of files('server/contract', /\.ts$/)) {
      const text = readFileSync(path.join(root, file), 'utf8');
      expect(text, file).not.toMatch(/^\s*export\s+(const|let|var|function|class|enum)\b/m);
      for (const { spec, typeOnly } of imports(file)) expect(typeOnly || file.endsWith('index.ts'), `${file} imports ${spec} at runtime`).toBe(true);
    }
  });

  it('the renderer imports server code as types only', () => {
    for (const file of files('renderer', /\.tsx?$/)) {
      for (const { spec, typeOnly } of imports(file)) {
        if (spec.includes('server/')) expect(typeOnly, `${file} imports ${spec}`).toBe(true);
      }
    }
  });

  it('the circle finder finds circles (so the next test can fail)', () => {
    const graph: Record<string, string[]> = { a: ['b'], b: ['c'], c: ['a'], d: ['a', 'e'], e: [], f: ['f'] };
    expect(importCircles(Object.keys(graph), (f) => graph[f]!)).toEqual([['a', 'b', 'c'], ['f']]);
  });

  it.each(['server', 'renderer'])('%s/ has no import circle', (dir) => {
    const circles = importCircles(files(dir, /\.(c|m)?tsx?$/).filter((f) => !f.endsWith('.d.ts')));
    expect(circles.map((c) => c.join(' <-> '))).toEqual([]);
  });

  it('storage does not know the protocol: server/store never imports server/scim', () => {
    for (const file of files('server/store', /\.ts$/)) {
      for (const { spec } of imports(file)) {
        const target = resolveImport(file, spec);
        expect(target?.startsWith(`server${path.sep}scim`) ?? false, `${file} imports ${spec}`).toBe(false);
      }
    }
  });

  it('every module opens with a comment saying why it exists', () => {
    for (const file of [...serverFiles, ...files('electron', /\.c?ts$/)]) {
      const head = readFileSync(path.join(root, file), 'utf8').replace(/^#!.*\n/, '').trimStart();
      expect(head.startsWith('/**') || head.startsWith('//'), file).toBe(true);
    }
  });
});
