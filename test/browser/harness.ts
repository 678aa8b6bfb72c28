import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { repoRoot } from './server.ts';

// Shared by every browser test file: Debian's chromium against the one demo server of test/browser/global-setup.ts,
// sign-in through the form, and a page check that keeps a screenshot in test-artifacts/screenshots and fails on
// serious or critical axe (WCAG) violations.

export const demoPassword = 'vitaal-demo-2026';
export const demoRoles = ['coordinator', 'ministry', 'provider', 'supervisor', 'csirt', 'partner', 'admin'] as const;
export type DemoRole = (typeof demoRoles)[number];

const screenshotDir = path.join(repoRoot, 'test-artifacts', 'screenshots');
// Injected through the DevTools protocol: the app's CSP (script-src 'self') rightly refuses an inline script tag.
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface BrowserSession {
  /** Base URL of the demo server. */
  readonly url: string;
  /** A fresh browser context signed in as `<account>@demo.vitaal.nl`; the UI is Dutch unless `locale` starts with `en`. */
  signIn(account: string, options?: { locale?: string }): Promise<Page>;
  /** A fresh context that is not signed in. */
  anonymous(): Promise<Page>;
}

/** Launches chromium for the calling test file and closes it afterwards. */
export function useBrowser(): BrowserSession {
  let browser: Browser | undefined;
  const url = inject('demoServerUrl');
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-unsafe-swiftshader'],
    });
    fs.mkdirSync(screenshotDir, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function newPage(locale = 'nl-NL'): Promise<Page> {
    if (!browser) throw new Error('useBrowser(): chromium is not running; call signIn inside a test or hook');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale, timezoneId: 'UTC' });
    // The UI's language is the user's stored choice (web/src/i18n/i18n.ts), not the browser's locale: store it up front.
    if (locale.startsWith('en')) await context.addInitScript(() => window.localStorage.setItem('vitaal.language', 'en'));
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    return page;
  }

  return {
    url,
    anonymous: () => newPage(),
    async signIn(account, options = {}) {
      const page = await newPage(options.locale);
      await page.goto(`${url}/`);
      await page.getByLabel(/^(E-mailadres|E-mail address)$/).fill(`${account}@demo.vitaal.nl`);
      await page.getByLabel(/^(Wachtwoord|Password)$/).fill(demoPassword);
      await page.getByRole('button', { name: /^(Inloggen|Sign in)$/ }).click();
      await page.getByRole('navigation', { name: /Hoofdmenu|Main menu/ }).waitFor();
      await settle(page);
      return page;
    },
  };
}

/** Waits until the page shows its heading and nothing is loading any more. */
export async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('main h1') !== null && document.querySelector('.vitaal-loading, .vitaal-map--loading') === null, undefined, { timeout: 20_000 });
}

async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
  });
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')}`);
}

/** Settles, keeps a full-page screenshot as `<who>-<name>.png`, and fails on serious or critical axe violations. */
export async function checkPage(page: Page, who: string, name: string): Promise<void> {
  await settle(page);
  await page.screenshot({ path: path.join(screenshotDir, `${who}-${name}.png`), fullPage: true });
  expect(await seriousViolations(page), `${who} ${name}`).toEqual([]);
}

/** Follows the main-menu link to `menuPath` and waits for the page. */
export async function openMenu(page: Page, menuPath: string): Promise<void> {
  await page.getByRole('navigation', { name: /Hoofdmenu|Main menu/ }).locator(`a[href="${menuPath}"]`).click();
  await page.waitForURL((url) => url.pathname === menuPath);
  await settle(page);
}
