/**
 * Auth mode `oauth` end to end: `scimscope serve --auth oauth --json` announces the OAuth values, the
 * admin's browser (real Chromium) opens the consent page, clicks Allow or Deny and lands on the
 * loopback IdP's callback, which then exchanges the code and calls SCIM; the inspector shows the
 * OAuth card and the labelled steps. Screenshots go to docs/screenshots/.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from '../helpers/browser.js';
import { startCli, type CliProcess } from '../helpers/cli-process.js';
import { request } from '../helpers/http.js';
import { authorizeUrl, LoopbackIdp, pkcePair, tokenRequest } from '../helpers/oauth-idp.js';
import { tempDir } from '../helpers/temp-dir.js';

const SCREENSHOTS = path.resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const available = chromiumAvailable();

describe.skipIf(!available)('OAuth consent in Chromium', () => {
  let cli: CliProcess;
  let idp: LoopbackIdp;
  let removeDir: () => Promise<void>;
  let browser: Browser;
  let page: Page;
  const admin = (method: string, p: string, body?: unknown) => request(`${cli.info.adminUrl}${p}`, { method, body, headers: { Authorization: `Bearer ${cli.info.adminToken}` } });

  beforeAll(async () => {
    const temp = await tempDir();
    removeDir = temp.remove;
    idp = await LoopbackIdp.start();
    cli = await startCli(['--data', temp.dir, '--auth', 'oauth']);
    const saved = await admin('PUT', '/api/settings', { auth: { oauth: { redirectUris: [idp.redirectUri, 'https://portal.azure.com/TokenAuthorize'] } } });
    expect(saved.status).toBe(200);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
  });

  afterAll(async () => {
    await browser?.close();
    cli?.child.kill('SIGTERM');
    await cli?.exited;
    await idp?.close();
    await removeDir?.();
  });

  it('--json announces the authorize and token URLs, client ID and secret', () => {
    const origin = cli.info.scimUrl.replace(/\/scim\/v2$/, '');
    expect(cli.info.authMode).toBe('oauth');
    expect(cli.info.oauth).toEqual({ authorizeUrl: `${origin}/oauth2/authorize`, tokenUrl: `${origin}/oauth2/token`, clientId: expect.stringMatching(/^scimscope-/), clientSecret: expect.stringMatching(/^cs_/) });
  });

  it('Allow: the browser returns to the IdP with a code, which the IdP exchanges and uses for SCIM', async () => {
    const { oauth } = cli.info;
    const pkce = pkcePair();
    await page.goto(authorizeUrl(oauth!.authorizeUrl.replace(/\/oauth2\/authorize$/, ''), { clientId: oauth!.clientId, redirectUri: idp.redirectUri, state: 'allow-state', scope: 'scim', challenge: pkce.challenge }));
    await page.getByRole('heading', { name: /Allow .* to manage users and groups\?/ }).waitFor();
    expect(await page.locator('[data-field="client"]').textContent()).toBe(oauth!.clientId);
    expect(await page.locator('[data-field="scope"]').textContent()).toBe('scim');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'oauth-consent-light.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'oauth-consent-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
    await Promise.all([page.waitForURL((u) => u.href.startsWith(idp.redirectUri)), page.getByRole('button', { name: 'Allow' }).click()]);
    const hit = idp.hits.at(-1)!;
    expect(hit).toMatchObject({ state: 'allow-state', error: null });
    const token = await tokenRequest(oauth!.tokenUrl, { grant_type: 'authorization_code', code: hit.code!, redirect_uri: idp.redirectUri, code_verifier: pkce.verifier }, { id: oauth!.clientId, secret: oauth!.clientSecret });
    expect(token.status).toBe(200);
    const scim = await request(`${cli.info.scimUrl}/Users?count=1`, { headers: { Authorization: `Bearer ${token.body.access_token}`, 'User-Agent': 'Okta SCIM Client 1.0.0' } });
    expect(scim.status).toBe(200);
  });

  it('Deny: the browser returns to the IdP with error=access_denied and the state', async () => {
    const { oauth } = cli.info;
    await page.goto(authorizeUrl(oauth!.authorizeUrl.replace(/\/oauth2\/authorize$/, ''), { clientId: oauth!.clientId, redirectUri: idp.redirectUri, state: 'deny-state' }));
    await Promise.all([page.waitForURL((u) => u.href.startsWith(idp.redirectUri)), page.getByRole('button', { name: 'Deny' }).click()]);
    expect(idp.hits.at(-1)).toMatchObject({ state: 'deny-state', error: 'access_denied', code: null });
  });

  it('a wrong redirect URI shows an error page and stays on the sandbox', async () => {
    const { oauth } = cli.info;
    const res = await page.goto(authorizeUrl(oauth!.authorizeUrl.replace(/\/oauth2\/authorize$/, ''), { clientId: oauth!.clientId, redirectUri: 'https://evil.example/callback' }));
    expect(res?.status()).toBe(400);
    await page.getByRole('heading', { name: 'Redirect URI not registered' }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'oauth-error-page.png') });
  });

  it('the inspector shows the OAuth card and the labelled steps in Traffic', async () => {
    await page.goto(cli.info.inspectorUrl);
    await page.getByRole('tab', { name: /Traffic/ }).waitFor();
    await page.getByText('Okta exchanged an authorization code for a token').first().waitFor();
    await page.getByText('The admin denied').first().waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'oauth-traffic.png') });
    await page.evaluate(() => (window.location.hash = '#/connect'));
    await page.getByRole('heading', { name: 'OAuth 2.0 client' }).waitFor();
    await page.getByText('Token endpoint').first().waitFor();
    await page.getByText('OAuth consent').first().waitFor();
    await page.locator('section[aria-labelledby="connect-oauth"]').screenshot({ path: path.join(SCREENSHOTS, 'oauth-connect.png') });
    await page.evaluate(() => (window.location.hash = '#/settings'));
    await page.getByRole('form', { name: 'OAuth client' }).waitFor();
    await page.getByRole('form', { name: 'OAuth client' }).screenshot({ path: path.join(SCREENSHOTS, 'oauth-settings.png') });
  });
});
