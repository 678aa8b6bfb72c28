import { describe, expect, it } from 'vitest';
import { checkPage, settle, useBrowser } from './harness.ts';

// The cyclus vitaal in the web UI against the demo server: the ministry walks its cycle's steps in the workspace with
// the risk diagram and the trend chart drawn, the coordinator sees the cross-sector overview, a provider only itself.

const browser = useBrowser();

const openRegularCycle = async (page: Awaited<ReturnType<typeof browser.signIn>>, label: RegExp) => {
  await page.goto(`${browser.url}/cycles?kind=open`);
  await page.getByTestId('cycle-table').waitFor();
  await settle(page);
  await page.locator('[data-testid="cycle-table"] tbody tr').filter({ hasText: label }).first().locator('a').click();
  await page.getByTestId('cycle-steps').waitFor();
  await settle(page);
};

describe('cyclus vitaal', () => {
  it('the ministry walks its cycle: steps, risk diagram, action programme and trend chart', async () => {
    const page = await browser.signIn('ministry');
    await page.goto(`${browser.url}/cycles`);
    await page.getByTestId('cycle-table').waitFor();
    await checkPage(page, 'ministry', 'cycles');

    await openRegularCycle(page, /Reguliere cyclus/);
    await expect.poll(() => page.getByTestId('risk-diagram').getAttribute('data-state'), { timeout: 30_000 }).toBe('ready');
    await expect.poll(() => page.getByTestId('trend-chart').getAttribute('data-state'), { timeout: 30_000 }).toBe('ready');
    expect(await page.locator('[data-testid="risk-diagram"] svg').count()).toBe(1);
    expect(await page.locator('[data-testid="measure-kanban"] li').count()).toBeGreaterThan(2);
    expect(await page.locator('[data-testid="cycle-steps"] li[data-state="completed"]').count()).toBe(2);
    await checkPage(page, 'ministry', 'cycle');

    // Completing the action programme moves the cycle on; the next click starts the effectiveness step.
    await page.getByTestId('advance-step').click();
    await expect.poll(() => page.locator('[data-testid="cycle-steps"] li[data-state="completed"]').count()).toBe(3);
    await page.getByTestId('advance-step').click();
    await expect.poll(() => page.locator('[data-testid="cycle-steps"] li[aria-current="step"]').getAttribute('data-state')).toBe('in-progress');
    await page.context().close();
  });

  it('the coordinator sees the cross-sector overview, in English too', async () => {
    const page = await browser.signIn('coordinator', { locale: 'en-GB' });
    await page.goto(`${browser.url}/cycles`);
    await page.getByTestId('weakest-table').waitFor();
    await settle(page);
    expect(await page.locator('[data-testid="weakest-table"] tbody tr').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('cross-sector-table').textContent()).toContain('overdue');
    await checkPage(page, 'coordinator', 'cycles-en');
    await openRegularCycle(page, /Regular cycle/);
    await expect.poll(() => page.getByTestId('risk-diagram').getAttribute('data-state'), { timeout: 30_000 }).toBe('ready');
    expect(await page.getByRole('heading', { name: '2. Resilience analysis' }).count()).toBe(1);
    await checkPage(page, 'coordinator', 'cycle-en');
    await page.context().close();
  });

  it('a provider sees only its own part of the cycle', async () => {
    const page = await browser.signIn('provider');
    await openRegularCycle(page, /Reguliere cyclus/);
    expect(await page.locator('[data-testid="provider-table"] tbody tr').count()).toBe(1);
    expect(await page.locator('[data-testid="provider-table"] tbody').textContent()).toContain('Netbeheer Lage Landen');
    expect(await page.getByTestId('advance-step').count()).toBe(0);
    await checkPage(page, 'provider', 'cycle');
    await page.context().close();
  });
});
