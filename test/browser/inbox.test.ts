import { describe, expect, it } from 'vitest';
import { checkPage, openMenu, settle, useBrowser } from './harness.ts';

// Issue 7 in the browser, on the demo server: the CSIRT composes a TLP:AMBER advisory to one provider with an
// attachment; that provider finds it in its inbox (label in its TLP colours, unread) and acknowledges it; another
// provider neither lists nor opens it; the author sees the read receipt and the acknowledgement.

const browser = useBrowser();

describe('inbox', () => {
  it('an AMBER advisory from the CSIRT reaches its provider only, who acknowledges it; the author sees the receipt', async () => {
    const title = `Verdachte aanmeldingen op beheerportaal ${Date.now()}`;
    const csirt = await browser.signIn('csirt');
    await openMenu(csirt, '/inbox');
    await checkPage(csirt, 'csirt', 'inbox');
    await csirt.getByTestId('compose-link').click();
    await csirt.getByTestId('compose-form').waitFor();
    await settle(csirt);
    await csirt.getByLabel('TLP-label', { exact: true }).selectOption('TLP:AMBER');
    await csirt.getByRole('group', { name: 'Organisaties' }).getByLabel(/Netbeheer Lage Landen B\.V\./).check();
    await csirt.getByLabel('Titel', { exact: true }).fill(title);
    await csirt.getByLabel('Tekst', { exact: true }).fill('Wij zien aanmeldingen vanaf onbekende adressen. Controleer uw beheerportaal.');
    await csirt.locator('#compose-files').setInputFiles({ name: 'adressen.txt', mimeType: 'text/plain', buffer: Buffer.from('192.0.2.10\n192.0.2.11\n') });
    await checkPage(csirt, 'csirt', 'compose');
    await csirt.getByRole('button', { name: 'Publiceren' }).click();
    await csirt.getByTestId('message-page').waitFor();
    await settle(csirt);
    const messageUrl = csirt.url();
    expect(await csirt.locator('main h1').textContent()).toBe(title);
    expect(await csirt.getByTestId('no-receipts').count()).toBe(1);
    await checkPage(csirt, 'csirt', 'message-sent');

    const provider = await browser.signIn('provider');
    await openMenu(provider, '/inbox');
    const row = provider.getByTestId('inbox-table').getByRole('row').filter({ hasText: title });
    await expect.poll(() => row.count()).toBe(1);
    const label = row.locator('[data-tlp]');
    expect(await label.textContent()).toBe('TLP:AMBER');
    expect(await label.evaluate((element) => [getComputedStyle(element).color, getComputedStyle(element).backgroundColor])).toEqual(['rgb(255, 192, 0)', 'rgb(0, 0, 0)']);
    expect(await row.textContent()).toContain('Ongelezen');
    await checkPage(provider, 'provider', 'inbox');
    await row.getByRole('link', { name: title }).click();
    await provider.getByTestId('message-page').waitFor();
    await settle(provider);
    expect(await provider.getByTestId('attachments').getByRole('link', { name: 'adressen.txt' }).count()).toBe(1);
    await provider.getByTestId('acknowledge').click();
    await provider.getByTestId('acknowledge').waitFor({ state: 'detached' });
    await settle(provider);
    expect(await provider.getByTestId('message-page').textContent()).toContain('Bevestigd op');
    await checkPage(provider, 'provider', 'message');
    await provider.context().close();

    const other = await browser.signIn('provider2');
    await openMenu(other, '/inbox');
    expect(await other.getByText(title).count()).toBe(0);
    await other.goto(messageUrl);
    await other.getByRole('heading', { level: 1, name: 'Bericht niet gevonden' }).waitFor();
    await other.context().close();

    await csirt.reload();
    await csirt.getByTestId('receipts-table').waitFor();
    await settle(csirt);
    const receipt = csirt.locator('[data-reader="provider@demo.vitaal.nl"]');
    expect(await receipt.count()).toBe(1);
    expect(await receipt.textContent()).not.toMatch(/nee$/);
    await checkPage(csirt, 'csirt', 'receipts');
    await csirt.context().close();
  });
});
