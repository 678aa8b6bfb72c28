import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkPage, settle, useBrowser } from './harness.ts';

// The supervisor's records and the CSIRT's request in the web UI against the demo server (issue 6): a supervisor
// records a finding, follows it up, records an enforcement action and sees the entity's incident reports with their
// timeliness; the CSIRT asks for an intermediate report (NIS2 art. 23(4)(c)); the entity can reassess the
// significance (art. 23(3)). Every page is checked with axe and kept as a screenshot, in Dutch and in English.

const browser = useBrowser();

/** Opens the supervised entity with `code` from the dashboard. */
async function openEntity(page: Page, code: string) {
  await page.goto(`${browser.url}/supervision`);
  await page.getByTestId('supervised-entities').waitFor();
  await page.locator(`[data-entity="${code}"] a`).click();
  await page.getByTestId('entity-detail').waitFor();
  await settle(page);
  await page.getByTestId('entity-reports').waitFor();
}

/** Opens the `<details>` that holds the form with `testId`. */
const openDetails = (page: Page, testId: string) => page.locator('details', { has: page.getByTestId(testId) }).locator('summary').click();

describe('supervision records', () => {
  it('a supervisor records a finding, follows it up, records enforcement, and sees the reports with their timeliness', async () => {
    const page = await browser.signIn('supervisor');
    await openEntity(page, 'netbeheer-lage-landen');
    const timeliness = await page.locator('[data-testid="entity-reports"] tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-timeliness')));
    expect(timeliness.length).toBeGreaterThan(0);
    // The demo's incident of 30 hours ago has an early warning past its deadline.
    expect(timeliness).toContain('overdue');

    const title = `Browsertest: geen MFA op beheerstations ${Date.now()}`;
    await openDetails(page, 'finding-form');
    const findingForm = page.getByTestId('finding-form');
    await findingForm.getByLabel('Titel').fill(title);
    await findingForm.getByLabel('Opvolgen voor').fill('2027-01-15');
    await findingForm.getByRole('button', { name: 'Toevoegen' }).click();
    const row = page.locator(`[data-testid="findings"] tr[data-finding="${title}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('open');

    await openDetails(page, 'finding-follow-up');
    const followUp = page.getByTestId('finding-follow-up');
    await followUp.getByLabel('Bevinding').selectOption({ label: title });
    await followUp.getByLabel('Status').selectOption('resolved');
    await followUp.getByRole('button', { name: 'Opslaan' }).click();
    await expect.poll(() => page.locator(`[data-testid="findings"] tr[data-finding="${title}"]`).textContent()).toContain('opgelost');

    await openDetails(page, 'enforcement-form');
    const enforcementForm = page.getByTestId('enforcement-form');
    // Essential: suspension is available (NIS2 art. 32(5)).
    expect(await enforcementForm.locator('select[name="enforcement-kind"] option[value="suspension"]').isDisabled()).toBe(false);
    await enforcementForm.getByLabel('Soort').selectOption('binding-instruction');
    await enforcementForm.getByLabel('Besloten op').fill('2026-11-01');
    await enforcementForm.getByRole('button', { name: 'Toevoegen' }).click();
    await page.locator('[data-testid="enforcement"] tr[data-kind="binding-instruction"][data-status="intended"]').first().waitFor();
    await checkPage(page, 'supervisor', 'supervision-records');
    await page.context().close();
  });

  it('an important entity: suspension and a management ban are not offered; in English', async () => {
    const page = await browser.signIn('supervisor', { locale: 'en-GB' });
    await openEntity(page, 'noordzee-interconnect');
    await openDetails(page, 'enforcement-form');
    expect(await page.locator('select[name="enforcement-kind"] option[value="management-ban"]').isDisabled()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Incident reports and timeliness' }).count()).toBe(1);
    await checkPage(page, 'supervisor', 'supervision-records-en');
    await page.context().close();
  });
});

describe('incident reporting continued', () => {
  /** The id of the demo incident with `title`, read through the API as the signed-in user. */
  const incidentId = (page: Page, title: string) =>
    page.evaluate(async (wanted) => {
      const { items } = (await (await fetch('/api/v1/incidents?limit=1000')).json()) as { items: { id: string; title: string }[] };
      return items.find((item) => item.title === wanted)?.id as string;
    }, title);

  it('NIS2 art. 23(4)(c): the CSIRT asks for an intermediate report; it joins the obligations with who asked', async () => {
    const page = await browser.signIn('csirt');
    const id = await incidentId(page, 'Verdachte aanmeldingen op de VPN-gateway');
    await page.goto(`${browser.url}/incidents/${id}`);
    await page.getByTestId('incident-page').waitFor();
    await settle(page);
    const before = await page.locator('[data-step="nis2.intermediate-report"]').count();
    await openDetails(page, 'intermediate-request-form');
    const form = page.getByTestId('intermediate-request-form');
    await form.getByLabel('Uiterlijk (Nederlandse tijd)').fill(new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 16));
    await form.getByLabel('Waarover het verslag moet gaan').fill('Stand van het onderzoek naar de aanmeldingen.');
    await form.getByRole('button', { name: 'Vragen' }).click();
    await expect.poll(() => page.locator('[data-step="nis2.intermediate-report"]').count()).toBe(before + 1);
    expect(await page.locator('[data-step="nis2.intermediate-report"]').last().getByTestId('intermediate-request').textContent()).toContain('Stand van het onderzoek');
    await checkPage(page, 'csirt', 'incident-intermediate');
    await page.context().close();
  });

  it('NIS2 art. 23(3): the entity sees the form to reassess the significance, in both languages', async () => {
    for (const locale of ['nl-NL', 'en-GB']) {
      const page = await browser.signIn('provider', { locale });
      const id = await incidentId(page, 'Ransomware op het kantoornetwerk van de regionale meldkamer');
      await page.goto(`${browser.url}/incidents/${id}`);
      await page.getByTestId('incident-page').waitFor();
      await openDetails(page, 'significance-form');
      const form = page.getByTestId('significance-form');
      expect(await form.locator('input[name="significance-severeOperationalDisruption"]').isChecked()).toBe(true);
      expect(await form.locator('input[name="significance-damageToOthers"]').isChecked()).toBe(false);
      await checkPage(page, 'provider', `incident-significance-${locale.slice(0, 2)}`);
      await page.context().close();
    }
  });
});
