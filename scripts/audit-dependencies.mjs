#!/usr/bin/env node
// `npm run audit:dependencies`, also a stage of `npm test`: checks every locked package against
// scripts/dependency-policy.json: an sha512 integrity in package-lock.json, and, for what ships (not dev), a licence
// on the allowed list or reviewed by name and version. Then asks the registry for known vulnerabilities of the
// shipped packages (`npm audit --omit=dev`): a finding at or above the policy's level fails; a registry that does not
// answer the audit is reported as "not checked", never as passed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
const policy = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'dependency-policy.json'), 'utf8'));

const problems = [];
let shipped = 0;
for (const [location, entry] of Object.entries(lock.packages)) {
  if (location === '' || entry.link) continue;
  const name = location.slice(location.lastIndexOf('node_modules/') + 'node_modules/'.length);
  if (!entry.integrity?.startsWith('sha512-')) problems.push(`${name}@${entry.version}: no sha512 integrity in package-lock.json`);
  if (entry.dev) continue;
  shipped++;
  const reviewed = policy.reviewedLicences[`${name}@${entry.version}`];
  if (!reviewed && !policy.allowedLicences.includes(entry.license)) problems.push(`${name}@${entry.version}: licence ${entry.license ?? '(none stated)'} is neither allowed nor reviewed`);
}

const audit = spawnSync('npm', ['audit', '--omit=dev', '--json'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
let vulnerabilities = 'not checked';
try {
  const report = JSON.parse(audit.stdout);
  if (!report.vulnerabilities) vulnerabilities = `not checked: the registry answered "${report.message ?? report.error?.summary ?? 'no report'}"`;
  else {
    const levels = ['info', 'low', 'moderate', 'high', 'critical'];
    const failing = Object.values(report.vulnerabilities).filter((finding) => levels.indexOf(finding.severity) >= levels.indexOf(policy.failAtSeverity));
    for (const finding of failing) problems.push(`${finding.name}: ${finding.severity} vulnerability (${finding.range})`);
    vulnerabilities = `${Object.keys(report.vulnerabilities).length} known, ${failing.length} at or above ${policy.failAtSeverity}`;
  }
} catch {
  vulnerabilities = `not checked: npm audit printed no report (exit ${audit.status})`;
}

console.log(`${Object.keys(lock.packages).length - 1} locked packages, ${shipped} shipped; vulnerabilities: ${vulnerabilities}`);
for (const problem of problems) console.log(`  ${problem}`);
process.exit(problems.length > 0 ? 1 : 0);
