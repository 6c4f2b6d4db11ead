/**
 * Breakpoints end to end in real Chromium: an IdP's create is paused by a breakpoint, appears in the
 * Breakpoints view at once (live event), is edited in the JSON editor (invalid JSON is flagged and
 * cannot be sent), and continues with the edit: the IdP gets the created user with the edited name,
 * and the exchange records the breakpoint. Screenshots go to docs/screenshots/breakpoints-*.png.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PausedExchange } from '../../server/contract/breakpoints.js';
import type { Exchange } from '../../server/contract/exchange.js';
import { chromiumAvailable, launchChromium, openInspector } from '../helpers/browser.js';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const SCREENSHOTS = path.resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const available = chromiumAvailable();

describe.skipIf(!available)('breakpoints in Chromium', () => {
  let t: TestSandbox;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    t = await startSandbox({ seed: 'demo' });
    browser = await launchChromium();
    page = await openInspector(browser, t.addresses.inspectorUrl, (p) => p.on('pageerror', (e) => errors.push(e.message)));
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows a paused create at once, edits it, and continues with the edit', async () => {
    await t.admin('POST', '/api/breakpoints', { body: { name: 'Hold user creates', match: { operations: ['user.create'] }, timeoutMs: 600_000 } });
    await t.admin('POST', '/api/breakpoints', { body: { name: 'Answers to group reads', phase: 'after', enabled: false, match: { methods: ['GET'], path: '/Groups/*' } } });
    await page.getByRole('tab', { name: /Breakpoints/ }).click();
    await page.getByText('Hold user creates').waitFor();

    const paused = new Promise<PausedExchange>((resolve) => t.sandbox.bus.once('breakpoint:paused', resolve));
    const recorded = nextExchanges(t.sandbox, 1);
    const answer = t.scim('POST', '/Users', {
      headers: { 'User-Agent': 'Okta SCIM Client 1.0.0' },
      body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'new.hire@example.com', name: { givenName: 'New', familyName: 'Hire' }, password: 'Okta-synced-pw-1', active: true },
    });
    const p = await paused;
    const panel = page.getByRole('article', { name: 'Paused POST /scim/v2/Users' });
    await panel.waitFor();
    await page.locator('.bp-tab-count', { hasText: /^1$/ }).waitFor();
    await panel.getByText(/Released unchanged in/).waitFor();
    const editor = panel.getByRole('textbox', { name: 'Request body' });
    await panel.locator('.cm-content', { hasText: '[redacted]' }).waitFor();

    // Invalid JSON is flagged and cannot be sent.
    await editor.click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.insertText('{"userName": ');
    await panel.getByText(/Not valid JSON/).waitFor();
    expect(await panel.getByRole('button', { name: 'Continue with edits' }).isDisabled()).toBe(true);

    const edited = { ...(p.request.body as Record<string, unknown>), userName: 'renamed.by.trainer@example.com' };
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.insertText(JSON.stringify(edited, null, 2));
    await panel.getByText(/the backend will receive this body/).waitFor();
    for (const theme of ['light', 'dark'] as const) {
      await page.locator('.topbar').getByLabel('Theme', { exact: true }).selectOption(theme);
      await page.evaluate(() => document.querySelectorAll<HTMLButtonElement>('.toast-close').forEach((b) => b.click()));
      await page.screenshot({ path: path.join(SCREENSHOTS, `breakpoints-${theme}.png`) });
      await page.locator('.bp-rules-section').evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await page.screenshot({ path: path.join(SCREENSHOTS, `breakpoints-rules-${theme}.png`) });
      await page.locator('.bp-page h1').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    }
    await page.locator('.topbar').getByLabel('Theme', { exact: true }).selectOption('light');

    await panel.getByRole('button', { name: 'Continue with edits' }).click();
    const res = await answer;
    expect(res.status).toBe(201);
    expect(res.body.userName).toBe('renamed.by.trainer@example.com');
    await page.getByText(/No exchange is paused/).waitFor();
    expect(await page.locator('.bp-tab-count').count()).toBe(0);

    const ex = (await t.admin('GET', `/api/exchanges/${(await recorded)[0]!.id}`)).body as Exchange;
    expect(ex.breakpoint).toMatchObject({ name: 'Hold user creates', resolution: 'edited', original: { request: { body: { userName: 'new.hire@example.com', password: '[redacted]' } } } });

    // Traffic tells the story: paused, edited, and the edit as a diff.
    await page.evaluate((id) => (window.location.hash = `#/traffic/${id}`), ex.id);
    const notice = page.locator('[data-breakpoint]');
    await notice.getByText(/Paused by breakpoint/).waitFor();
    await notice.getByText('continued with an edited request').waitFor();
    await notice.locator('.diff-table').getByText('"renamed.by.trainer@example.com"').waitFor();
    await page.evaluate(() => document.querySelectorAll<HTMLButtonElement>('.toast-close').forEach((b) => b.click()));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'breakpoints-traffic-light.png') });
    await page.getByRole('tab', { name: /Breakpoints/ }).click();
    expect(errors).toEqual([]);
  });

  it('edits the answer after the backend and responds with it', async () => {
    const rule = (await t.admin('GET', '/api/breakpoints')).body.items.find((r: { name: string }) => r.name === 'Answers to group reads');
    const { id: _id, hits: _h, lastHitAt: _l, ...definition } = rule;
    await t.admin('PUT', `/api/breakpoints/${rule.id}`, { body: { ...definition, enabled: true } });
    const group = (await t.scim('GET', '/Groups?count=1')).body.Resources[0];
    const paused = new Promise<PausedExchange>((resolve) => t.sandbox.bus.once('breakpoint:paused', resolve));
    const answer = t.scim('GET', `/Groups/${group.id}`);
    const p = await paused;
    expect(p.response?.status).toBe(200);
    const panel = page.getByRole('article', { name: `Paused GET /scim/v2/Groups/${group.id}` });
    await panel.getByText(/Paused after the backend answered 200/).waitFor();
    const editor = panel.getByRole('textbox', { name: 'Response body' });
    await panel.locator('.cm-content', { hasText: group.displayName }).waitFor();
    await editor.click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.insertText(JSON.stringify({ ...(p.response!.body as object), displayName: 'Renamed on the big screen' }, null, 2));
    await panel.getByText(/the identity provider will receive this answer/).waitFor();
    await panel.getByRole('button', { name: 'Respond with edited' }).click();
    const res = await answer;
    expect(res.status).toBe(200);
    expect(res.body.displayName).toBe('Renamed on the big screen');
    expect(t.sandbox.store.get('Group', group.id)?.displayName).toBe(group.displayName);
    await page.getByText(/No exchange is paused/).waitFor();
    await t.admin('PUT', `/api/breakpoints/${rule.id}`, { body: { ...definition, enabled: false } });
    expect(errors).toEqual([]);
  });

  it('toggles a rule off from the list', async () => {
    const changed = new Promise<void>((resolve) => {
      const on = ({ reason }: { reason: string }) => reason === 'updated' && (t.sandbox.bus.off('breakpoints:changed', on), resolve());
      t.sandbox.bus.on('breakpoints:changed', on);
    });
    await page.getByRole('switch', { name: 'Enable breakpoint “Hold user creates”' }).click();
    await changed;
    expect((await t.admin('GET', '/api/breakpoints')).body.items.find((r: { name: string }) => r.name === 'Hold user creates').enabled).toBe(false);
    const res = await t.scim('POST', '/Users', { body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'not.paused@example.com' } });
    expect(res.status).toBe(201);
  });
});
