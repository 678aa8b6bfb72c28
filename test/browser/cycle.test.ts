import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkPage, settle, useBrowser } from './harness.ts';

// The cyclus vitaal in the web UI against the demo server: the ministry walks its cycle's steps in the workspace with
// the risk diagram and the trend chart drawn, adds a risk scenario and a measure and moves the measure; a provider
// scores its own indicators; the coordinator sees the cross-sector overview. Written values are checked after a reload.

const browser = useBrowser();
const stamp = Date.now().toString(36);

/** Signs in with waits fit for a loaded machine: every write reloads the whole workspace (seven audited reads). */
const signIn = async (account: string, options?: { locale?: string }) => {
  const page = await browser.signIn(account, options);
  page.setDefaultTimeout(90_000);
  return page;
};

const openCycle = async (page: Page, label: RegExp) => {
  await page.goto(`${browser.url}/cycles?kind=open`);
  await page.getByTestId('cycle-table').waitFor();
  await settle(page);
  await page.locator('[data-testid="cycle-table"] tbody tr').filter({ hasText: label }).first().locator('a').click();
  await page.getByTestId('cycle-steps').waitFor();
  await settle(page);
};

const reload = async (page: Page) => {
  await page.reload();
  await page.getByTestId('cycle-steps').waitFor();
  await settle(page);
};

const measureCard = (page: Page, status: string, title: string) => page.locator(`[data-testid="measure-kanban"] section[data-status="${status}"] li[data-measure="${title}"]`);

