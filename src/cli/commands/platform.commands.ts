import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { Command } from '../command.ts';

export const platformCommands: Command[] = [
  {
    words: ['migrate'],
    summary: 'Apply pending database migrations and print the schema version.',
    async run({ platform, output }) {
      // Opening the platform has migrated the database already.
      const { database } = await platform.services.health();
      output.out(`schema version ${database.schemaVersion} (${database.kind} ${database.serverVersion})`);
      return 0;
    },
  },
  {
    words: ['seed'],
    summary: 'Load the reference data and, with --demo, the fictional demo dataset (idempotent).',
    options: {
      demo: { type: 'boolean', description: 'Also load the demo dataset' },
      'demo-scale': { type: 'string', description: 'With --demo: load the demo N times over (suffixed codes), for load tests' },
    },
    async run({ platform, output, values }) {
      const reference = await platform.services.seed.seedReference();
      output.out(`reference data: ${reference.skipped ? 'up to date' : `${reference.created} created, ${reference.updated} updated`}`);
      if (values.demo) {
        const demo = await platform.services.seed.seedDemo({ scale: Number(values['demo-scale'] ?? 1) });
        output.out(`demo data: ${demo.skipped ? 'up to date' : `${demo.created} created, ${demo.updated} updated`}`);
      }
      return 0;
    },
  },
  {
    words: ['backup'],
    summary: 'Write a consistent backup of the whole database to FILE (gzip; also while the server runs). Restore with "vitaal restore".',
    positionals: [{ name: 'file', description: 'Backup file to write', path: true }],
    async run({ platform, output, positionals }) {
      const file = path.resolve(positionals[0] as string);
      // Written beside the target and renamed when complete, so FILE is never a half-written backup.
      const partial = `${file}.partial-${process.pid}`;
      const rows = new PassThrough();
      try {
        const [summary] = await Promise.all([
          platform.services.backup(rows).finally(() => rows.end()),
          pipeline(rows, createGzip(), fs.createWriteStream(partial, { mode: 0o600 })),
        ]);
        fs.renameSync(partial, file);
        const total = Object.values(summary.rows).reduce((sum, count) => sum + count, 0);
        output.out(`backup of schema version ${summary.schemaVersion}: ${total} rows in ${Object.keys(summary.rows).length} tables written to ${file}`);
        return 0;
      } catch (error) {
        fs.rmSync(partial, { force: true });
        throw error;
      }
    },
  },
];
