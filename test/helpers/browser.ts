/**
 * Debian's Chromium driven by playwright-core, with the flags this machine needs (no sandbox as root,
 * no background networking on a closed network). Never downloads a browser. Returns null, loudly,
 * when no Chromium is installed, so suites can skip outside CI.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/**
 * Opens the inspector in a new light-scheme page of the size the screenshots use, after `listen`
 * has attached the suite's own listeners (page errors, console, requests), and waits for its tabs.
 */
export async function openInspector(browser: Browser, inspectorUrl: string, listen: (page: Page) => void = () => undefined): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
  listen(page);
  await page.goto(inspectorUrl);
  await page.getByRole('tab', { name: /Traffic/ }).waitFor();
  return page;
}
