import { describe, expect, it } from 'vitest';
import { checkPage, openMenu, settle, useBrowser } from './harness.ts';

// Issue 4 in the browser against the demo server: run a saved scenario and step through the cascade on the graph and
// the map, rank the single points of failure, draw a Monte Carlo distribution, and read the crisis plan with its exercise.

const browser = useBrowser();

describe('simulation page', () => {
  it('runs a saved scenario and shows the cascade over time, the ranking and the Monte Carlo distribution', async () => {
    const page = await browser.signIn('coordinator');
    await openMenu(page, '/simulation');
    await checkPage(page, 'coordinator', 'simulation');

    await page.getByLabel('Opgeslagen scenario', { exact: true }).selectOption({ label: 'Uitval landelijk EMS' });
    await page.getByTestId('run-scenario').click();
    await page.getByTestId('simulation-result').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('simulation-job').getAttribute('data-status')).toBe('succeeded');
    // At hour 0 the EMS is down; by the horizon the substations have run out of buffer too.
    const downNow = async () => Number(/(\d+) objecten uitgevallen/.exec((await page.getByTestId('simulation-hour').textContent()) ?? '')?.[1]);
    const atStart = await downNow();
    expect(atStart).toBeGreaterThanOrEqual(1);
    await page.getByLabel('Moment').fill('72');
    expect(await downNow()).toBeGreaterThan(atStart);
    expect(await page.locator('.vitaal-map__marker--down').count()).toBeGreaterThan(atStart);
    expect(await page.getByTestId('failed-table').textContent()).toContain('Gekozen uitval');
    await checkPage(page, 'coordinator', 'simulation-cascade');

    await page.getByTestId('run-ranking').click();
    await page.getByTestId('ranking-table').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('ranking-table').locator('tbody tr').count()).toBe(25);

    await page.getByLabel('Aantal scenario’s').fill('200');
    await page.getByTestId('run-monte-carlo').click();
    await page.locator('[data-testid="monte-carlo-chart"][data-state="ready"]').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('importance-table').locator('tbody tr').count()).toBeGreaterThan(0);
    await checkPage(page, 'coordinator', 'simulation-ranking-monte-carlo');
    await page.context().close();
  }, 300_000);

  it('names the offending element of a malformed scenario, in English too', async () => {
    const page = await browser.signIn('provider', { locale: 'en-GB' });
    await page.goto(`${browser.url}/simulation`);
    await settle(page);
    await page.getByLabel('Kind of scenario').selectOption('cross-border');
    // The browser's own check is bypassed on purpose: the server must refuse and name the path.
    await page.getByLabel(/Country/).evaluate((input) => input.removeAttribute('pattern'));
    await page.getByLabel(/Country/).fill('D1');
    await page.getByTestId('run-scenario').click();
    await page.getByRole('alert').or(page.locator('.utrecht-alert')).first().waitFor();
    expect(await page.locator('main').textContent()).toContain('/body/scenario/crossBorder/country');
    await checkPage(page, 'provider', 'simulation-refused-en');
    await page.context().close();
  }, 120_000);
});

describe('crisis plans page', () => {
  it('shows the national plan for a process outage with its scenarios and exercise', async () => {
    const page = await browser.signIn('ministry');
    await openMenu(page, '/crisis-plans');
    const plan = page.getByTestId('crisis-plan').first();
    expect(await plan.textContent()).toContain('Nationaal crisisplan landelijke stroomuitval');
    expect(await plan.textContent()).toContain('Uitval landelijk EMS');
    expect(await page.getByTestId('injects-table').first().textContent()).toContain('Het EMS geeft geen meetwaarden meer door');
    await checkPage(page, 'ministry', 'crisis-plans');
    await page.context().close();
  }, 120_000);
});
