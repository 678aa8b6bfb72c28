import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/app.ts';
import { buildUser } from '../../test/factories.ts';

let t: TestApp;
let provider: Awaited<ReturnType<typeof buildUser>>;

beforeAll(async () => {
  t = await createTestApp();
  provider = await buildUser(t.services, 'provider');
}, 60_000);
afterAll(() => t?.close());

const url = '/api/v1/scoping/classify';
const producer = { sector: 'energy.electricity', turnoverEur: 1_000_000, balanceSheetEur: 1_000_000 };

type Classification = { nis2: string; cer: string; reasons: { regime: string; basis: string; text: string }[] };

describe('POST /api/v1/scoping/classify', () => {
  const cases: [string, object, string, string, string[]][] = [
    ['NIS2 art. 3(1)(a): a large electricity producer is essential', { ...producer, employees: 400, flags: [] }, 'essential', 'not-critical', ['NIS2 art. 3(1)(a)']],
    ['NIS2 art. 3(2): a medium electricity producer is important', { ...producer, employees: 60, flags: [] }, 'important', 'not-critical', ['NIS2 art. 3(2)']],
    ['NIS2 art. 2(1): a small electricity producer without flags is out of scope', { ...producer, employees: 10 }, 'out-of-scope', 'not-critical', ['NIS2 art. 2(1)']],
    [
      'NIS2 art. 3(1)(f), CER art. 17: a small critical entity serving six Member States',
      { ...producer, employees: 10, flags: ['cer-critical-entity', 'serves-six-or-more-member-states'] },
      'essential',
      'critical-european-significance',
      ['NIS2 art. 2(3)', 'NIS2 art. 3(1)(f)', 'CER art. 6(1)', 'CER art. 17'],
    ],
  ];
  it.each(cases)('%s', async (_name, body, nis2, cer, bases) => {
    const response = await call(t.app, provider.token, 'POST', url, body);
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json<Classification>();
    expect(Object.keys(result)).toEqual(['nis2', 'cer', 'reasons']);
    expect(result).toMatchObject({ nis2, cer });
    expect(result.reasons.map((reason) => reason.basis)).toEqual(expect.arrayContaining(bases));
    expect(result.reasons.every((reason) => reason.text.length > 0)).toBe(true);
  });

  const refusals: [string, string | object, string, string][] = [
    ['malformed JSON', '{"sector": "energy.gas",', 'malformed-body', '/body'],
    ['an unknown sector', { ...producer, sector: 'energy.nuclear', employees: 1 }, 'validation-failed', '/body/sector'],
    ['an unknown flag', { ...producer, employees: 1, flags: ['sole-provider', 'vital'] }, 'validation-failed', '/body/flags/1'],
    ['an unknown field', { ...producer, employees: 1, colour: 'red' }, 'validation-failed', '/body/colour'],
    ['a wrong type', { ...producer, employees: '400' }, 'validation-failed', '/body/employees'],
    ['a missing field', { sector: 'energy.gas', employees: 1, turnoverEur: 1 }, 'validation-failed', '/body/balanceSheetEur'],
    ['a negative turnover', { ...producer, employees: 1, turnoverEur: -1 }, 'validation-failed', '/body/turnoverEur'],
    ['a repeated flag', { ...producer, employees: 1, flags: ['sole-provider', 'sole-provider'] }, 'validation-failed', '/body/flags'],
  ];
  it.each(refusals)('refuses %s with a problem document naming the path', async (_name, body, code, path) => {
    const response = await call(t.app, provider.token, 'POST', url, body);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = response.json<{ code: string; errors: { path: string }[] }>();
    expect(problem.code).toBe(code);
    expect(problem.errors.map((error) => error.path)).toContain(path);
  });

  it('names the valid sector keys and flags in the problem document', async () => {
    const sector = (await call(t.app, provider.token, 'POST', url, { ...producer, sector: 'energy.nuclear', employees: 1 })).json<{ errors: { path: string; message: string }[] }>();
    expect(sector.errors).toContainEqual({ path: '/body/sector', message: expect.stringMatching(/^must be one of: energy\.electricity, energy\.district-heating, .*, other$/) });
    const flag = (await call(t.app, provider.token, 'POST', url, { ...producer, employees: 1, flags: ['vital'] })).json<{ errors: { path: string; message: string }[] }>();
    expect(flag.errors).toContainEqual({ path: '/body/flags/0', message: expect.stringContaining('cer-critical-entity, serves-six-or-more-member-states') });
  });

  it('refuses anonymous callers with 401', async () => {
    const response = await call(t.app, undefined, 'POST', url, { ...producer, employees: 400 });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ code: 'authentication-required' });
  });
});
