import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A throwaway PostgreSQL server started for one test run; `stop` kills it and removes its folder. */
export interface PostgresServer {
  /** Connection URL of the `postgres` maintenance database over TCP (127.0.0.1), trust authentication as user `postgres`. */
  url: string;
  /** The same database through the server's Unix socket, as an application on the server's machine connects. */
  socketUrl: string;
  stop(): Promise<void>;
  /** Stops the server at once, as a crash would (`-m immediate`), keeping its data; `resume` starts it again on the same port. */
  halt(): Promise<void>;
  resume(): Promise<void>;
}

/**
 * The folder holding `initdb`, `pg_ctl` and `postgres`: from PATH first, else the newest
 * /usr/lib/postgresql/<major>/bin (Debian's layout); `undefined` when no server is installed.
 */
export function findPostgresBinDir(searchPath = process.env.PATH ?? ''): string | undefined {
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    const initdb = path.join(dir, 'initdb');
    // Symlinks such as /usr/local/bin/initdb point into the folder that also holds `postgres`.
    if (isExecutable(initdb)) return path.dirname(fs.realpathSync(initdb));
  }
  const debianRoot = '/usr/lib/postgresql';
  const majors = fs.existsSync(debianRoot) ? fs.readdirSync(debianRoot).filter((name) => /^\d+$/.test(name)) : [];
  majors.sort((a, b) => Number(b) - Number(a));
  for (const major of majors) {
    const dir = path.join(debianRoot, major, 'bin');
    if (isExecutable(path.join(dir, 'initdb'))) return dir;
  }
  return undefined;
}

/**
 * Starts a PostgreSQL server in a fresh temporary folder on a free port of 127.0.0.1, tuned for
 * tests (fsync off, 200 connections; commits not waiting for the WAL unless `durable`, which a test that
 * crashes the server needs). As root it runs as the `postgres` user (else `nobody`), because PostgreSQL
 * refuses to run as root.
 */
export async function startPostgresServer(binDir: string, { durable = false } = {}): Promise<PostgresServer> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vitaal-pg-'));
  const dataDir = path.join(root, 'data');
  const socketDir = path.join(root, 'socket');
  const logFile = path.join(root, 'server.log');
  fs.mkdirSync(socketDir);
  const user = process.getuid?.() === 0 ? chooseUnprivilegedUser() : undefined;
  if (user) chownRecursive(root, user.uid, user.gid);

  const exec = async (file: string, args: string[]) => {
    const [command, commandArgs] = user ? ['runuser', ['-u', user.name, '--', file, ...args]] : [file, args];
    // cwd: the unprivileged user may not be allowed into the current folder.
    return run(command, commandArgs, { cwd: root, env: { ...process.env, LC_ALL: 'C' } });
  };
  const pgCtl = path.join(binDir, 'pg_ctl');
  let started = false;
  const stop = async () => {
    process.removeListener('exit', stopOnExit);
    if (started) {
      started = false;
      await exec(pgCtl, ['stop', '-D', dataDir, '-m', 'immediate', '-w']).catch(() => undefined);
    }
    fs.rmSync(root, { recursive: true, force: true });
  };
  // A crashed or interrupted run must not leave a server behind.
  const stopOnExit = () => {
    if (!started) return;
    try {
      const args = ['stop', '-D', dataDir, '-m', 'immediate', '-w'];
      if (user) execFileSync('runuser', ['-u', user.name, '--', pgCtl, ...args], { cwd: root, stdio: 'ignore' });
      else execFileSync(pgCtl, args, { cwd: root, stdio: 'ignore' });
    } catch {
      // The server is already gone.
    }
    fs.rmSync(root, { recursive: true, force: true });
  };
  process.on('exit', stopOnExit);

  try {
    await exec(path.join(binDir, 'initdb'), ['-D', dataDir, '--auth=trust', '-U', 'postgres', '-E', 'UTF8', '--no-locale', '--no-sync']);
    const port = await findFreePort();
    const options = `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=${durable ? 'on' : 'off'} -c full_page_writes=off -c max_connections=200`;
    const start = async () => {
      started = true;
      await exec(pgCtl, ['start', '-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', options]);
    };
    const halt = async () => {
      await exec(pgCtl, ['stop', '-D', dataDir, '-m', 'immediate', '-w']);
      started = false;
    };
    await start();
    return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, socketUrl: `postgres://postgres@/postgres?host=${encodeURIComponent(socketDir)}&port=${port}`, stop, halt, resume: start };
  } catch (error) {
    const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
    await stop();
    throw new Error(`Could not start a PostgreSQL server from ${binDir}: ${error instanceof Error ? error.message : String(error)}\n${log}`, { cause: error });
  }
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function chooseUnprivilegedUser(): { name: string; uid: number; gid: number } {
  for (const name of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
      return { name, uid, gid };
    } catch {
      // No such user; try the next one.
    }
  }
  throw new Error('Running as root, but neither the "postgres" nor the "nobody" user exists to run PostgreSQL');
}

function chownRecursive(dir: string, uid: number, gid: number): void {
  fs.chownSync(dir, uid, gid);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) chownRecursive(child, uid, gid);
    else fs.chownSync(child, uid, gid);
  }
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
