// fast-check generators shared by the network and enclosure tests: random MLPs and random boxes
// (some unbounded) with points inside them.
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import type { Activation, MlpLayer } from '../../src/kernel/model.js';
import type { Cone } from '../../src/kernel/networkFarField.js';
import { dec } from './networkReference.js';

export const SMOOTH_ACTIVATIONS: Activation[] = ['identity', 'tanh', 'sigmoid', 'softplus', 'silu'];

export interface NetSpec { dim: number; layers: MlpLayer[] }

const weight = fc.double({ min: -3, max: 3, noNaN: true, noDefaultInfinity: true });

export function layerArb(inDim: number, outDim: number, activations: Activation[]): fc.Arbitrary<MlpLayer> {
  return fc
    .record({
      weight: fc.array(weight, { minLength: inDim * outDim, maxLength: inDim * outDim }),
      bias: fc.array(weight, { minLength: outDim, maxLength: outDim }),
      activation: fc.constantFrom(...activations),
    })
    .map((r) => ({ inDim, outDim, weight: Float64Array.from(r.weight), bias: Float64Array.from(r.bias), activation: r.activation }));
}

/** dim 1..3, 1..3 hidden layers of width 1..8, a linear scalar output. */
export function networkArb(activations: Activation[] = SMOOTH_ACTIVATIONS, maxDim = 3): fc.Arbitrary<NetSpec> {
  return fc
    .record({ dim: fc.integer({ min: 1, max: maxDim }), widths: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 3 }) })
    .chain(({ dim, widths }) => {
      const dims = [dim, ...widths];
      const hidden = widths.map((w, i) => layerArb(dims[i]!, w, activations));
      const out = layerArb(widths[widths.length - 1]!, 1, ['identity']);
      return fc.tuple(...hidden, out).map((layers) => ({ dim, layers }));
    });
}

export interface BoxWithPoints { lo: number[]; hi: number[]; points: number[][] }

/** One coordinate: bounded (some very thin, some wide) or unbounded on one or both sides, with 3 points inside. */
const coordArb = fc
  .record({
    kind: fc.constantFrom('bounded', 'bounded', 'bounded', 'thin', 'upper-open', 'lower-open', 'entire'),
    a: fc.double({ min: -4, max: 4, noNaN: true, noDefaultInfinity: true }),
    w: fc.double({ min: 0, max: 5, noNaN: true, noDefaultInfinity: true }),
    t: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }),
    far: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 3, maxLength: 3 }),
  })
  .map(({ kind, a, w, t, far }) => {
    if (kind === 'bounded' || kind === 'thin') {
      const hi = a + (kind === 'thin' ? w * 1e-6 : w);
      return { lo: a, hi, pts: t.map((s) => Math.min(hi, Math.max(a, a + s * (hi - a)))) };
    }
    const off = (i: number): number => t[i]! * 10 ** far[i]!;
    if (kind === 'upper-open') return { lo: a, hi: Infinity, pts: [0, 1, 2].map((i) => a + off(i)) };
    if (kind === 'lower-open') return { lo: -Infinity, hi: a, pts: [0, 1, 2].map((i) => a - off(i)) };
    return { lo: -Infinity, hi: Infinity, pts: [0, 1, 2].map((i) => (i % 2 ? 1 : -1) * off(i) + a) };
  });

export function boxArb(dim: number): fc.Arbitrary<BoxWithPoints> {
  return fc.array(coordArb, { minLength: dim, maxLength: dim }).map((cs) => ({
    lo: cs.map((c) => c.lo),
    hi: cs.map((c) => c.hi),
    points: [0, 1, 2].map((p) => cs.map((c) => c.pts[p]!)),
  }));
}

export interface ConeCase { cone: Cone; points: number[][] }

/** A random face (k, s) of [-1, 1]^d, a random patch of it, a centre and R, and points of the cone
 *  (x = fl(c + r u), r from R up to 1e6, kept only when exactly inside the cone: see inCone). */
export function coneArb(d: number): fc.Arbitrary<ConeCase> {
  const unit = fc.double({ min: 0, max: 1, noNaN: true });
  return fc
    .record({
      k: fc.integer({ min: 0, max: d - 1 }),
      s: fc.constantFrom(1, -1),
      ends: fc.array(fc.tuple(unit, unit), { minLength: d, maxLength: d }),
      center: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: d, maxLength: d }),
      radius: fc.constantFrom(0.1, 0.5, 1, 3, 10, 100),
      samples: fc.array(fc.record({ t: fc.array(unit, { minLength: d, maxLength: d }), scale: fc.constantFrom(1, 1, 1.5, 4, 30, 1e3, 1e6 / 100) }), { minLength: 4, maxLength: 8 }),
    })
    .map(({ k, s, ends, center, radius, samples }) => {
      const uLo = new Float64Array(d), uHi = new Float64Array(d);
      for (let j = 0; j < d; j++) {
        const [a, b] = ends[j]!.map((v) => -1 + 2 * v).sort((p, q) => p - q) as [number, number];
        uLo[j] = j === k ? s : a; uHi[j] = j === k ? s : b;
      }
      const cone: Cone = { center: Float64Array.from(center), radius, uLo, uHi };
      const points = samples.map(({ t, scale }) => {
        const r = radius * scale * (1 + t[0]!);
        return center.map((c, j) => c + r * (uLo[j]! + t[j]! * (uHi[j]! - uLo[j]!)));
      });
      return { cone, points: points.filter((x) => inCone(cone, x)) };
    });
}

/** Exactly (in decimal): r = |x - c|_inf >= R and (x - c) / r in the patch. */
export function inCone(cone: Cone, x: number[]): boolean {
  const diff = x.map((v, j) => dec(v).minus(dec(cone.center[j]!)));
  const r = Decimal.max(...diff.map((v) => v.abs()));
  if (r.lt(dec(cone.radius))) return false;
  return diff.every((v, j) => v.div(r).gte(dec(cone.uLo[j]!)) && v.div(r).lte(dec(cone.uHi[j]!)));
}
