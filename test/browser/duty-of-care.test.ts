import { describe, expect, it } from 'vitest';
import { checkPage, openMenu, settle, useBrowser } from './harness.ts';

// Issue 6 in the browser against the demo server: the NIS2/CER scoping wizard with its reasons, and the duty-of-care
// page where a provider records the status of a control and a supervisor reads the entities of its sectors.

const browser = useBrowser();

describe('NIS2/CER scoping wizard', () => {
  it('classifies a large electricity producer as essential and shows every reason with its article', async () => {
    const page = await browser.signIn('coordinator');
    await openMenu(page, '/scoping');
    await checkPage(page, 'coordinator', 'scoping-step-1');
    await page.getByLabel(/Sector of subsector/).selectOption('energy.electricity');
    await page.getByRole('button', { name: 'Volgende' }).click();
    await page.getByLabel(/Aantal werknemers/).fill('1200');
    await page.getByLabel(/Jaaromzet/).fill('900000000');
    await page.getByLabel(/Balanstotaal/).fill('2000000000');
    await checkPage(page, 'coordinator', 'scoping-step-2');
    await page.getByRole('button', { name: 'Volgende' }).click();
    await checkPage(page, 'coordinator', 'scoping-step-3');
    await page.getByRole('button', { name: 'Bepaal uitkomst' }).click();
    await page.getByTestId('scoping-outcome').waitFor();
    expect(await page.getByTestId('scoping-nis2').textContent()).toContain('essentiële entiteit');
    expect(await page.getByTestId('scoping-cer').textContent()).toContain('geen kritieke entiteit');
    const reasons = await page.getByTestId('scoping-reasons').textContent();
    expect(reasons).toContain('NIS2 art. 3(1)(a)');
    expect(reasons).toContain('NIS2 art. 2(1)');
    expect(reasons).toContain('CER art. 6(1)');
    await checkPage(page, 'coordinator', 'scoping-outcome');
    await page.context().close();
  });

  it('works in English too, and a CER flag makes a small entity essential', async () => {
    const page = await browser.signIn('provider');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('navigation', { name: 'Main menu' }).waitFor();
    await openMenu(page, '/scoping');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel(/Employees/).fill('10');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('cer-critical-entity').check();
    await page.getByRole('button', { name: 'Show outcome' }).click();
    await page.getByTestId('scoping-outcome').waitFor();
    expect(await page.getByTestId('scoping-nis2').textContent()).toContain('essential entity');
    expect(await page.getByTestId('scoping-reasons').textContent()).toContain('NIS2 art. 3(1)(f)');
    await checkPage(page, 'provider', 'scoping-outcome-en');
    await page.context().close();
  });
});

describe('duty of care', () => {
  it('a provider sets the status of a control of its own entity', async () => {
    const page = await browser.signIn('provider');
    await openMenu(page, '/duty-of-care');
    await page.getByTestId('duty-entity').waitFor();
    await checkPage(page, 'provider', 'duty-of-care');
    const row = page.getByTestId('control-nis2-21-2-i');
    await row.getByLabel('Status').selectOption('implemented');
    await row.getByLabel('Eigenaar').fill('CISO');
    await row.getByLabel('Herbeoordeling').fill('2030-06-30');
    await row.getByRole('button', { name: 'Opslaan' }).click();
    await expect.poll(() => page.getByTestId('duty-message').textContent()).toContain('NIS2 art. 21(2)(i)');
    await settle(page);
    expect(await page.getByTestId('control-nis2-21-2-i').getByLabel('Status').inputValue()).toBe('implemented');
    // The board's approval predates this change, so it has lapsed and says so.
    expect(await page.getByTestId('approval-state').textContent()).toMatch(/vervallen/);
    await checkPage(page, 'provider', 'duty-of-care-saved');
    await page.context().close();
  });

  it('a supervisor sees the entities of its sectors with their gaps, read-only', async () => {
    const page = await browser.signIn('supervisor');
    await openMenu(page, '/duty-of-care');
    const table = page.getByTestId('duty-entities');
    await table.waitFor();
    expect(await table.textContent()).toContain('Netbeheer Lage Landen');
    await table.getByRole('link', { name: 'Netbeheer Lage Landen B.V.' }).click();
    await page.getByTestId('duty-entity').waitFor();
    await settle(page);
    expect(await page.getByTestId('control-nis2-21-2-a').getByRole('button').count()).toBe(0);
    await checkPage(page, 'supervisor', 'duty-of-care-entity');
    await page.context().close();
  });
});
