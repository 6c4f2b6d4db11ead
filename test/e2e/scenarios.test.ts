/**
 * The Scenarios view end to end, in real Chromium against the real `scimscope serve` process: a
 * trainer with no IdP steps through "Joiner → mover → leaver" as Okta, sees each step explained and
 * judged, follows a step to its exchange in Traffic (marked emulated), and runs the rest. Saves
 * screenshots (light and dark) to docs/screenshots/.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, openInspector } from '../helpers/browser.js';
import { startCli, type CliProcess } from '../helpers/cli-process.js';
import { tempDir } from '../helpers/temp-dir.js';

const SCREENSHOTS = path.resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const available = chromiumAvailable();

describe.skipIf(!available)('Scenarios view in Chromium', () => {
  let cli: CliProcess;
  let removeDir: () => Promise<void>;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    const temp = await tempDir();
    removeDir = temp.remove;
    cli = await startCli(['--data', temp.dir, '--seed', 'empty']);
    browser = await launchChromium();
    page = await openInspector(browser, cli.info.inspectorUrl, (p) => {
      p.on('pageerror', (e) => errors.push(e.message));
      p.on('console', (m) => {
        if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text());
      });
    });
  });

  afterAll(async () => {
    await browser?.close();
    cli?.child.kill('SIGTERM');
    await cli?.exited;
    await removeDir?.();
  });

  it('points an empty Traffic view at the scenarios', async () => {
    await page.getByRole('heading', { name: 'No traffic yet: connect Okta, or play a scenario' }).waitFor();
    await page.getByRole('link', { name: 'Play a scenario' }).click();
    await page.getByRole('heading', { name: 'Scenarios', level: 1 }).waitFor();
  });

  it('steps through joiner → mover → leaver as Okta, each step explained and judged', async () => {
    await page.getByRole('option', { name: /Joiner → mover → leaver/ }).click();
    const steps = page.getByRole('list', { name: 'Steps' });
    await steps.getByText('Okta looks the user up first so that it never creates a duplicate.').waitFor();
    const step = page.getByRole('button', { name: 'Step' });
    await step.click();
    await page.getByTestId('played-step').first().getByText('as expected').waitFor();
    await page.getByRole('button', { name: 'Step', disabled: false }).waitFor();
    await step.click();
    await page.getByTestId('played-step').nth(1).getByText(/POST/).waitFor();
    expect(await page.getByTestId('played-step').count()).toBe(2);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'scenarios-light.png') });
  });

  it('follows a played step to its exchange in Traffic, marked as emulated', async () => {
    await page.getByTestId('played-step').nth(1).getByRole('button', { name: 'Open in Traffic' }).click();
    await page.waitForURL(/#\/traffic\//);
    const detail = page.locator('.traffic-detail');
    await detail.getByText(/Okta \(emulated\) created test\.user\.\w+@okta\.local/).first().waitFor();
    await detail.getByText('Okta (emulated)', { exact: true }).waitFor();
    await page.locator('.trow .flag-emulated').first().waitFor();
  });

  it('runs the rest and says every step got what Okta expects', async () => {
    await page.getByRole('tab', { name: /Scenarios/ }).click();
    await page.getByRole('option', { name: /Joiner → mover → leaver/ }).click();
    await page.getByRole('button', { name: /^Run/ }).click();
    await page.getByRole('status').getByText(/All 8 steps got what Okta \(OIN app\) expects/).waitFor();
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'scenarios-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('logged no errors in the page', () => {
    expect(errors).toEqual([]);
  });
});
