import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DomainError } from '../domain/errors.ts';

/** What the process holding an embedded data folder tells others: who it is and where to reach it. */
export interface LockHolder {
  pid: number;
  startedAt: string;
  /** Unix socket of the running server's command channel, when the holder is a server. */
  socketPath?: string;
}

export interface DataDirLock {
  lockPath: string;
  release(): void;
}

export const lockPathOf = (dataDir: string) => `${dataDir}.lock`;

// Unix socket paths are limited to 107 bytes; a deep data folder gets its socket in the temporary folder.
const maxSocketPathLength = 100;

/** Where the server holding `dataDir` listens for commands: beside the folder, or in the temp folder when that path is too long. */
export function socketPathOf(dataDir: string): string {
  const beside = `${dataDir}.sock`;
  if (Buffer.byteLength(beside) <= maxSocketPathLength) return beside;
  return path.join(os.tmpdir(), `vitaal-${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}.sock`);
}

/**
 * Takes the single-writer lock of an embedded data folder: two processes on one PGlite folder silently
 * lose committed writes. A lock left by a process that died (SIGKILL) is taken over.
 */
export function acquireDataDirLock(dataDir: string, holder: Omit<LockHolder, 'pid' | 'startedAt'> = {}): DataDirLock {
  const lockPath = lockPathOf(dataDir);
  const content = JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString(), ...holder } satisfies LockHolder);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, content, { flag: 'wx', mode: 0o600 });
      return {
        lockPath,
        release: () => {
          if (findLockHolder(dataDir)?.pid === process.pid) fs.rmSync(lockPath, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const current = findLockHolder(dataDir);
      if (current && isAlive(current.pid)) throw dataDirBusy(dataDir, current);
      removeStaleLock(dataDir);
    }
  }
  throw dataDirBusy(dataDir, findLockHolder(dataDir));
}

/** The live process holding the folder, or `undefined` when it is free (or held by a dead process). */
export function findLiveLockHolder(dataDir: string): LockHolder | undefined {
  const holder = findLockHolder(dataDir);
  return holder && isAlive(holder.pid) ? holder : undefined;
}

/**
 * Removes a dead holder's lock under an exclusive takeover file, re-reading it there: two processes that
 * both saw the same dead lock cannot both remove it (the second would delete the first one's new lock).
 */
function removeStaleLock(dataDir: string): void {
  const takeoverPath = `${lockPathOf(dataDir)}.takeover`;
  try {
    fs.writeFileSync(takeoverPath, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // A takeover file older than a few seconds was left by a process that died during its takeover.
    if (Date.now() - fs.statSync(takeoverPath, { throwIfNoEntry: false })!.mtimeMs > staleTakeoverMs) fs.rmSync(takeoverPath, { force: true });
    return;
  }
  try {
    const holder = findLockHolder(dataDir);
    if (!holder || !isAlive(holder.pid)) fs.rmSync(lockPathOf(dataDir), { force: true });
  } finally {
    fs.rmSync(takeoverPath, { force: true });
  }
}

const staleTakeoverMs = 5000;

function findLockHolder(dataDir: string): LockHolder | undefined {
  try {
    return JSON.parse(fs.readFileSync(lockPathOf(dataDir), 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function dataDirBusy(dataDir: string, holder: LockHolder | undefined): DomainError {
  return new DomainError('data-dir-busy',
    `The data folder ${dataDir} is in use by process ${holder?.pid ?? 'unknown'} (since ${holder?.startedAt ?? 'unknown'}). ` +
      'Stop that process, or run this command while it serves so that the command goes through it.',
  );
}
