/** Where a command writes: the terminal, or a buffer when the command runs inside the server for another process. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  /** Whether progress bars may draw (a terminal on stderr). */
  interactive: boolean;
}

export const terminalOutput: Output = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  interactive: Boolean(process.stderr.isTTY),
};

export function bufferedOutput() {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const output: Output = {
    out: (text) => stdout.push(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => stderr.push(text.endsWith('\n') ? text : `${text}\n`),
    interactive: false,
  };
  return { output, stdout: () => stdout.join(''), stderr: () => stderr.join('') };
}
