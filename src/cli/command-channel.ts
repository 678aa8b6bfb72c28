import fs from 'node:fs';
import http from 'node:http';
import { DomainError } from '../domain/errors.ts';
import { bufferedOutput } from './output.ts';

export interface ChannelResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

type Runner = (argv: string[], output: ReturnType<typeof bufferedOutput>['output'], stdin: string) => Promise<number>;

/**
 * Serves CLI commands of other processes over a Unix socket (mode 0600: only the owner of the data folder),
 * so that the one process holding an embedded data folder does the work for them.
 */
export async function listenForCommands(socketPath: string, run: Runner): Promise<http.Server> {
  fs.rmSync(socketPath, { force: true });
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const buffered = bufferedOutput();
      let exitCode: number;
      try {
        const { argv, stdin } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { argv: string[]; stdin?: string };
        exitCode = await run(argv, buffered.output, stdin ?? '');
      } catch (error) {
        buffered.output.err(`error: ${(error as Error).message}`);
        exitCode = 1;
      }
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ exitCode, stdout: buffered.stdout(), stderr: buffered.stderr() } satisfies ChannelResult));
    });
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(socketPath, resolve));
  fs.chmodSync(socketPath, 0o600);
  return server;
}

/** Runs a command in the server that holds the data folder. */
export function sendCommand(socketPath: string, argv: string[], stdin: string): Promise<ChannelResult> {
  return new Promise((resolve, reject) => {
    const request = http.request({ socketPath, path: '/run', method: 'POST', headers: { 'content-type': 'application/json' } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChannelResult));
    });
    request.on('error', (error) =>
      reject(new DomainError('server-unreachable', `The server holding the data folder does not answer on ${socketPath}: ${error.message}`)),
    );
    request.end(JSON.stringify({ argv, stdin }));
  });
}
