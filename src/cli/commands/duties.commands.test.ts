import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../main.ts';
import { bufferedOutput } from '../output.ts';

// Standalone commands: pure rules on files and arguments, no database and no data folder.
let folder: string;

async function vitaal(...args: string[]) {
  const { output, stdout, stderr } = bufferedOutput();
  const code = await main(args, output, { VITAAL_DATA_DIR: path.join(folder, 'unused') });
  return { code, stdout: stdout(), stderr: stderr() };
}

const write = (name: string, content: unknown) => {
  const file = path.join(folder, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
};

beforeAll(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vitaal-duties-'));
});
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

describe('vitaal classify', () => {
  const producer = { sector: 'energy.electricity', turnoverEur: 1_000_000, balanceSheetEur: 1_000_000 };
  const cases: [string, object, string, string, string[]][] = [
    ['NIS2 art. 3(1)(a): a large electricity producer is essential', { ...producer, employees: 400, flags: [] }, 'essential', 'not-critical', ['NIS2 art. 2(1)', 'NIS2 art. 3(1)(a)']],
    ['NIS2 art. 3(2): a medium electricity producer is important', { ...producer, employees: 60, flags: [] }, 'important', 'not-critical', ['NIS2 art. 3(2)']],
    ['NIS2 art. 2(1): a small electricity producer is out of scope', { ...producer, employees: 10 }, 'out-of-scope', 'not-critical', ['NIS2 art. 2(1)']],
    ['NIS2 art. 3(1)(f), CER art. 6(1): a small CER critical entity is essential', { ...producer, employees: 10, flags: ['cer-critical-entity'] }, 'essential', 'critical', ['NIS2 art. 3(1)(f)', 'CER art. 6(1)']],
  ];
  it.each(cases)('%s', async (_name, body, nis2, cer, bases) => {
    const result = await vitaal('classify', '--input', write('organisation.json', body));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as { nis2: string; cer: string; reasons: { basis: string; text: string }[] };
    expect(Object.keys(printed)).toEqual(['nis2', 'cer', 'reasons']);
    expect(printed).toMatchObject({ nis2, cer });
    expect(printed.reasons.map((reason) => reason.basis)).toEqual(expect.arrayContaining(bases));
  });

  const refusals: [string, string | object, number, string][] = [
    ['malformed JSON', '{"sector": "energy.gas",', 2, 'at /: '],
    ['an unknown field', { ...producer, employees: 1, flags: [], colour: 'red' }, 2, 'at /colour: unknown field'],
    ['a wrong type', { ...producer, employees: '300', flags: [] }, 2, 'at /employees: must be number'],
    ['a missing field', { sector: 'energy.gas', employees: 1, turnoverEur: 1 }, 2, 'at /balanceSheetEur: required field is missing'],
    ['an unknown sector, listing the valid ones', { ...producer, sector: 'energy.nuclear', employees: 1 }, 2, 'at /sector: must be one of: energy.electricity, energy.district-heating'],
    ['an unknown flag, listing the valid ones', { ...producer, employees: 1, flags: ['sole-provider', 'vital'] }, 2, 'at /flags/1: must be one of: public-electronic-communications'],
    ['a negative headcount', { ...producer, employees: -5 }, 2, 'at /employees: must be >= 0'],
  ];
  it.each(refusals)('refuses %s with the path', async (_name, body, code, message) => {
    const result = await vitaal('classify', '--input', write('bad.json', body));
    expect(result.code).toBe(code);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
  });

  it('refuses a missing file and a missing --input', async () => {
    expect((await vitaal('classify', '--input', path.join(folder, 'nothing.json'))).code).toBe(4);
    const missing = await vitaal('classify');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--input FILE');
  });
});

describe('vitaal incident deadlines', () => {
  type Obligation = { regime: string; step: string; dueAt: string; dueAtLocal: string; basis: string };
  const deadlines = async (...args: string[]) => {
    const result = await vitaal('incident', 'deadlines', ...args);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as Obligation[];
  };

  it('NIS2 art. 23(4) and CER art. 15(1): every obligation, by default for both regimes, across the spring clock change', async () => {
    const obligations = await deadlines('--aware-at', '2025-03-30T01:30:00+01:00');
    expect(obligations.map((o) => [o.regime, o.step, o.dueAt, o.dueAtLocal])).toEqual([
      ['nis2', 'early-warning', '2025-03-31T00:30:00.000Z', '2025-03-31T02:30:00.000+02:00'],
      ['cer', 'initial-notification', '2025-03-31T00:30:00.000Z', '2025-03-31T02:30:00.000+02:00'],
      ['nis2', 'incident-notification', '2025-04-02T00:30:00.000Z', '2025-04-02T02:30:00.000+02:00'],
      ['cer', 'detailed-report', '2025-04-30T00:30:00.000Z', '2025-04-30T02:30:00.000+02:00'],
      ['nis2', 'final-report', '2025-05-02T00:30:00.000Z', '2025-05-02T02:30:00.000+02:00'],
    ]);
    for (const o of obligations) expect(o.basis).toMatch(/^(NIS2 art\. 23\(4\)|CER art\. 15\(1\))/);
  });

  it('NIS2 art. 23(4) second subparagraph: --trust-service notifies within 24 h; --regimes nis2 leaves CER out', async () => {
    const obligations = await deadlines('--aware-at', '2025-06-02T09:00:00Z', '--regimes', 'nis2', '--trust-service');
    expect(obligations.map((o) => `${o.step} ${o.dueAt}`)).toEqual(['early-warning 2025-06-03T09:00:00.000Z', 'incident-notification 2025-06-03T09:00:00.000Z', 'final-report 2025-07-03T09:00:00.000Z']);
  });

  it('NIS2 art. 23(4)(d): the final report runs from the submitted notification (31 January → 28 February)', async () => {
    const obligations = await deadlines('--aware-at', '2025-01-30T08:00:00+01:00', '--regimes', 'nis2', '--notification-submitted-at', '2025-01-31T10:00:00+01:00');
    expect(obligations.find((o) => o.step === 'final-report')?.dueAtLocal).toBe('2025-02-28T10:00:00.000+01:00');
  });

  it('NIS2 art. 23(4)(e): --resolved-at after the final-report deadline gives a progress report then and the final report a month after handling', async () => {
    const obligations = await deadlines('--aware-at', '2025-01-28T10:00:00+01:00', '--regimes', 'nis2', '--resolved-at', '2025-03-31T12:00:00+02:00');
    expect(obligations.map((o) => [o.step, o.dueAt])).toEqual([
      ['early-warning', '2025-01-29T09:00:00.000Z'],
      ['incident-notification', '2025-01-31T09:00:00.000Z'],
      ['progress-report', '2025-02-28T09:00:00.000Z'],
      ['final-report', '2025-04-30T10:00:00.000Z'],
    ]);
    expect(obligations.map((o) => Object.keys(o).slice(0, 3))).toEqual(obligations.map(() => ['regime', 'step', 'dueAt']));
  });

  const refusals: [string, string[], string][] = [
    ['no --aware-at', [], '--aware-at ISO'],
    ['an instant without an offset', ['--aware-at', '2025-03-30T02:30:00'], 'at --aware-at:'],
    ['an unknown regime', ['--aware-at', '2025-03-30T02:30:00Z', '--regimes', 'nis2,dora'], 'Unknown regime "dora"'],
  ];
  it.each(refusals)('refuses %s', async (_name, args, message) => {
    const result = await vitaal('incident', 'deadlines', ...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
