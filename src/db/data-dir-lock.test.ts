import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors.ts';
import { acquireDataDirLock, findLiveLockHolder, lockPathOf, type DataDirLock } from './data-dir-lock.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vitaal-lock-'));
let dataDir: string;
let counter = 0;
const held: DataDirLock[] = [];

beforeEach(() => {
  dataDir = path.join(root, `data-${++counter}`);
});

afterAll(() => {
  for (const lock of held) lock.release();
  fs.rmSync(root, { recursive: true, force: true });
});

function acquire(holder: { socketPath?: string } = {}): DataDirLock {
  const lock = acquireDataDirLock(dataDir, holder);
  held.push(lock);
  return lock;
}

/** The pid of a process that has exited: nothing answers to it any more. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  if (child.pid === undefined) throw new Error('the short-lived process did not start');
  return child.pid;
}

function catchError(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, none was thrown');
}

describe('acquireDataDirLock', () => {
  it('writes a lock file naming this process and its command socket', () => {
    const lock = acquire({ socketPath: `${dataDir}.sock` });

    expect(lock.lockPath).toBe(`${dataDir}.lock`);
    const content = JSON.parse(fs.readFileSync(lock.lockPath, 'utf8')) as Record<string, unknown>;
    expect(content).toMatchObject({ pid: process.pid, socketPath: `${dataDir}.sock` });
    expect(Number.isNaN(Date.parse(String(content.startedAt)))).toBe(false);
    expect(findLiveLockHolder(dataDir)).toMatchObject({ pid: process.pid, socketPath: `${dataDir}.sock` });
  });

  it('refuses a second acquire of the same folder with data-dir-busy, naming the holder', () => {
    acquire();

    const error = catchError(() => acquireDataDirLock(dataDir));

    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'conflict', code: 'data-dir-busy' });
    expect((error as DomainError).message).toContain(dataDir);
    expect((error as DomainError).message).toContain(`process ${process.pid}`);
    // The refused attempt left the holder's lock in place.
    expect(findLiveLockHolder(dataDir)?.pid).toBe(process.pid);
  });

  it('frees the folder on release, so that the next acquire succeeds', () => {
    const first = acquire();
    first.release();

    expect(fs.existsSync(lockPathOf(dataDir))).toBe(false);
    expect(findLiveLockHolder(dataDir)).toBeUndefined();
    const second = acquire();
    expect(fs.existsSync(second.lockPath)).toBe(true);
  });

  it('does not remove a lock that another process took after this one lost it', () => {
    const mine = acquire();
    // Another (live) process now holds the folder, e.g. after this lock file was removed by hand.
    fs.writeFileSync(mine.lockPath, JSON.stringify({ pid: process.ppid, startedAt: new Date().toISOString() }));

    mine.release();

    expect(findLiveLockHolder(dataDir)?.pid).toBe(process.ppid);
    fs.rmSync(mine.lockPath);
  });

  it('takes over a lock left by a process that died', async () => {
    const pid = await deadPid();
    fs.writeFileSync(lockPathOf(dataDir), JSON.stringify({ pid, startedAt: '2026-01-01T00:00:00.000Z', socketPath: `${dataDir}.sock` }));
    expect(findLiveLockHolder(dataDir)).toBeUndefined();

    const lock = acquire();

    const content = JSON.parse(fs.readFileSync(lock.lockPath, 'utf8')) as Record<string, unknown>;
    expect(content.pid).toBe(process.pid);
    expect(content.socketPath).toBeUndefined();
    expect(() => acquireDataDirLock(dataDir)).toThrow(/in use by process/);
  });

  it('takes over a lock file that cannot be read (cut short by a crash)', () => {
    fs.writeFileSync(lockPathOf(dataDir), '{"pid": 12');

    const lock = acquire();

    expect(JSON.parse(fs.readFileSync(lock.lockPath, 'utf8'))).toMatchObject({ pid: process.pid });
  });
});
