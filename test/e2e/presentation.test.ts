/**
 * Presentation for a room, in real Chromium against `scimscope serve`: Ctrl + zooms the whole
 * inspector once (root size and traffic rows), shows "110%", survives a reload; the screen-sharing
 * shortcut hides the token on Connect until clicked while the copy button still copies the real
 * token; the high-contrast theme's colours and focus ring. Saves screenshots of the new UI in light,
 * dark, high contrast and large type to docs/screenshots/.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oktaLifecycle } from '../fixtures/idp-requests.js';
import { chromiumAvailable, launchChromium, openInspector } from '../helpers/browser.js';
import { startCli, type CliProcess } from '../helpers/cli-process.js';
import { runSteps } from '../helpers/spec-runner.js';
import { tempDir } from '../helpers/temp-dir.js';

const SCREENSHOTS = path.resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const available = chromiumAvailable();

describe.skipIf(!available)('presentation in Chromium', () => {
  let cli: CliProcess;
  let removeDir: () => Promise<void>;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const go = (hash: string) => page.evaluate((h) => (window.location.hash = h), hash);
  const rootPx = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  const shot = async (name: string) => {
    await page.evaluate(() => document.querySelectorAll<HTMLButtonElement>('.toast-close').forEach((b) => b.click()));
    await page.locator('.toast').first().waitFor({ state: 'detached' });
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
  };

  beforeAll(async () => {
    const temp = await tempDir();
    removeDir = temp.remove;
    cli = await startCli(['--data', temp.dir]);
    await runSteps(cli.info.scimUrl, oktaLifecycle, { auth: `Bearer ${cli.info.token}` });
    browser = await launchChromium();
    page = await openInspector(browser, cli.info.inspectorUrl, (p) => {
      p.on('pageerror', (e) => errors.push(e.message));
      p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(cli.info.adminUrl).origin });
  });

  afterAll(async () => {
    await browser?.close();
    cli?.child.kill('SIGTERM');
    await cli?.exited;
    await removeDir?.();
  });

  it('zooms the whole inspector once per Ctrl +, shows the level, and keeps it across a reload', async () => {
    await page.locator('.traffic-rows .trow').first().waitFor();
    const base = await rootPx();
    const rowBefore = await page.locator('.traffic-rows .trow').first().evaluate((r) => r.getBoundingClientRect().height);
    await page.keyboard.press('Control+Equal');
    await page.locator('.zoom-indicator').getByText('110%').waitFor();
    expect(await rootPx()).toBeCloseTo(base * 1.1, 1);
    // The browser's own zoom did not apply too: the page still measures its viewport in CSS pixels of 1.
    expect(await page.evaluate(() => window.devicePixelRatio)).toBe(1);
    await expect.poll(() => page.locator('.traffic-rows .trow').first().evaluate((r) => r.getBoundingClientRect().height)).toBe(Math.round(base * 1.1 * 2.125));
    expect(rowBefore).toBe(Math.round(base * 2.125));
    await page.locator('.zoom-indicator').waitFor({ state: 'hidden' });
    await page.reload();
    await page.getByRole('tab', { name: /Traffic/ }).waitFor();
    expect(await rootPx()).toBeCloseTo(base * 1.1, 1);
    await page.keyboard.press('Control+Digit0');
    expect(await rootPx()).toBe(base);
  });

  it('screen sharing hides the token on Connect until clicked, and copy still copies the real token', async () => {
    await go('#/connect');
    await page.locator('#view.view-connect').getByText('Authorization: Bearer').first().waitFor();
    await page.keyboard.press('Control+Shift+KeyM');
    const switchButton = page.locator('.topbar').getByRole('button', { name: /Sharing: secrets hidden/ });
    expect(await switchButton.getAttribute('aria-pressed')).toBe('true');
    const view = page.locator('#view');
    expect(await view.textContent()).not.toContain(cli.info.token.slice(-4));
    const row = page.locator('.connect-row', { hasText: 'Authorization: Bearer' });
    await row.getByRole('button', { name: 'Copy' }).click();
    await page.locator('.toast', { hasText: 'Copied token' }).waitFor();
    expect(await page.locator('.toasts').textContent()).not.toContain(cli.info.token.slice(-4));
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(cli.info.token);
    await shot('presentation-sharing-light');
    await row.getByRole('button', { name: 'Show token' }).click();
    await row.getByText(cli.info.token).waitFor();
    // Remembered: after a reload the mask is on again (and what was revealed is hidden).
    await page.reload();
    await page.locator('#view.view-connect').getByText('Authorization: Bearer').first().waitFor();
    expect(await page.locator('#view').textContent()).not.toContain(cli.info.token.slice(-4));
  });

  it('high contrast: black on white, solid borders, a thick focus ring', async () => {
    await page.locator('.topbar').getByLabel('Theme', { exact: true }).selectOption('contrast');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('contrast');
    const colours = await page.evaluate(() => ({ bg: getComputedStyle(document.body).backgroundColor, text: getComputedStyle(document.body).color }));
    expect(colours).toEqual({ bg: 'rgb(255, 255, 255)', text: 'rgb(0, 0, 0)' });
    await page.locator('.topbar').getByRole('button', { name: /Sharing/ }).focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineWidth);
    expect(ring).toBe('3px');
    await shot('presentation-sharing-contrast');
  });

  it('high contrast reaches the code editor and the diff: AAA editor colours, signs before old and new values', async () => {
    const users = await (await fetch(`${cli.info.adminUrl}/api/users?filter=${encodeURIComponent('userName eq "test.user@okta.local"')}`, { headers: { Authorization: `Bearer ${cli.info.adminToken}` } })).json();
    await go(`#/users/${users.items[0].id}`);
    await page.locator('.rs-detail').getByRole('tab', { name: 'Raw JSON' }).click();
    const editor = page.locator('.cm-editor');
    await editor.waitFor();
    const look = await editor.evaluate((e) => ({ bg: getComputedStyle(e).backgroundColor, text: getComputedStyle(e.querySelector('.cm-content')!).color, border: getComputedStyle(e).borderTopWidth }));
    expect(look).toEqual({ bg: 'rgb(255, 255, 255)', text: 'rgb(0, 0, 0)', border: '2px' });
    await shot('presentation-editor-contrast');
    const update = await (await fetch(`${cli.info.adminUrl}/api/exchanges?kind=user.update&limit=1`, { headers: { Authorization: `Bearer ${cli.info.adminToken}` } })).json();
    await go(`#/traffic/${update.items[0].id}`);
    const diff = page.locator('.diff-table').first();
    await diff.waitFor();
    const signs = await diff.evaluate((t) => ({ old: getComputedStyle(t.querySelector('.diff-old')!, '::before').content, new: getComputedStyle(t.querySelector('.diff-new')!, '::before').content }));
    expect(signs).toEqual({ old: '"− "', new: '"+ "' });
    await diff.scrollIntoViewIfNeeded();
    await shot('presentation-diff-contrast');
  });

  it('saves screenshots of the new UI in light, dark, high contrast and large type', async () => {
    await page.locator('.topbar').getByRole('button', { name: /Sharing/ }).click();
    for (const theme of ['light', 'dark', 'contrast'] as const) {
      await page.locator('.topbar').getByLabel('Theme', { exact: true }).selectOption(theme);
      await go('#/settings');
      await page.locator('#settings-appearance').scrollIntoViewIfNeeded();
      await shot(`presentation-settings-${theme}`);
      await go('#/traffic');
      await page.locator('.traffic-rows .trow').first().click();
      await page.locator('.detail-head').first().waitFor();
      await shot(`presentation-traffic-${theme}`);
    }
    await page.locator('.topbar').getByLabel('Theme', { exact: true }).selectOption('light');
    await page.evaluate(() => localStorage.setItem('scimscope.presentation', JSON.stringify({ zoom: 1, largeType: true, screenSharing: true })));
    await page.reload();
    await page.locator('.traffic-rows .trow').first().click();
    await shot('presentation-large-type');
    await page.locator('.topbar').getByRole('button', { name: /Sharing/ }).click();
  });

  it('logged no errors in the page', () => {
    expect(errors).toEqual([]);
  });
});
