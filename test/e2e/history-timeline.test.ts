/**
 * A group pushed hundreds of times, in Chromium: its timeline opens at the newest page (the inspector
 * asks for a page, never the whole history), says how many older changes there are, loads them
 * on request until the first change, and a push that arrives meanwhile joins at the bottom. Saves
 * screenshots in light, dark and high contrast to docs/screenshots/.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, openInspector } from '../helpers/browser.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { adminJson } from '../helpers/workspaces.js';

const SCREENSHOTS = path.resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

describe.skipIf(!chromiumAvailable())('a long timeline in Chromium', () => {
  let t: TestSandbox;
  let browser: Browser;
  let page: Page;
  let groupId: string;
  const errors: string[] = [];
  const historyUrls: string[] = [];

  beforeAll(async () => {
    t = await startSandbox({ seed: 'empty' });
    const users = (await adminJson(t, 'POST', '/api/users/generate', { count: 100, seed: 3 })).body.ids as string[];
    const group = await adminJson(t, 'POST', '/api/groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Okta pushes' });
    groupId = group.body.id;
    // 100 adds, 100 removes, 49 adds: with the create, 250 changes.
    const push = (op: 'add' | 'remove', id: string) =>
      adminJson(t, 'PATCH', `/api/groups/${groupId}`, { schemas: [PATCH_OP], Operations: [op === 'add' ? { op, path: 'members', value: [{ value: id }] } : { op, path: `members[value eq "${id}"]` }] });
    for (const id of users) expect((await push('add', id)).status).toBe(200);
    for (const id of users) expect((await push('remove', id)).status).toBe(200);
    for (const id of users.slice(0, 49)) expect((await push('add', id)).status).toBe(200);
    browser = await launchChromium();
    page = await openInspector(browser, t.addresses.inspectorUrl, (p) => {
      p.on('pageerror', (e) => errors.push(e.message));
      p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      p.on('request', (r) => r.url().includes('/history') && historyUrls.push(r.url()));
    });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('opens at the newest 100 changes and loads older ones on request, to the first', async () => {
    await page.evaluate((id) => (window.location.hash = `#/groups/${id}`), groupId);
    const panel = page.getByRole('complementary');
    await panel.getByRole('button', { name: /All 250 changes/ }).waitFor();
    await panel.getByRole('tab', { name: /Timeline/ }).click();
    await panel.getByText('150 more, not loaded yet').waitFor();
    expect(await panel.locator('.rs-tl-item').count()).toBe(100);
    expect(historyUrls.every((u) => new URL(u).searchParams.get('count') !== null)).toBe(true);
    for (const theme of ['light', 'dark', 'contrast'] as const) {
      await page.locator('.topbar').getByLabel('Theme', { exact: true }).selectOption(theme);
      await page.screenshot({ path: path.join(SCREENSHOTS, `timeline-older-${theme}.png`) });
    }
    await page.locator('.topbar').getByLabel('Theme', { exact: true }).selectOption('light');

    await panel.getByRole('button', { name: 'Load older changes' }).click();
    await expect.poll(() => panel.locator('.rs-tl-item').count()).toBe(250);
    expect(await panel.getByRole('button', { name: /older changes/ }).count()).toBe(0);
    await panel.locator('.rs-tl-item').first().getByText(/created/).waitFor();
    const last = new URL(historyUrls.at(-1)!);
    expect([last.searchParams.get('count'), last.searchParams.get('before')]).toEqual(['200', expect.stringMatching(/^\d+$/)]);

    // A push while the timeline is open joins at the end; the older pages stay loaded.
    const extra = (await adminJson(t, 'POST', '/api/users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'late.joiner@example.com' })).body.id;
    await adminJson(t, 'PATCH', `/api/groups/${groupId}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: extra }] }] });
    await expect.poll(() => panel.locator('.rs-tl-item').count()).toBe(251);
    expect(await panel.getByRole('tab', { name: /Timeline/ }).textContent()).toContain('251');
    expect(errors).toEqual([]);
  });

  it('sets the timeline history cap in Settings, and the lowered cap drops the oldest changes at once', async () => {
    await page.getByRole('tab', { name: /Settings/ }).click();
    const field = page.getByLabel('Timeline history');
    await field.waitFor();
    expect(await field.inputValue()).toBe('20000');
    await field.fill('50');
    await page.getByText('A whole number from 100 to 1,000,000.').waitFor();
    expect(await page.getByRole('button', { name: 'Save limits' }).isDisabled()).toBe(true);
    await field.fill('100');
    await field.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    for (const theme of ['light', 'dark', 'contrast'] as const) {
      await page.locator('.topbar').getByLabel('Theme', { exact: true }).selectOption(theme);
      await page.screenshot({ path: path.join(SCREENSHOTS, `settings-history-cap-${theme}.png`) });
    }
    await page.locator('.topbar').getByLabel('Theme', { exact: true }).selectOption('light');
    await page.getByRole('button', { name: 'Save limits' }).click();
    await expect.poll(async () => (await t.admin('GET', '/api/settings')).body.recording.historyCap).toBe(100);
    // The workspace held more than 100 changes (100 creates, the group's 251, the joiner's): only the newest 100 are left.
    expect(t.sandbox.history.size).toBe(100);
    const timeline = (await t.admin('GET', `/api/groups/${groupId}/history?count=500`)).body;
    expect(timeline.total).toBeLessThan(100);
    expect(errors).toEqual([]);
  });
});
