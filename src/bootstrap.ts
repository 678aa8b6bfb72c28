import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createGunzip } from 'node:zlib';
import path from 'node:path';
import { packageDataDir, type Config } from './config.ts';
import { acquireDataDirLock, findLiveLockHolder, socketPathOf, type DataDirLock, type LockHolder } from './db/data-dir-lock.ts';
import { openDatabase, type DatabaseHandle } from './db/connect.ts';
import { loadBackup, readBackupHeader, type BackupSummary } from './db/backup.ts';
import { migrateTo, migrateToLatest } from './db/migrate.ts';
import { createServices, type Services } from './services/index.ts';
import { DomainError } from './domain/errors.ts';

export interface Platform {
  config: Config;
  database: DatabaseHandle;
  services: Services;
  /** Secret that signs cookies; made once and kept in the database so that every app server shares it. */
  cookieSecret: string;
  /** Unix socket through which other processes reach this one while it holds the embedded data folder. */
  commandSocketPath: string | undefined;
  close(): Promise<void>;
}

/**
 * The composition root: config → database (embedded PGlite behind a single-writer lock, or a PostgreSQL
 * server) → migrations → reference data → services. Every entry point (server, CLI, tests) starts here.
 */
export async function openPlatform(config: Config, options: { serving?: boolean } = {}): Promise<Platform> {
  let lock: DataDirLock | undefined;
  let database: DatabaseHandle;
  let commandSocketPath: string | undefined;
  if (config.databaseUrl) {
    database = await openServerDatabase(config, config.databaseUrl);
  } else {
    fs.mkdirSync(path.dirname(config.dataDir), { recursive: true });
    commandSocketPath = options.serving ? socketPathOf(config.dataDir) : undefined;
    lock = acquireDataDirLock(config.dataDir, commandSocketPath ? { socketPath: commandSocketPath } : {});
    try {
      database = await openDatabase({ kind: 'pglite', dataDir: config.dataDir });
    } catch (error) {
      lock.release();
      throw error;
    }
  }
  try {
    await migrateToLatest(database.db);
    const services = createServices(database, { sessionHours: config.sessionHours, dataDir: packageDataDir, messaging: config.messaging });
    await services.seed.seedReference();
    const cookieSecret = await ensureSetting(database, 'cookie-secret', () => randomBytes(32).toString('base64url'));
    return {
      config,
      database,
      services,
      cookieSecret,
      commandSocketPath,
      close: async () => {
        await database.close();
        lock?.release();
      },
    };
  } catch (error) {
    await database.close();
    lock?.release();
    throw error;
  }
}

/** The PostgreSQL server at `url`, listening for notices unless a pooler in transaction mode is in between. */
const openServerDatabase = (config: Config, url: string) => openDatabase({ kind: 'postgres', url, maxConnections: config.databaseConnections, listens: config.databasePooling === 'session' });

async function ensureSetting(database: DatabaseHandle, key: string, make: () => string): Promise<string> {
  await database.db.insertInto('setting').values({ key, value: make() }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const { value } = await database.db.selectFrom('setting').select('value').where('key', '=', key).executeTakeFirstOrThrow();
  return value;
}

/** The live process that holds the embedded data folder (to send commands through), if any; never for a server database. */
export const findServingProcess = (config: Config): LockHolder | undefined => (config.databaseUrl ? undefined : findLiveLockHolder(config.dataDir));

/**
 * Restores a backup (`vitaal backup`) into the configured database, which must be empty: a new data folder or an
 * empty PostgreSQL database. Loads the rows at the backup's schema version, then migrates to the latest; the rows
 * go in as one transaction, so a damaged file leaves no data behind.
 */
export async function restorePlatform(config: Config, file: string): Promise<BackupSummary & { migratedTo: string }> {
  let lock: DataDirLock | undefined;
  let database: DatabaseHandle;
  if (config.databaseUrl) database = await openServerDatabase(config, config.databaseUrl);
  else {
    fs.mkdirSync(path.dirname(config.dataDir), { recursive: true });
    lock = acquireDataDirLock(config.dataDir);
    database = await openDatabase({ kind: 'pglite', dataDir: config.dataDir });
  }
  const input = fs.createReadStream(file).pipe(createGunzip());
  try {
    const { header, lines } = await readBackupHeader(input);
    await migrateTo(database.db, header.schemaVersion);
    const summary = await loadBackup(database.db, header, lines);
    const { version } = await migrateToLatest(database.db);
    return { ...summary, migratedTo: version };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'Z_DATA_ERROR' || (error as NodeJS.ErrnoException).code === 'Z_BUF_ERROR')
      throw new DomainError('backup-invalid', `${file} is not a gzip-compressed Vitaal backup, or it is truncated`);
    throw error;
  } finally {
    input.destroy();
    await database.close();
    lock?.release();
  }
}
