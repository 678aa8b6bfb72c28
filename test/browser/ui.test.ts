import type { Page } from 'playwright-core';
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { menuFor } from '../../web/src/navigation.ts';
import { checkPage, demoRoles, openMenu, settle, useBrowser } from './harness.ts';

// The web UI against the real server and demo data: every role signs in through the form, gets the menu of its
// role (web/src/navigation.ts), and visits every page of it; each page is checked with axe and kept as a screenshot.

const browser = useBrowser();
const pageName = (menuPath: string) => (menuPath === '/' ? 'home' : menuPath.slice(1).replaceAll('/', '-'));
const menuPaths = (page: Page) => page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link').evaluateAll((links) => links.map((link) => new URL((link as HTMLAnchorElement).href).pathname));

async function openProcess(page: Page, code: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Vitale processen' }).click();
  await page.getByTestId('process-table').waitFor();
  await page.locator(`[data-process="${code}"] a`).click();
  await page.getByTestId('process-page').waitFor();
  await settle(page);
}

const expectedMenu = (role: string) => menuFor([role]).map((item) => item.path);

// One sign-in per role; one test per page, so that each page's axe run has the whole timeout.
describe.each(demoRoles)('%s', (role) => {
  let page: Page;
  beforeAll(async () => {
    page = await browser.signIn(role);
  });
  afterAll(async () => {
    await page?.context().close();
  });

  it('gets the menu of its role', async () => {
    expect(await menuPaths(page)).toEqual(expectedMenu(role));
  });

  it.each(expectedMenu(role))('page %s is accessible', async (menuPath) => {
    await openMenu(page, menuPath);
    await checkPage(page, role, pageName(menuPath));
  });

  it('process page is accessible', async () => {
    await openProcess(page, 'elektriciteit-landelijk');
    await checkPage(page, role, 'process');
  });
});

describe('web UI', () => {
  it('shows the login page in Dutch without accessibility violations', async () => {
    const page = await browser.anonymous();
    await page.goto(`${browser.url}/`);
    await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('nl');
    await checkPage(page, 'anonymous', 'login');
    await page.getByLabel('E-mailadres').fill('coordinator@demo.vitaal.nl');
    await page.getByLabel('Wachtwoord').fill('wrong-password-1');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByRole('alert').getByText('E-mailadres of wachtwoord klopt niet.').waitFor();
    await page.context().close();
  });

  it('lists the 28 vital processes and filters them by category', async () => {
    const page = await browser.signIn('coordinator');
    await page.goto(`${browser.url}/processes`);
    await page.getByTestId('process-table').waitFor();
    await expect.poll(() => page.locator('[data-testid="process-table"] tbody tr').count()).toBe(28);
    await expect.poll(() => page.getByTestId('process-count').textContent()).toBe('28 vitale processen');
    // The chart is drawn by Vega under the app's CSP (no eval): one bar segment per sector and category.
    await page.locator('[data-testid="process-chart"][data-state="ready"] svg').waitFor();
    expect(await page.locator('[data-testid="process-chart"] svg [aria-roledescription="bar"]').count()).toBeGreaterThan(10);
    await page.getByRole('combobox', { name: 'Categorie' }).selectOption('A');
    await page.waitForURL(/category=A/);
    await settle(page);
    const categoryA = await page.locator('[data-testid="process-table"] tbody tr').count();
    expect(categoryA).toBeGreaterThan(0);
    expect(categoryA).toBeLessThan(28);
    await page.context().close();
  });

  it('shows a process with its providers, its assets on the map and its dependency graph', async () => {
    const page = await browser.signIn('coordinator');
    await openProcess(page, 'elektriciteit-landelijk');
    expect(await page.locator('[data-testid="provider-table"] tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="asset-map"] circle').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="asset-map"] path.vitaal-map__land').count()).toBe(1);
    expect(await page.locator('[data-testid="dependency-graph"] canvas').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="dependency-table"] tbody tr').count()).toBeGreaterThan(0);
    await page.context().close();
  });

  it('shows a provider only its own assets', async () => {
    const page = await browser.signIn('provider');
    const organisationId = await page.evaluate(async () => ((await (await fetch('/api/v1/auth/session')).json()) as { user: { organisationId: string } }).user.organisationId);
    await page.goto(`${browser.url}/assets`);
    await page.getByTestId('asset-table').waitFor();
    const owners = await page.locator('[data-testid="asset-table"] tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-provider')));
    expect(owners.length).toBeGreaterThan(0);
    expect(new Set(owners)).toEqual(new Set([organisationId]));
    await page.context().close();
  });

  it('explains need-to-know to a role that sees no assets', async () => {
    const page = await browser.signIn('csirt');
    await page.goto(`${browser.url}/assets`);
    await page.getByTestId('not-permitted').waitFor();
    await openProcess(page, 'elektriciteit-landelijk');
    expect(await page.getByTestId('no-data').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('asset-map').count()).toBe(0);
    await page.context().close();
  });

  it('switches the interface to English and back', async () => {
    const page = await browser.signIn('ministry');
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
