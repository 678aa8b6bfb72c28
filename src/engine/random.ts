/**
 * Seeded pseudo-random numbers for the engine (no Math.random: the same seed gives the same result).
 * sfc32 (Chris Doty-Humphrey's small fast counter), seeded through splitmix32 so that nearby seeds diverge.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A generator for `seed`; `stream` picks an independent sequence for the same seed (scenario i of a Monte Carlo run). */
export function createRandom(seed: number, stream = 0): Random {
  const mix = splitmix32((Math.imul(seed | 0, 0x27d4eb2d) ^ Math.imul(stream | 0, 0x165667b1)) >>> 0);
  let a = mix();
  let b = mix();
  let c = mix();
  let counter = 1;
  const next = () => {
    const t = (((a + b) | 0) + counter) | 0;
    counter = (counter + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return { next };
}

/** Uniform integer in 0..bound-1. */
export const randomIndex = (random: Random, bound: number): number => Math.floor(random.next() * bound);
