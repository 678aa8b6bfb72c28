import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/app.ts';
import { buildUser } from '../../test/factories.ts';

// A vendor's derived control (controllingParty, controlledFromCountry) follows the top of its ownership chain; when a
// parent's country or controlling country is corrected, the vendors it owns must follow at once.

let t: TestApp;
let coordinator: Awaited<ReturnType<typeof buildUser>>;

beforeAll(async () => {
  t = await createTestApp();
  coordinator = await buildUser(t.services, 'coordinator');
}, 300_000);
afterAll(() => t?.close());

const send = async (method: 'POST' | 'PUT' | 'PATCH' | 'GET', url: string, body?: unknown) => {
  const response = await call(t.app, coordinator.token, method, url, body);
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json<{ id: string; country: string; controlledFromCountry: string | null; controllingParty: string | null }>();
};

describe('derived vendor control', () => {
  it('follows a PATCH of the parent’s country or controlling country down the whole chain', async () => {
    const holding = await send('POST', '/api/v1/vendors', { code: 'control-holding', name: 'Control Holding', country: 'NL' });
    const subsidiary = await send('POST', '/api/v1/vendors', { code: 'control-subsidiary', name: 'Control Subsidiary', country: 'BE' });
    const plant = await send('POST', '/api/v1/vendors', { code: 'control-plant', name: 'Control Plant', country: 'DE' });
    await send('PUT', `/api/v1/vendors/${subsidiary.id}/ownership`, { parentVendorId: holding.id, stakePercent: 100 });
    await send('PUT', `/api/v1/vendors/${plant.id}/ownership`, { parentVendorId: subsidiary.id, stakePercent: 80 });
    const controlOf = async (id: string) => (await send('GET', `/api/v1/vendors/${id}`)).controlledFromCountry;
    expect([await controlOf(subsidiary.id), await controlOf(plant.id)]).toEqual(['NL', 'NL']);

    // The holding turns out to be established elsewhere: both levels below follow.
    expect(await send('PATCH', `/api/v1/vendors/${holding.id}`, { country: 'Russische Federatie' })).toMatchObject({ country: 'RU', controlledFromCountry: null });
    expect([await controlOf(subsidiary.id), await controlOf(plant.id)]).toEqual(['RU', 'RU']);

    // It is controlled from yet another country: that wins over its country of establishment.
    await send('PATCH', `/api/v1/vendors/${holding.id}`, { controlledFromCountry: 'CN' });
    expect([await controlOf(subsidiary.id), await controlOf(plant.id)]).toEqual(['CN', 'CN']);
    expect(await controlOf(holding.id)).toBe('CN');

    // A PATCH of another field leaves the chain alone.
    await send('PATCH', `/api/v1/vendors/${holding.id}`, { name: 'Control Holding Ltd' });
    expect(await controlOf(plant.id)).toBe('CN');
  });
});

describe('the high-risk scan’s reference output', () => {
  it('names every listed country in Dutch and English', async () => {
    const scan = (await call(t.app, coordinator.token, 'GET', '/api/v1/scan/high-risk')).json<{ list: { entries: { country: string; nameNl: string; nameEn: string }[] } }>();
    expect(scan.list.entries.find((entry) => entry.country === 'RU')).toMatchObject({ nameNl: 'Rusland', nameEn: 'Russia' });
    expect(scan.list.entries.every((entry) => entry.nameNl !== '' && entry.nameEn !== '')).toBe(true);
  });
});
