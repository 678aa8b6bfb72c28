import fs from 'node:fs';
import { DomainError, invalid } from '../../domain/errors.ts';
import { systemActor } from '../../services/actor.ts';
import type { Command } from '../command.ts';
import { progressBar } from './registry-files.commands.ts';

// The CLI on the server's own data folder is the operator.
const cli = systemActor('cli');

export const sbomCommands: Command[] = [
  {
    words: ['import', 'sbom'],
    summary: 'Import an SBOM (CycloneDX 1.4–1.7 JSON/XML, SPDX 2.3 JSON) onto an asset; prints a JSON summary. An invalid file is refused whole.',
    positionals: [{ name: 'file', description: 'The SBOM file', path: true }],
    options: { asset: { type: 'string', description: 'The asset the SBOM belongs to: its UUID or its code' } },
    async run({ platform, output, values, positionals }) {
      const file = positionals[0];
      if (!file) throw invalid('missing-option', 'Give the SBOM file: vitaal import sbom FILE --asset ID.');
      if (typeof values.asset !== 'string') throw invalid('missing-option', 'Give the asset with --asset ID.');
      let descriptor: number;
      try {
        descriptor = fs.openSync(file, 'r');
      } catch (error) {
        throw new DomainError('file-not-found', `Cannot read ${file}: ${(error as Error).message}`);
      }
      // The file streams in: first a bar of the bytes read (and checked), then one of the components written.
      const size = fs.fstatSync(descriptor).size;
      const reading = progressBar(output, 'bytes read');
      const writing = progressBar(output, 'components');
      try {
        const summary = await platform.services.sboms.importSbom(cli, values.asset, fs.createReadStream('', { fd: descriptor, highWaterMark: 1 << 20 }), {
          read: (bytes) => reading.onProgress(bytes, size),
          written(done, total) {
            reading.stop();
            writing.onProgress(done, total);
          },
        });
        writing.stop();
        output.out(JSON.stringify(summary, null, 2));
        return 0;
      } finally {
        reading.stop();
        writing.stop();
      }
    },
  },
];
