import fs from 'node:fs';
import { DomainError, invalid } from '../../domain/errors.ts';
import { systemActor } from '../../services/actor.ts';
import { exportParts, type ExportPart } from '../../services/stix.service.ts';
import type { Command } from '../command.ts';

// Without --user the CLI on its own data folder is the platform: an export then holds everything.
const cli = systemActor('cli');

function partsOf(value: string | boolean | undefined): ExportPart[] {
  if (typeof value !== 'string') return [...exportParts];
  const names = value.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !(exportParts as readonly string[]).includes(name));
  if (unknown.length > 0) throw invalid('invalid-option', `--include ${unknown.join(', ')} is not a part; choose from ${exportParts.join(', ')}.`);
  return names as ExportPart[];
}

export const stixCommands: Command[] = [
  {
    words: ['export', 'stix'],
    summary: 'Write a STIX 2.1 bundle (OASIS TLP 2.0 markings) of advisories, threat intelligence, vendors, assets and incidents.',
    options: {
      out: { type: 'string', description: 'File to write (default: stdout)', path: true },
      user: { type: 'string', description: 'Export only what this user may read (default: everything, as the platform)' },
      include: { type: 'string', description: `Comma-separated parts: ${exportParts.join(', ')} (default: all)` },
    },
    async run({ platform, output, values }) {
      const actor = typeof values.user === 'string' ? await platform.services.stix.findUserActor(values.user) : cli;
      const bundle = await platform.services.stix.exportBundle(actor, partsOf(values.include));
      const text = JSON.stringify(bundle, null, 2);
      if (typeof values.out !== 'string') {
        output.out(text);
        return 0;
      }
      fs.writeFileSync(values.out, `${text}\n`);
      output.err(`${bundle.objects.length} STIX objects written to ${values.out}`);
      return 0;
    },
  },
  {
    words: ['import', 'stix'],
    summary: 'Import a STIX 2.1 bundle for a user’s organisation; an invalid bundle is refused whole, naming the object.',
    positionals: [{ name: 'file', description: 'The STIX 2.1 bundle (JSON)', path: true }],
    options: { user: { type: 'string', description: 'The user on whose behalf the bundle is imported (its organisation receives it)' } },
    async run({ platform, output, values, positionals }) {
      if (typeof values.user !== 'string') throw invalid('missing-option', 'Name the user on whose behalf the bundle is imported: --user EMAIL.');
      const file = positionals[0]!;
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (error) {
        throw new DomainError('file-not-found', `Cannot read ${file}: ${(error as Error).message}`);
      }
      let bundle: unknown;
      try {
        bundle = JSON.parse(text);
      } catch (error) {
        throw invalid('malformed-json', `${file} is not JSON: ${(error as Error).message}`);
      }
      const actor = await platform.services.stix.findUserActor(values.user);
      const result = await platform.services.stix.importBundle(actor, bundle);
      output.out(JSON.stringify({ bundleId: result.bundleId, created: result.created, updated: result.updated, unchanged: result.unchanged, vitaal: result.vitaal, markings: result.markings }, null, 2));
      return 0;
    },
  },
];
