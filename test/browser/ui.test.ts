import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt, repoRoot, startDemoServer, type RunningServer } from './server.ts';

// The web UI against the real server and demo data, in Debian's chromium: every role signs in through the form,
// visits every page of its menu, and each page is checked with axe (no serious or critical WCAG violations)
// and kept as a screenshot in test-artifacts/screenshots.

const password = 'vitaal-demo-2026';
const roles = ['coordinator', 'ministry', 'provider', 'supervisor', 'csirt', 'partner', 'admin'] as const;
type Role = (typeof roles)[number];
const assetRoles: readonly Role[] = ['coordinator', 'ministry', 'provider', 'supervisor'];
const screenshotDir = path.join(repoRoot, 'test-artifacts', 'screenshots');
// Injected through the DevTools protocol: the app's CSP (script-src 'self') rightly refuses an inline script tag.
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const pageNames: Record<string, string> = { '/': 'home', '/processes': 'processes', '/organisations': 'organisations', '/assets': 'assets', '/users': 'users', '/audit': 'audit' };

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  ensureWebBuilt();
  server = await startDemoServer();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-unsafe-swiftshader'],
  });
  fs.mkdirSync(screenshotDir, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(role: Role, account: string = role): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL', timezoneId: 'UTC' });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(`${server.url}/`);
  await page.getByLabel('E-mailadres').fill(`${account}@demo.vitaal.nl`);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).waitFor();
  await settle(page);
  return page;
}

/** Waits until the page shows its heading and nothing is loading any more. */
async function settle(page: Page): Promise<void> {
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

async function checkPage(page: Page, role: string, name: string): Promise<void> {
  await settle(page);
  await page.screenshot({ path: path.join(screenshotDir, `${role}-${name}.png`), fullPage: true });
  expect(await seriousViolations(page), `${role} ${name}`).toEqual([]);
}

const menuPaths = (page: Page) => page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link').evaluateAll((links) => links.map((link) => new URL((link as HTMLAnchorElement).href).pathname));

async function openProcess(page: Page, code: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Vitale processen' }).click();
  await page.getByTestId('process-table').waitFor();
  await page.locator(`[data-process="${code}"] a`).click();
  await page.getByTestId('process-page').waitFor();
  await settle(page);
}

const expectedMenu = (role: Role) => ['/', '/processes', '/organisations', ...(assetRoles.includes(role) ? ['/assets'] : []), '/users', '/audit'];

// One sign-in per role; one test per page, so that each page's axe run has the whole timeout.
describe.each(roles)('%s', (role) => {
  let page: Page;
  beforeAll(async () => {
    page = await signIn(role);
  });
  afterAll(async () => {
    await page?.context().close();
  });

  it('gets the menu of its role', async () => {
    expect(await menuPaths(page)).toEqual(expectedMenu(role));
  });

  it.each(expectedMenu(role))('page %s is accessible', async (menuPath) => {
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).locator(`a[href="${menuPath}"]`).click();
    await page.waitForURL((url) => url.pathname === menuPath);
    await checkPage(page, role, pageNames[menuPath] ?? menuPath.slice(1));
  });

  it('process page is accessible', async () => {
    await openProcess(page, 'elektriciteit-landelijk');
    await checkPage(page, role, 'process');
  });
});

describe('web UI', () => {
  it('shows the login page in Dutch without accessibility violations', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('nl');
    await checkPage(page, 'anonymous', 'login');
    await page.getByLabel('E-mailadres').fill('coordinator@demo.vitaal.nl');
    await page.getByLabel('Wachtwoord').fill('wrong-password-1');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByRole('alert').getByText('E-mailadres of wachtwoord klopt niet.').waitFor();
    await context.close();
  });

  it('lists the 28 vital processes and filters them by category', async () => {
    const page = await signIn('coordinator');
    await page.goto(`${server.url}/processes`);
    await page.getByTestId('process-table').waitFor();
    await expect.poll(() => page.locator('[data-testid="process-table"] tbody tr').count()).toBe(28);
    await expect.poll(() => page.getByTestId('process-count').textContent()).toBe('28 vitale processen');
    await page.getByLabel('Categorie').selectOption('A');
    await page.waitForURL(/category=A/);
    await settle(page);
    const categoryA = await page.locator('[data-testid="process-table"] tbody tr').count();
    expect(categoryA).toBeGreaterThan(0);
    expect(categoryA).toBeLessThan(28);
    await page.context().close();
  });

  it('shows a process with its providers, its assets on the map and its dependency graph', async () => {
    const page = await signIn('coordinator');
    await openProcess(page, 'elektriciteit-landelijk');
    expect(await page.locator('[data-testid="provider-table"] tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="asset-map"] circle').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="asset-map"] path.vitaal-map__land').count()).toBe(1);
    expect(await page.locator('[data-testid="dependency-graph"] canvas').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="dependency-table"] tbody tr').count()).toBeGreaterThan(0);
    await page.context().close();
  });

  it('shows a provider only its own assets', async () => {
    const page = await signIn('provider');
    const organisationId = await page.evaluate(async () => ((await (await fetch('/api/v1/auth/session')).json()) as { user: { organisationId: string } }).user.organisationId);
    await page.goto(`${server.url}/assets`);
    await page.getByTestId('asset-table').waitFor();
    const owners = await page.locator('[data-testid="asset-table"] tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-provider')));
    expect(owners.length).toBeGreaterThan(0);
    expect(new Set(owners)).toEqual(new Set([organisationId]));
    await page.context().close();
  });

  it('explains need-to-know to a role that sees no assets', async () => {
    const page = await signIn('csirt');
    await page.goto(`${server.url}/assets`);
    await page.getByTestId('not-permitted').waitFor();
    await openProcess(page, 'elektriciteit-landelijk');
    expect(await page.getByTestId('no-data').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('asset-map').count()).toBe(0);
    await page.context().close();
  });

  it('switches the interface to English and back', async () => {
    const page = await signIn('ministry');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('navigation', { name: 'Main menu' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Vital processes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vital processes' }).waitFor();
    await checkPage(page, 'ministry', 'processes-en');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Vital processes' }).waitFor();
    await page.getByRole('button', { name: 'Nederlands' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vitale processen' }).waitFor();
    await page.context().close();
  });
});
