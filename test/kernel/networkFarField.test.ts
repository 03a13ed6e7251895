import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { affineOverCone, compileConeEnclosure, coneBoundingBox, rayHi, rayLo, type Cone } from '../../src/kernel/networkFarField.js';
import { createFlatEnclosure, triIndex, type FlatEnclosure } from '../../src/kernel/network.js';
import type { EnergyModel } from '../../src/kernel/model.js';
import { coneArb, networkArb } from './networkArbitraries.js';
import { dec, outside, referenceMlp, type Dec } from './networkReference.js';

function violations(ref: { value: Dec; gradient: Dec[]; hessian: Dec[][] }, e: FlatEnclosure, d: number): string[] {
  const out: (string | null)[] = [outside('value', ref.value, e.valueLo, e.valueHi)];
  for (let a = 0; a < d; a++) out.push(outside(`gradient[${a}]`, ref.gradient[a]!, e.gradLo[a]!, e.gradHi[a]!));
  for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) out.push(outside(`hessian[${a}][${b}]`, ref.hessian[a]![b]!, e.hessLo[triIndex(d, a, b)]!, e.hessHi[triIndex(d, a, b)]!));
  return out.filter((s): s is string => s !== null);
}

describe('cone enclosure of a network (60-digit decimal reference)', () => {
  it('random networks, random cones (R 0.1 .. 100, r up to 1e6 R): value, gradient and Hessian at points of the cone lie in the enclosure', () => {
    let tested = 0;
    fc.assert(
      fc.property(networkArb().chain((net) => fc.tuple(fc.constant(net), coneArb(net.dim))), ([net, { cone, points }]) => {
        const e = createFlatEnclosure(net.dim);
        compileConeEnclosure({ kind: 'mlp', dim: net.dim, layers: net.layers })(cone, e);
        for (const x of points) {
          tested++;
          const bad = violations(referenceMlp(net.layers, x, false), e, net.dim);
          if (bad.length > 0) throw new Error(`at x = ${JSON.stringify(x)}, cone R=${cone.radius} c=${Array.from(cone.center)} u in [${Array.from(cone.uLo)}]..[${Array.from(cone.uHi)}]: ${bad.join('; ')}`);
        }
      }),
      { numRuns: 150, seed: 1415 },
    );
    expect(tested).toBeGreaterThan(400);
  });

  it('a sum (network + regularizer): the Hessian at far points lies in the enclosure; the regularizer adds exactly lambda I', () => {
    fc.assert(
      fc.property(networkArb(['tanh'], 2).chain((net) => fc.tuple(fc.constant(net), coneArb(net.dim))), ([net, { cone, points }]) => {
        const d = net.dim, lambda = 0.1;
        const model: EnergyModel = { kind: 'sum', dim: d, terms: [{ weight: 1, model: { kind: 'mlp', dim: d, layers: net.layers } }, { weight: 1, model: { kind: 'quadratic', dim: d, lambda, center: new Array<number>(d).fill(0) } }] };
        const e = createFlatEnclosure(d);
        compileConeEnclosure(model)(cone, e);
        for (const x of points) {
          const ref = referenceMlp(net.layers, x, false);
          for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) {
            const exact = a === b ? ref.hessian[a]![b]!.plus(dec(lambda)) : ref.hessian[a]![b]!;
            const bad = outside(`hessian[${a}][${b}]`, exact, e.hessLo[triIndex(d, a, b)]!, e.hessHi[triIndex(d, a, b)]!);
            if (bad) throw new Error(`at x = ${JSON.stringify(x)}: ${bad}`);
          }
        }
      }),
      { numRuns: 60, seed: 1416 },
    );
  });

  it('a saturated neuron far out: the cone bound of tanh" decays with R (the point of the cones)', () => {
    // E = tanh(x1 + x2): on the face u1 = 1 with u2 in [0, 1], z >= R, so |hess| <= 2 |tanh''(R)| <= 8 e^(-2R).
    const model: EnergyModel = { kind: 'mlp', dim: 2, layers: [
      { inDim: 2, outDim: 1, weight: Float64Array.of(1, 1), bias: Float64Array.of(0), activation: 'tanh' },
      { inDim: 1, outDim: 1, weight: Float64Array.of(1), bias: Float64Array.of(0), activation: 'identity' },
    ] };
    const e = createFlatEnclosure(2);
    const enclose = compileConeEnclosure(model);
    for (const R of [2, 5, 10]) {
      enclose({ center: new Float64Array(2), radius: R, uLo: Float64Array.of(1, 0), uHi: Float64Array.of(1, 1) }, e);
      for (let t = 0; t < 3; t++) expect(Math.max(-e.hessLo[t]!, e.hessHi[t]!)).toBeLessThanOrEqual(8 * Math.exp(-2 * R));
    }
    // A patch the hyperplane x1 + x2 = 0 crosses keeps the whole range of tanh'' (0.7698 = 4 / (3 sqrt 3)).
    enclose({ center: new Float64Array(2), radius: 10, uLo: Float64Array.of(1, -1), uHi: Float64Array.of(1, 0) }, e);
    expect(e.hessHi[0]!).toBeGreaterThan(0.7698);
  });
});

