/**
 * Builds what users run: the server, the recording worker and the Electron main process as one
 * esbuild bundle in dist/bundle/ (packages included), so a start loads a few files instead of ~400
 * modules from server/ and node_modules. Run by `npm run build` after `tsc -b` (which type-checks and
 * still emits dist/server for the in-process benchmarks). Kept outside the bundle: packages with a
 * native or optional part (ngrok's binding; ws's optional bufferutil and utf-8-validate) and electron.
 *
 * The entries share chunks (code splitting) in one folder, so the recorder's
 * `new URL('./recorder-worker.js', import.meta.url)` finds the worker entry beside whichever chunk
 * holds it, and the lazily imported commands (play, test, workspaces, OpenAPI, faker) stay out of the
 * start. Source maps (.map beside each file) make stack traces readable under --enable-source-maps.
 * The packages bundled in (from esbuild's metafile) get their licence notices in
 * dist/bundle/THIRD-PARTY-NOTICES.txt (third-party-notices.ts), which ships with the bundle.
 * `node --import tsx scripts/bundle-server.ts [--metafile]`
 */
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { collectNotices, renderNotices } from './third-party-notices.js';

const root = path.resolve(import.meta.dirname, '..');
const BUNDLE_DIR = path.join(root, 'dist', 'bundle');

/** Packages with native bindings or optional native add-ons, resolved from node_modules at run time. */
const EXTERNAL = ['@ngrok/ngrok', 'bufferutil', 'utf-8-validate', 'electron'];

await rm(BUNDLE_DIR, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: {
    cli: 'server/cli.ts',
    'recorder-worker': 'server/recorder/recorder-worker.ts',
    'electron-main': 'electron/main.ts',
  },
  outdir: BUNDLE_DIR,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  external: EXTERNAL,
  sourcemap: 'linked',
  // Maps name the files and lines in server/ and node_modules/; the sources themselves are not shipped.
  sourcesContent: false,
  // The CommonJS packages inside (express and its dependencies) call require() for Node's own modules.
  banner: { js: "import { createRequire as __scimscopeRequire } from 'node:module'; const require = __scimscopeRequire(import.meta.url);" },
  chunkNames: 'chunk-[hash]',
  legalComments: 'linked',
  // Always: the metafile's inputs name the packages whose licence notices ship with the bundle.
  metafile: true,
  logLevel: 'warning',
});
await writeFile(
  path.join(BUNDLE_DIR, 'THIRD-PARTY-NOTICES.txt'),
  renderNotices('Scimscope server (dist/bundle): third-party notices', collectNotices(Object.keys(result.metafile.inputs), root)),
);
if (process.argv.includes('--metafile')) await writeFile(path.join(root, 'dist', 'bundle-meta.json'), JSON.stringify(result.metafile));
