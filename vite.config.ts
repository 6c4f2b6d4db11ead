// Builds the inspector (renderer/) into dist/renderer, served by the admin port and loaded by Electron.
// The bundle holds React, CodeMirror and others without their LICENSE files, so a small plugin writes
// their notices beside it (dist/renderer/THIRD-PARTY-NOTICES.txt) from the modules rolldown rendered.
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { collectNotices, renderNotices } from './scripts/third-party-notices.js';

/**
 * Collects every module id of every chunk in the finished bundle (`moduleIds`, which Rollup and
 * rolldown both give in generateBundle) and emits the notices of the packages they come from.
 */
function thirdPartyNotices(): Plugin {
  return {
    name: 'scimscope-third-party-notices',
    apply: 'build',
    generateBundle(_options, bundle) {
      const ids = Object.values(bundle).flatMap((output) => (output.type === 'chunk' ? output.moduleIds : []));
      const source = renderNotices('Scimscope inspector (dist/renderer): third-party notices', collectNotices(ids, import.meta.dirname));
      this.emitFile({ type: 'asset', fileName: 'THIRD-PARTY-NOTICES.txt', source });
    },
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), thirdPartyNotices()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome130',
  },
});
