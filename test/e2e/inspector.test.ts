/**
 * The inspector end to end, in real Chromium, against the real `scimscope serve` process with a
 * temporary data folder: Okta-shaped traffic appears live and labelled, an exchange shows its diff,
 * an edit in the Users view changes what SCIM returns, a preset fault shows in the list, a user's
 * timeline, body search, the modal dialogs, the theme switch. Saves screenshots of every view (light and dark) to
 * docs/screenshots/ for the README.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oktaLifecycle } from '../fixtures/idp-requests.js';
import { chromiumAvailable, launchChromium, openInspector } from '../helpers/browser.js';
import { startCli, type CliProcess } from '../helpers/cli-process.js';
import { request } from '../helpers/http.js';
import { runSteps } from '../helpers/spec-runner.js';
import { tempDir } from '../helpers/temp-dir.js';

const SCREENSHOTS = path.resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const OKTA = { 'User-Agent': 'Okta SCIM Client 1.0.0', Accept: 'application/scim+json', 'Content-Type': 'application/scim+json; charset=utf-8' };
const available = chromiumAvailable();
if (!available) {
  console.warn('\n*** End-to-end UI tests SKIPPED: no Chromium at /usr/bin/chromium (set CHROMIUM_PATH, or apt-get install chromium). CI installs it. ***\n');
}

describe.skipIf(!available)('inspector in Chromium', () => {
  let cli: CliProcess;
  let removeDir: () => Promise<void>;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  /** Every URL the page asked for, WebSockets included: none may carry the admin token. */
  const urls: string[] = [];
  /** True while the test has stopped the server: only then may the page fail to reach it. */
  let serverDown = false;
  const scim = (method: string, p: string, body?: unknown) => request(`${cli.info.scimUrl}${p}`, { method, body, headers: { ...OKTA, Authorization: `Bearer ${cli.info.token}` } });
  const admin = (method: string, p: string, body?: unknown) => request(`${cli.info.adminUrl}${p}`, { method, body, headers: { Authorization: `Bearer ${cli.info.adminToken}` } });
  const go = async (hash: string) => {
    await page.evaluate((h) => (window.location.hash = h), hash);
  };

  beforeAll(async () => {
    const temp = await tempDir();
    removeDir = temp.remove;
    cli = await startCli(['--data', temp.dir]);
    browser = await launchChromium();
    page = await openInspector(browser, cli.info.inspectorUrl, (p) => {
      p.on('pageerror', (e) => errors.push(e.message));
      p.on('console', (m) => {
        if (m.type() !== 'error') return;
        // While the server is stopped, the inspector's requests (its socket ticket among them) are refused.
        if (serverDown && /^Failed to load resource: net::ERR_CONNECTION_REFUSED$/.test(m.text())) return;
        errors.push(m.text());
      });
      p.on('request', (r) => urls.push(r.url()));
      p.on('websocket', (ws) => urls.push(ws.url()));
    });
  });

  afterAll(async () => {
    await browser?.close();
    cli?.child.kill('SIGTERM');
    await cli?.exited;
    await removeDir?.();
  });

  it('keeps the token out of the address bar', async () => {
    expect(page.url()).not.toContain('token=');
    expect(page.url()).toMatch(/#\/traffic$/);
  });

  it('shows Okta traffic live, labelled in lifecycle words', async () => {
    await runSteps(cli.info.scimUrl, oktaLifecycle, { auth: `Bearer ${cli.info.token}` });
    await page.getByText(/^Okta deactivated test\.user@okta\.local/).first().waitFor();
    await page.getByText(/^Okta created test\.user@okta\.local/).first().waitFor();
    // An exchange joins the log when the server has finished sending its answer, which can be just
    // after the client has read it: wait for the last one rather than count at once.
    await expect.poll(async () => (await admin('GET', '/api/exchanges?limit=1')).body.total as number).toBeGreaterThanOrEqual(oktaLifecycle.length);
    const total = (await admin('GET', '/api/exchanges?limit=1')).body.total as number;
    await page.getByText(new RegExp(`Showing\\s*${total}\\s*of\\s*${total}`)).waitFor();
    await expect.poll(() => page.locator('.trow .kind').allTextContents()).toContain('Deactivate user');
  });

  it('opens an exchange and shows the change as a before/after diff', async () => {
    await page.getByText(/^Okta deactivated test\.user@okta\.local/).first().click();
    const detail = page.getByRole('region', { name: 'Exchange detail' }).or(page.locator('.traffic-detail'));
    await detail.locator('.detail-summary').getByText(/Okta deactivated/).waitFor();
    const activeRow = detail.locator('.diff-table tr', { hasText: 'active' });
    await activeRow.waitFor();
    expect(await activeRow.locator('.diff-old').textContent()).toBe('true');
    expect(await activeRow.locator('.diff-new').textContent()).toBe('false');
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
  });

  it('finds an exchange by a value that only appears in a body', async () => {
    const search = page.locator('[data-view-search]');
    await page.locator('.trow').first().focus();
    await page.keyboard.press('/');
    await expect.poll(() => page.evaluate(() => document.activeElement?.hasAttribute('data-view-search'))).toBe(true);
    // Part of the externalId Okta sends in its create body; no summary or path mentions it.
    await search.fill('l29u0le5');
    await expect.poll(async () => (await page.locator('.trow .kind').allTextContents()).join('|')).toMatch(/Create user/);
    const kinds = await page.locator('.trow .kind').allTextContents();
    expect(kinds.length).toBeGreaterThan(0);
    expect(kinds.length).toBeLessThan(6);
    await search.fill('');
    await search.blur();
  });

  it('shows a preset fault failing the next request, with the fault badge', async () => {
    await go('#/faults');
    await page.getByRole('button', { name: 'Add preset: Okta rate limit (429, Retry-After 120)' }).click();
    await expect.poll(async () => (await admin('GET', '/api/faults')).body.total).toBe(1);
    await page.locator('.faults-rule').getByText(/429 with Retry-After 120 s/).waitFor();
    const res = await scim('GET', '/Users?filter=userName%20eq%20%22jane.doe%40example.com%22&startIndex=1&count=100');
    expect(res.status).toBe(429);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'faults-light.png') });
    await go('#/traffic');
    const faulted = page.locator('.trow', { has: page.locator('.flag-fault') }).last();
    await faulted.waitFor();
    expect(await faulted.locator('.status').textContent()).toBe('429');
    const rules = (await admin('GET', '/api/faults')).body.items as { id: string }[];
    for (const rule of rules) await admin('DELETE', `/api/faults/${rule.id}`);
  });

  it('edits a user in the Users view, and SCIM returns the edit', async () => {
    const jane = (await scim('GET', '/Users?filter=userName%20eq%20%22jane.doe%40example.com%22')).body.Resources[0];
    await go(`#/users/${jane.id}`);
    const detail = page.locator('.rs-detail');
    await detail.getByRole('button', { name: 'Edit' }).click();
    const title = detail.getByLabel('Title');
    await title.fill('VP Engineering');
    await detail.getByRole('button', { name: /^Save/ }).click();
    await expect.poll(async () => (await scim('GET', `/Users/${jane.id}`)).body.title).toBe('VP Engineering');
  });

  it("shows a user's timeline: created, then deactivated", async () => {
    const created = (await scim('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'timeline.demo@example.com', name: { givenName: 'Tim', familyName: 'Line' }, emails: [{ value: 'timeline.demo@example.com', type: 'work', primary: true }], active: true })).body;
    await scim('PATCH', `/Users/${created.id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] });
    await go(`#/users/${created.id}`);
    await page.locator('.rs-detail').getByRole('tab', { name: /Timeline/ }).click();
    const panel = page.locator('.rs-detail [role="tabpanel"]');
    await panel.getByText(/Okta deactivated timeline\.demo@example\.com/).waitFor();
    const text = await panel.textContent();
    expect(text!.indexOf('Okta created timeline.demo')).toBeGreaterThanOrEqual(0);
    expect(text!.indexOf('Okta created timeline.demo')).toBeLessThan(text!.indexOf('Okta deactivated timeline.demo'));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'users-light.png') });
  });

  it('opens its dialogs as modals that Escape and Cancel close: generate users, a new fault rule, a delete confirmation', async () => {
    const before = (await admin('GET', '/api/users?count=1')).body.total as number;
    await go('#/users');
    await page.getByRole('button', { name: 'Generate users' }).click();
    const generate = page.getByRole('dialog', { name: /Generate fake users/ });
    await generate.waitFor();
    expect(await generate.evaluate((d) => d.matches(':modal'))).toBe(true);
    await generate.getByLabel('How many users').fill('3');
    await generate.getByRole('button', { name: 'Generate 3 users' }).click();
    await generate.waitFor({ state: 'hidden' });
    await expect.poll(async () => (await admin('GET', '/api/users?count=1')).body.total).toBe(before + 3);

    await go('#/faults');
    await page.getByRole('button', { name: 'New rule' }).click();
    const editor = page.locator('dialog.faults-editor');
    await editor.waitFor();
    expect(await editor.evaluate((d) => d.matches(':modal'))).toBe(true);
    await page.keyboard.press('Escape');
    await editor.waitFor({ state: 'detached' });

    const jane = (await scim('GET', '/Users?filter=userName%20eq%20%22jane.doe%40example.com%22')).body.Resources[0];
    await go(`#/users/${jane.id}`);
    await page.locator('.rs-detail').getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: /Delete/ });
    await confirm.waitFor();
    expect(await confirm.evaluate((d) => d.matches(':modal'))).toBe(true);
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'hidden' });
    expect((await scim('GET', `/Users/${jane.id}`)).status).toBe(200);
  });

  it('switches to the dark theme and back', async () => {
    const theme = page.locator('.topbar').getByLabel('Theme', { exact: true });
    await theme.selectOption('dark');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await theme.selectOption('light');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe(background);
  });

  it('saves a screenshot of every view in light and dark', async () => {
    const okta = (await scim('GET', '/Users?filter=userName%20eq%20%22test.user%40okta.local%22')).body.Resources[0];
    const engineering = (await scim('GET', '/Groups?filter=displayName%20eq%20%22Engineering%22')).body.Resources[0];
    const deactivation = (await admin('GET', '/api/exchanges?kind=user.deactivate&limit=1')).body.items[0];
    const views: [string, string][] = [
      ['traffic', `#/traffic/${deactivation.id}`],
      ['users', `#/users/${okta.id}`],
      ['groups', `#/groups/${engineering.id}`],
      ['faults', '#/faults'],
      ['connect', '#/connect'],
      ['settings', '#/settings'],
    ];
    await admin('POST', '/api/faults/presets/flaky-503');
    await admin('POST', '/api/faults/presets/slow-lookups');
    for (const theme of ['light', 'dark'] as const) {
      await page.locator('.topbar').getByLabel('Theme', { exact: true }).selectOption(theme);
      for (const [name, hash] of views) {
        await go(hash);
        await page.locator(`#view.view-${name}`).waitFor();
        await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
        // The user's timeline is the view's point: show it.
        if (name === 'users') await page.locator('.rs-detail').getByRole('tab', { name: /Timeline/ }).click();
        await page.evaluate(() => document.querySelectorAll<HTMLButtonElement>('.toast-close').forEach((b) => b.click()));
        await page.locator('.toast').first().waitFor({ state: 'detached' });
        await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${theme}.png`) });
      }
    }
    await page.locator('.topbar').getByLabel('Theme', { exact: true }).selectOption('system');
    for (const rule of (await admin('GET', '/api/faults')).body.items as { id: string }[]) await admin('DELETE', `/api/faults/${rule.id}`);
  });

  it('reconnects by itself after the server restarts', async () => {
    await go('#/traffic');
    const scimPort = new URL(cli.info.scimUrl).port;
    const adminPort = new URL(cli.info.adminUrl).port;
    serverDown = true;
    cli.child.kill('SIGTERM');
    await cli.exited;
    await page.locator('.statusbar').getByText(/Disconnected/).waitFor();
    cli = await startCli(['--data', cli.info.dataDir, '--port', scimPort, '--admin-port', adminPort]);
    // Back-off between attempts reaches 10 s at most: a ceiling for a loaded machine, not a wait.
    await page.locator('.statusbar').getByText('Running', { exact: true }).waitFor({ timeout: 30_000 });
    serverDown = false;
    expect((await scim('GET', '/Users?filter=userName%20eq%20%22after.restart%40example.com%22&startIndex=1&count=100')).status).toBe(200);
    // Filter the list to it, so the row is rendered wherever the list is scrolled.
    await page.locator('[data-view-search]').fill('after.restart');
    await page.getByText(/Okta looked up after\.restart@example\.com/).first().waitFor();
    await page.locator('[data-view-search]').fill('');
  });

  it('moves through a long list with the keyboard: Home while following the newest scrolls to the top and lets go of the end', async () => {
    await go('#/traffic');
    const lookup = (name: string) => scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${name}@example.com"`)}`);
    for (let i = 0; i < 60; i++) expect((await lookup(`keys${i}`)).status).toBe(200);
    const scroller = page.locator('.traffic-scroll');
    const fromEnd = () => scroller.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
    // Following the newest (an earlier test left a row selected in the middle): at the end.
    const latest = page.getByRole('button', { name: /new|Latest/ });
    if ((await latest.count()) > 0) await latest.click();
    await page.getByText(/Okta looked up keys59@example\.com/).first().waitFor();
    await expect.poll(fromEnd).toBeLessThan(2);
    await page.locator('.traffic-rows [role="row"][tabindex="0"]').focus();
    await page.keyboard.press('Home');
    await page.getByRole('button', { name: 'Latest' }).waitFor();
    await expect.poll(() => scroller.evaluate((el) => el.scrollTop)).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-rowindex'))).toBe('2');
    // New arrivals no longer pull the list back to the end; they are counted.
    for (let i = 0; i < 3; i++) expect((await lookup(`keys-late${i}`)).status).toBe(200);
    await page.getByRole('button', { name: '3 new' }).waitFor();
    expect(await scroller.evaluate((el) => el.scrollTop)).toBe(0);
    // End goes back to the newest and follows again.
    await page.keyboard.press('End');
    await page.getByRole('button', { name: /new|Latest/ }).waitFor({ state: 'detached' });
    await expect.poll(fromEnd).toBeLessThan(2);
  });

  it('logged no errors in the page', () => {
    expect(errors).toEqual([]);
  });

  it('never put the admin token in a URL it requested; the live socket opened with tickets', () => {
    const token = cli.info.adminToken;
    expect(urls.filter((u) => u.includes(token) || u.includes(encodeURIComponent(token)) || /[?&]token=/.test(u))).toEqual([]);
    const sockets = urls.filter((u) => u.startsWith('ws:'));
    // One at the start, one after the restart.
    expect(sockets.length).toBeGreaterThanOrEqual(2);
    for (const u of sockets) expect(new URL(u).searchParams.get('ticket')).toMatch(/^evt_/);
  });
});
