/**
 * Workspaces in the inspector, in real Chromium against `scimscope serve`: create a workspace from
 * the switcher, which shows it (the hash names it); SCIM traffic sent into it shows there and only
 * there, traffic into the default workspace never does; the view's counts and Connect's SCIM URL
 * are the workspace's; switching back shows the default workspace's traffic and none of the other's.
 * Also renames and deletes through the switcher, and saves screenshots of it (light, dark, contrast).
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, openInspector } from '../helpers/browser.js';
import { startCli, type CliProcess } from '../helpers/cli-process.js';
import { request } from '../helpers/http.js';
import { tempDir } from '../helpers/temp-dir.js';

const SCREENSHOTS = path.resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const OKTA = { 'User-Agent': 'Okta SCIM Client 1.0.0', Accept: 'application/scim+json' };
const available = chromiumAvailable();

describe.skipIf(!available)('workspaces in the inspector', () => {
  let cli: CliProcess;
  let removeDir: () => Promise<void>;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  /** True while the page is shown a workspace that does not exist: only then may it log refused requests. */
  let visitingMissing = false;
  const admin = (method: string, p: string, body?: unknown) => request(`${cli.info.adminUrl}${p}`, { method, body, headers: { Authorization: `Bearer ${cli.info.adminToken}` } });
  const origin = () => new URL(cli.info.scimUrl).origin;
  /** A lookup whose summary names `who`, sent to a workspace's SCIM base with its own token. */
  const lookUp = async (workspace: string, token: string, who: string) => {
    const base = workspace === 'default' ? `${origin()}/scim/v2` : `${origin()}/w/${workspace}/scim/v2`;
    const res = await request(`${base}/Users?filter=${encodeURIComponent(`userName eq "${who}"`)}`, { headers: { ...OKTA, Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
  };
  const switcher = () => page.locator('.topbar').getByRole('button', { name: /Workspace:/ });
  const dialog = () => page.getByRole('dialog', { name: 'Workspaces' });
  const rows = () => page.locator('.traffic-rows .trow');

  beforeAll(async () => {
    const temp = await tempDir();
    removeDir = temp.remove;
    cli = await startCli(['--data', temp.dir]);
    browser = await launchChromium();
    page = await openInspector(browser, cli.info.inspectorUrl, (p) => {
      p.on('pageerror', (e) => errors.push(e.message));
      p.on('console', (m) => {
        if (m.type() !== 'error') return;
        if (visitingMissing && /\/api\/w\/nope\/|status of 404/.test(`${m.text()} ${m.location().url}`)) return;
        errors.push(m.text());
      });
    });
  });

  afterAll(async () => {
    await browser?.close();
    cli?.child.kill('SIGTERM');
    await cli?.exited;
    await removeDir?.();
  });

  it('creates a workspace from the switcher and shows it', async () => {
    await lookUp('default', cli.info.token, 'only.in.default@example.com');
    await page.getByText(/only\.in\.default@example\.com/).first().waitFor();
    expect(await switcher().textContent()).toContain('default');
    await switcher().click();
    const form = dialog().getByRole('region', { name: 'New workspace' });
    await form.getByLabel('Name').fill('class-01');
    await form.getByRole('button', { name: 'Create' }).click();
    await page.waitForFunction(() => window.location.hash === '#/w/class-01/traffic');
    await dialog().waitFor({ state: 'detached' });
    expect(await switcher().textContent()).toContain('class-01');
    expect((await admin('GET', '/api/workspaces')).body.items.map((w: { name: string }) => w.name)).toEqual(['default', 'class-01']);
  });

  it('traffic into the workspace shows there only; the default workspace traffic never does', async () => {
    const token = (await admin('GET', '/api/w/class-01/settings/credentials')).body.token as string;
    expect(token).not.toBe(cli.info.token);
    await lookUp('class-01', token, 'only.in.class01@example.com');
    await lookUp('default', cli.info.token, 'later.in.default@example.com');
    await page.getByText(/only\.in\.class01@example\.com/).first().waitFor();
    const total = (await admin('GET', '/api/w/class-01/exchanges?limit=1')).body.total as number;
    await expect.poll(() => rows().count()).toBe(total);
    const shown = (await rows().allTextContents()).join('\n');
    expect(shown).not.toContain('default@example.com');
    expect(await page.locator('#tab-traffic .tab-count').textContent()).toBe(String(total));
    // Connect gives this workspace's SCIM URL.
    await page.locator('.topbar').getByRole('tab', { name: /Connect/ }).click();
    await page.waitForFunction(() => window.location.hash === '#/w/class-01/connect');
    await page.locator('#view').getByText(`${origin()}/w/class-01/scim/v2`, { exact: true }).first().waitFor();
  });

  it('switches back: the default workspace shows its own traffic and none of the other', async () => {
    await switcher().click();
    await dialog().getByRole('listitem', { name: 'default' }).getByRole('button', { name: 'Switch' }).click();
    await page.waitForFunction(() => window.location.hash === '#/traffic');
    await page.locator('.topbar').getByRole('tab', { name: /Traffic/ }).click();
    await page.getByText(/later\.in\.default@example\.com/).first().waitFor();
    const total = (await admin('GET', '/api/exchanges?limit=1').then((r) => r.body.total)) as number;
    await expect.poll(() => rows().count()).toBe(total);
    expect((await rows().allTextContents()).join('\n')).not.toContain('class01');
  });

  it('renames and deletes through the switcher, deleting only after a confirmation', async () => {
    await switcher().click();
    await dialog().getByRole('listitem', { name: 'class-01' }).waitFor();
    for (const theme of ['light', 'dark', 'contrast'] as const) {
      await page.evaluate((t) => {
        document.documentElement.dataset.theme = t;
        document.documentElement.style.colorScheme = t === 'dark' ? 'dark' : 'light';
      }, theme);
      await page.screenshot({ path: path.join(SCREENSHOTS, `workspaces-${theme}.png`) });
    }
    await page.evaluate(() => {
      document.documentElement.dataset.theme = 'light';
      document.documentElement.style.colorScheme = 'light';
    });
    const row = dialog().getByRole('listitem', { name: 'class-01' });
    await row.getByRole('button', { name: 'Rename' }).click();
    await row.getByLabel('Name').fill('team-a');
    await row.getByRole('button', { name: 'Save name' }).click();
    const renamed = dialog().getByRole('listitem', { name: 'team-a' });
    await renamed.waitFor();
    await renamed.getByRole('button', { name: 'Delete…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete workspace “team-a”?' });
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain(`${origin()}/w/team-a/scim/v2`);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'workspaces-delete-light.png') });
    await confirm.getByRole('button', { name: 'Delete workspace' }).click();
    await renamed.waitFor({ state: 'detached' });
    expect((await admin('GET', '/api/workspaces')).body.items.map((w: { name: string }) => w.name)).toEqual(['default']);
    await dialog().getByRole('button', { name: 'Close' }).click();
  });

  it('a link to a workspace that does not exist falls back to the default one, saying so', async () => {
    visitingMissing = true;
    await page.evaluate(() => (window.location.hash = '#/w/nope/traffic'));
    await page.locator('.toast', { hasText: 'There is no workspace “nope”' }).waitFor();
    await page.waitForFunction(() => window.location.hash === '#/traffic');
    await page.locator('.statusbar').getByText('Running', { exact: true }).waitFor();
    visitingMissing = false;
  });

  it('duplicating a workspace in proxy mode says the copy has no upstream token before opening it, and leads to its settings', async () => {
    const upstreamToken = 'teacher-upstream-token-5566';
    expect((await admin('PUT', '/api/settings', { upstream: { url: 'http://127.0.0.1:9/tenant/scim/v2', auth: 'token', token: upstreamToken } })).status).toBe(200);
    await switcher().click();
    const row = dialog().getByRole('listitem', { name: 'default' });
    await row.getByRole('button', { name: 'Duplicate' }).click();
    await row.getByRole('button', { name: 'Create copy' }).click();
    const alert = dialog().getByRole('alert', { name: '“default-copy” created: before you use it' });
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    expect(text).toContain('The upstream token of "default" is not copied: "default-copy" forwards its SCIM requests to http://127.0.0.1:9');
    expect(text).toContain('refuses them (503, "no upstream token")');
    expect(text).not.toContain(upstreamToken);
    // The dialog stays on the default workspace until the trainer chooses.
    expect(await page.evaluate(() => window.location.hash)).toBe('#/traffic');
    for (const theme of ['light', 'dark'] as const) {
      await page.evaluate((t) => {
        document.documentElement.dataset.theme = t;
        document.documentElement.style.colorScheme = t;
      }, theme);
      await page.screenshot({ path: path.join(SCREENSHOTS, `workspaces-copy-warning-${theme}.png`) });
    }
    await page.evaluate(() => {
      document.documentElement.dataset.theme = 'light';
      document.documentElement.style.colorScheme = 'light';
    });
    await alert.getByRole('button', { name: 'Open its settings' }).click();
    await page.waitForFunction(() => window.location.hash === '#/w/default-copy/settings');
    await dialog().waitFor({ state: 'detached' });
    expect((await admin('GET', '/api/w/default-copy/settings')).body.upstream).toMatchObject({ url: 'http://127.0.0.1:9/tenant/scim/v2', auth: 'token', tokenSet: false });
  });

  it('logged no errors in the page', () => {
    expect(errors).toEqual([]);
  });
});