// Each test signs in, writes through several forms and reloads: minutes on a loaded machine, beyond the project's default.
describe('cyclus vitaal', { timeout: 400_000 }, () => {
  it('the ministry walks its cycle: steps, risk diagram, a new measure moved on the board, trend chart and re-assessment', async () => {
    const page = await signIn('ministry');
    await page.goto(`${browser.url}/cycles`);
    await page.getByTestId('cycle-table').waitFor();
    await checkPage(page, 'ministry', 'cycles');

    await openCycle(page, /Reguliere cyclus/);
    await expect.poll(() => page.getByTestId('risk-diagram').getAttribute('data-state'), { timeout: 60_000 }).toBe('ready');
    await expect.poll(() => page.getByTestId('trend-chart').getAttribute('data-state'), { timeout: 60_000 }).toBe('ready');
    expect(await page.locator('[data-testid="risk-diagram"] svg').count()).toBe(1);
    expect(await page.locator('[data-testid="measure-kanban"] li').count()).toBeGreaterThan(2);
    expect(await page.locator('[data-testid="cycle-steps"] li[data-state="completed"]').count()).toBe(2);
    // The rules come from the API by key and are shown in the page's language, not in the API's English.
    expect(await page.getByTestId('score-rule').textContent()).toContain('laagste score van de aanbieders');
    expect(await page.getByTestId('risk-rule').textContent()).toContain('gewogen gemiddelde');
    // The analysis is completed in this cycle: no score or scenario form any more, the measure form is there.
    expect(await page.getByTestId('score-form-analysis').count()).toBe(0);
    expect(await page.getByTestId('scenario-form').count()).toBe(0);

    // A measure due before today (after the opening of the cycle) lands in "planned", flagged overdue.
    const title = `Noodstroom bij regelcentrales ${stamp}`;
    const form = page.getByTestId('measure-form');
    await form.getByLabel('Maatregel', { exact: true }).fill(title);
    await form.getByLabel('Uiterlijk gereed (datum)').fill('2026-09-30');
    await form.getByLabel('Kostenraming (euro)').fill('250000');
    await form.getByLabel('Crisisbeheersing', { exact: true }).check();
    await form.getByLabel('Verwachte score: Crisisbeheersing').selectOption('4');
    await form.getByTestId('measure-form-submit').click();
    await form.getByTestId('measure-form-saved').waitFor();
    await measureCard(page, 'planned', title).waitFor();
    expect(await measureCard(page, 'planned', title).getAttribute('data-overdue')).toBe('true');
    await checkPage(page, 'ministry', 'cycle');

    await measureCard(page, 'planned', title).getByLabel(`Nieuwe status van ${title}`).selectOption('in-progress');
    await measureCard(page, 'planned', title).getByRole('button', { name: 'Wijzigen' }).click();
    await measureCard(page, 'in-progress', title).waitFor();
    await page.getByTestId('measure-view-table').click();
    expect(await page.locator(`[data-testid="measure-table"] tr[data-measure="${title}"]`).textContent()).toContain('In uitvoering');
    await checkPage(page, 'ministry', 'cycle-measure-table');

    await reload(page);
    await measureCard(page, 'in-progress', title).waitFor();
    expect(await measureCard(page, 'in-progress', title).textContent()).toContain('te laat');

    // Completing the action programme moves the cycle on; the next click starts the effectiveness step, whose re-assessment forms appear.
    await page.getByTestId('advance-step').click();
    await expect.poll(() => page.locator('[data-testid="cycle-steps"] li[data-state="completed"]').count(), { timeout: 60_000 }).toBe(3);
    await page.getByTestId('advance-step').click();
    await expect.poll(() => page.locator('[data-testid="cycle-steps"] li[aria-current="step"]').getAttribute('data-state'), { timeout: 60_000 }).toBe('in-progress');
    const rescore = page.getByTestId('score-form-reassessment');
    await rescore.getByLabel('Indicator', { exact: true }).selectOption('crisis-management');
    await rescore.getByLabel('Score (volwassenheidsniveau)').selectOption('4');
    await rescore.getByLabel('Motivering').fill(`Herbeoordeling na oefenprogramma ${stamp}`);
    await rescore.getByTestId('score-form-reassessment-submit').click();
    await rescore.getByTestId('score-form-reassessment-saved').waitFor();
    expect(await page.getByTestId('scenario-score-form-reassessment').count()).toBe(1);
    await reload(page);
    expect(await page.getByTestId('score-table').textContent()).toContain(`Herbeoordeling na oefenprogramma ${stamp}`);
    expect(await page.getByTestId('effect-table').textContent()).toContain(title);
    await checkPage(page, 'ministry', 'cycle-reassessment');
    await page.context().close();
  });

  it('the ministry adds a risk scenario to a quickscan; it is drawn in the risk diagram, in Dutch and English', async () => {
    const page = await signIn('ministry');
    await openCycle(page, /Quickscan/);
    const key = `kabelbreuk-${stamp}`;
    const form = page.getByTestId('scenario-form');
    await form.getByLabel('Sleutel').fill(key);
    await form.getByLabel('Titel van het scenario').fill('Breuk van een onderzeese stroomkabel');
    await form.getByLabel('Dreiging', { exact: true }).selectOption('state-actors');
    await form.getByLabel('Kansklasse').selectOption('C');
    await form.getByLabel('2.3 Fysiek lijden (gebrek aan primaire levensbehoeften)').selectOption('D');
    await form.getByLabel('5.1 Verstoring van het dagelijks leven').selectOption('C');
    await form.getByTestId('scenario-form-submit').click();
    await form.getByTestId('scenario-form-saved').waitFor();
    const row = page.locator(`[data-testid="scenario-table"] tr[data-scenario="${key}"]`);
    await row.waitFor();
    await expect.poll(() => page.getByTestId('risk-diagram').getAttribute('data-state'), { timeout: 60_000 }).toBe('ready');
    await checkPage(page, 'ministry', 'quickscan');

    await reload(page);
    // Likelihood C; impact the mean of D (4) and C (3) = 3.5, nearest class with ties upwards: D; risk 3 × 3.5.
    expect((await row.locator('td').allTextContents()).slice(2)).toEqual(['C', 'D (3.5)', '10.5', '']);
    await page.context().close();

    const english = await signIn('ministry', { locale: 'en-GB' });
    await openCycle(english, /Quickscan/);
    await english.locator(`[data-testid="scenario-table"] tr[data-scenario="${key}"]`).waitFor();
    expect(await english.getByTestId('risk-rule').textContent()).toContain('weighted mean');
    expect(await english.getByTestId('scenario-form').getByRole('heading').textContent()).toBe('Add a risk scenario');
    await checkPage(english, 'ministry', 'quickscan-en');
    await english.context().close();
  });

  it('the coordinator sees the cross-sector overview, in English too', async () => {
    const page = await signIn('coordinator', { locale: 'en-GB' });
    await page.goto(`${browser.url}/cycles`);
    await page.getByTestId('weakest-table').waitFor();
    await settle(page);
    expect(await page.locator('[data-testid="weakest-table"] tbody tr').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('cross-sector-table').textContent()).toContain('overdue');
    await checkPage(page, 'coordinator', 'cycles-en');
    await openCycle(page, /Regular cycle/);
    await expect.poll(() => page.getByTestId('risk-diagram').getAttribute('data-state'), { timeout: 60_000 }).toBe('ready');
    expect(await page.getByRole('heading', { name: '2. Resilience analysis' }).count()).toBe(1);
    expect(await page.getByTestId('score-rule').textContent()).toContain('weakest provider');
    // The coordinator follows cycles; it only draws up cross-sector measures.
    expect(await page.getByTestId('advance-step').count()).toBe(0);
    expect(await page.getByTestId('scenario-form').count()).toBe(0);
    await checkPage(page, 'coordinator', 'cycle-en');
    await page.context().close();
  });

  it('a provider sees only its own part of the cycle and scores its own indicators', async () => {
    const page = await signIn('provider');
    await openCycle(page, /Reguliere cyclus/);
    expect(await page.locator('[data-testid="provider-table"] tbody tr').count()).toBe(1);
    expect(await page.locator('[data-testid="provider-table"] tbody').textContent()).toContain('Netbeheer Lage Landen');
    expect(await page.getByTestId('advance-step').count()).toBe(0);
    expect(await page.getByTestId('measure-form').count()).toBe(0);
    await checkPage(page, 'provider', 'cycle');

    await openCycle(page, /Quickscan/);
    const form = page.getByTestId('score-form-analysis');
    expect(await form.getByLabel('Aanbieder').locator('option').allTextContents()).toEqual(['Netbeheer Lage Landen B.V.']);
    const rationale = `Segmentatie en monitoring op orde ${stamp}`;
    await form.getByLabel('Indicator', { exact: true }).selectOption('digital');
    await form.getByLabel('Score (volwassenheidsniveau)').selectOption('4');
    await form.getByLabel('Motivering').fill(rationale);
    await form.getByLabel('Bewijs').fill('https://intranet.example/iso27001-certificaat');
    await form.getByTestId('score-form-analysis-submit').click();
    await form.getByTestId('score-form-analysis-saved').waitFor();
    expect(await page.getByTestId('scenario-form').count()).toBe(0);
    await checkPage(page, 'provider', 'quickscan');

    await reload(page);
    const row = page.locator('[data-testid="score-table"] tbody tr').filter({ hasText: rationale });
    expect(await row.locator('td').allTextContents()).toEqual(['Netbeheer Lage Landen B.V.', 'Digitale weerbaarheid', 'Analyse', '4', rationale, 'https://intranet.example/iso27001-certificaat']);
    // The form shows the stored score of the pair chosen, ready to be updated.
    await form.getByLabel('Indicator', { exact: true }).selectOption('digital');
    expect(await form.getByLabel('Motivering').inputValue()).toBe(rationale);
    await page.context().close();

    const english = await signIn('provider', { locale: 'en-GB' });
    await openCycle(english, /Quickscan/);
    await english.getByTestId('score-form-analysis').waitFor();
    expect(await english.getByTestId('score-form-analysis').getByRole('heading').textContent()).toBe('Enter or update an indicator score');
    await checkPage(english, 'provider', 'quickscan-en');
    await english.context().close();
  });
});
