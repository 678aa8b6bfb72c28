import path from 'node:path';
import { parseArgs } from 'node:util';
import { findServingProcess, openPlatform, restorePlatform, type Platform } from '../bootstrap.ts';
import { loadConfig } from '../config.ts';
import { isDomainError, type ErrorKind } from '../domain/errors.ts';
import type { Command, OptionSpec, PlatformCommand } from './command.ts';
import { sendCommand } from './command-channel.ts';
import { commands } from './commands/index.ts';
import { terminalOutput, type Output } from './output.ts';
import { serve } from './serve.ts';

const serveCommand: PlatformCommand = {
  words: ['serve'],
  summary: 'Serve the web UI and the API (embedded database in VITAAL_DATA_DIR unless DATABASE_URL is set).',
  options: {
    demo: { type: 'boolean', description: 'Load the fictional demo dataset and print the demo accounts' },
    'demo-scale': { type: 'string', description: 'With --demo: load the demo N times over (suffixed codes), for load tests' },
  },
  run: async () => 0,
};

// Like serve, restore works on the configured database itself: it must not open (migrate, seed) the platform first.
const restoreCommand: PlatformCommand = {
  words: ['restore'],
  summary: 'Restore a backup into an empty database (a new VITAAL_DATA_DIR folder or an empty DATABASE_URL database), then migrate it.',
  positionals: [{ name: 'file', description: 'Backup file written by "vitaal backup"', path: true }],
  run: async () => 0,
};

const exitCodes: Record<ErrorKind, number> = { invalid: 2, 'not-found': 4, conflict: 5, 'rule-violated': 5, forbidden: 6, unauthenticated: 6, unavailable: 7 };

const allCommands = [serveCommand, restoreCommand, ...commands];

function findCommand(args: string[]): Command | undefined {
  return allCommands
    .filter((command) => command.words.every((word, index) => args[index] === word))
    .sort((a, b) => b.words.length - a.words.length)[0];
}

function usageOf(command: Command): string {
  const options = Object.entries(command.options ?? {}).map(([name, spec]) => `  --${name}${spec.type === 'string' ? ' VALUE' : ''}`.padEnd(28) + spec.description);
  const positionals = (command.positionals ?? []).map((positional) => `  ${positional.name.toUpperCase()}`.padEnd(28) + positional.description);
  return [
    `Usage: vitaal ${command.words.join(' ')}${(command.positionals ?? []).map((p) => (p.optional ? ` [${p.name.toUpperCase()}]` : ` ${p.name.toUpperCase()}`)).join('')}${options.length ? ' [options]' : ''}`,
    '',
    command.summary,
    ...(positionals.length ? ['', 'Arguments:', ...positionals] : []),
    '',
    'Options:',
    ...options,
    '  --help'.padEnd(28) + 'Show this help',
  ].join('\n');
}

const generalUsage = () =>
  ['Usage: vitaal COMMAND [options]', '', 'Commands:', ...allCommands.map((command) => `  ${command.words.join(' ').padEnd(22)}${command.summary}`), '', 'Run "vitaal COMMAND --help" for the options of a command.'].join('\n');

interface Parsed {
  command: Command;
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  help: boolean;
}

function parse(argv: string[]): Parsed | string {
  const command = findCommand(argv);
  if (!command) return argv.length === 0 ? generalUsage() : `Unknown command "${argv.join(' ')}".\n\n${generalUsage()}`;
  const options = { ...(command.options ?? {}), help: { type: 'boolean', description: 'Show this help' } } as Record<string, OptionSpec>;
  const parsed = parseArgs({ args: argv.slice(command.words.length), options, allowPositionals: true, strict: true });
  const expected = command.positionals ?? [];
  if (!parsed.values.help && (parsed.positionals.length > expected.length || parsed.positionals.length < expected.filter((p) => !p.optional).length))
    return `Wrong number of arguments.\n\n${usageOf(command)}`;
  return { command, values: parsed.values as Parsed['values'], positionals: parsed.positionals, help: Boolean(parsed.values.help) };
}

