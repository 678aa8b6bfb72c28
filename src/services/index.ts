import type { DatabaseHandle } from '../db/connect.ts';
import { readServerVersion } from '../db/connect.ts';
import { readSchemaVersion } from '../db/migrate.ts';
import { createAdvisoriesService } from './advisories.service.ts';
import { createAuditLogService } from './audit-log.service.ts';
import { createAuthService } from './auth.service.ts';
import { createCyclesService } from './cycles.service.ts';
import { createResilienceService } from './resilience.service.ts';
import { createRegistryFilesService } from './registry-files.service.ts';
import { createRegistryService } from './registry/registry.service.ts';
import { createSeedService } from './seed.service.ts';
import { createSupplyChainService } from './supply-chain.service.ts';
import { createUsersService } from './users.service.ts';
import { createVitalityService } from './vitality.service.ts';

export interface ServiceOptions {
  sessionHours: number;
  /** Folder of the reference and demo data files. */
  dataDir: string;
}

/** All use cases over one database; built once by the composition root and handed to the HTTP and CLI edges. */
export function createServices(database: DatabaseHandle, options: ServiceOptions) {
  const { db } = database;
  const registry = createRegistryService(db);
  return {
    registry,
    auth: createAuthService(db, options),
    users: createUsersService(db),
    auditLog: createAuditLogService(db),
    advisories: createAdvisoriesService(db),
    seed: createSeedService(db, registry, options.dataDir),
    registryFiles: createRegistryFilesService(db, registry),
    supplyChain: createSupplyChainService(db, { dataDir: options.dataDir }),
    cycles: createCyclesService(db, { dataDir: options.dataDir }),
    vitality: createVitalityService(db, { dataDir: options.dataDir }),
    resilience: createResilienceService(db, { dataDir: options.dataDir }),
    /** Database kind, server version and schema version; throws when the database cannot be reached. */
    async health() {
      const [serverVersion, schemaVersion] = await Promise.all([readServerVersion(db), readSchemaVersion(db)]);
      return { database: { kind: database.kind, serverVersion, schemaVersion } };
    },
  };
}

export type Services = ReturnType<typeof createServices>;
