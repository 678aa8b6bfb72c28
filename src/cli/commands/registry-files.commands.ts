import fs from 'node:fs';
import path from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { DomainError, invalid } from '../../domain/errors.ts';
import { systemActor } from '../../services/actor.ts';
import type { ImportProgress } from '../../services/registry-files.service.ts';
import { resourceNames, type RegistryResourceName } from '../../services/registry/resources.ts';
import type { Command } from '../command.ts';
import type { Output } from '../output.ts';

// The CLI on the server's own data folder is the operator.
const cli = systemActor('cli');

type Format = 'csv' | 'xlsx';
const formats: readonly Format[] = ['csv', 'xlsx'];

function registryOf(name: string | undefined): RegistryResourceName {
  if (name !== undefined && (resourceNames as string[]).includes(name)) return name as RegistryResourceName;
  throw invalid('unknown-registry', `Unknown registry "${name ?? ''}"; choose one of: ${resourceNames.join(', ')}.`);
}

/** The --format option, else the file's extension, else `fallback`. */
function formatOf(option: string | boolean | undefined, file: string | undefined, fallback?: Format): Format {
  if (typeof option === 'string') {
    if ((formats as string[]).includes(option)) return option as Format;
    throw invalid('unknown-format', `Unknown format "${option}"; choose csv or xlsx.`);
  }
  const extension = file ? path.extname(file).slice(1).toLowerCase() : '';
  if ((formats as string[]).includes(extension)) return extension as Format;
  if (fallback) return fallback;
  throw invalid('unknown-format', `Cannot tell the format of "${file}" from its extension; give --format csv or --format xlsx.`);
}

/** A progress bar on stderr when it is a terminal; nothing otherwise. */
export function progressBar(output: Output, unit = 'rows'): { onProgress: ImportProgress; stop(): void } {
  if (!output.interactive) return { onProgress: () => {}, stop: () => {} };
  const bar = new SingleBar({ stream: process.stderr, format: `importing {bar} {value}/{total} ${unit}`, clearOnComplete: true, hideCursor: true }, Presets.shades_classic);
  let started = false;
  return {
    onProgress: (done, total) => {
      if (!started) bar.start(total, done);
      else bar.update(done);
      started = true;
    },
    stop: () => {
      if (started) bar.stop();
      started = false;
    },
  };
}

const registryArgument = { name: 'registry', description: `One of ${resourceNames.join(', ')}` };
const formatOption = { type: 'string', description: 'csv or xlsx (default: from the file extension)' } as const;

export const registryFileCommands: Command[] = [
  {
    words: ['export'],
    summary: 'Write a registry as CSV (to stdout without --out) or XLSX (--out required).',
    positionals: [registryArgument],
    options: {
      format: formatOption,
      out: { type: 'string', description: 'File to write (default: CSV to stdout)', path: true },
    },
    async run({ platform, output, values, positionals }) {
      const registry = registryOf(positionals[0]);
      const out = typeof values.out === 'string' ? values.out : undefined;
      const format = formatOf(values.format, out, 'csv');
      if (format === 'xlsx' && !out) throw invalid('missing-option', 'An XLSX export needs --out FILE.');
      const file = await platform.services.registryFiles.exportRegistry(cli, registry, format);
      if (!out) {
        output.out(file.toString('utf8').replace(/^\uFEFF/, ''));
        return 0;
      }
      fs.writeFileSync(out, file);
      output.err(`${registry} written to ${out}`);
      return 0;
    },
  },
  {
    words: ['import'],
    summary: 'Create or update registry records from a CSV or XLSX file; one invalid row refuses the whole file.',
    positionals: [registryArgument, { name: 'file', description: 'The CSV or XLSX file', path: true }],
    options: { format: formatOption },
    async run({ platform, output, values, positionals }) {
      const registry = registryOf(positionals[0]);
      const file = positionals[1]!;
      const format = formatOf(values.format, file);
      let buffer: Buffer;
      try {
        buffer = fs.readFileSync(file);
      } catch (error) {
        throw new DomainError('file-not-found', `Cannot read ${file}: ${(error as Error).message}`);
      }
      const progress = progressBar(output);
      try {
        const result = await platform.services.registryFiles.importRegistry(cli, registry, format, buffer, progress.onProgress);
        progress.stop();
        output.out(JSON.stringify({ registry, rows: result.rows, created: result.created, updated: result.updated }, null, 2));
        return 0;
      } finally {
        progress.stop();
      }
    },
  },
];
