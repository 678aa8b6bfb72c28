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

  it('the ministry fills in step 1, links a threat and an input, shares the scores, and edits a scenario and a measure of a quickscan', async () => {
    const page = await signIn('ministry');
    await openCycle(page, /Quickscan/);

    // Step 1: the impact values with their sources give the proposed category by the current threshold version.
    const assess = page.getByTestId('assessment-form');
    await assess.locator('[data-measure="people-affected"]').getByLabel(/^Waarde/).fill('2500000');
    await assess.locator('[data-measure="people-affected"]').getByLabel(/^Bron van de waarde/).fill(`CBS verzorgingsgebied ${stamp}`);
    await assess.locator('[data-measure="casualties"]').getByLabel(/^Waarde/).fill('1500');
    await assess.locator('[data-measure="casualties"]').getByLabel(/^Bron van de waarde/).fill('GGD-raming');
    await assess.getByTestId('assessment-form-submit').click();
    await assess.getByTestId('assessment-form-saved').waitFor();
    // 2.5 million people affected is above the A limit of 1 million; 1500 casualties only above the B limit of 1000.
    expect(await page.getByTestId('assessment-proposed').textContent()).toBe('Voorgestelde categorie: Categorie A');
    const assessment = page.locator('[data-testid="assessment-table"] tbody tr').filter({ hasText: `CBS verzorgingsgebied ${stamp}` });
    expect(await assessment.textContent()).toContain('nog geen besluit');

    const decide = page.getByTestId('decision-form');
    expect(await decide.getByLabel('Categorie', { exact: true }).inputValue()).toBe('A');
    await decide.getByLabel('Motivering').fill(`Bevestigd na quickscan ${stamp}`);
    await decide.getByTestId('decision-form-submit').click();
    await expect.poll(async () => (await assessment.locator('td').allTextContents()).slice(3, 6), { timeout: 60_000 }).toEqual(['Categorie A', expect.stringMatching(/^Categorie A \(/), `Bevestigd na quickscan ${stamp}`]);
    expect(await page.getByTestId('decision-form').count()).toBe(0);

    // The providers of the process: one re-designated in this cycle and notified.
    const designate = page.getByTestId('designation-form');
    const provider = (await designate.getByLabel('Aanbieder').locator('option').first().textContent()) ?? '';
    await designate.getByLabel('Nieuwe status').selectOption('designated');
    await designate.getByLabel('Toelichting').fill(`Herbevestigd in de quickscan ${stamp}`);
    await designate.getByTestId('designation-form-submit').click();
    await designate.getByTestId('designation-form-saved').waitFor();
    const providerRow = page.locator(`[data-testid="provider-table"] tbody tr[data-provider="${provider}"]`);
    await expect.poll(() => providerRow.textContent(), { timeout: 60_000 }).toContain(`Aangewezen – Herbevestigd in de quickscan ${stamp}`);
    const notify = page.getByTestId('notification-form');
    await notify.getByLabel('Aanbieder').selectOption({ label: provider });
    await notify.getByLabel('Bericht').fill(`U blijft aangewezen ${stamp}`);
    await notify.getByTestId('notification-form-submit').click();
    await notify.getByTestId('notification-form-saved').waitFor();
    await expect.poll(() => providerRow.textContent(), { timeout: 60_000 }).toContain(`U blijft aangewezen ${stamp} · ontvangst nog niet bevestigd`);
    await checkPage(page, 'ministry', 'quickscan-designation');

    // Step 2: a sub-threat of the catalogue, a strategic input, the process scores shared back.
    const threat = page.getByTestId('threat-form');
    await threat.getByLabel('Dreiging of subdreiging').selectOption({ label: 'Activisme – Hacktivisme' });
    await threat.getByLabel('Motivering').fill(`Aangekondigde acties ${stamp}`);
    await threat.getByTestId('threat-form-submit').click();
    await threat.getByTestId('threat-form-saved').waitFor();
    const threatRow = page.locator('[data-testid="threat-table"] tr[data-threat="activism/hacktivism"]');
    await expect.poll(async () => (await threatRow.locator('td').allTextContents()).slice(0, 2), { timeout: 60_000 }).toEqual(['Activisme – Hacktivisme', `Aangekondigde acties ${stamp}`]);

    const input = page.getByTestId('input-form');
    await input.getByLabel('Soort input').selectOption('strategic-dependency');
    await input.getByLabel('Titel van de input').fill(`Afhankelijkheid van één leverancier van transformatoren ${stamp}`);
    await input.getByTestId('input-form-submit').click();
    await input.getByTestId('input-form-saved').waitFor();
    await expect.poll(() => page.getByTestId('input-table').textContent(), { timeout: 60_000 }).toContain(`Strategische afhankelijkheidAfhankelijkheid van één leverancier van transformatoren ${stamp}`);

    const sharing = page.getByTestId('score-sharing');
    const sharedBefore = await sharing.getAttribute('data-shared');
    await sharing.getByTestId('score-sharing-toggle').click();
    await expect.poll(() => sharing.getAttribute('data-shared'), { timeout: 60_000 }).toBe(sharedBefore === 'true' ? 'false' : 'true');

    // A scenario changed beyond its scores: title, description and sharing.
    const key = `hacktivisme-${stamp}`;
    const scenarioForm = page.getByTestId('scenario-form');
    await scenarioForm.getByLabel('Sleutel').fill(key);
    await scenarioForm.getByLabel('Titel van het scenario').fill('DDoS op het klantportaal');
    await scenarioForm.getByLabel('Kansklasse').selectOption('B');
    await scenarioForm.getByLabel('5.1 Verstoring van het dagelijks leven').selectOption('C');
    await scenarioForm.getByTestId('scenario-form-submit').click();
    await scenarioForm.getByTestId('scenario-form-saved').waitFor();
    const editScenario = page.getByTestId('scenario-edit-form');
    await editScenario.getByLabel('Scenario', { exact: true }).selectOption({ label: `${key}: DDoS op het klantportaal` });
    await editScenario.getByLabel('Titel van het scenario').fill('DDoS op het klantportaal en de meldkamer');
    await editScenario.getByLabel('Omschrijving').fill(`Overbelasting door hacktivisten ${stamp}`);
    await editScenario.getByLabel('Dreiging', { exact: true }).selectOption('activism');
    await editScenario.getByTestId('scenario-edit-form-submit').click();
    await editScenario.getByTestId('scenario-edit-form-saved').waitFor();
    const scenarioRow = page.locator(`[data-testid="scenario-table"] tr[data-scenario="${key}"]`);
    await expect.poll(async () => (await scenarioRow.locator('td').allTextContents()).slice(0, 2), { timeout: 60_000 }).toEqual([`${key}: DDoS op het klantportaal en de meldkamerOverbelasting door hacktivisten ${stamp}`, 'Activisme']);

    // Step 3: a measure added, then changed in all its fields.
    const title = `Oefening cyberaanval ${stamp}`;
    const measureForm = page.getByTestId('measure-form');
    await measureForm.getByLabel('Maatregel', { exact: true }).fill(title);
    await measureForm.getByLabel('Uiterlijk gereed (datum)').fill('2027-06-30');
    await measureForm.getByTestId('measure-form-submit').click();
    await measureForm.getByTestId('measure-form-saved').waitFor();
    const editMeasure = page.getByTestId('measure-edit-form');
    await editMeasure.getByLabel('Te wijzigen maatregel').selectOption({ label: title });
    expect(await editMeasure.getByLabel('Uiterlijk gereed (datum)').inputValue()).toBe('2027-06-30');
    await editMeasure.getByLabel('Maatregel', { exact: true }).fill(`${title} met ketenpartners`);
    await editMeasure.getByLabel('Omschrijving').fill('Gezamenlijke oefening met de meldkamer.');
    await editMeasure.getByLabel('Uiterlijk gereed (datum)').fill('2027-09-30');
    await editMeasure.getByLabel('Status', { exact: true }).selectOption('in-progress');
    await editMeasure.getByLabel('Kostenraming (euro)').fill('75000');
    await editMeasure.getByTestId('measure-edit-form-submit').click();
    await editMeasure.getByTestId('measure-edit-form-saved').waitFor();
    await measureCard(page, 'in-progress', `${title} met ketenpartners`).waitFor();
    await checkPage(page, 'ministry', 'quickscan-forms');

    // Everything written is there after a reload.
    await reload(page);
    await page.getByTestId('measure-view-table').click();
    const measureRow = page.locator(`[data-testid="measure-table"] tr[data-measure="${title} met ketenpartners"]`);
    expect((await measureRow.locator('td').allTextContents()).slice(2, 5)).toEqual([expect.stringContaining('30 sep 2027'), 'In uitvoering', expect.stringMatching(/^€\s?75\.000/)]);
    expect(await page.locator('[data-testid="assessment-table"] tbody').textContent()).toContain(`Bevestigd na quickscan ${stamp}`);
    expect(await providerRow.textContent()).toContain(`U blijft aangewezen ${stamp}`);
    expect(await threatRow.textContent()).toContain(`Aangekondigde acties ${stamp}`);
    await page.context().close();

    const english = await signIn('ministry', { locale: 'en-GB' });
    await openCycle(english, /Quickscan/);
    expect(await english.locator('[data-testid="assessment-table"] tbody tr').filter({ hasText: `CBS verzorgingsgebied ${stamp}` }).textContent()).toContain('Category A');
    expect(await english.getByTestId('designation-form').getByRole('heading').textContent()).toBe('Propose, designate or withdraw a provider');
    expect(await english.locator('[data-testid="threat-table"] tr[data-threat="activism/hacktivism"] td').first().textContent()).toBe('Activism – Hacktivism');
    await checkPage(english, 'ministry', 'quickscan-forms-en');
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
    for (const form of ['assessment-form', 'designation-form', 'notification-form', 'threat-form', 'input-table']) expect(await page.getByTestId(form).count()).toBe(0);
    await checkPage(page, 'provider', 'cycle');

    // The provider confirms receipt of the ministry's notification of its designation.
    const notification = () => page.locator('[data-testid="provider-table"] [data-testid="notification"]').first();
    expect(await notification().textContent()).toContain('ontvangst nog niet bevestigd');
    await notification().getByTestId('acknowledge').click();
    await expect.poll(() => notification().textContent(), { timeout: 60_000 }).toContain('ontvangst bevestigd op');
    expect(await notification().getByTestId('acknowledge').count()).toBe(0);

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
