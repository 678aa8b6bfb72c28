import { invalid } from './errors.ts';

/**
 * How deeply JSON (request bodies, imported files) may nest. The deepest legitimate documents Vitaal reads (OSCAL
 * catalogues with nested groups, controls and parts; CycloneDX with nested components) stay well under it. Beyond
 * it the recursive code after the parse (schema validation, mapping) risks a stack overflow, and V8's JSON.parse
 * itself slows to seconds on a few megabytes of brackets, so text is checked before it is parsed.
 */
export const maxJsonDepth = 64;

/**
 * The nesting depth of JSON text, counted in one linear pass over brackets outside strings; stops counting once
 * `limit` is passed (returns `limit + 1`). Malformed text is measured all the same: the parser reports it after.
 */
export function jsonTextDepth(text: string, limit = maxJsonDepth): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === 0x22) {
      // A string: jump to its closing quote (one not escaped by an odd run of backslashes) with the native search.
      let end = text.indexOf('"', i + 1);
      for (;;) {
        if (end < 0) return deepest;
        let backslash = end - 1;
        while (backslash > i && text.charCodeAt(backslash) === 0x5c) backslash--;
        if ((end - 1 - backslash) % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
      i = end;
    } else if (char === 0x5b || char === 0x7b) {
      if (++depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (char === 0x5d || char === 0x7d) depth--;
  }
  return deepest;
}

/** The nesting depth of a parsed value (a scalar is 0, `[]` is 1), without recursion; stops once `limit` is passed. */
export function valueDepth(value: unknown, limit = maxJsonDepth): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > deepest) deepest = depth + 1;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(current) ? current : Object.values(current)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return deepest;
}

/** The error for input nested deeper than `limit` (JSON objects and arrays, XML elements). */
export const nestingTooDeep = (what: string, limit = maxJsonDepth) =>
  invalid('nesting-too-deep', `${what} nests deeper than ${limit} levels ; such input is refused.`, [{ path: '/', message: `nested deeper than ${limit} levels` }]);

/** Refuses JSON text nested deeper than `limit` (before it is parsed). */
export function checkJsonTextDepth(text: string, what: string, limit = maxJsonDepth): void {
  if (jsonTextDepth(text, limit) > limit) throw nestingTooDeep(what, limit);
}

/** Refuses a parsed value nested deeper than `limit`. */
export function checkValueDepth(value: unknown, what: string, limit = maxJsonDepth): void {
  if (valueDepth(value, limit) > limit) throw nestingTooDeep(what, limit);
}
