// Seeded, reproducible randomness for everything in emcert that draws numbers.
// xoroshiro128+ from pure-rand; normals by the Box-Muller transform (two per pair of uniforms).
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

export interface Rng {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Standard normal. */
  normal(): number;
  /** Fill `out` with independent standard normals. */
  fillNormal(out: Float64Array | Float32Array): void;
  /** Fill `out` with independent uniforms on [0, 1). */
  fillUniform(out: Float64Array | Float32Array): void;
  /** An independent stream (xoroshiro jump), leaving this one unchanged. */
  fork(): Rng;
  /** Serialisable state, for checkpoints: the generator's four words, plus the pending second normal
   *  of a Box-Muller pair when there is one (so a restored stream continues bit for bit). */
  state(): readonly number[];
}

class XoroshiroRng implements Rng {
  private spare = NaN;
  constructor(private readonly gen: JumpableRandomGenerator) {}

  uniform(): number {
    return uniformFloat64(this.gen);
  }

  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const s = this.spare;
      this.spare = NaN;
      return s;
    }
    // 1 - u lies in (0, 1], so the logarithm is finite.
    const u1 = 1 - uniformFloat64(this.gen);
    const u2 = uniformFloat64(this.gen);
    const r = Math.sqrt(-2 * Math.log(u1));
    const t = 2 * Math.PI * u2;
    this.spare = r * Math.sin(t);
    return r * Math.cos(t);
  }

  fillNormal(out: Float64Array | Float32Array): void {
    for (let i = 0; i < out.length; i++) out[i] = this.normal();
  }

  fillUniform(out: Float64Array | Float32Array): void {
    for (let i = 0; i < out.length; i++) out[i] = this.uniform();
  }

  fork(): Rng {
    const copy = this.gen.clone() as JumpableRandomGenerator;
    copy.jump();
    // Advance our own stream too, so two forks in a row differ.
    this.gen.jump();
    return new XoroshiroRng(copy);
  }

  state(): readonly number[] {
    const words = this.gen.getState();
    return Number.isNaN(this.spare) ? words : [...words, this.spare];
  }

  restoreSpare(spare: number): void {
    this.spare = spare;
  }
}

/** One splitmix32 output: a bijective scrambler, so nearby seeds give unrelated states. */
function splitmix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) | 0;
}

/** A generator seeded by an integer. The same seed gives the same stream on every machine.
 *  pure-rand's xoroshiro128plus(seed) puts the seed straight into the state, which makes the first
 *  outputs of small seeds nearly equal (the first uniform is about 1.0 for every seed); the state is
 *  therefore filled by splitmix32 from the seed instead. */
export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new RangeError(`createRng: seed must be an integer, got ${seed}`);
  const s0 = splitmix32(seed | 0);
  const s1 = splitmix32(s0 ^ 0x5851f42d);
  const s2 = splitmix32(s1 ^ 0x14057b7e);
  const s3 = splitmix32(s2 ^ 0x6c078965);
  // xoroshiro's state must not be all zero; splitmix32 of these chained inputs never is in practice, but make sure.
  const state = s0 | s1 | s2 | s3 ? [s0, s1, s2, s3] : [1, 0, 0, 0];
  return new XoroshiroRng(xoroshiro128plusFromState(state));
}

export function rngFromState(state: readonly number[]): Rng {
  const rng = new XoroshiroRng(xoroshiro128plusFromState(state.slice(0, 4)));
  if (state.length > 4) rng.restoreSpare(state[4]!);
  return rng;
}
