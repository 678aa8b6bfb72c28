import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { seedCycleDemo, type CycleDemoFile } from './cycles.seed.ts';

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
