import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPgliteDataDir } from '../../test/database.ts';
import { openPlatform } from '../bootstrap.ts';
import { loadConfig } from '../config.ts';
import { commands } from './commands/index.ts';
import { main } from './main.ts';
import { bufferedOutput } from './output.ts';

// The CLI works on an embedded data folder: the PostgreSQL project would only repeat these tests.
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vitaal-cli-'));
const dataDir = path.join(root, 'data');
const env = { VITAAL_DATA_DIR: dataDir };
const lockPath = `${dataDir}.lock`;

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

async function run(argv: string[], options: { stdin?: string } = {}) {
  if (options.stdin !== undefined) vi.spyOn(process, 'stdin', 'get').mockReturnValue(Readable.from([Buffer.from(options.stdin)]) as typeof process.stdin);
  const buffered = bufferedOutput();
  const code = await main(argv, buffered.output, env);
  return { code, stdout: buffered.stdout(), stderr: buffered.stderr() };
}

const allCommandWords = [['serve'], ...commands.map((command) => command.words)];

describe('vitaal CLI', () => {
  describe('help and usage errors (no data folder opened)', () => {
    it.each([[[]], [['--help']]])('prints the general usage for %j and exits 0', async (argv) => {
      const result = await run(argv);

      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Usage: vitaal COMMAND [options]');
      for (const words of allCommandWords) expect(result.stdout).toContain(`  ${words.join(' ')} `);
      expect(fs.existsSync(dataDir)).toBe(false);
    });

    it.each(allCommandWords.map((words) => [words.join(' '), words] as const))('"%s --help" exits 0 and lists its options', async (_name, words) => {
      const command = [...commands].find((candidate) => candidate.words.join(' ') === words.join(' '));

      const result = await run([...words, '--help']);

      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout).toMatch(new RegExp(`^Usage: vitaal ${words.join(' ')}`));
      expect(result.stdout).toContain('Options:');
      expect(result.stdout).toContain('--help');
      for (const [option, spec] of Object.entries(command?.options ?? (words[0] === 'serve' ? { demo: { description: 'demo' } } : {}))) {
        expect(result.stdout).toContain(`--${option}`);
        if (command) expect(result.stdout).toContain(spec.description);
      }
      expect(fs.existsSync(dataDir)).toBe(false);
    });

    it('refuses an unknown command with the usage, exit code 2', async () => {
      const result = await run(['frobnicate', '--now']);

      expect(result.code).toBe(2);
      expect(result.stderr).toContain('Unknown command "frobnicate --now"');
      expect(result.stderr).toContain('Usage: vitaal COMMAND');
      expect(result.stdout).toBe('');
    });

    it('refuses an unknown option, naming it', async () => {
      const result = await run(['users', 'list', '--bogus']);

      expect(result.code).toBe(2);
      expect(result.stderr).toContain("'--bogus'");
      expect(result.stderr).toContain('vitaal --help');
    });

    it('refuses a value for a flag and a missing value for an option', async () => {
      expect((await run(['users', 'list', '--json=yes'])).code).toBe(2);
      const missing = await run(['token', 'create', '--user']);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('--user');
    });

    it('refuses extra arguments', async () => {
      const result = await run(['migrate', 'now']);

      expect(result.code).toBe(2);
      expect(result.stderr).toContain('Wrong number of arguments');
      expect(result.stderr).toContain('Usage: vitaal migrate');
    });
  });

  describe('on an embedded data folder', { timeout: 120_000 }, () => {
    beforeAll(async () => {
      await createPgliteDataDir(dataDir);
    }, 120_000);

    const email = 'beheerder@example.nl';
    const password = 'a long passphrase for the test';

    it('refuses token create without --user', async () => {
      const result = await run(['token', 'create']);

      expect(result.code).toBe(2);
      expect(result.stderr).toContain('error: --user EMAIL is required.');
      expect(result.stdout).toBe('');
    });

    it('creates a user with a password from stdin, a token for it, and keeps the audit chain intact', async () => {
      const created = await run(['users', 'create', '--email', email, '--name', 'Beheerder', '--organisation', 'vitaal-beheer', '--roles', 'admin', '--password-stdin'], {
        stdin: `${password}\n`,
      });
      expect(created.stderr).toBe('');
      expect(created.code).toBe(0);
      expect(JSON.parse(created.stdout)).toMatchObject({ email, name: 'Beheerder', roles: ['admin'] });

      const token = await run(['token', 'create', '--user', email, '--name', 'test']);
      expect(token.code).toBe(0);
      expect(token.stdout).toMatch(/^vt_\S+\n$/);

      const listed = await run(['users', 'list', '--json']);
      expect(listed.code).toBe(0);
      expect((JSON.parse(listed.stdout) as { email: string }[]).map((user) => user.email)).toEqual([email]);

      const verified = await run(['audit', 'verify']);
      expect(verified.code).toBe(0);
      expect(verified.stdout).toMatch(/^audit log intact: \d+ entries verified\n$/);

      // What the commands wrote works: the password signs in, the token identifies the user.
      const platform = await openPlatform(loadConfig(env));
      try {
        const session = await platform.services.auth.loginWithPassword(email, password);
        expect(session.actor.email).toBe(email);
        const actor = await platform.services.auth.findTokenActor(token.stdout.trim());
        expect(actor).toMatchObject({ email, roles: ['admin'] });
        const entries = await platform.database.db.selectFrom('auditLog').select(['action', 'objectType', 'details']).orderBy('seq').execute();
        const byCli = entries.filter((entry) => entry.details.via === 'cli');
        expect(byCli.map((entry) => `${entry.action} ${entry.objectType}`)).toEqual(['create user', 'token-create api-token', 'list user']);
      } finally {
        await platform.close();
      }
      expect(fs.existsSync(lockPath)).toBe(false);
    });

    it.each([['0'], ['-3'], ['1.5'], ['soon']])('refuses token create --expires-days=%s', async (days) => {
      const result = await run(['token', 'create', '--user', email, `--expires-days=${days}`]);

      expect(result.code).toBe(2);
      expect(result.stderr).toContain('The expiry must be a whole number of days above zero.');
      expect(result.stdout).toBe('');
    });

    it('makes a token that expires after --expires-days', async () => {
      const result = await run(['token', 'create', '--user', email, '--expires-days', '30', '--json']);

      expect(result.code).toBe(0);
      const token = JSON.parse(result.stdout) as { expiresAt: string; userEmail: string };
      expect(token.userEmail).toBe(email);
      const days = (Date.parse(token.expiresAt) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(29.9);
      expect(days).toBeLessThanOrEqual(30);
    });

    it('reports an unknown user with the not-found exit code', async () => {
      const result = await run(['token', 'create', '--user', 'nobody@example.nl']);

      expect(result.code).toBe(4);
      expect(result.stderr).toContain('nobody@example.nl');
    });

    it('refuses users create with missing options or unknown roles', async () => {
      const missing = await run(['users', 'create', '--email', 'x@example.nl']);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('Required: --name, --organisation, --roles.');

      const unknownRole = await run(['users', 'create', '--email', 'x@example.nl', '--name', 'X', '--organisation', 'nctv', '--roles', 'admin,emperor']);
      expect(unknownRole.code).toBe(2);
      expect(unknownRole.stderr).toContain('Unknown role emperor');

      const listed = await run(['users', 'list']);
      expect(listed.stdout).not.toContain('x@example.nl');
    });

    it('refuses to open a folder that another live process holds without a command socket', async () => {
      // The parent of this worker is alive and holds no socket: the CLI may not open the folder beside it.
      fs.writeFileSync(lockPath, JSON.stringify({ pid: process.ppid, startedAt: new Date().toISOString() }));
      try {
        const result = await run(['users', 'list']);

        expect(result.code).toBe(5);
        expect(result.stderr).toContain(`The data folder ${dataDir} is in use by process ${process.ppid}`);
      } finally {
        fs.rmSync(lockPath, { force: true });
      }
    });
  });
});
