/**
 * Right after start-up the server loads its recorded exchanges in the background, and the socket's
 * hello (which carries the traffic) waits for that. In real Chromium against a real server whose load
 * is held part-way (the `exchangeLoadPause` door the load yields through): the Traffic view says it is
 * loading, with how far (from the socket's `loading` messages, no polling), instead of "No traffic yet", and the status bar says so
 * too; once the load goes on, the exchanges are listed and both notices are gone. Saves the loading
 * view in light, dark and high contrast to docs/screenshots/.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, openInspector } from '../helpers/browser.js';
import { holdLoad } from '../helpers/held-load.js';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const SCREENSHOTS = path.resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');
/** More than one slice of the load (512 KiB of index lines), so a held load is part-way. */
const EXCHANGES = 2000;

describe.skipIf(!chromiumAvailable())('the inspector while the recorded traffic loads', () => {
  let first: TestSandbox;
  let second: TestSandbox | undefined;
  let browser: Browser;

  beforeAll(async () => {
    first = await startSandbox({ seed: 'demo' });
    const recorded = nextExchanges(first.sandbox, EXCHANGES);
    for (let i = 0; i < EXCHANGES; i += 50) await Promise.all(Array.from({ length: Math.min(50, EXCHANGES - i) }, (_, j) => first.scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "load${i + j}@example.com"`)}`)));
    await recorded;
    await first.stop();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await second?.close();
    await first?.close();
  });

  it('says it is loading, with how far, until the load is done; then lists the traffic', async () => {
    const load = holdLoad();
    second = await startSandbox({ dataDir: first.dataDir, exchangeLoadPause: load.pause });
    await load.held;
    const { loaded, expected } = second.sandbox.exchanges.loadState;
    expect(loaded).toBeGreaterThan(0);
    expect(loaded).toBeLessThan(expected);

    const errors: string[] = [];
    const page = await openInspector(browser, second.addresses.inspectorUrl, (p) => p.on('pageerror', (e) => errors.push(e.message)));
    const notice = page.getByRole('status').filter({ hasText: 'Loading recorded traffic…' });
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toContain(`${loaded.toLocaleString('en-US')} of about ${expected.toLocaleString('en-US')} exchanges read`);
    const bar = notice.getByRole('progressbar', { name: 'Recorded traffic loaded' });
    expect(await bar.evaluate((el) => [(el as HTMLProgressElement).value, (el as HTMLProgressElement).max])).toEqual([loaded, expected]);
    const pill = page.getByLabel('Server status').getByText(`Loading traffic ${Math.floor((100 * loaded) / expected)}%`);
    await pill.waitFor();
    expect(await page.getByText('No traffic yet').count()).toBe(0);
    expect(await page.getByRole('button', { name: /Load older/ }).count()).toBe(0);
    // The counts come with the progress meanwhile (the hello that brings them waits for the load).
    const users = (await second.admin('GET', '/api/status')).body.counts.users as number;
    expect(users).toBeGreaterThan(0);
    await page.getByLabel('Server status').getByText(`${users.toLocaleString('en-US')} users`, { exact: false }).waitFor();

    const themes = page.locator('.topbar').getByLabel('Theme', { exact: true });
    for (const theme of ['light', 'dark', 'contrast'] as const) {
      await themes.selectOption(theme);
      await page.screenshot({ path: path.join(SCREENSHOTS, `traffic-loading-${theme}.png`) });
    }
    await themes.selectOption('light');

    load.open();
    // The hello arrives with the traffic: the newest exchange is listed, the notices are gone.
    await page.locator('[role="row"][id^="traffic-row-"]').first().waitFor();
    await notice.waitFor({ state: 'detached' });
    await pill.waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
    await page.close();
  });
});
