/**
 * A small seeded PRNG (mulberry32) and the few draws the chaos run needs. Every random choice of the run
 * (order plans, faults, kills, cuts, fuzz) comes from one of these, derived from `--seed`, so a seed names one
 * fault schedule. Timing still varies between runs (which call meets an armed fault depends on the machine).
 */
export interface Rng {
  /** a float in [0, 1) */
  next(): number;
  /** an integer in [min, max] */
  int(min: number, max: number): number;
  /** true with probability p */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** picks by weight: `[[weight, value], ...]` */
  weighted<T>(items: readonly (readonly [number, T])[]): T;
  /** an independent stream for a named purpose (same seed + label → same stream) */
  fork(label: string | number): Rng;
}

/** FNV-1a over a string: turns a seed and a label into a 32-bit stream seed. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function createRng(seed: string | number): Rng {
  const base = String(seed);
  let state = hash(base) || 1;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    weighted: (items) => {
      const total = items.reduce((sum, [w]) => sum + w, 0);
      let roll = next() * total;
      for (const [w, value] of items) {
        roll -= w;
        if (roll < 0) return value;
      }
      return items[items.length - 1]![1];
    },
    fork: (label) => createRng(`${base}/${label}`),
  };
  return rng;
}
