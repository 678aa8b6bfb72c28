import { describe, expect, it } from 'vitest';
import { checkPage, settle, useBrowser } from './harness.ts';

// Incident reporting and supervision in the web UI against the demo server: a provider reports an incident and sees
// its obligations with live deadline clocks in UTC and Dutch time, submits a report; the supervisor's dashboard shows
// the regime per entity (essential: ex ante and ex post; important: ex post only).

const browser = useBrowser();

describe('incidents', () => {
  it('a provider reports an incident and sees its obligations with running clocks', async () => {
    const page = await browser.signIn('provider');
    await page.goto(`${browser.url}/incidents`);
    await page.getByTestId('incident-table').waitFor();
    await settle(page);
    // The demo's overdue incident and the one still counting down.
    expect(await page.locator('[data-testid="deadline-table"] [data-testid="deadline-clock"][data-overdue="true"]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="deadline-table"] [data-testid="deadline-clock"][data-overdue="false"]').count()).toBeGreaterThan(0);
    await checkPage(page, 'provider', 'incidents');

    const form = page.getByTestId('report-form');
    await form.getByLabel('Titel').fill('Uitval van de netbesturing in de browsertest');
    await form.getByLabel('Ernstige operationele verstoring van de diensten').check();
    await expect.poll(() => page.getByTestId('significance').textContent()).toContain('NIS2 art. 23(3)(a)');
    await form.getByRole('button', { name: 'Incident melden' }).click();
    await page.getByTestId('incident-page').waitFor();
    await settle(page);

    const obligations = page.getByTestId('obligation');
    expect(await obligations.evaluateAll((items) => items.map((item) => item.getAttribute('data-step')))).toEqual(['nis2.early-warning', 'nis2.incident-notification', 'nis2.final-report']);
    const first = obligations.first();
    expect(await first.textContent()).toMatch(/UTC/);
    expect(await first.textContent()).toContain('Nederlandse tijd');
    const clock = first.getByTestId('deadline-clock');
    const before = await clock.textContent();
    expect(before).toMatch(/^nog (23|24):\d{2}:\d{2}$/);
    await expect.poll(() => clock.textContent(), { timeout: 5000 }).not.toBe(before);
    await checkPage(page, 'provider', 'incident');

    // Submit the early warning: it is marked submitted and on time, and the history records it.
    await first.getByText('Melding indienen').click();
    await first.getByLabel('Vermoedelijk veroorzaakt door onrechtmatig of kwaadwillig handelen').check();
    await first.getByRole('button', { name: 'Indienen', exact: true }).click();
    await expect.poll(() => page.locator('[data-step="nis2.early-warning"]').getAttribute('data-status')).toBe('submitted');
    expect(await page.locator('[data-step="nis2.early-warning"]').textContent()).toContain('op tijd');
    expect(await page.getByTestId('incident-history').locator('li').count()).toBe(2);
    await page.context().close();
  });

  it('shows the incident page in English', async () => {
    const page = await browser.signIn('provider', { locale: 'en-GB' });
    await page.goto(`${browser.url}/incidents`);
    await page.getByTestId('incident-table').waitFor();
    await page.locator('[data-testid="incident-table"] tbody tr a').first().click();
    await page.getByTestId('incident-page').waitFor();
    await settle(page);
    expect(await page.getByRole('heading', { name: 'Report obligations and deadlines' }).count()).toBe(1);
    await checkPage(page, 'provider', 'incident-en');
    await page.context().close();
  });

  it('a provider sees only its own incidents', async () => {
    const page = await browser.signIn('provider2');
    await page.goto(`${browser.url}/incidents`);
    await settle(page);
    const own = await page.evaluate(async () => ((await (await fetch('/api/v1/auth/session')).json()) as { user: { organisationId: string } }).user.organisationId);
    const owners = await page.locator('[data-testid="incident-table"] tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-organisation')));
    expect(owners.every((owner) => owner === own)).toBe(true);
    await page.context().close();
  });
});

describe('supervision', () => {
  it('the supervisor dashboard shows each entity with its regime, reporting timeliness and records', async () => {
    const page = await browser.signIn('supervisor');
    await page.goto(`${browser.url}/supervision`);
    await page.getByTestId('supervised-entities').waitFor();
    await settle(page);
    expect(await page.locator('[data-entity="netbeheer-lage-landen"]').getAttribute('data-regime')).toBe('ex-ante-and-ex-post');
    expect(await page.locator('[data-entity="noordzee-interconnect"]').getAttribute('data-regime')).toBe('ex-post');
    expect(await page.locator('[data-entity="noordzee-interconnect"] [data-testid="timeliness"]').textContent()).toMatch(/^\d+ \/ [1-9]\d* \/ \d+$/);
    await checkPage(page, 'supervisor', 'supervision');

    await page.locator('[data-entity="noordzee-interconnect"] a').click();
    await page.getByTestId('entity-detail').waitFor();
    await settle(page);
    expect(await page.getByTestId('supervision-regime').textContent()).toContain('NIS2 art. 33');
    expect(await page.locator('[data-testid="findings"] tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('select[name="kind"] option[value="ex-ante"]').isDisabled()).toBe(true);
    await checkPage(page, 'supervisor', 'supervision-entity');
    await page.context().close();
  });
});
