import fs from 'node:fs';
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
export const socketPathOf = (dataDir: string) => `${dataDir}.sock`;

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
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw dataDirBusy(dataDir, findLockHolder(dataDir));
}

/** The live process holding the folder, or `undefined` when it is free (or held by a dead process). */
export function findLiveLockHolder(dataDir: string): LockHolder | undefined {
  const holder = findLockHolder(dataDir);
  return holder && isAlive(holder.pid) ? holder : undefined;
}

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
  return new DomainError(
    'conflict',
    'data-dir-busy',
    `The data folder ${dataDir} is in use by process ${holder?.pid ?? 'unknown'} (since ${holder?.startedAt ?? 'unknown'}). ` +
      'Stop that process, or run this command while it serves so that the command goes through it.',
  );
}