/** Makes file arguments absolute, so that a command forwarded to the server reads the caller's files. */
function withAbsolutePaths(parsed: Parsed, argv: string[]): string[] {
  const positionalPaths = new Set((parsed.command.positionals ?? []).flatMap((p, index) => (p.path ? [parsed.positionals[index]] : [])));
  const optionPaths = Object.entries(parsed.command.options ?? {}).filter(([, spec]) => spec.path).map(([name]) => `--${name}`);
  return argv.map((arg, index) => (positionalPaths.has(arg) || optionPaths.includes(argv[index - 1] ?? '') ? path.resolve(arg) : arg));
}

/** Runs a parsed command against an open platform; used locally and by the server for forwarded commands. */
export async function runInPlatform(platform: Platform, argv: string[], output: Output, stdin: string): Promise<number> {
  const parsed = parse(argv);
  if (typeof parsed === 'string') return fail(output, parsed, 2);
  const { command } = parsed;
  if (command === serveCommand || command === restoreCommand) return fail(output, `${command.words[0]} cannot run inside a running server`, 2);
  const context = { output, values: parsed.values, positionals: parsed.positionals, readStdin: async () => stdin };
  return withErrors(output, () => (command.standalone ? command.run(context) : command.run({ ...context, platform })));
}

async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const readsStdin = (parsed: Parsed) => Object.entries(parsed.command.options ?? {}).some(([name, spec]) => spec.readsStdin && parsed.values[name]);

/** The `vitaal` command: parses, then runs in this process or, when a server holds the embedded folder, in that server. */
export async function main(argv: string[], output: Output = terminalOutput, env?: NodeJS.ProcessEnv): Promise<number> {
  let parsed: Parsed | string;
  try {
    parsed = parse(argv);
  } catch (error) {
    return fail(output, `${(error as Error).message}\nRun "vitaal --help" for usage.`, 2);
  }
  if (typeof parsed === 'string') return argv.length === 0 || argv[0] === '--help' ? (output.out(parsed), 0) : fail(output, parsed, 2);
  if (parsed.help) return output.out(usageOf(parsed.command)), 0;
  const current = parsed;
  const { command } = current;
  const context = { output, values: current.values, positionals: current.positionals, readStdin: readProcessStdin };
  if (command.standalone) return withErrors(output, () => command.run(context));
  return withErrors(output, async () => {
    const config = loadConfig(env);
    if (current.command === serveCommand) {
      const platform = await openPlatform(config, { serving: true });
      await serve(platform, { demo: Boolean(current.values.demo), demoScale: Number(current.values['demo-scale'] ?? 1), output, runCommand: runInPlatform });
      return 0;
    }
    const holder = findServingProcess(config);
    if (current.command === restoreCommand) {
      if (holder) return fail(output, `A server (pid ${holder.pid}) holds ${config.dataDir}: stop it, and restore into a new folder.`, 5);
      const summary = await restorePlatform(config, path.resolve(current.positionals[0] as string));
      const total = Object.values(summary.rows).reduce((sum, count) => sum + count, 0);
      output.out(`restored ${total} rows of schema version ${summary.schemaVersion}; migrated to ${summary.migratedTo}`);
      return 0;
    }
    if (holder?.socketPath) {
      const stdin = readsStdin(current) ? await readProcessStdin() : '';
      const result = await sendCommand(holder.socketPath, withAbsolutePaths(current, argv), stdin);
      if (result.stdout) output.out(result.stdout);
      if (result.stderr) output.err(result.stderr);
      return result.exitCode;
    }
    const platform = await openPlatform(config);
    try {
      return await command.run({ ...context, platform });
    } finally {
      await platform.close();
    }
  });
}

async function withErrors(output: Output, work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (error) {
    if (isDomainError(error)) {
      output.err(`error: ${error.message}`);
      for (const detail of error.details) output.err(`  at ${detail.path}: ${detail.message}`);
      return exitCodes[error.kind];
    }
    output.err(`error: ${(error as Error).message ?? String(error)}`);
    return 1;
  }
}

function fail(output: Output, message: string, code: number): number {
  output.err(message);
  return code;
}
