import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { main } from '../src/cli/main.ts';
import { bufferedOutput } from '../src/cli/output.ts';
import { createTestDatabase, testDatabaseKind } from './database.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliPlatform {
  /** Runs `vitaal …args` in this process against the test's platform. */
  vitaal(...args: string[]): Promise<CliRun>;
  /** A scratch folder of the test file, removed afterwards. */
  readonly folder: string;
  /** The environment the commands see: the embedded data folder, or `DATABASE_URL` in the postgres project. */
  readonly env: NodeJS.ProcessEnv;
  /** Writes `content` (text, lines or JSON) into the scratch folder and returns its path. */
  write(name: string, content: string | readonly string[] | object): string;
}

/**
 * The `vitaal` command end to end on a platform of the calling test file's own: a real embedded data folder (pglite
 * project) or a database of its own on the test server (postgres project). Registers its set-up and clean-up hooks.
 */
export function useCliPlatform(name: string): CliPlatform {
  let folder = '';
  let env: NodeJS.ProcessEnv = {};
  let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;

  beforeAll(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), `vitaal-${name}-`));
    if (testDatabaseKind() === 'postgres') {
      database = await createTestDatabase();
      env = { DATABASE_URL: database.url };
    } else env = { VITAAL_DATA_DIR: path.join(folder, 'data') };
  });

  afterAll(async () => {
    await database?.close();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  return {
    get folder() {
      return folder;
    },
    get env() {
      return env;
    },
    async vitaal(...args) {
      const { output, stdout, stderr } = bufferedOutput();
      const code = await main(args, output, env);
      return { code, stdout: stdout(), stderr: stderr() };
    },
    write(fileName, content) {
      const file = path.join(folder, fileName);
      const text = typeof content === 'string' ? content : Array.isArray(content) ? `${content.join('\n')}\n` : JSON.stringify(content);
      fs.writeFileSync(file, text);
      return file;
    },
  };
}
