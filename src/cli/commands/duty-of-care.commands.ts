import fs from 'node:fs';
import { invalid } from '../../domain/errors.ts';
import { systemActor } from '../../services/actor.ts';
import type { Command } from '../command.ts';
import { readJsonFile } from './duties.commands.ts';

// The CLI on the server's own data folder is the operator.
const cli = systemActor('cli');

/** OSCAL control catalogues (NIS2/CER duty of care): import one whole or not at all, export one as OSCAL catalog JSON. */
export const dutyOfCareCommands: Command[] = [
  {
    words: ['import', 'oscal'],
    summary: 'Import a control catalogue (OSCAL 1.1 catalog JSON); an invalid file is refused whole, naming every offending JSON path.',
    positionals: [{ name: 'file', description: 'The OSCAL catalog JSON file', path: true }],
    options: { id: { type: 'string', description: 'Catalogue id in kebab-case (default: the title in kebab-case)' } },
    async run({ platform, output, values, positionals }) {
      const file = positionals[0]!;
      const summary = await platform.services.dutyOfCare.importOscal(cli, readJsonFile(file), typeof values.id === 'string' ? values.id : undefined);
      output.out(JSON.stringify(summary, null, 2));
      return 0;
    },
  },
  {
    words: ['export', 'oscal'],
    summary: 'Write a control catalogue as OSCAL 1.1 catalog JSON (to stdout without --out).',
    options: {
      catalogue: { type: 'string', description: 'Catalogue id: nis2-art21, cer-art13 or an imported one' },
      out: { type: 'string', description: 'File to write (default: stdout)', path: true },
    },
    async run({ platform, output, values }) {
      if (typeof values.catalogue !== 'string') throw invalid('missing-option', 'Name the catalogue with --catalogue ID.');
      const text = `${JSON.stringify(await platform.services.dutyOfCare.exportOscal(cli, values.catalogue), null, 2)}\n`;
      if (typeof values.out !== 'string') {
        output.out(text.trimEnd());
        return 0;
      }
      fs.writeFileSync(values.out, text);
      output.err(`catalogue ${values.catalogue} written to ${values.out}`);
      return 0;
    },
  },
];
