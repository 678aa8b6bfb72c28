import { describe, expect, it } from 'vitest';
import { checkPage, openMenu, settle, useBrowser } from './harness.ts';

// Procurement risk assessment and investment screening against the demo server: a provider walks the quickscan wizard
// to an outcome with its reasons, records the full analysis (national security's weight shown) and decides; the
// ministry of the process links the result into its open cycle; the screening register shows the flagged demo
// acquisition and takes a notification status, in English.

const browser = useBrowser();
const title = `Netwerkcamera's Meeden ${Date.now()}`;

describe('procurement risk assessment', () => {
  it('a provider walks the quickscan to a full analysis and a decision', async () => {
    const page = await browser.signIn('provider');
    await openMenu(page, '/procurement');
    // The demo's quickscan-only purchase is there.
    await page.locator('[data-testid="procurement-row"][data-full-analysis="false"]').first().waitFor();
    await checkPage(page, 'provider', 'procurement-list');

    await page.getByTestId('procurement-start').click();
    await page.getByTestId('procurement-wizard').waitFor();
    await settle(page);
    const wizard = page.getByTestId('procurement-wizard');
    const next = page.getByTestId('wizard-next');
    await page.getByLabel('Naam van de inkoop', { exact: true }).fill(title);
    await page.getByLabel('Wat wordt ingekocht', { exact: true }).selectOption('hardware');
    await next.click();
    await expect.poll(() => wizard.getAttribute('data-step')).toBe('access');
    await page.getByLabel('Toegang tot gegevens', { exact: true }).selectOption('business');
    await page.getByLabel('Toegang tot netwerken', { exact: true }).selectOption('internal');
    await next.click();
    await expect.poll(() => wizard.getAttribute('data-step')).toBe('asset');
    await page.getByLabel('Asset waarvoor de inkoop is', { exact: true }).selectOption({ label: 'Hoogspanningsstation Meeden 380/150 kV (kernasset)' });
    await next.click();
    await expect.poll(() => wizard.getAttribute('data-step')).toBe('vendor');
    await page.getByLabel('Leverancier', { exact: true }).selectOption({ label: 'Shenbei Video Technology Co., Ltd.' });
    expect(await page.getByTestId('wizard-vendor-jurisdiction').textContent()).toContain('(CN)');
    await checkPage(page, 'provider', 'procurement-wizard');
    await next.click();
    await expect.poll(() => wizard.getAttribute('data-step')).toBe('alternatives');
    await next.click();

    // The outcome with its reasons.
    const outcome = page.getByTestId('quickscan-outcome');
    await outcome.waitFor();
    await settle(page);
    expect(await outcome.getAttribute('data-full-analysis')).toBe('true');
    const reasons = await page.locator('[data-testid="quickscan-reasons"] li').evaluateAll((items) => items.map((item) => item.getAttribute('data-code')));
    expect(reasons).toEqual(expect.arrayContaining(['high-risk-jurisdiction', 'access-to-critical-asset']));
    expect(await page.getByTestId('national-security-weight').textContent()).toContain('Nationale veiligheid weegt 40%');
    expect(await page.getByTestId('decision-form').count()).toBe(0);
    await checkPage(page, 'provider', 'procurement-outcome');

    // The full analysis: one risk with a measure and a score per criterion, each label carrying its weight.
    await page.getByLabel('Beschrijving van het risico', { exact: true }).fill('Beheer op afstand vanuit het land van de leverancier.');
    await page.getByLabel('Maatregel', { exact: true }).fill('Geen beheer op afstand; gescheiden netwerk.');
    expect(await page.getByLabel(/^Nationale veiligheid — gewicht 40 \(40%\)/).count()).toBe(1);
    for (const [key, score] of [['national-security', '2'], ['quality', '8'], ['continuity', '6'], ['price', '9']] as const) await page.locator(`input[name="score-${key}"]`).fill(score);
    await page.getByTestId('analysis-submit').click();
    await page.getByTestId('analysis-result').waitFor();
    // 2×0.4 + 8×0.25 + 6×0.15 + 9×0.2 = 5.5
    expect(await page.getByTestId('weighted-score').textContent()).toContain('Gewogen score 5,5 van 10');

    // The decision, and the result shows.
    await page.getByLabel('Besluit over de inkoop', { exact: true }).selectOption('do-not-proceed');
    await page.getByLabel('Motivering', { exact: true }).fill('Nationale veiligheid weegt zwaarder dan de prijs.');
    await page.getByTestId('decision-submit').click();
    const decision = page.getByTestId('procurement-decision');
    await decision.waitFor();
    expect(await decision.getAttribute('data-decision')).toBe('do-not-proceed');
    expect(await page.getByTestId('procurement-status').textContent()).toBe('Niet doorgaan');
    // Linking into the cycle is the ministry's: the provider is told so and gets no form.
    expect(await page.getByTestId('link-form').count()).toBe(0);
    await checkPage(page, 'provider', 'procurement-decided');
    await page.context().close();
  });

  it('the ministry of the process links the decided purchase into its open cycle', async () => {
    const page = await browser.signIn('ministry');
    await openMenu(page, '/procurement');
    await page.getByRole('link', { name: title }).click();
    await page.getByTestId('procurement-page').waitFor();
    await settle(page);
    expect(await page.getByTestId('analysis-form').count()).toBe(0);
    await page.getByTestId('link-submit').click();
    await page.getByTestId('procurement-cycle-links').waitFor();
    expect(await page.locator('[data-testid="procurement-cycle-links"] li').count()).toBe(1);
    await checkPage(page, 'ministry', 'procurement-linked');
    await page.context().close();
  });
});

describe('investment screening', () => {
  it('the ministry sees the flagged demo acquisition and records its notification, in English', async () => {
    const page = await browser.signIn('ministry', { locale: 'en-GB' });
    await openMenu(page, '/investment-screening');
    const row = page.locator('[data-testid="ownership-change"][data-acquirer="Longhai Power Holdings"]');
    await row.waitFor();
    expect(await row.getAttribute('data-flagged')).toBe('true');
    expect(await row.locator('[data-flag]').evaluateAll((flags) => flags.map((flag) => flag.getAttribute('data-flag')))).toEqual(expect.arrayContaining(['vital-provider', 'high-risk-acquirer']));
    expect(await row.textContent()).toContain('Must be notified');
    await checkPage(page, 'ministry', 'investment-screening-en');

    await page.getByLabel('Change', { exact: true }).selectOption({ label: 'Longhai Power Holdings (2026-09-15)' });
    await page.getByLabel('Notification status', { exact: true }).selectOption('notified');
    await page.getByLabel('Notified on').fill('2026-09-20');
    await page.getByTestId('status-submit').click();
    await expect.poll(() => row.getByTestId('notification-status').textContent()).toBe('Notified · notified 2026-09-20');
    await page.context().close();
  });
});