describe('ray products and the first layer over a cone', () => {
  /** Pairs (R, t) whose float product rounds up (resp. down) from the exact one. */
  const inexact = (up: boolean): [number, number] => {
    for (let i = 1; i < 1000; i++) {
      const R = 0.1 * i, t = 0.37 + i * 1e-3;
      const exact = dec(R).times(dec(t)), fl = dec(R * t);
      if (up ? fl.gt(exact) : fl.lt(exact)) return [R, t];
    }
    throw new Error('no such pair');
  };

  it('rayLo is at or below R t even when the float product rounds up; rayHi at or above R t for t <= 0', () => {
    const [R, t] = inexact(true);
    expect(dec(rayLo(R, t)).lte(dec(R).times(dec(t)))).toBe(true);
    const [R2, t2] = inexact(false);
    expect(dec(rayHi(R2, -t2)).gte(dec(R2).times(dec(-t2)))).toBe(true);
    expect(rayLo(R, -1e-300)).toBe(-Infinity);
    expect(rayHi(R, 1e-300)).toBe(Infinity);
    expect([rayLo(5, 0), rayHi(5, 0)]).toEqual([0, 0]);
  });

  it('the pre-activation range over a cone contains w . (c + r u) + b at its attained end r = R, and is one-sided by the sign of w . u', () => {
    const [R, t] = inexact(true);
    // w = (t, 0), u1 = 1: z = b + w.c + r t, least at r = R.
    const cone: Cone = { center: Float64Array.of(0.3, -0.7), radius: R, uLo: Float64Array.of(1, -1), uHi: Float64Array.of(1, 1) };
    const [lo, hi] = affineOverCone(Float64Array.of(t, 0), 0, 0.1, cone);
    const least = dec(0.1).plus(dec(t).times(dec(0.3))).plus(dec(R).times(dec(t)));
    expect(dec(lo).lte(least)).toBe(true);
    expect(least.minus(dec(lo)).toNumber()).toBeLessThan(1e-14);
    expect(hi).toBe(Infinity);
    const [lo2, hi2] = affineOverCone(Float64Array.of(0, 1), 0, 0, cone); // w . u = u2 in [-1, 1]: both signs
    expect([lo2, hi2]).toEqual([-Infinity, Infinity]);
  });

  it('the bounding box of a cone contains its points and is unbounded only where u takes that sign', () => {
    const cone: Cone = { center: Float64Array.of(1, 2), radius: 3, uLo: Float64Array.of(-1, 0.25), uHi: Float64Array.of(-1, 0.5) };
    const lo = new Float64Array(2), hi = new Float64Array(2);
    coneBoundingBox(cone, lo, hi);
    // Exact ends 2 + 3 * 0.25 = 2.75 and 1 - 3 = -2, rounded outward by at most a few ulps.
    expect([lo[0], hi[1]]).toEqual([-Infinity, Infinity]);
    expect(lo[1]).toBeLessThanOrEqual(2.75);
    expect(lo[1]).toBeGreaterThan(2.75 - 1e-14);
    expect(hi[0]).toBeGreaterThanOrEqual(-2);
    expect(hi[0]).toBeLessThan(-2 + 1e-14);
  });
});
