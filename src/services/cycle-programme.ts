import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { createCycleDesignationService } from './cycle-designation.service.ts';
import { createCycleReportService } from './cycle-report.service.ts';
import { createCyclesService } from './cycles.service.ts';
import { createEffectivenessService } from './effectiveness.service.ts';
import { createProgrammeService } from './programme.service.ts';
import { createResilienceService } from './resilience.service.ts';
import { createRiskService } from './risk.service.ts';
import { createVitalityService } from './vitality.service.ts';

/**
 * The services of the cyclus vitaal beyond cycles, designation decisions and indicator scores (issue 3, steps 1–4 and
 * reports). The report reads every part through its own use case; those services hold no state, so it builds its own.
 */
export function createCycleProgrammeServices(db: Kysely<Database>, options: { dataDir: string }) {
  const cycles = createCyclesService(db, options);
  const vitality = createVitalityService(db, options);
  const resilience = createResilienceService(db, options);
  const risk = createRiskService(db, options);
  const programme = createProgrammeService(db, { method: risk.method, scale: resilience.scale });
  const effectiveness = createEffectivenessService(db, { risk, programme, method: risk.method, dueSoonDays: cycles.rules.dueSoonDays });
  const cycleDesignation = createCycleDesignationService(db);
  return { cycleDesignation, risk, programme, effectiveness, cycleReports: createCycleReportService(db, { cycles, vitality, resilience, cycleDesignation, risk, programme, effectiveness }) };
}
