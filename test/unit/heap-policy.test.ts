/**
 * The heap policy the shells apply (server/heap-policy.ts): V8's growing factor fixed at 1.3 (HEAP_GROWING_PERCENT) unless
 * SCIMSCOPE_HEAP_GROWING_PERCENT says otherwise, and a value that is not a whole number is ignored
 * rather than handed to V8 (it would otherwise be a way to pass any V8 flag). A process that applies
 * the policy still allocates and collects large strings normally.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyHeapPolicy, HEAP_GROWING_PERCENT } from '../../server/heap-policy.js';

afterAll(() => {
  // Leave this test process with V8's own policy.
  applyHeapPolicy({ SCIMSCOPE_HEAP_GROWING_PERCENT: '0' });
});

describe('heap policy', () => {
  it.each([
    ['unset', undefined, HEAP_GROWING_PERCENT],
    ['a whole number', '50', 50],
    ['0 (V8 decides)', '0', 0],
    ['not a number', 'lots', HEAP_GROWING_PERCENT],
    ['a flag smuggled in', '30 --expose-gc', HEAP_GROWING_PERCENT],
    ['negative', '-5', HEAP_GROWING_PERCENT],
  ])('applies the percentage when the override is %s', (_name, value, expected) => {
    expect(applyHeapPolicy(value === undefined ? {} : { SCIMSCOPE_HEAP_GROWING_PERCENT: value })).toBe(expected);
  });

  it('leaves the process able to run: a child given the policy still collects and allocates', async () => {
    const module = path.resolve(import.meta.dirname, '../../server/heap-policy.ts');
    const script = `const { applyHeapPolicy } = await import(${JSON.stringify(module)}); const p = applyHeapPolicy(); let keep = []; for (let i = 0; i < 200; i++) { keep.push('x'.repeat(100000) + i); if (keep.length > 20) keep = []; } process.stdout.write(String(p));`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(out).toBe(String(HEAP_GROWING_PERCENT));
  });
});
