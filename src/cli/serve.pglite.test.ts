import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort, killAllServers, runCli, startServer, type ServerProcess } from '../../test/server-process.ts';
import { packageDataDir } from '../config.ts';
import { demoPassword } from '../services/seed.service.ts';

// Real `vitaal serve` processes on one embedded data folder, shared by every test of this file (each new
// folder costs an initdb and the demo seed). The postgres project would only repeat them, so they run in pglite.
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vitaal-serve-'));
const dataDir = path.join(root, 'data');
const env = { VITAAL_DATA_DIR: dataDir };
// Beside the folder: the single-writer lock and the command socket of the server that holds it.
const lockPath = `${dataDir}.lock`;
const socketPath = `${dataDir}.sock`;
const demoUsers = JSON.parse(fs.readFileSync(path.join(packageDataDir, 'demo', 'users.json'), 'utf8')) as { email: string; roles: string[] }[];

let server: ServerProcess;
let firstStartMs: number;
let coordinatorToken: string;
let adminToken: string;
const adminEmail = demoUsers.find((user) => user.roles.includes('admin'))?.email ?? 'no administrator in the demo dataset';

afterAll(async () => {
  await server?.stop();
  await killAllServers();
  fs.rmSync(root, { recursive: true, force: true });
});

// Generous: the first start runs initdb, the migrations and the demo seed, on a machine that may be busy.
const startTimeoutMs = 240_000;

async function timedStart(args: string[]): Promise<{ server: ServerProcess; ms: number }> {
  const startedAt = performance.now();
  const started = await startServer({ dataDir, args, timeoutMs: startTimeoutMs });
  return { server: started, ms: performance.now() - startedAt };
}

