import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkPage, openMenu, settle, useBrowser } from './harness.ts';

// The supply-chain pages against the demo server: the vendor register with its high-risk flags, the high-risk scan as
// a sector heat map with a drill-down to a finding's evidence chain, the HHI chart per asset class, and a vendor's
// detail (products, aliases, ownership chain, who depends on it), in Dutch and English, for the coordinator (all
// findings) and a provider (only its own).

const browser = useBrowser();
const flaggedVendor = 'Shenbei Video Technology Co., Ltd.';

/** Core findings per sector name (in the UI's language) as the API gives them to the signed-in user: what the heat map must show. */
async function coreFindingsBySector(page: Page): Promise<Record<string, number>> {
  return page.evaluate(async () => {
    const english = document.documentElement.lang.startsWith('en');
    const sectors = (await (await fetch('/api/v1/sectors?limit=1000')).json()) as { items: { id: string; nameNl: string; nameEn: string }[] };
    const names = new Map(sectors.items.map((sector) => [sector.id, english ? sector.nameEn : sector.nameNl]));
    const scan = (await (await fetch('/api/v1/scan/high-risk')).json()) as { groups: { sector: { id: string } | null; findings: { level: string }[] }[] };
    const counts: Record<string, number> = {};
    for (const group of scan.groups) {
      const name = (group.sector && names.get(group.sector.id)) ?? '';
      counts[name] = (counts[name] ?? 0) + group.findings.filter((finding) => finding.level === 'core').length;
    }
    return counts;
  });
}

async function checkOverview(page: Page, who: string, name: string, sector: string): Promise<void> {
  await openMenu(page, '/supply-chain');
  await page.locator('[data-testid="high-risk-heatmap"][data-state="ready"]').waitFor();
  await page.locator('[data-testid="concentration-chart"][data-state="ready"]').waitFor();
  // A flagged vendor from the demo, with its flag.
  const vendorRow = page.locator('[data-testid="vendor-table"] tbody tr', { hasText: flaggedVendor });
  expect(await vendorRow.getAttribute('data-flagged')).toBe('true');
  // The heat map draws the sector and its count of core findings, the same figure as the table beside it.
  const expected = (await coreFindingsBySector(page))[sector];
  expect(expected).toBeGreaterThan(0);
  const heatMap = page.getByTestId('high-risk-heatmap');
  expect(await heatMap.locator('svg text', { hasText: sector }).count()).toBeGreaterThan(0);
  expect(await heatMap.locator('svg text').allTextContents()).toContain(String(expected));
  expect(await page.locator(`[data-testid="scan-sectors"] tr[data-sector="${sector}"] td[data-level="core"]`).textContent()).toBe(String(expected));
  expect(await page.locator('[data-testid="concentration-table"] tbody tr').count()).toBeGreaterThan(0);
  await checkPage(page, who, name);
}

async function drillDown(page: Page, who: string, name: string, sector: string, button: RegExp): Promise<void> {
  await page.locator(`[data-testid="scan-sectors"] tr[data-sector="${sector}"]`).getByRole('button', { name: button }).click();
  const findings = page.getByTestId('scan-findings');
  await findings.waitFor();
  const first = findings.getByTestId('finding').first();
  await first.locator('summary').click();
  const kinds = await first.locator('[data-testid="evidence-chain"] li').evaluateAll((items) => items.map((item) => item.getAttribute('data-kind')));
  expect(kinds[0]).toMatch(/^(key-asset|asset)$/);
  expect(kinds.at(-1)).toBe('country-rule');
  await checkPage(page, who, name);
}

describe('supply chain', () => {
  it('the coordinator sees the vendors, the heat map over all sectors with evidence chains, and a vendor in Dutch', async () => {
    const page = await browser.signIn('coordinator');
    await checkOverview(page, 'coordinator', 'supply-chain', 'Chemie');
    await drillDown(page, 'coordinator', 'supply-chain-findings', 'Chemie', /^Toon bevindingen Chemie$/);

    await page.getByRole('link', { name: flaggedVendor }).click();
    await page.getByTestId('vendor-page').waitFor();
    await settle(page);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(flaggedVendor);
    expect(await page.getByTestId('vendor-page').textContent()).toContain('gevestigd in hoog-risicoland');
    expect(await page.getByTestId('vendor-products').textContent()).toContain('SB-IPC camerabewaking');
    expect(await page.locator('[data-testid="ownership-chain"] li').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('dependence-totals').textContent()).toMatch(/^[1-9]\d* aanbieders/);
    expect(await page.locator('[data-testid="dependence-products"] tbody tr').count()).toBeGreaterThan(0);
    await checkPage(page, 'coordinator', 'vendor');
    await page.context().close();
  });

  it('the coordinator sees the pages in English', async () => {
    const page = await browser.signIn('coordinator', { locale: 'en-GB' });
    await checkOverview(page, 'coordinator', 'supply-chain-en', 'Energy');
    expect(await page.getByRole('heading', { level: 1, name: 'Suppliers and the supply chain' }).count()).toBe(1);
    expect(await page.getByTestId('high-risk-heatmap').locator('svg text', { hasText: 'In the core' }).count()).toBeGreaterThan(0);
    await drillDown(page, 'coordinator', 'supply-chain-findings-en', 'Energy', /^Show findings Energy$/);
    await page.getByRole('link', { name: flaggedVendor }).click();
    await page.getByTestId('vendor-page').waitFor();
    expect(await page.getByTestId('vendor-page').textContent()).toContain('Who depends on this vendor');
    await checkPage(page, 'coordinator', 'vendor-en');
    await page.context().close();
  });

  it('a provider sees only its own sector in the heat map, in Dutch and English', async () => {
    for (const [locale, suffix, sector, button] of [
      ['nl-NL', '', 'Energie', /^Toon bevindingen Energie$/],
      ['en-GB', '-en', 'Energy', /^Show findings Energy$/],
    ] as const) {
      const page = await browser.signIn('provider', { locale });
      await checkOverview(page, 'provider', `supply-chain${suffix}`, sector);
      expect(await page.locator('[data-testid="scan-sectors"] tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-sector')))).toEqual([sector]);
      await drillDown(page, 'provider', `supply-chain-findings${suffix}`, sector, button);
      await page.context().close();
    }
  });
});
