#!/usr/bin/env node
// `npm test`: type-check, lint, layer rules, the dependency audit, then vitest; stops at the first failing stage.
// Ends with one plain line, `N passed, N failed[, N skipped]`, so that CI can tell how many tests ran;
// each static check counts as one test. Arguments are passed on to vitest (`npm test -- src/db`).
// `node scripts/test.mjs lint` runs only eslint, the layer rules and the dependency audit (`npm run lint`).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const artifactsDir = path.join(root, 'test-artifacts');
const vitestReport = path.join(artifactsDir, 'vitest.json');

const env = { ...process.env };
if (env.CI === 'true') {
  env.NO_COLOR = '1';
  delete env.FORCE_COLOR;
}

const bin = (name) => path.join(root, 'node_modules', '.bin', name);
// web/src is optional: depcruise refuses folders that do not exist.
const layerFolders = ['src', 'web/src'].filter((folder) => fs.existsSync(path.join(root, folder)));

const staticStages = [
  { name: 'type-check', command: bin('tsc'), args: ['--noEmit', '-p', 'tsconfig.json'] },
  { name: 'lint', command: bin('eslint'), args: ['.'] },
  { name: 'layers', command: bin('depcruise'), args: [...layerFolders, '--config', '.dependency-cruiser.cjs'] },
  { name: 'dependencies', command: process.execPath, args: [path.join(root, 'scripts', 'audit-dependencies.mjs')] },
];

const counts = { passed: 0, failed: 0, skipped: 0 };
const [mode, ...vitestArgs] = process.argv.slice(2);
const lintOnly = mode === 'lint';
if (mode !== undefined && !lintOnly) vitestArgs.unshift(mode);

for (const stage of lintOnly ? staticStages.slice(1) : staticStages) {
  const exitCode = await runStage(stage.name, stage.command, stage.args);
  if (exitCode !== 0) {
    counts.failed += 1;
    finish(exitCode);
  }
  counts.passed += 1;
}
if (lintOnly) finish(0);

fs.mkdirSync(artifactsDir, { recursive: true });
fs.rmSync(vitestReport, { force: true });
const vitestExitCode = await runStage('vitest', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${path.relative(root, vitestReport)}`,
  ...vitestArgs,
]);
countVitestResults(vitestExitCode);
finish(vitestExitCode);

/** Runs one stage with inherited output; resolves to its exit code (1 when killed by a signal). */
function runStage(name, command, args) {
  console.log(`\n> ${name}: ${path.relative(root, command)} ${args.join(' ')}`);
  const startedAt = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env, stdio: 'inherit' });
    child.on('error', (error) => {
      console.error(`${name}: could not start ${command}: ${error.message}`);
      resolve(127);
    });
    child.on('exit', (code, signal) => {
      const exitCode = code ?? 1;
      const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
      console.log(`< ${name}: ${exitCode === 0 ? 'ok' : `failed (exit ${exitCode}${signal ? `, ${signal}` : ''})`} in ${seconds} s`);
      resolve(exitCode);
    });
  });
}

/** Adds vitest's counts from its JSON report; a failing run without failed tests still counts as one failure. */
function countVitestResults(exitCode) {
  let report;
  try {
    report = JSON.parse(fs.readFileSync(vitestReport, 'utf8'));
  } catch {
    console.error(`vitest wrote no readable report to ${path.relative(root, vitestReport)}`);
    counts.failed += 1;
    return;
  }
  counts.passed += report.numPassedTests ?? 0;
  counts.failed += report.numFailedTests ?? 0;
  counts.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // Files that failed to load (syntax error, failing beforeAll) report no failed test of their own.
  const brokenFiles = (report.testResults ?? []).filter(
    (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
  ).length;
  counts.failed += brokenFiles;
  if (exitCode !== 0 && report.numFailedTests === 0 && brokenFiles === 0) counts.failed += 1;
}

/** Prints the summary line and exits with the code of the stage that decided the outcome. */
function finish(exitCode) {
  const skipped = counts.skipped > 0 ? `, ${counts.skipped} skipped` : '';
  console.log(`\n${counts.passed} passed, ${counts.failed} failed${skipped}`);
  process.exit(exitCode);
}
