import { beforeAll, describe, expect, it } from 'vitest';
import { useCliPlatform } from '../../../test/cli.ts';
import { openPlatform } from '../../bootstrap.ts';
import { loadConfig } from '../../config.ts';
import { systemActor } from '../../services/actor.ts';

// `vitaal incident report --file FILE` and `vitaal incident list` end to end on a data folder of their own (or a PostgreSQL database).
const cli = useCliPlatform('incidents');
const { vitaal, write } = cli;

const incident = {
  organisation: 'cli-netbeheer',
  reference: 'TICKET-1',
  title: 'Storing in de meldkamer',
  awareAt: '2026-03-29T01:30:00+01:00',
  regimes: ['nis2'],
  significance: { severeOperationalDisruption: true, financialLoss: false, damageToOthers: false },
};

beforeAll(async () => {
  const platform = await openPlatform(loadConfig(cli.env));
  try {
    await platform.services.registry.create(systemActor('test'), 'organisations', { code: 'cli-netbeheer', name: 'CLI Netbeheer B.V.', kind: 'provider' });
  } finally {
    await platform.close();
  }
}, 180_000);

describe('vitaal incident report / list', { timeout: 120_000 }, () => {
  it('records an incident from a file and prints its obligations with UTC and Amsterdam deadlines', async () => {
    const result = await vitaal('incident', 'report', '--file', write('incident.json', incident));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as { number: string; obligations: { step: string; dueAt: string | null; dueAtLocal: string | null }[] };
    expect(printed.obligations.map((o) => [o.step, o.dueAt, o.dueAtLocal])).toEqual([
      ['early-warning', '2026-03-30T00:30:00.000Z', '2026-03-30T02:30:00.000+02:00'],
      ['incident-notification', '2026-04-01T00:30:00.000Z', '2026-04-01T02:30:00.000+02:00'],
      // NIS2 art. 23(4)(e): still open long after the final-report deadline: a progress report then, the final report a month after handling.
      ['progress-report', '2026-05-01T00:30:00.000Z', '2026-05-01T02:30:00.000+02:00'],
      ['final-report', null, null],
    ]);

    const listed = await vitaal('incident', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`${printed.number}\topen\t2026-03-29T00:30:00.000Z\tCLI Netbeheer B.V.\tStoring in de meldkamer\t3 overdue\tnext: nis2 final-report due one month after handling (-)`);
    const json = JSON.parse((await vitaal('incident', 'list', '--json')).stdout) as { number: string }[];
    expect(json.map((item) => item.number)).toEqual([printed.number]);
  });

  const refusals: [string, object, string][] = [
    ['an unknown field', { ...incident, reference: 'T-2', colour: 'red' }, 'at /colour: unknown field'],
    ['an unknown regime', { ...incident, reference: 'T-3', regimes: ['dora'] }, 'at /regimes/0: must be one of: nis2, cer'],
    ['an unknown organisation', { ...incident, reference: 'T-4', organisation: 'nobody' }, 'nobody'],
    ['awareness in the future', { ...incident, reference: 'T-5', awareAt: '2099-01-01T00:00:00Z' }, 'at /awareAt: must not lie in the future'],
  ];
  it.each(refusals)('refuses %s and records nothing', async (_name, body, message) => {
    const result = await vitaal('incident', 'report', '--file', write('bad.json', body));
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
    expect((JSON.parse((await vitaal('incident', 'list', '--json')).stdout) as unknown[]).length).toBe(1);
  });
});
