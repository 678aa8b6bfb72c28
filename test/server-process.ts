import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Root of the repository: child processes run `src/cli/bin.ts` from here, through tsx's loader. */
export const repoRoot = path.resolve(import.meta.dirname, '..');

const cliArgs = ['--import', 'tsx', path.join('src', 'cli', 'bin.ts')];
/** The young generation the server runs with (bin/vitaal.js, `npm start`; see the README's Operations). */
const serverNodeArgs = ['--max-semi-space-size=64'];

/**
 * The environment of a child process: this one's, without what would point it at another database,
 * and quiet request logs so that the collected output stays readable.
 */
function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', NO_COLOR: '1' };
  delete base.DATABASE_URL;
  delete base.VITAAL_DATA_DIR;
  delete base.PORT;
  delete base.FORCE_COLOR;
  return { ...base, ...env };
}

/** A port that was free a moment ago (the OS picks it; the caller binds it soon after). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port assigned'))));
    });
  });
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServerProcess {
  /** Base URL, `http://127.0.0.1:PORT`. */
  url: string;
  process: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited. */
  exited: Promise<Exit>;
  /** Sends `signal` and resolves when the process has exited. */
  kill(signal: NodeJS.Signals): Promise<Exit>;
  /** SIGTERM, then waits for a clean exit; SIGKILL after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<Exit>;
}

export interface StartServerOptions {
  dataDir: string;
  port?: number;
  env?: NodeJS.ProcessEnv;
  /** Arguments after `serve`, e.g. `['--demo']`. */
  args?: string[];
  timeoutMs?: number;
}

const running = new Set<ChildProcess>();

/**
 * Starts `vitaal serve` as a child process on an embedded data folder and waits until
 * `GET /api/v1/health` answers 200. Fails with the collected output when the process exits first
 * or the timeout passes.
 */
export async function startServer({ dataDir, port, env = {}, args = [], timeoutMs = 90_000 }: StartServerOptions): Promise<ServerProcess> {
  const serverPort = port ?? (await findFreePort());
  const url = `http://127.0.0.1:${serverPort}`;
  const child = spawn(process.execPath, [...serverNodeArgs, ...cliArgs, 'serve', ...args], {
    cwd: repoRoot,
    env: childEnv({ VITAAL_DATA_DIR: dataDir, PORT: String(serverPort), HOST: '127.0.0.1', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const stdout: string[] = [];
  const stderr: string[] = [];
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => stdout.push(chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  let exit: Exit | undefined;
  void exited.then((value) => (exit = value));
  const server: ServerProcess = {
    url,
    process: child,
    stdout: () => stdout.join(''),
    stderr: () => stderr.join(''),
    exited,
    kill: (signal) => {
      if (!exit) child.kill(signal);
      return exited;
    },
    stop: async (stopTimeoutMs = 30_000) => {
      if (exit) return exit;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exit) throw new Error(`vitaal serve exited (${describeExit(exit)}) before it was healthy.\n${outputOf(server)}`);
    try {
      const response = await fetch(`${url}/api/v1/health`, { signal: AbortSignal.timeout(2_000) });
      // Healthy as soon as it listens, but started once it has printed its banner (after the outbox and maintenance start).
      if (response.status === 200 && server.stdout().includes('Vitaal serves')) return server;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  await server.kill('SIGKILL');
  throw new Error(`vitaal serve was not healthy within ${timeoutMs} ms.\n${outputOf(server)}`);
}

/** Kills every server this module started that still runs (for afterAll, so that a failed test leaves none behind). */
export async function killAllServers(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the `vitaal` CLI as a separate process (as a person at a terminal would) and collects its output. */
export function runCli(args: string[], env: NodeJS.ProcessEnv, options: { input?: string; timeoutMs?: number; onSpawn?: (child: ChildProcess) => void } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...cliArgs, ...args], { cwd: repoRoot, env: childEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
    options.onSpawn?.(child);
    const stdout: string[] = [];
    const stderr: string[] = [];
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => stdout.push(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`vitaal ${args.join(' ')} did not finish within ${options.timeoutMs ?? 180_000} ms.\nstdout:\n${stdout.join('')}\nstderr:\n${stderr.join('')}`));
    }, options.timeoutMs ?? 180_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: stdout.join(''), stderr: stderr.join('') });
    });
    child.stdin.end(options.input ?? '');
  });
}

const describeExit = (exit: Exit) => (exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`);

const outputOf = (server: ServerProcess) => `--- stdout ---\n${server.stdout()}\n--- stderr ---\n${server.stderr()}`;
