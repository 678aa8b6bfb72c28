import type { ParseArgsConfig } from 'node:util';
import type { Platform } from '../bootstrap.ts';
import type { Output } from './output.ts';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>[string] & {
  description: string;
  /** The value is a file, resolved against the caller's folder. */
  path?: boolean;
  /** When set, the command reads standard input (read by the calling process, also when the server runs the command). */
  readsStdin?: boolean;
};

/** One `vitaal` subcommand: its help, its arguments and what it does (with the platform's services, or on files alone). */
export type Command = PlatformCommand | StandaloneCommand;

interface CommandDescription {
  /** Words that select it: `['token', 'create']`. */
  words: string[];
  summary: string;
  /** Positional arguments, in order; those marked `path` are files resolved against the caller's folder. */
  positionals?: { name: string; description: string; path?: boolean; optional?: boolean }[];
  options?: Record<string, OptionSpec>;
}

/** Works on the database: runs in this process, or in the server that holds the embedded data folder. */
export interface PlatformCommand extends CommandDescription {
  standalone?: false;
  run(context: CommandContext): Promise<number>;
}

/** Needs no database (simulations on files, pure rules): always runs in this process. */
export interface StandaloneCommand extends CommandDescription {
  standalone: true;
  run(context: StandaloneContext): Promise<number>;
}

export interface CommandContext extends StandaloneContext {
  platform: Platform;
}

export interface StandaloneContext {
  output: Output;
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  /** Standard input of the process that typed the command. */
  readStdin(): Promise<string>;
}
