/**
 * The demo dataset multiplied, for load tests and benchmarks (issue 8): copy n (2…factor) of every organisation,
 * asset, vendor and product gets its code suffixed `-xn` and its label suffixed ` #n`, and every record that refers
 * to one of those codes is copied with the reference renamed the same way, so each copy is a consistent world of its
 * own beside the original. Reference data (processes, sectors, public bodies), the demo users, cycles, crisis plans
 * and threat intelligence are shared, not copied. Pure: files in, files out.
 */

import { invalid } from '../domain/errors.ts';

/** The demo files (by name in data/demo) as parsed JSON. */
export type DemoFiles = Readonly<Record<string, unknown>>;

/** Which records multiply: a whole array file, or the named arrays of an object file. */
const multiplied: Readonly<Record<string, 'all' | readonly string[]>> = {
  'organisations.json': 'all',
  'process-providers.json': 'all',
  'assets.json': 'all',
  'dependencies.json': 'all',
  'vendors.json': 'all',
  'product-uses.json': 'all',
  'messages.json': 'all',
  'incidents.json': ['incidents', 'supervision'],
  'duty-of-care.json': ['scoping', 'controls', 'approvals', 'changesAfterApproval'],
};

/** Fields that people read: suffixed in a copy so that the copies can be told apart (and messages are not skipped as already written). */
const labelFields = new Set(['name', 'title', 'reference']);

export const maxDemoScale = 100;

interface Coded {
  code: string;
  products?: { code: string }[];
}

/** The codes the demo itself defines (organisations, assets, vendors, products): only these are renamed in a copy. */
function demoCodes(files: DemoFiles): Set<string> {
  const records = (file: string) => (files[file] ?? []) as Coded[];
  return new Set([...records('organisations.json'), ...records('assets.json'), ...records('vendors.json')].flatMap((record) => [record.code, ...(record.products ?? []).map((product) => product.code)]));
}

/** `value` with every demo code renamed and every label suffixed for copy `n`. */
function renamed(value: unknown, codes: Set<string>, n: number, key = ''): unknown {
  if (typeof value === 'string') return codes.has(value) ? `${value}-x${n}` : labelFields.has(key) ? `${value} #${n}` : value;
  if (Array.isArray(value)) return value.map((item) => renamed(item, codes, n, key));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([field, item]) => [field, renamed(item, codes, n, field)]));
  return value;
}

/** The demo files with `factor` copies of the multiplied records (factor 1: the files as given). */
export function scaleDemo(files: DemoFiles, factor: number): DemoFiles {
  if (!Number.isInteger(factor) || factor < 1 || factor > maxDemoScale) throw invalid('validation-failed', `The demo scale must be a whole number from 1 to ${maxDemoScale}, got ${factor}.`, [{ path: '/demo-scale', message: `must be a whole number from 1 to ${maxDemoScale}` }]);
  if (factor === 1) return files;
  const codes = demoCodes(files);
  const copies = <T>(records: readonly T[]) => [...records, ...Array.from({ length: factor - 1 }, (_, index) => records.map((record) => renamed(record, codes, index + 2) as T)).flat()];
  return Object.fromEntries(
    Object.entries(files).map(([file, content]) => {
      const rule = multiplied[file];
      if (!rule) return [file, content];
      if (rule === 'all') return [file, copies(content as unknown[])];
      const object = content as Record<string, unknown[]>;
      return [file, { ...object, ...Object.fromEntries(rule.map((field) => [field, copies(object[field] ?? [])])) }];
    }),
  );
}
