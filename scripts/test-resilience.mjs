#!/usr/bin/env node
// `npm run test:resilience`: the load, fault and fuzz suites of issue 8, one after the other, then a summary table
// (suite, cases, passed, failed, skipped, duration). Exits non-zero when any suite fails.
//
//   npm run test:resilience                    full: fuzz properties at VITAAL_FUZZ_SCALE=20 (20× the runs of `npm test`)
//   npm run test:resilience -- --quick         CI: the fuzz properties at the counts of `npm test`, VITAAL_RESILIENCE_QUICK=1
//   npm run test:resilience -- --only fuzz     some suites only (comma-separated names)
//   npm run test:resilience -- --scale 50      another multiplier for the fuzz run counts
//
// A suite is either vitest file filters (substrings of test file paths; every project that includes a matching
// file runs it, PGlite and PostgreSQL alike) or a command. Add a suite by adding a line to `suites`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const suites = [
  { name: 'fuzz', vitest: ['.fuzz.test.ts'] },
  { name: 'hostile-input', vitest: ['hostile-input.test.ts'] },
  { name: 'load', vitest: ['.load.resilience.test.ts'] },
  { name: 'fault', vitest: ['.fault.resilience.'] },
  // A command suite counts as one case: { name: 'example', command: ['node', 'bench/load.mjs'] },
];

const root = path.resolve(import.meta.dirname, '..');
const reportDir = path.join(root, 'test-artifacts', 'resilience');
const args = process.argv.slice(2);
const option = (name) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};
const quick = args.includes('--quick');
const scale = option('--scale') ?? (quick ? '1' : '20');
const only = option('--only')?.split(',').map((name) => name.trim());
const unknown = only?.filter((name) => !suites.some((suite) => suite.name === name)) ?? [];
if (unknown.length > 0) {
  console.error(`Unknown suite(s): ${unknown.join(', ')}; suites are ${suites.map((suite) => suite.name).join(', ')}.`);
  process.exit(2);
}

const env = { ...process.env, VITAAL_RESILIENCE: '1', VITAAL_FUZZ_SCALE: scale, ...(quick ? { VITAAL_RESILIENCE_QUICK: '1' } : {}) };
if (env.CI === 'true') {
  env.NO_COLOR = '1';
  delete env.FORCE_COLOR;
}

fs.mkdirSync(reportDir, { recursive: true });
const results = [];
for (const suite of suites.filter((candidate) => !only || only.includes(candidate.name))) results.push(await runSuite(suite));
printSummary(results);
process.exit(results.some((result) => result.failed > 0) ? 1 : 0);

/** Runs one suite with inherited output; resolves to its counts. */
async function runSuite(suite) {
  const startedAt = Date.now();
  if (suite.command) {
    const exitCode = await run(suite.command[0], suite.command.slice(1));
    return { name: suite.name, cases: 1, passed: exitCode === 0 ? 1 : 0, failed: exitCode === 0 ? 0 : 1, skipped: 0, ms: Date.now() - startedAt };
  }
  const report = path.join(reportDir, `${suite.name.replaceAll(/\W+/g, '-')}.json`);
  fs.rmSync(report, { force: true });
  const exitCode = await run(path.join(root, 'node_modules', '.bin', 'vitest'), [
    'run',
    '--passWithNoTests',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${path.relative(root, report)}`,
    ...suite.vitest,
  ]);
  const ms = Date.now() - startedAt;
  let json;
  try {
    json = JSON.parse(fs.readFileSync(report, 'utf8'));
  } catch {
    return { name: suite.name, cases: 0, passed: 0, failed: 1, skipped: 0, ms, note: 'no vitest report' };
  }
  const passed = json.numPassedTests ?? 0;
  // Files that failed to load (a failing beforeAll, a syntax error) have no failed test of their own: count each once.
  const brokenFiles = (json.testResults ?? []).filter((file) => file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed')).length;
  let failed = (json.numFailedTests ?? 0) + brokenFiles;
  if (exitCode !== 0 && failed === 0) failed = 1;
  const skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  const files = (json.testResults ?? []).length;
  return { name: suite.name, cases: passed + failed + skipped, passed, failed, skipped, ms, note: files === 0 ? 'no test files yet' : `${files} file(s)` };
}

function run(command, commandArgs) {
  console.log(`\n> ${path.relative(root, command) || command} ${commandArgs.join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { cwd: root, env, stdio: 'inherit' });
    child.on('error', (error) => {
      console.error(`could not start ${command}: ${error.message}`);
      resolve(127);
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

function printSummary(rows) {
  const header = ['suite', 'cases', 'passed', 'failed', 'skipped', 'duration', 'note'];
  const lines = rows.map((row) => [row.name, row.cases, row.passed, row.failed, row.skipped, `${(row.ms / 1000).toFixed(1)} s`, row.note ?? ''].map(String));
  const total = rows.reduce((sum, row) => ({ cases: sum.cases + row.cases, passed: sum.passed + row.passed, failed: sum.failed + row.failed, skipped: sum.skipped + row.skipped, ms: sum.ms + row.ms }), { cases: 0, passed: 0, failed: 0, skipped: 0, ms: 0 });
  lines.push(['total', total.cases, total.passed, total.failed, total.skipped, `${(total.ms / 1000).toFixed(1)} s`, `fuzz scale ${scale}${quick ? ', quick' : ''}`].map(String));
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column].length)));
  const format = (cells) => cells.map((cell, column) => (column >= 1 && column <= 5 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd();
  console.log(`\nResilience summary\n${format(header)}\n${widths.map((width) => '-'.repeat(width)).join('  ')}`);
  for (const line of lines) console.log(format(line));
}
