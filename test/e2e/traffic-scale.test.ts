/**
 * The Traffic view with a few thousand recorded exchanges, in real Chromium against the real
 * `scimscope serve`: the newest page is listed with the rest loadable, the list scrolls, and a search
 * for a term found only in the body of an exchange older than everything loaded lists that exchange
 * (the server searches the whole recording); a pasted term is asked of the server once for the quick
 * search (whose answer counts what the search covers), then only body pages. Saves the searched view
 * in light and dark to docs/screenshots/. No timing is asserted: speed is measured by `npm run bench:inspector`.
 */
import path from 'node:path';
import autocannon from 'autocannon';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, openInspector } from '../helpers/browser.js';
import { startCli, type CliProcess } from '../helpers/cli-process.js';
import { request } from '../helpers/http.js';
import { tempDir } from '../helpers/temp-dir.js';

const SCREENSHOTS = path.resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const OKTA = { 'User-Agent': 'Okta SCIM Client 1.0.0', Accept: 'application/scim+json', 'Content-Type': 'application/scim+json; charset=utf-8' };
const LOOKUPS = 3000;
const available = chromiumAvailable();

describe.skipIf(!available)('Traffic view with thousands of exchanges', () => {
  let cli: CliProcess;
  let removeDir: () => Promise<void>;
  let browser: Browser;
  let page: Page;
  let needleExchange: string;
  const errors: string[] = [];
  const admin = (method: string, p: string) => request(`${cli.info.adminUrl}${p}`, { method, headers: { Authorization: `Bearer ${cli.info.adminToken}` } });

  beforeAll(async () => {
    const temp = await tempDir();
    removeDir = temp.remove;
    cli = await startCli(['--data', temp.dir, '--seed', 'empty']);
    const auth = { ...OKTA, Authorization: `Bearer ${cli.info.token}` };
    // The needle: created first, so it is older than every exchange the inspector loads at start.
    const created = await request(`${cli.info.scimUrl}/Users`, { method: 'POST', headers: auth, body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'needle@example.com', externalId: 'ext-needle-4d2a', title: 'title-only-in-bodies', active: true } });
    expect(created.status).toBe(201);
    const scim = new URL(cli.info.scimUrl);
    let i = 0;
    const result = await autocannon({
      url: scim.origin,
      connections: 8,
      amount: LOOKUPS,
      requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, method: 'GET', headers: auth, path: `${scim.pathname}/Users?filter=${encodeURIComponent(`userName eq "user${i++ % 50}@example.com"`)}` }) }],
    });
    expect(result.non2xx + result.errors).toBe(0);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    cli?.child.kill('SIGTERM');
    await cli?.exited;
    await removeDir?.();
  });

  it('lists the newest exchanges with the older ones one click away, and scrolls', async () => {
    // The recorder writes behind the responses: wait until it holds them all.
    await expect.poll(async () => (await admin('GET', '/api/exchanges?limit=1')).body.total, { timeout: 60_000 }).toBeGreaterThanOrEqual(LOOKUPS + 1);
    needleExchange = (await admin('GET', '/api/exchanges?search=ext-needle-4d2a')).body.items[0].id;
    // The title is in no summary and no identifier: only a body search finds it.
    expect((await admin('GET', '/api/exchanges?search=title-only-in-bodies')).body.total).toBe(0);
    page = await openInspector(browser, cli.info.inspectorUrl, (p) => {
      p.on('pageerror', (e) => errors.push(e.message));
      p.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    });
    await page.locator('[data-row-id]').first().waitFor();
    await page.getByText(/Showing\s*500\s*of\s*500/).waitFor();
    await expect.poll(() => page.getByRole('button', { name: /Load older/ }).textContent()).toMatch(/2,50\d/);
    expect(await page.locator('.traffic-grid').getAttribute('aria-rowcount')).toBe('501');
    // Only the visible rows are in the DOM.
    expect(await page.locator('[data-row-id]').count()).toBeLessThan(100);
    await page.locator('.traffic-scroll').evaluate((el) => (el.scrollTop = 0));
    await page.getByRole('button', { name: /Latest/ }).waitFor();
    await page.getByRole('button', { name: /Latest/ }).click();
    await page.getByRole('button', { name: /Latest/ }).waitFor({ state: 'detached' });
  });

  it('finds an exchange older than everything loaded by a term only in its body', async () => {
    expect(await page.locator(`[data-row-id="${needleExchange}"]`).count()).toBe(0);
    await page.locator('[data-view-search]').fill('title-only-in-bodies');
    await page.locator(`[data-row-id="${needleExchange}"]`).waitFor();
    await page.locator('.search-status').getByText(`Search complete: 1 match; all ${(LOOKUPS + 1).toLocaleString('en-US')} exchanges searched, bodies included.`).waitFor();
    expect(await page.locator('[data-row-id]').count()).toBe(1);
    for (const theme of ['light', 'dark'] as const) {
      await page.locator('.topbar').getByLabel('Theme', { exact: true }).selectOption(theme);
      await page.screenshot({ path: path.join(SCREENSHOTS, `traffic-search-${theme}.png`) });
    }
    await page.locator('.topbar').getByLabel('Theme', { exact: true }).selectOption('system');
    // The match was never loaded here, and it opens like any other.
    await page.locator(`[data-row-id="${needleExchange}"]`).click();
    await page.locator('.detail-summary').getByText('Okta created needle@example.com').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('.detail-summary').waitFor({ state: 'detached' });
    await page.locator('[data-view-search]').fill('');
    await page.getByText(/Showing\s*500\s*of\s*500/).waitFor();
    expect(errors).toEqual([]);
  });

  it('asks once for the quick matches of a pasted term, then only for body pages, and lists the newest match', async () => {
    const newest = (await admin('GET', '/api/exchanges?search=user7%40example.com&limit=1')).body.items[0].id as string;
    const asked: string[] = [];
    const onRequest = (r: { url(): string }) => {
      const url = new URL(r.url());
      if (url.pathname.endsWith('/api/exchanges')) asked.push(url.searchParams.toString());
    };
    page.on('request', onRequest);
    await page.locator('[data-view-search]').fill('user7@example.com');
    await page.locator(`[data-row-id="${newest}"]`).waitFor();
    await page.locator('.search-status.is-complete').waitFor();
    page.off('request', onRequest);
    const quick = asked.filter((q) => !q.includes('bodies=true'));
    expect(quick).toEqual([expect.stringContaining('search=user7%40example.com')]);
    expect(asked.length).toBeGreaterThan(1);
    for (const q of asked) expect(q).toContain('search=user7%40example.com');
    await page.locator('[data-view-search]').fill('');
    await page.getByText(/Showing\s*500\s*of\s*500/).waitFor();
    expect(errors).toEqual([]);
  });
});
