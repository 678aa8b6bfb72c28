/**
 * Partial capacity of DESIGN.md §5: a requirement group may carry a response table that maps the fraction of
 * its suppliers still working (0..1) to the capacity (0..1) it leaves its node. The table is piecewise linear
 * through its points `[fraction, capacity]`; two points at one fraction make a step, and the value at the step
 * is the second one (so `[[0, 0], [0.6, 0], [0.6, 0.6], [1, 1]]` reads "below 60 % of supply: down; from
 * there on, capacity follows supply").
 *
 * A table starts at fraction 0, ends at fraction 1 with capacity 1 (full supply, full capacity), and never
 * falls: losing a supplier never raises capacity. The file reader and the engine both check it here.
 */

export type ResponsePoint = readonly [fraction: number, capacity: number];

/** The first problem of a table, with the index of the offending point (-1: the table as a whole), or undefined. */
export function responseTableProblem(points: readonly ResponsePoint[]): { index: number; message: string } | undefined {
  if (points.length < 2) return { index: -1, message: 'a response table needs at least two points' };
  for (let i = 0; i < points.length; i++) {
    const [fraction, capacity] = points[i]!;
    if (!(fraction >= 0 && fraction <= 1) || !(capacity >= 0 && capacity <= 1)) return { index: i, message: 'fraction and capacity lie between 0 and 1' };
    if (i === 0 && fraction !== 0) return { index: 0, message: 'the first point is at fraction 0' };
    if (i === 0) continue;
    const [previousFraction, previousCapacity] = points[i - 1]!;
    if (fraction < previousFraction) return { index: i, message: 'fractions must not decrease' };
    if (capacity < previousCapacity) return { index: i, message: 'capacity must not fall as supply grows' };
    if (i >= 2 && fraction === previousFraction && fraction === points[i - 2]![0]) return { index: i, message: 'at most two points (a step) at one fraction' };
  }
  const [lastFraction, lastCapacity] = points[points.length - 1]!;
  if (lastFraction !== 1 || lastCapacity !== 1) return { index: points.length - 1, message: 'the last point is [1, 1]: full supply gives full capacity' };
  return undefined;
}
