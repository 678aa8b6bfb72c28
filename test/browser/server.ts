import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, startServer } from '../server-process.ts';

/** The built UI and the real Vitaal server with the demo data, for the browser tests. */
export { repoRoot };
const webDir = path.join(repoRoot, 'dist', 'web');

function newestMtimeMs(target: string): number {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(target).map((entry) => newestMtimeMs(path.join(target, entry))));
}

/** Builds the web UI into dist/web when it is missing or older than its sources. */
export function ensureWebBuilt(): void {
  const index = path.join(webDir, 'index.html');
  const sources = ['web/src', 'web/index.html', 'web/vite.config.ts', 'src/domain'].map((entry) => path.join(repoRoot, entry));
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= Math.max(...sources.map(newestMtimeMs))) return;
  const result = spawnSync(path.join(repoRoot, 'node_modules', '.bin', 'vite'), ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: repoRoot,
    encoding: 'utf8',
    // vitest sets NODE_ENV=test, which would make vite bundle React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error(`vite build failed:\n${result.stdout}\n${result.stderr}`);
}

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

/** `vitaal serve --demo` (test/server-process.ts) on a temporary data folder; resolves once /api/v1/health answers. */
export async function startDemoServer(timeoutMs = 240_000): Promise<RunningServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitaal-browser-'));
  try {
    const server = await startServer({ dataDir: path.join(dataDir, 'data'), args: ['--demo'], timeoutMs });
    return {
      url: server.url,
      stop: async () => {
        await server.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
