/**
 * The heap policy reaches the server process `scimscope serve` runs (the built CLI, as users run it and as
 * `npm run soak` starts it): the process hands V8 exactly the policy's flags before the sandbox starts, the
 * override changes them, and a server with them applied answers. V8 has no API that reads a flag back, so a
 * preload (NODE_OPTIONS --import, the same door any preload uses) wraps node:v8's setFlagsFromString and
 * writes each call to a file before passing it on to V8.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { heapPolicyFlags } from '../../server/heap-policy.js';
import { startCli } from '../helpers/cli-process.js';
import { request } from '../helpers/http.js';
import { tempDir } from '../helpers/temp-dir.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

/** A preload that records every v8.setFlagsFromString call of the process it is loaded into, then makes it. */
const SPY = `import v8 from 'node:v8';
import { appendFileSync } from 'node:fs';
const real = v8.setFlagsFromString;
v8.setFlagsFromString = (flags) => { appendFileSync(process.env.HEAP_FLAGS_SPY, flags + '\\n'); real(flags); };
`;

describe('scimscope serve applies the heap policy', () => {
  it.each([
    ['the default policy', {}],
    ['the override (SCIMSCOPE_HEAP_GROWING_PERCENT=50)', { SCIMSCOPE_HEAP_GROWING_PERCENT: '50' }],
    ["V8's own policy (SCIMSCOPE_HEAP_GROWING_PERCENT=0)", { SCIMSCOPE_HEAP_GROWING_PERCENT: '0' }],
  ])('with %s, before it serves', async (_name, env: NodeJS.ProcessEnv) => {
    const t = await tempDir();
    cleanups.push(t.remove);
    const spy = path.join(t.dir, 'spy.mjs');
    const calls = path.join(t.dir, 'flags.txt');
    await writeFile(spy, SPY);
    await writeFile(calls, '');
    const cli = await startCli(['--data', path.join(t.dir, 'data'), '--seed', 'empty'], { ...env, SCIMSCOPE_HEAP_GROWING_PERCENT: env.SCIMSCOPE_HEAP_GROWING_PERCENT, NODE_OPTIONS: `--import ${spy}`, HEAP_FLAGS_SPY: calls });
    try {
      // The flags were set before the ready line (the policy is applied before the sandbox starts).
      const applied = (await readFile(calls, 'utf8')).split('\n').filter(Boolean);
      expect(applied).toEqual(heapPolicyFlags(env));
      const scim = await request(`${cli.info.scimUrl}/Users?count=1`, { headers: { Authorization: `Bearer ${cli.info.token}` } });
      expect(scim.status).toBe(200);
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
    }
  });
});