async function api<T = Record<string, unknown>>(token: string, method: string, url: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${server.url}/api/v1${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

async function createToken(email: string): Promise<string> {
  const result = await runCli(['token', 'create', '--user', email], env);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/^vt_\S+\n$/);
  return result.stdout.trim();
}

async function listUsers(): Promise<{ id: string; email: string; organisationId: string; roles: string[] }[]> {
  const result = await runCli(['users', 'list', '--json'], env);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as { id: string; email: string; organisationId: string; roles: string[] }[];
}

const readLock = () => JSON.parse(fs.readFileSync(lockPath, 'utf8')) as { pid: number; socketPath?: string };

describe('vitaal serve on an embedded data folder', { timeout: 2 * startTimeoutMs }, () => {
  beforeAll(async () => {
    ({ server, ms: firstStartMs } = await timedStart(['--demo']));
  }, startTimeoutMs + 10_000);

  it('loads the demo dataset, prints the demo accounts and holds the folder', () => {
    const stdout = server.stdout();

    expect(stdout).toMatch(/Demo data loaded: \d+ records created/);
    expect(stdout).toContain(`Vitaal serves ${server.url}`);
    expect(stdout).toContain(`embedded PostgreSQL`);
    expect(stdout).toContain('Demo accounts');
    for (const user of demoUsers) expect(stdout).toMatch(new RegExp(`^  ${user.email.replaceAll('.', '\\.')} +${demoPassword} +${user.roles.join(', ')}$`, 'm'));
    expect(readLock()).toMatchObject({ pid: server.process.pid, socketPath });
  });

  it('makes a token through the running server, and the API accepts it', async () => {
    coordinatorToken = await createToken('coordinator@demo.vitaal.nl');

    const { status, body } = await api<{ total: number; items: { code: string; category: string }[] }>(coordinatorToken, 'GET', '/vital-processes?limit=100');

    expect(status).toBe(200);
    expect(body.total).toBe(28);
    expect(body.items).toHaveLength(28);
    expect(new Set(body.items.map((item) => item.category))).toEqual(new Set(['A', 'B']));
    expect(body.items.filter((item) => item.category === 'A')).toHaveLength(6);
    expect((await fetch(`${server.url}/api/v1/vital-processes`)).status).toBe(401);
  });

  it('lists the demo users through the server socket', async () => {
    const users = await listUsers();

    expect(users.map((user) => user.email).sort()).toEqual(demoUsers.map((user) => user.email).sort());
    for (const user of users) expect(user.roles).toEqual(demoUsers.find((demo) => demo.email === user.email)?.roles);
  });

  it('refuses a second server on the same folder, naming the folder and its holder', async () => {
    const second = await runCli(['serve'], { ...env, PORT: String(await findFreePort()) });

    expect(second.code).not.toBe(0);
    expect(second.code).toBe(5);
    expect(second.stderr).toContain(`The data folder ${dataDir} is in use by process ${server.process.pid}`);
    // The first server is unharmed.
    expect((await fetch(`${server.url}/api/v1/health`)).status).toBe(200);
    expect(readLock().pid).toBe(server.process.pid);
  });

  it('stops with exit code 0 on SIGTERM and starts again faster on the same data, without seeding twice', async () => {
    adminToken = await createToken(adminEmail);
    const organisationsBefore = (await api<{ total: number }>(adminToken, 'GET', '/organisations?limit=1')).body.total;
    const usersBefore = (await api<{ items: unknown[] }>(adminToken, 'GET', '/users?limit=1000')).body.items;
    expect(organisationsBefore).toBeGreaterThan(demoUsers.length);
    expect(usersBefore).toHaveLength(demoUsers.length);

    expect(await server.stop()).toEqual({ code: 0, signal: null });
    expect(server.stdout()).toContain('Stopping…');
    expect(fs.existsSync(lockPath)).toBe(false);

    const restarted = await timedStart(['--demo']);
    server = restarted.server;

    expect(server.stdout()).not.toContain('Demo data loaded');
    expect(server.stdout()).toContain('Demo accounts');
    expect((await api<{ total: number }>(adminToken, 'GET', '/organisations?limit=1')).body.total).toBe(organisationsBefore);
    expect((await api<{ items: unknown[] }>(adminToken, 'GET', '/users?limit=1000')).body.items).toEqual(usersBefore);
    // Opening a folder skips the initdb, the migrations and the seed of the first start.
    expect(restarted.ms).toBeLessThan(firstStartMs);
  });

  it('keeps every acknowledged write after SIGKILL, with an intact audit chain and no half-written record', async ({ annotate }) => {
    const { items: admins } = (await api<{ items: { email: string; organisationId: string }[] }>(adminToken, 'GET', '/users?limit=1000')).body;
    const admin = admins.find((user) => user.email === adminEmail)!;
    const sectorCodes = Array.from({ length: 120 }, (_, index) => `crash-${index}`);
    const organisationNames = Array.from({ length: 60 }, (_, index) => `Beheer Vitaal revisie ${index}`);

    // Written before the kill: every request that got a 2xx answer.
    const acknowledgedSectors = new Map<string, string>();
    const acknowledgedNames: { name: string; updatedAt: string }[] = [];
    const refused: number[] = [];
    let lost = 0;
    let killAfterAcknowledged: () => void = () => {};
    const enoughAcknowledged = new Promise<void>((resolve) => (killAfterAcknowledged = resolve));
    const acknowledge = () => {
      if (acknowledgedSectors.size + acknowledgedNames.length >= 40) killAfterAcknowledged();
    };
    const attempt = async (work: () => Promise<Response>, onSuccess: (body: Record<string, string>) => void) => {
      try {
        const response = await work();
        const body = (await response.json()) as Record<string, string>;
        if (response.ok) onSuccess(body);
        else refused.push(response.status);
      } catch {
        lost++; // The connection died with the server: not acknowledged.
      }
      acknowledge();
    };
    const headers = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
    const writes = sectorCodes.flatMap((code, index) => {
      const sector = attempt(
        () => fetch(`${server.url}/api/v1/sectors`, { method: 'POST', headers, body: JSON.stringify({ code, nameNl: `Sector ${code}`, nameEn: `Sector ${code}` }) }),
        (body) => acknowledgedSectors.set(code, body.id!),
      );
      const name = organisationNames[index];
      if (name === undefined) return [sector];
      const rename = attempt(
        () => fetch(`${server.url}/api/v1/organisations/${admin.organisationId}`, { method: 'PATCH', headers, body: JSON.stringify({ name }) }),
        (body) => acknowledgedNames.push({ name, updatedAt: body.updatedAt! }),
      );
      return [sector, rename];
    });

    await enoughAcknowledged;
    expect(await server.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    await Promise.all(writes);
    const sectorsWritten = new Map(acknowledgedSectors);
    const namesWritten = [...acknowledgedNames];

    // The kill fell in the middle: some writes were acknowledged, others never were.
    await annotate(`acknowledged before SIGKILL: ${sectorsWritten.size} of ${sectorCodes.length} sectors, ${namesWritten.length} of ${organisationNames.length} renames; ${lost} lost with the connection`);
    // Nothing was refused (by validation or the rate limit): what was not acknowledged died with the server.
    expect(refused).toEqual([]);
    expect(sectorsWritten.size).toBeGreaterThan(0);
    expect(namesWritten.length).toBeGreaterThan(0);
    expect(sectorsWritten.size + namesWritten.length).toBeLessThan(sectorCodes.length + organisationNames.length);
    expect(lost).toBeGreaterThan(0);
    // The killed server left its lock behind; the restart must take it over.
    expect(fs.existsSync(lockPath)).toBe(true);

    server = (await timedStart([])).server;
    expect(readLock().pid).toBe(server.process.pid);

    // Every acknowledged sector is there, with the id the API answered.
    const sectors = (await api<{ items: { id: string; code: string }[] }>(adminToken, 'GET', '/sectors?limit=1000')).body.items;
    const sectorIdByCode = new Map(sectors.map((sector) => [sector.code, sector.id]));
    for (const [code, id] of sectorsWritten) expect({ code, id: sectorIdByCode.get(code) }).toEqual({ code, id });
    // No half-written record: each test sector that exists has exactly one audit entry of its creation, and
    // no creation was audited for a sector that is not there.
    const testSectorIds = new Set(sectors.filter((sector) => sector.code.startsWith('crash-')).map((sector) => sector.id));
    expect(testSectorIds.size).toBeGreaterThanOrEqual(sectorsWritten.size);
    const audit = await api<{ items: { objectId: string; action: string }[] }>(adminToken, 'GET', '/audit?objectType=sector&action=create&limit=1000');
    expect(audit.status).toBe(200);
    const allSectorIds = new Set(sectors.map((sector) => sector.id));
    const auditedIds = audit.body.items.map((entry) => entry.objectId);
    expect(auditedIds.filter((id) => !allSectorIds.has(id))).toEqual([]);
    expect(auditedIds.filter((id) => testSectorIds.has(id)).sort()).toEqual([...testSectorIds].sort());

    // The organisation carries the last committed rename, at least as late as every acknowledged one, each audited.
    const organisation = (await api<{ name: string; updatedAt: string }>(adminToken, 'GET', `/organisations/${admin.organisationId}`)).body;
    expect(organisationNames).toContain(organisation.name);
    const latestAcknowledged = Math.max(...namesWritten.map((write) => Date.parse(write.updatedAt)));
    expect(Date.parse(organisation.updatedAt)).toBeGreaterThanOrEqual(latestAcknowledged);
    const renames = await api<{ total: number }>(adminToken, 'GET', `/audit?objectType=organisation&objectId=${admin.organisationId}&action=update&limit=1`);
    expect(renames.body.total).toBeGreaterThanOrEqual(namesWritten.length);

    const verified = await runCli(['audit', 'verify'], env);
    expect(verified.stderr).toBe('');
    expect(verified.stdout).toMatch(/^audit log intact: \d+ entries verified\n$/);
    expect(verified.code).toBe(0);
  });

  it('backs up while serving and writing; the backup restores into a new folder with every record and an intact audit chain', async () => {
    const backupFile = path.join(root, 'vitaal.backup.gz');
    const headers = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
    const writes = Array.from({ length: 30 }, (_, index) =>
      fetch(`${server.url}/api/v1/sectors`, { method: 'POST', headers, body: JSON.stringify({ code: `backup-${index}`, nameNl: `Sector ${index}`, nameEn: `Sector ${index}` }) }),
    );
    const backup = await runCli(['backup', backupFile], env);
    const answers = await Promise.all(writes);
    expect(answers.every((answer) => answer.status === 201)).toBe(true);
    expect(backup.stderr).toBe('');
    expect(backup.stdout).toMatch(/^backup of schema version \S+: \d+ rows in \d+ tables written to /);
    expect(backup.code).toBe(0);
    expect(fs.readdirSync(root).filter((name) => name.includes('.partial-'))).toEqual([]);

    const restoredDir = path.join(root, 'restored');
    const restoredEnv = { VITAAL_DATA_DIR: restoredDir };
    const restore = await runCli(['restore', backupFile], restoredEnv, { timeoutMs: 120_000 });
    expect(restore.stderr).toBe('');
    expect(restore.stdout).toMatch(/^restored \d+ rows of schema version \S+; migrated to \S+\n$/);
    expect(restore.code).toBe(0);

    // The snapshot is consistent: in the restored folder, every sector has its creation audited and the chain verifies.
    const verified = await runCli(['audit', 'verify'], restoredEnv);
    expect(verified.stdout).toMatch(/^audit log intact: \d+ entries verified\n$/);
    const restoredUsers = JSON.parse((await runCli(['users', 'list', '--json'], restoredEnv)).stdout) as { email: string }[];
    expect(restoredUsers.map((user) => user.email).sort()).toEqual((await listUsers()).map((user) => user.email).sort());
    const sectorsAt = async (environment: NodeJS.ProcessEnv) => {
      const exported = await runCli(['export', 'sectors', '--format', 'csv'], environment);
      expect(exported.code).toBe(0);
      return exported.stdout.split('\n').filter((line) => line.includes('backup-')).length;
    };
    const restoredBackupSectors = await sectorsAt(restoredEnv);
    expect(restoredBackupSectors).toBeLessThanOrEqual(30);
    expect(await sectorsAt(env)).toBe(30);

    // A second restore into the now filled folder is refused, and so is a truncated file; neither changes it.
    const again = await runCli(['restore', backupFile], restoredEnv);
    expect(again.code).toBe(5);
    expect(again.stderr).toMatch(/Restore needs an empty database/);
    const truncatedFile = path.join(root, 'truncated.backup.gz');
    fs.writeFileSync(truncatedFile, fs.readFileSync(backupFile).subarray(0, 2000));
    const truncated = await runCli(['restore', truncatedFile], { VITAAL_DATA_DIR: path.join(root, 'restored-2') });
    expect(truncated.code).toBe(2);
    expect(truncated.stderr).toMatch(/truncated/);
    expect(await sectorsAt(restoredEnv)).toBe(restoredBackupSectors);
    // Restoring into the folder the server holds is refused outright.
    const busy = await runCli(['restore', backupFile], env);
    expect(busy.code).toBe(5);
    expect(busy.stderr).toContain(`holds ${dataDir}`);
  });
});
