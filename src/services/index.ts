import type { Writable } from 'node:stream';
import { writeBackup } from '../db/backup.ts';
import type { DatabaseHandle } from '../db/connect.ts';
import { readServerVersion } from '../db/connect.ts';
import { readSchemaVersion } from '../db/migrate.ts';
import { scheduleTableMaintenance } from '../db/maintenance.ts';
import { createAdvisoriesService } from './advisories.service.ts';
import { createAuditLogService } from './audit-log.service.ts';
import { createAuthService } from './auth.service.ts';
import { createCyclesService } from './cycles.service.ts';
import { createCycleProgrammeServices } from './cycle-programme.ts';
import { createDutyOfCareService } from './duty-of-care.service.ts';
import { createIncidentsService } from './incidents.service.ts';
import { createSupervisionService } from './supervision.service.ts';
import { createNotificationsService, defaultMessagingOptions, type MessagingOptions } from './notifications.service.ts';
import { createResilienceService } from './resilience.service.ts';
import { createRegistryFilesService } from './registry-files.service.ts';
import { createRegistryService } from './registry/registry.service.ts';
import { createSeedService } from './seed.service.ts';
import { createStixService } from './stix.service.ts';
import { createTaxiiService } from './taxii.service.ts';
import { createSimulationsService } from './simulations.service.ts';
import { createCrisisPlansService } from './crisis-plans.service.ts';
import { createSupplyChainService } from './supply-chain.service.ts';
import { createConcentrationService } from './concentration.service.ts';
import { createInvestmentScreeningService } from './investment-screening.service.ts';
import { createProcurementService } from './procurement.service.ts';
import { createSbomService } from './sbom.service.ts';
import { createVendorsService } from './vendors.service.ts';
import { createUsersService } from './users.service.ts';
import { createVitalityService } from './vitality.service.ts';

export interface ServiceOptions {
  sessionHours: number;
  /** Folder of the reference and demo data files. */
  dataDir: string;
  /** Attachments and e-mail notifications (src/config.ts `messaging`); defaults without SMTP. */
  messaging?: MessagingOptions;
}

/** All use cases over one database; built once by the composition root and handed to the HTTP and CLI edges. */
export function createServices(database: DatabaseHandle, options: ServiceOptions) {
  const { db } = database;
  const registry = createRegistryService(db);
  const simulations = createSimulationsService(db, { dataDir: options.dataDir });
  const stix = createStixService(db, { dataDir: options.dataDir });
  const dutyOfCare = createDutyOfCareService(db, { dataDir: options.dataDir, catalogueNotices: database.notices.catalogues });
  return {
    registry,
    auth: createAuthService(db, database.notices.credentials, options),
    users: createUsersService(db),
    auditLog: createAuditLogService(db),
    advisories: createAdvisoriesService(db, options.messaging ?? defaultMessagingOptions),
    notifications: createNotificationsService(db, options.messaging ?? defaultMessagingOptions),
    seed: createSeedService(db, registry, options.dataDir),
    registryFiles: createRegistryFilesService(db, registry),
    supplyChain: createSupplyChainService(db, { dataDir: options.dataDir }),
    vendors: createVendorsService(db),
    concentration: createConcentrationService(db, { dataDir: options.dataDir }),
    procurement: createProcurementService(db, { dataDir: options.dataDir }),
    investmentScreening: createInvestmentScreeningService(db, { dataDir: options.dataDir }),
    sboms: createSbomService(db),
    cycles: createCyclesService(db, { dataDir: options.dataDir }),
    vitality: createVitalityService(db, { dataDir: options.dataDir }),
    resilience: createResilienceService(db, { dataDir: options.dataDir }),
    ...createCycleProgrammeServices(db, { dataDir: options.dataDir }),
    simulations,
    stix,
    taxii: createTaxiiService(db, stix),
    crisisPlans: createCrisisPlansService(db, simulations, { dataDir: options.dataDir }),
    dutyOfCare,
    incidents: createIncidentsService(db, { dataDir: options.dataDir, deadlineNotices: database.notices.deadlines }),
    supervision: createSupervisionService(db, { dutyOfCare }),
    /** Writes a consistent snapshot of the whole database (src/db/backup.ts) while the platform keeps serving. */
    backup: async (output: Writable) => writeBackup(db, output, await readSchemaVersion(db), new Date()),
    /**
     * Vacuums and analyzes the embedded database now and every `intervalMs` (src/db/maintenance.ts); undefined on a
     * PostgreSQL server, whose autovacuum does it.
     */
    scheduleTableMaintenance: (intervalMs: number, onError: (error: unknown) => void) => (database.kind === 'pglite' ? scheduleTableMaintenance(db, intervalMs, onError) : undefined),
    /** Database kind, server version and schema version; throws when the database cannot be reached. */
    async health() {
      const [serverVersion, schemaVersion] = await Promise.all([readServerVersion(db), readSchemaVersion(db)]);
      return { database: { kind: database.kind, serverVersion, schemaVersion } };
    },
  };
}

export type Services = ReturnType<typeof createServices>;
