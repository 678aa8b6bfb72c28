import fc from 'fast-check';
import { expect } from 'vitest';
import { isDomainError } from '../src/domain/errors.ts';

/**
 * Shared settings and generators of the property-based fuzz tests (`*.fuzz.test.ts`). `npm test` runs each property
 * with a modest number of runs; `npm run test:resilience` multiplies them by VITAAL_FUZZ_SCALE (scripts/test-resilience.mjs).
 * A failure prints fast-check's seed and path; VITAAL_FUZZ_SEED replays it.
 */
export const fuzzScale = Math.max(1, Number(process.env.VITAAL_FUZZ_SCALE ?? '1') || 1);
const seed = process.env.VITAAL_FUZZ_SEED === undefined ? undefined : Number(process.env.VITAAL_FUZZ_SEED);

/**
 * The most CPU time one run (one input) may take before it counts as a hang. CPU time rather than wall time, so that
 * a busy shared machine does not fail the property; wall time is bounded too, more loosely (a run waiting forever).
 */
export const perRunMs = 5_000;
const perRunWallMs = 6 * perRunMs;

/** CPU time this process has used, in milliseconds: a bound on it holds on a busy shared machine, where wall time does not. */
export const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** fast-check parameters for `baseRuns` runs at scale 1; async runs are also cut off by fast-check after perRunMs. */
export function fuzzParameters<T>(baseRuns: number): fc.Parameters<T> {
  return { numRuns: Math.ceil(baseRuns * fuzzScale), timeout: perRunWallMs, endOnFailure: true, ...(seed === undefined ? {} : { seed }) };
}

/** A vitest timeout for a property of `baseRuns` runs, each expected to take about `typicalMs`. */
export const fuzzTimeout = (baseRuns: number, typicalMs: number) => Math.max(30_000, Math.ceil(baseRuns * fuzzScale) * typicalMs * 4);

/**
 * Runs one import of hostile input: it must either succeed or throw a DomainError with one of `codes` and a message,
 * within perRunMs. Anything else (a TypeError, a RangeError from a stack overflow, a hang) fails the property.
 */
export async function expectAcceptedOrRefused(run: () => unknown, codes: readonly string[]): Promise<void> {
  await expectBounded(async () => {
    try {
      await run();
    } catch (error) {
      if (!isDomainError(error)) throw new Error(`not a DomainError: ${String(error)}`, { cause: error });
      expect(codes).toContain(error.code);
      expect(error.message).not.toBe('');
    }
  });
}

/** Runs `run` and fails when it took more than perRunMs of CPU time (or far more wall time). */
export async function expectBounded<T>(run: () => Promise<T> | T): Promise<T> {
  const [wallBefore, cpuBefore] = [performance.now(), cpuMs()];
  const result = await run();
  const [wall, cpu] = [performance.now() - wallBefore, cpuMs() - cpuBefore];
  expect(cpu, `one input took ${Math.round(cpu)} ms of CPU time`).toBeLessThan(perRunMs);
  expect(wall, `one input took ${Math.round(wall)} ms`).toBeLessThan(perRunWallMs);
  return result;
}

/** `depth` nested arrays or objects, as text (deep nesting is the classic parser-recursion attack). */
export const nestedJsonText = (depth: number, kind: 'array' | 'object' = 'array') =>
  kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + 'null' + '}'.repeat(depth);

const pollutingKeys = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '', '\u0000', '$ref', '$schema');

/** JSON values with keys and strings that often break code: prototype keys, control characters, very long strings, extreme numbers. */
export const hostileJsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom('', ' ', 'null', '1e400', '-0', 'NaN', '../../etc/passwd', '<script>alert(1)</script>', "'; drop table sector; --", '=cmd|calc', '\uD800'),
      fc.tuple(fc.string({ minLength: 1, maxLength: 3 }), fc.integer({ min: 1_000, max: 60_000 })).map(([text, times]) => text.repeat(times)),
    ),
    fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 5e-324)),
    fc.boolean(),
    fc.constant(null),
    fc.uuid(),
    fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(pollutingKeys, fc.string({ maxLength: 12 })), tie('value'), { maxKeys: 6 }),
  ),
})).value;

/** JSON text as an attacker sends it: hostile values, deep nesting, prototype poisoning, truncation and garbage. */
export const hostileJsonText: fc.Arbitrary<string> = fc.oneof(
  hostileJsonValue.map((value) => JSON.stringify(value) ?? 'null'),
  fc.integer({ min: 65, max: 200_000 }).chain((depth) => fc.constantFrom(nestedJsonText(depth), nestedJsonText(depth, 'object'))),
  fc.constantFrom('{"__proto__":{"isAdmin":true}}', '{"constructor":{"prototype":{"isAdmin":true}}}', '{"a":1,"a":2}', '{', '[1,]', '', '\uFEFF{}', 'null', '"text"', '1e999'),
  hostileJsonValue.chain((value) => {
    const text = JSON.stringify(value) ?? 'null';
    return fc.nat({ max: text.length }).map((cut) => text.slice(0, cut));
  }),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

/** Every place in a JSON document (parent and key), so that a mutation can pick one by number. */
function placesOf(document: unknown): { parent: Record<string, unknown> | unknown[]; key: string | number }[] {
  const places: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const stack = [document];
  while (stack.length > 0) {
    const current = stack.pop();
    if (current === null || typeof current !== 'object') continue;
    for (const [key, child] of Object.entries(current)) {
      places.push({ parent: current as Record<string, unknown>, key: Array.isArray(current) ? Number(key) : key });
      stack.push(child);
    }
  }
  return places;
}

/** Mutations of a valid document: each replaces, deletes or adds a value at a place chosen by number. */
export const jsonMutations = fc.array(fc.tuple(fc.nat(), fc.constantFrom('replace', 'delete', 'add'), hostileJsonValue), { minLength: 1, maxLength: 6 });

/** A deep copy of `document` with `mutations` applied (the original is left alone). */
export function mutateJson(document: unknown, mutations: readonly (readonly [number, string, unknown])[]): unknown {
  const copy = structuredClone(document);
  for (const [choice, operation, value] of mutations) {
    const places = placesOf(copy);
    if (places.length === 0) return value;
    const { parent, key } = places[choice % places.length]!;
    if (operation === 'delete') {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
    } else if (operation === 'add' && !Array.isArray(parent)) parent[`x-${choice % 7}`] = value;
    else (parent as Record<string | number, unknown>)[key] = value;
  }
  return copy;
}

/** Text mutations: truncation, and insertion of fragments that often break parsers, at positions chosen by number. */
export function textMutations(fragments: readonly string[]) {
  return fc.array(fc.tuple(fc.nat(), fc.oneof(fc.constantFrom(...fragments), fc.string({ unit: 'binary', maxLength: 20 }), fc.constant(null))), { minLength: 1, maxLength: 4 });
}

export function mutateText(text: string, mutations: readonly (readonly [number, string | null])[]): string {
  let result = text;
  for (const [choice, fragment] of mutations) {
    const at = choice % (result.length + 1);
    result = fragment === null ? result.slice(0, at) : result.slice(0, at) + fragment + result.slice(at);
  }
  return result;
}
