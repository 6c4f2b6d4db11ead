/**
 * The boundaries design.md sets, enforced: server/ never imports electron or renderer/ (so the CLI
 * and tests run it without Electron); the renderer reaches the server only through types; the shared
 * contract is type-only; no module grows past the size the team agreed on without a reason.
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

  it('every module opens with a comment saying why it exists', () => {
    for (const file of [...serverFiles, ...files('electron', /\.c?ts$/)]) {
      const head = readFileSync(path.join(root, file), 'utf8').replace(/^#!.*\n/, '').trimStart();
      expect(head.startsWith('/**') || head.startsWith('//'), file).toBe(true);
    }
  });
});
