/**
 * The Snapshots and Lab bundle sections of Settings in real Chromium against a real sandbox: save a
 * snapshot, restore it after a change (with the confirmation), see a damaged one reported, export a
 * bundle with traffic as a download, import a bundle through the file picker after reading what it
 * replaces. Saves screenshots of the sections in light and dark to docs/screenshots/.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, openInspector } from '../helpers/browser.js';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const SCREENSHOTS = path.resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const available = chromiumAvailable();

describe.skipIf(!available)('snapshots and lab bundles in the inspector', () => {
  let t: TestSandbox;
  let other: TestSandbox;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    t = await startSandbox();
    other = await startSandbox({ seed: 'empty' });
    browser = await launchChromium();
    page = await openInspector(browser, t.addresses.inspectorUrl, (p) => {
      p.on('pageerror', (e) => errors.push(e.message));
      // The import asks first without confirming: its 409 is the preview, by design.
      p.on('console', (m) => m.type() === 'error' && !/status of 409 \(Conflict\)/.test(m.text()) && errors.push(m.text()));
    });
    await page.evaluate(() => (window.location.hash = '#/settings'));
    await page.locator('#settings-snapshots').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await other?.close();
    expect(errors).toEqual([]);
  });

  const dialog = () => page.getByRole('dialog');

  it('saves a snapshot and restores it after a change, with a confirmation', async () => {
    await page.getByLabel('Name', { exact: true }).fill('lab-1');
    await page.getByRole('button', { name: 'Save snapshot' }).click();
    const item = page.locator('.snapshot-item', { hasText: 'lab-1' });
    await item.getByText('7 users · 2 groups').waitFor();

    const [jane] = (await t.admin('GET', '/api/users')).body.items;
    const recorded = nextExchanges(t.sandbox, 1);
    expect((await t.scim('DELETE', `/Users/${jane.id}`)).status).toBe(204);
    // Recorded before the export below includes traffic.
    await recorded;
    await page.getByRole('button', { name: 'Restore snapshot lab-1' }).click();
    await expect.poll(() => dialog().textContent()).toContain('Restore snapshot "lab-1"?');
    await dialog().getByRole('button', { name: 'Restore snapshot' }).click();
    await page.locator('.toast', { hasText: 'Restored snapshot "lab-1"' }).waitFor();
    expect((await t.admin('GET', `/api/users/${jane.id}`)).status).toBe(200);
  });

  it('lists a damaged snapshot with what is wrong, offering only delete', async () => {
    await writeFile(path.join(t.dataDir, 'snapshots', 'broken.json'), '{"format": "scimscope-snapshot", "version": 1, "users": [');
    await page.getByLabel('Name', { exact: true }).fill('lab-2');
    await page.getByRole('button', { name: 'Save snapshot' }).click();
    const broken = page.locator('.snapshot-item.is-damaged', { hasText: 'broken' });
    await broken.getByText(/not valid JSON/).waitFor();
    expect(await broken.getByRole('button', { name: /Restore/ }).count()).toBe(0);
  });

  it('exports a lab bundle with traffic as a download', async () => {
    await page.getByLabel('Include recorded traffic (as HAR, secrets redacted)').check();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export lab bundle' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^scimscope-lab-.*\.json$/);
    const text = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
    const bundle = JSON.parse(text);
    expect(bundle).toMatchObject({ format: 'scimscope-lab', version: 1, directory: { secrets: {} } });
    expect(bundle.traffic.log.entries.length).toBeGreaterThan(0);
    expect(text).not.toContain(t.token);
  });

  it('imports a bundle through the file picker after showing what it replaces', async () => {
    await other.admin('POST', '/api/store/reset', { body: { dataset: 'messy' } });
    const text = (await other.admin('GET', '/api/bundle')).text;
    await page.locator('input[type=file]').setInputFiles({ name: 'messy-lab.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await expect.poll(() => dialog().textContent()).toContain('messy-lab.json');
    expect(await dialog().textContent()).toContain('holds 35 users, 20 groups and 0 fault rules. They replace this workspace\'s 7 users, 2 groups');
    await dialog().getByRole('button', { name: 'Import and replace' }).click();
    await page.locator('.toast', { hasText: 'Imported messy-lab.json' }).waitFor();
    expect(t.sandbox.store.counts()).toEqual({ users: 35, groups: 20 });
  });

  it('saves screenshots of the sections in light and dark', async () => {
    await page.setViewportSize({ width: 1440, height: 1020 });
    for (const theme of ['light', 'dark'] as const) {
      await page.locator('.topbar').getByLabel('Theme', { exact: true }).selectOption(theme);
      await page.evaluate(() => document.querySelectorAll<HTMLButtonElement>('.toast-close').forEach((b) => b.click()));
      await page.locator('.toast').first().waitFor({ state: 'detached' });
      // The end of the Data section (its dataset resets), then Snapshots and Lab bundle, in one window.
      await page.locator('section[aria-labelledby="settings-data"] .settings-reset-actions').evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await page.screenshot({ path: path.join(SCREENSHOTS, `settings-lab-${theme}.png`) });
    }
    await page.locator('.topbar').getByLabel('Theme', { exact: true }).selectOption('system');
  });
});
