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
    options: { demo: { type: 'boolean', description: 'Also load the demo dataset' } },
    async run({ platform, output, values }) {
      const reference = await platform.services.seed.seedReference();
      output.out(`reference data: ${reference.skipped ? 'up to date' : `${reference.created} created, ${reference.updated} updated`}`);
      if (values.demo) {
        const demo = await platform.services.seed.seedDemo();
        output.out(`demo data: ${demo.skipped ? 'up to date' : `${demo.created} created, ${demo.updated} updated`}`);
      }
      return 0;
    },
  },
];
