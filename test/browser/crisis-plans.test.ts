import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkPage, openMenu, useBrowser } from './harness.ts';

// Writing crisis plans in the web UI against the demo server (issue 4 item 7): the ministry writes a plan for an outage of
// one of its processes, plans an exercise with a saved scenario, adds an inject to its timeline and a lesson learned,
// and turns the lesson into a measure of its cycle's action programme; a designated provider sees the plan without the
// writer's forms. The page is read back after each write.

const browser = useBrowser();
const stamp = Date.now().toString(36);

/** Sends a form and waits for its confirmation (each write reads the plans again). */
const send = async (form: Locator, testId: string) => {
  await form.getByTestId(`${testId}-submit`).click();
  await form.getByTestId(`${testId}-saved`).waitFor();
};

const signIn = async (account: string): Promise<Page> => {
  const page = await browser.signIn(account);
  page.setDefaultTimeout(90_000);
  return page;
};

// Plans sort by title: "Plan …" lands after the demo's "Nationaal crisisplan …", which other tests read first.
const title = `Plan uitval olievoorziening ${stamp}`;

describe('crisis plans: writing', { timeout: 400_000 }, () => {
  it('the ministry writes a plan, plans an exercise, adds an inject and a lesson and turns the lesson into a measure', async () => {
    const page = await signIn('ministry');
    await openMenu(page, '/crisis-plans');

    // The write forms are folded away until asked for.
    const open = (disclosure: Locator) => disclosure.locator('summary').click();
    await open(page.getByTestId('open-plan-form'));
    const planForm = page.getByTestId('plan-form');
    await planForm.getByLabel('Vitaal proces').selectOption({ label: 'Olievoorziening' });
    await planForm.getByLabel('Titel van het plan').fill(title);
    await planForm.getByLabel('Samenvatting').fill('Aanpak bij uitval van de olievoorziening.');
    await planForm.getByLabel('Uitval landelijk EMS').check();
    await planForm.getByTestId('add-escalationLevels').click();
    const level = planForm.getByTestId('row-escalationLevels').first();
    await level.getByLabel('Niveau', { exact: true }).fill('1');
    await level.getByLabel('Naam', { exact: true }).fill('Nationaal');
    await level.getByLabel('Wanneer').fill('Tekort aan brandstof in meer dan één regio');
    await planForm.getByTestId('add-actions').click();
    const action = planForm.getByTestId('row-actions').first();
    await action.getByLabel('Actie', { exact: true }).fill('Strategische voorraad vrijgeven');
    await action.getByLabel('Rol', { exact: true }).fill('crisiscoördinator olie');
    await action.getByLabel('Vanaf opschalingsniveau').fill('1');
    await planForm.getByTestId('add-roles').click();
    const role = planForm.getByTestId('row-roles').first();
    await role.getByLabel('Rol', { exact: true }).fill('crisiscoördinator olie');
    await role.getByLabel('Verantwoordelijkheid').fill('Besluit over de inzet van de voorraad');
    await planForm.getByTestId('add-contacts').click();
    const contact = planForm.getByTestId('row-contacts').first();
    await contact.getByLabel('Naam', { exact: true }).fill('Meldpunt olie (fictief)');
    await contact.getByLabel('Rol', { exact: true }).fill('crisiscoördinator olie');
    await contact.getByLabel('E-mail').fill('olie@demo.vitaal.nl');
    await checkPage(page, 'ministry', 'crisis-plan-form');
    await send(planForm, 'plan-form');

    const plan = page.locator(`[data-testid="crisis-plan"][data-plan="${title}"]`);
    await plan.waitFor();
    expect(await plan.textContent()).toContain('Olievoorziening');
    expect(await plan.textContent()).toContain('Uitval landelijk EMS');
    expect(await plan.getByTestId('actions-table').textContent()).toContain('Strategische voorraad vrijgeven');
    expect(await plan.getByTestId('contacts-table').textContent()).toContain('olie@demo.vitaal.nl');

    await open(plan.getByTestId('open-exercise-form'));
    const exerciseForm = plan.getByTestId('exercise-form');
    await exerciseForm.getByLabel('Naam van de oefening').fill(`Oefening olie ${stamp}`);
    await exerciseForm.getByLabel('Scenario', { exact: true }).selectOption({ label: 'Uitval landelijk EMS' });
    await exerciseForm.getByLabel('Begint op').fill('2026-12-15T10:00');
    await send(exerciseForm, 'exercise-form');
    const exercise = plan.getByTestId('exercise');
    await exercise.waitFor();
    expect(await exercise.textContent()).toContain('Gepland');

    await open(exercise.getByTestId('open-exercise-forms'));
    const injectForm = exercise.getByTestId('inject-form');
    await injectForm.getByLabel('Minuten na de start').fill('90');
    await injectForm.getByLabel('Bericht').fill('Tankstations melden lege voorraden');
    await injectForm.getByLabel('Voor rol').fill('crisiscoördinator olie');
    await send(injectForm, 'inject-form');
    await expect.poll(() => exercise.getByTestId('injects-table').textContent()).toContain('Tankstations melden lege voorraden');
    // The timeline plays the inject against the scenario's cascade: the EMS goes down at the start.
    const timeline = exercise.getByTestId('exercise-timeline');
    await expect.poll(() => timeline.locator('li[data-kind="inject"]').textContent()).toContain('T+1:30');
    expect(await timeline.locator('li[data-kind="asset-down"]').first().textContent()).toContain('tso-ems');

    const lessonForm = exercise.getByTestId('lesson-form');
    await lessonForm.getByLabel('Les', { exact: true }).fill(`Voorraadbesluit sneller nemen ${stamp}`);
    await lessonForm.getByLabel('Toelichting').fill('Mandaat voor de crisiscoördinator vooraf vastleggen');
    await send(lessonForm, 'lesson-form');
    await expect.poll(() => exercise.getByTestId('lessons-table').textContent()).toContain('Nog niet gekoppeld');

    const measureForm = exercise.getByTestId('lesson-measure-form');
    await measureForm.getByLabel('Uiterlijk gereed (datum)').fill('2027-06-30');
    await checkPage(page, 'ministry', 'crisis-plan-exercise');
    // Not `send`: once the lesson has its measure the form is gone, and with it, often before it is seen, its saved mark.
    await measureForm.getByTestId('lesson-measure-form-submit').click();
    const measureLink = exercise.getByTestId('lessons-table').getByRole('link', { name: `Voorraadbesluit sneller nemen ${stamp}` });
    await measureLink.waitFor();
    expect(await measureLink.getAttribute('href')).toMatch(/^\/cycles\/[0-9a-f-]{36}$/);
    await checkPage(page, 'ministry', 'crisis-plan-measure');

    // After a reload the page shows what the server holds.
    await page.reload();
    await plan.waitFor();
    expect(await plan.getByTestId('injects-table').textContent()).toContain('Tankstations melden lege voorraden');
    expect(await plan.getByTestId('lessons-table').textContent()).toContain(`Voorraadbesluit sneller nemen ${stamp}`);
    // The measure stands in the cycle's action programme.
    await measureLink.click();
    await page.waitForURL(/\/cycles\//);
    await expect.poll(() => page.locator('main').textContent()).toContain(`Voorraadbesluit sneller nemen ${stamp}`);
    await page.context().close();
  });

  it('a designated provider reads the plan and may record observations, without the writer’s forms', async () => {
    const page = await signIn('provider');
    await openMenu(page, '/crisis-plans');
    const plan = page.locator('[data-testid="crisis-plan"][data-plan="Nationaal crisisplan landelijke stroomuitval"]');
    await plan.waitFor();
    expect(await page.getByTestId('plan-form').count()).toBe(0);
    expect(await plan.getByTestId('plan-edit').count()).toBe(0);
    expect(await plan.getByTestId('exercise-form').count()).toBe(0);
    expect(await plan.getByTestId('inject-form').count()).toBe(0);
    expect(await plan.getByTestId('lesson-form').count()).toBe(0);
    await plan.getByTestId('open-exercise-forms').first().locator('summary').click();
    const observation = plan.getByTestId('observation-form').first();
    await observation.getByLabel('Waarneming', { exact: true }).fill(`Noodstroom niet getest ${stamp}`);
    await send(observation, 'observation-form');
    await expect.poll(() => plan.getByTestId('observations-table').first().textContent()).toContain(`Noodstroom niet getest ${stamp}`);
    await checkPage(page, 'provider', 'crisis-plans-observer');
    await page.context().close();
  });

  it('offers the coordinator every form, in English', async () => {
    const page = await browser.signIn('coordinator', { locale: 'en-GB' });
    page.setDefaultTimeout(90_000);
    await openMenu(page, '/crisis-plans');
    await page.getByTestId('open-plan-form').locator('summary').click();
    const plan = page.locator('[data-testid="crisis-plan"][data-plan="Nationaal crisisplan landelijke stroomuitval"]');
    await plan.getByTestId('open-exercise-forms').first().locator('summary').click();
    expect(await page.getByTestId('plan-form').textContent()).toContain('New crisis plan');
    expect(await plan.getByTestId('inject-form').first().textContent()).toContain('Minutes after the start');
    await expect.poll(() => plan.getByTestId('exercise-timeline').first().textContent()).toContain('Inject: ');
    await checkPage(page, 'coordinator', 'crisis-plans-en');
    await page.context().close();
  });
});
