/**
 * Proxy mode end to end in real Chromium: a running `scimscope serve` is switched to proxy mode in
 * the Settings view, SCIM traffic then reaches a second sandbox (the upstream) and shows in Traffic
 * with its upstream leg, a recorded request is edited and replayed there, and the Users view says it browses the upstream. Screenshots go to
 * docs/screenshots/proxy-*.png.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, openInspector } from '../helpers/browser.js';
import { startCli, type CliProcess } from '../helpers/cli-process.js';
import { request } from '../helpers/http.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const SCREENSHOTS = path.resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const UPSTREAM_TOKEN = 'e2e-upstream-token-abcdef';
const available = chromiumAvailable();

describe.skipIf(!available)('proxy mode in Chromium', () => {
  let cli: CliProcess;
  let upstream: TestSandbox;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    upstream = await startSandbox({ dataDir: ':memory:', seed: 'demo', token: UPSTREAM_TOKEN });
    cli = await startCli(['--data', ':memory:', '--seed', 'empty']);
    browser = await launchChromium();
    page = await openInspector(browser, cli.info.inspectorUrl, (p) => p.on('pageerror', (e) => errors.push(e.message)));
  });

  afterAll(async () => {
    await browser?.close();
    cli?.child.kill('SIGTERM');
    await cli?.exited;
    await upstream?.close();
  });

  it('switches to proxy mode in Settings', async () => {
    await page.getByRole('tab', { name: /Settings/ }).click();
    const form = page.getByRole('form', { name: 'Upstream' });
    await form.getByLabel('Upstream URL').fill(upstream.addresses.scimUrl);
    await form.getByLabel('Upstream token').fill(UPSTREAM_TOKEN);
    await form.getByRole('button', { name: 'Switch to proxy mode' }).click();
    await page.getByText(/SCIM traffic is forwarded to/).waitFor();
    await page.locator('#settings-upstream').evaluate((el) => el.scrollIntoView());
    await page.screenshot({ path: path.join(SCREENSHOTS, 'proxy-settings.png') });
    const settings = await request(`${cli.info.adminUrl}/api/settings`, { headers: { Authorization: `Bearer ${cli.info.adminToken}` } });
    expect(settings.body.upstream).toMatchObject({ url: upstream.addresses.scimUrl, tokenSet: true });
  });

  it('shows traffic reaching the upstream, with its leg', async () => {
    const created = await request(`${cli.info.scimUrl}/Users`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${cli.info.token}`, 'User-Agent': 'Okta SCIM Client 1.0.0' },
      body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'via.proxy@example.com' },
    });
    expect(created.status).toBe(201);
    expect(upstream.sandbox.store.counts().users).toBeGreaterThan(0);
    await page.getByRole('tab', { name: /Traffic/ }).click();
    await page.getByText(/via\.proxy@example\.com/).first().click();
    const leg = page.locator('[data-upstream-leg]');
    await leg.waitFor();
    expect(await leg.textContent()).toContain(`${upstream.addresses.scimUrl}/Users`);
    expect(await leg.textContent()).toMatch(/Upstream answered 201/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'proxy-traffic.png') });
  });

  it('edits a recorded request and replays it to the upstream', async () => {
    await page.getByRole('button', { name: 'Edit and replay' }).click();
    const dialog = page.getByRole('dialog', { name: /Edit and replay/ });
    const body = dialog.getByLabel('Body');
    await body.fill(JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'edited.replay@example.com' }, null, 2));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'proxy-replay-edit.png') });
    await dialog.getByRole('button', { name: 'Send' }).click();
    await page.getByText(/Replayed from the inspector/).waitFor();
    const found = await upstream.scim('GET', '/Users?filter=userName%20eq%20%22edited.replay%40example.com%22');
    expect(found.body.totalResults).toBe(1);
  });

  it('the Users view browses the upstream, read-only', async () => {
    await page.getByRole('tab', { name: /Users/ }).click();
    await page.getByText(/Proxy mode\./).waitFor();
    const table = page.getByRole('table', { name: 'Upstream Users' });
    await table.getByText('via.proxy@example.com').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'proxy-users.png') });
    expect(errors).toEqual([]);
  });
});
