/**
 * Development aid: starts a sandbox with sample Okta and Entra traffic (and a few faults), then
 * takes screenshots of inspector URLs in Chromium.
 *   node --import tsx scripts/preview.ts <out-dir> [hash ...] [--dark] [--keep]
 * e.g. scripts/preview.ts /tmp/shots '#/traffic' '#/users' --dark
 * --keep leaves the server running and prints the inspector URL.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { launchChromium } from '../test/helpers/browser.js';
import { startSandbox } from '../test/helpers/sandbox.js';
import { seedSampleTraffic } from './sample-traffic.js';

const args = process.argv.slice(2);
const out = args.find((a) => !a.startsWith('#') && !a.startsWith('--')) ?? '/tmp/scimscope-preview';
const hashes = args.filter((a) => a.startsWith('#'));
const dark = args.includes('--dark');
const keep = args.includes('--keep');

await mkdir(out, { recursive: true });
const t = await startSandbox({ seed: 'demo' });
await seedSampleTraffic(t);
const inspector = `${t.addresses.adminUrl}/#token=${t.adminToken}`;
console.log(`Inspector: ${inspector}`);
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: dark ? 'dark' : 'light' });
page.on('console', (m) => m.type() === 'error' && console.error('[browser]', m.text()));
page.on('pageerror', (e) => console.error('[pageerror]', e.message));
await page.goto(inspector);
await page.waitForSelector('.app');
for (const hash of hashes.length ? hashes : ['#/traffic']) {
  await page.evaluate((h) => (window.location.hash = h), hash);
  await page.waitForTimeout(700);
  const file = path.join(out, `${hash.replace(/[#/]+/g, '_').replace(/^_/, '') || 'root'}${dark ? '-dark' : ''}.png`);
  await page.screenshot({ path: file });
  console.log(file);
}
await browser.close();
if (!keep) await t.close();
