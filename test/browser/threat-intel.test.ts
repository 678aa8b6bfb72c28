import { describe, expect, it } from 'vitest';
import { checkPage, openMenu, settle, useBrowser } from './harness.ts';

// Issue 7 in the browser against the demo server: the read-only list of imported STIX threat intelligence, each
// object under its TLP label, limited to what the reader may read (data/demo/threat-intel.json, imported by the CSIRT).

const browser = useBrowser();

const rowsOf = async (page: Awaited<ReturnType<typeof browser.signIn>>) => {
  await page.getByTestId('threat-intel-table').waitFor();
  return page.getByTestId('threat-intel-table').locator('tbody tr').allTextContents();
};

describe('threat intelligence', () => {
  it('the CSIRT that imported it sees every object with its TLP label', async () => {
    const page = await browser.signIn('csirt');
    await openMenu(page, '/threat-intel');
    const rows = await rowsOf(page);
    expect(rows).toHaveLength(5);
    expect(rows.join(' ')).toContain('Grijze Reiger');
    expect(rows.join(' ')).toContain('TLP:AMBER');
    expect(await page.locator('[data-tlp="TLP:GREEN"]').count()).toBe(1);
    await checkPage(page, 'csirt', 'threat-intel');
    await page.context().close();
  });

  it('the coordinator sees only what was shared with the community (GREEN and CLEAR)', async () => {
    const page = await browser.signIn('coordinator');
    await page.goto(`${browser.url}/threat-intel`);
    await settle(page);
    const rows = await rowsOf(page);
    expect(rows).toHaveLength(2);
    expect(rows.join(' ')).not.toContain('Operatie Slib');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Dreigingsinformatie');
    await checkPage(page, 'coordinator', 'threat-intel');
    await page.context().close();
  });
});
