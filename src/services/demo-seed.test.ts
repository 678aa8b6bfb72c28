import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { seedCycleDemo, type CycleDemoFile } from './cycles.seed.ts';
import { procurementInputReference } from './procurement.service.ts';
import { seedStrategicDependenciesDemo, type StrategicDependenciesDemoFile } from './strategic-dependencies.seed.ts';

/** The seeded demo (seeded once here, for every part of it that these tests check). */
let t: TestApp;
const dataDir = path.join(import.meta.dirname, '..', '..', 'data');

beforeAll(async () => {
  t = await createTestApp();
  await t.services.seed.seedReference();
  await t.services.seed.seedDemo();
}, 600_000);
afterAll(() => t?.close());

describe('the demo cycles', () => {
  it('give every category-A process a completed cycle and one in progress, and open quickscans for the declared event', async () => {
    const { db, services } = t;
    const processes = await db.selectFrom('vitalProcess').select(['id', 'code']).where('category', '=', 'A').execute();
    expect(processes.length).toBeGreaterThan(0);
    for (const process of processes) {
      const cycles = await db.selectFrom('cycle').select(['id', 'kind', 'completedAt']).where('processId', '=', process.id).where('kind', '=', 'regular').execute();
      expect(cycles.filter((cycle) => cycle.completedAt).length, process.code).toBe(1);
      expect(cycles.filter((cycle) => !cycle.completedAt).length, process.code).toBe(1);
      for (const cycle of cycles) {
        expect(await db.selectFrom('indicatorScore').select('id').where('cycleId', '=', cycle.id).execute(), process.code).not.toHaveLength(0);
        expect(await db.selectFrom('riskScenario').select('id').where('cycleId', '=', cycle.id).execute()).toHaveLength(3);
        expect((await db.selectFrom('measure').select('id').where('cycleId', '=', cycle.id).execute()).length).toBeGreaterThanOrEqual(3);
      }
    }
    const events = await services.cycles.listEvents({ kind: 'system', via: 'test' });
    expect(events).toHaveLength(1);
    expect(events[0]?.quickscans).toBeGreaterThan(0);
    const open = await services.cycles.list({ kind: 'system', via: 'test' }, { eventId: events[0]?.id, status: 'open' }, { limit: 100, offset: 0 });
    expect(open.total).toBe(events[0]?.quickscans);
  });

  it('a second run adds nothing', async () => {
    const file = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo', 'cycles.json'), 'utf8')) as CycleDemoFile;
    expect(await seedCycleDemo(t.db, dataDir, file)).toEqual({ created: 0, updated: 0 });
  });
});

describe('the demo procurement assessments and ownership changes', () => {
  it('hold a quickscan-only assessment, a decided one with its analysis linked into a cycle, and a flagged change that must be notified', async () => {
    const { db } = t;
    const assessments = await db.selectFrom('procurementAssessment').select(['id', 'title', 'status', 'fullAnalysisRequired', 'analysis', 'decision']).execute();
    const byTitle = new Map(assessments.map((assessment) => [assessment.title, assessment]));
    const cameras = byTitle.get('Camerabewaking hoogspanningsstation Eemshaven');
    expect(cameras).toMatchObject({ status: 'decided', fullAnalysisRequired: true, decision: 'do-not-proceed' });
    expect((cameras?.analysis as { result: { nationalSecurity: { weight: number } } }).result.nationalSecurity.weight).toBeGreaterThan(0);
    expect(byTitle.get('Planningssoftware kantoorafdeling')).toMatchObject({ status: 'quickscan', fullAnalysisRequired: false, analysis: null });
    expect(byTitle.get('Cloudopslag voor beleidsanalyses energie')).toMatchObject({ status: 'quickscan', fullAnalysisRequired: true });
    expect(await db.selectFrom('cycleInput').select('id').where('reference', '=', procurementInputReference(cameras?.id ?? '')).execute()).toHaveLength(1);

    const changes = await db.selectFrom('ownershipChange').select(['acquirerName', 'flagged', 'notificationDuty', 'notificationStatus']).execute();
    const byAcquirer = new Map(changes.map((change) => [change.acquirerName, change]));
    expect(byAcquirer.get('Longhai Power Holdings')).toMatchObject({ flagged: true, notificationDuty: 'required', notificationStatus: 'not-notified' });
    expect(byAcquirer.get('Noordelijk Participatiefonds')).toMatchObject({ flagged: true, notificationStatus: 'not-required' });
    expect(byAcquirer.get('Baltic Software Partners')).toMatchObject({ notificationDuty: 'not-required', notificationStatus: 'not-required' });
  });

  it('a second run adds nothing', async () => {
    const file = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo', 'strategic-dependencies.json'), 'utf8')) as StrategicDependenciesDemoFile;
    expect(await seedStrategicDependenciesDemo(t.db, dataDir, file)).toEqual({ created: 0, updated: 0 });
  });
});
