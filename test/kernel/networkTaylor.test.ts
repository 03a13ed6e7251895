import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { compileNetworkEnclosure, createFlatEnclosure, triIndex, type FlatEnclosure } from '../../src/kernel/network.js';
import { withCenteredForms } from '../../src/kernel/networkCentered.js';
import {
  affineCompose,
  affineProduct,
  compileNetworkTaylorEnclosure,
  createAffineForm,
  withTaylorModels,
  type AffineForm,
} from '../../src/kernel/networkTaylor.js';
import { sigmoidFourth, tanhFourth } from '../../src/kernel/networkActivationsFourth.js';
import type { MlpLayer } from '../../src/kernel/model.js';
import { createRng } from '../../src/random/rng.js';
import { boxArb, networkArb, type NetSpec } from './networkArbitraries.js';
import { dec, outside, referenceActivation, referenceMlp } from './networkReference.js';

const D = Decimal.clone({ precision: 60 });

function form(c: number, g: number[], r: number): AffineForm {
  const f = createAffineForm(g.length);
  f.c = c; f.r = r; f.g.set(g);
  return f;
}

/** exact - (c + g . delta) in 60 digits: what the remainder r must cover. */
function residual(exact: Decimal, f: AffineForm, delta: number[]): Decimal {
  let lin = dec(f.c);
  delta.forEach((x, a) => { lin = lin.plus(dec(f.g[a]!).times(dec(x))); });
  return exact.minus(lin).abs();
}

describe('affine-form primitives: the remainders are attained (a remainder a hair smaller fails)', () => {
  it('product: (2 + d0 + eA)(3 + 2 d1 + eB) at d = (1, 1), eA = 0.5, eB = 0.25 needs remainder 5.375', () => {
    const rho = Float64Array.of(1, 1);
    const A = form(2, [1, 0], 0.5), B = form(3, [0, 2], 0.25), out = createAffineForm(2);
    affineProduct(A, B, rho, out);
    const exact = new D(2 + 1 + 0.5).times(3 + 2 + 0.25);
    const need = residual(exact, out, [1, 1]);
    expect(need.toNumber()).toBe(5.375);
    expect(dec(out.r).gte(need)).toBe(true);
    expect(out.r).toBeLessThan(5.375 * (1 + 1e-14));
  });

  it('product of forms with no remainder: d0 * d0 on |d0| <= 1 needs remainder 1 (the lA lB term)', () => {
    const rho = Float64Array.of(1, 1), out = createAffineForm(2);
    affineProduct(form(0, [1, 0], 0), form(0, [1, 0], 0), rho, out);
    expect(dec(out.r).gte(residual(new D(1), out, [1, 0]))).toBe(true);
    expect(out.r).toBeLessThan(1 + 1e-14);
  });

  it('compose, Taylor remainder: phi = +-z^2 on z = 1 + d0 + e, |e| <= 0.5: the one-sided quadratic term moves into the centre, 2.125 is needed at d0 = 1, e = 0.5', () => {
    const rho = Float64Array.of(1, 1), z = form(1, [1, 0], 0.5);
    for (const sign of [1, -1]) {
      const out = createAffineForm(2);
      // dist = 1.5 bounds |z - 1|; phi(1) = +-1, phi'(1) = +-2, phi' in +-[-1, 5] and phi'' = +-2 on the hull [-0.5, 2.5].
      const iv = (a: number, b: number) => (sign > 0 ? { lo: a, hi: b } : { lo: -b, hi: -a });
      affineCompose(z, 1.5, { valueAtC: iv(1, 1), slopeAtC: iv(2, 2), slopeOnHull: iv(-1, 5), curvatureOnHull: iv(2, 2) }, rho, out);
      // phi(z) - phi(1) - phi'(1)(z - 1) = +-(z - 1)^2 in +-[0, 2.25]: centre shifted by +-1.125, remainder 1.125 + |s| e = 2.125.
      expect(out.c).toBeCloseTo(sign * 2.125, 12);
      const need = residual(new D(2.5).times(2.5).times(sign), out, [1, 0]);
      expect(need.toNumber()).toBeCloseTo(2.125, 12);
      expect(dec(out.r).gte(need)).toBe(true);
      expect(out.r).toBeLessThan(2.125 * (1 + 1e-14));
      // ... and the other end of the quadratic term (z = c): residual 1.125 + 1 (the |s| e term at e = -0.5).
      expect(dec(out.r).gte(residual(new D(sign), out, [0.5, 0]))).toBe(true);
    }
  });

  it('compose with a curvature enclosure of either sign: phi = z^3 - z, random forms, contains the exact value', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }),
        (c, g, r, t, u) => {
          const rho = Float64Array.of(1);
          const z = form(c, [g], r), out = createAffineForm(1);
          const dist = Math.abs(g) + r + 1e-12;
          const phi = (x: Decimal): Decimal => x.pow(3).minus(x);
          const lo = c - dist, hi = c + dist;
          const m2 = Math.max(lo * lo, hi * hi), mn = lo <= 0 && hi >= 0 ? 0 : Math.min(lo * lo, hi * hi);
          const v = phi(dec(c)).toNumber(), s = 3 * c * c - 1;
          // phi'' = 6z on [lo, hi], widened outward.
          affineCompose(z, dist, { valueAtC: { lo: v - 1e-12, hi: v + 1e-12 }, slopeAtC: { lo: s - 1e-12, hi: s + 1e-12 }, slopeOnHull: { lo: 3 * mn - 1 - 1e-9, hi: 3 * m2 - 1 + 1e-9 }, curvatureOnHull: { lo: 6 * lo - 1e-9, hi: 6 * hi + 1e-9 } }, rho, out);
          const x = dec(c).plus(dec(g).times(dec(t))).plus(dec(r).times(dec(u)));
          expect(dec(out.r).gte(residual(phi(x), out, [t]))).toBe(true);
        },
      ),
      { numRuns: 300, seed: 70 },
    );
  });

  it('compose, mean-value remainder only (no curvature): phi = z^3 - z, random forms, contains the exact value', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }),
        (c, g, r, t, u) => {
          const rho = Float64Array.of(1);
          const z = form(c, [g], r), out = createAffineForm(1);
          const dist = Math.abs(g) + r + 1e-12;
          const phi = (x: Decimal): Decimal => x.pow(3).minus(x);
          const lo = c - dist, hi = c + dist;
          // phi' = 3 z^2 - 1 over [lo, hi] (generous outward margins: any enclosure is valid).
          const m2 = Math.max(lo * lo, hi * hi), mn = lo <= 0 && hi >= 0 ? 0 : Math.min(lo * lo, hi * hi);
          const v = phi(dec(c)).toNumber(), s = 3 * c * c - 1;
          affineCompose(z, dist, { valueAtC: { lo: v - 1e-12, hi: v + 1e-12 }, slopeAtC: { lo: s - 1e-12, hi: s + 1e-12 }, slopeOnHull: { lo: 3 * mn - 1 - 1e-9, hi: 3 * m2 - 1 + 1e-9 }, curvatureOnHull: null }, rho, out);
          const x = dec(c).plus(dec(g).times(dec(t))).plus(dec(r).times(dec(u)));
          expect(dec(out.r).gte(residual(phi(x), out, [t]))).toBe(true);
        },
      ),
      { numRuns: 300, seed: 71 },
    );
  });
});

/** tanh'''' = 8 t s (3s - 1) in 60 digits from the reference's t = tanh and s = tanh'; sigmoid''''(z) = tanh''''(z/2) / 32. */
function fourthReference(act: 'tanh' | 'sigmoid', z: number): Decimal {
  const x = act === 'tanh' ? dec(z) : dec(z).div(2);
  const { v: t, d1: s } = referenceActivation('tanh', x as never) as unknown as { v: Decimal; d1: Decimal };
  const f = t.times(s).times(8).times(s.times(3).minus(1));
  return act === 'tanh' ? f : f.div(32);
}

describe('fourth derivatives of tanh and sigmoid (60-digit reference)', () => {
  it("the closed form 8 t s (3s - 1) is the derivative of the reference's tanh''' (central differences)", () => {
    const h = new D('1e-25');
    for (const z of [-3.7, -0.9, -0.2, 0.05, 0.6584789, 1.1, 2.5]) {
      const d3 = (u: Decimal): Decimal => referenceActivation('tanh', u as never).d3 as unknown as Decimal;
      const diff = d3(dec(z).plus(h)).minus(d3(dec(z).minus(h))).div(h.times(2));
      expect(diff.minus(fourthReference('tanh', z)).abs().toNumber()).toBeLessThan(1e-30);
    }
  });

  it('random intervals and points: the exact fourth derivative at points inside lies in the enclosure', () => {
    fc.assert(
      fc.property(fc.double({ min: -6, max: 6, noNaN: true }), fc.double({ min: 0, max: 3, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (a, w, t) => {
        for (const [act, f] of [['tanh', tanhFourth], ['sigmoid', sigmoidFourth]] as const) {
          const r = f(a, a + w);
          const x = Math.min(a + w, a + t * w);
          const bad = outside(`${act}''''(${x}) on [${a}, ${a + w}]`, fourthReference(act, x) as never, r.lo, r.hi);
          if (bad) throw new Error(bad);
          const p = f(x, x);
          const badPoint = outside(`${act}''''(${x})`, fourthReference(act, x) as never, p.lo, p.hi);
          if (badPoint) throw new Error(badPoint);
        }
      }),
      { numRuns: 300, seed: 72 },
    );
  });
});

function enclose(fn: (lo: Float64Array, hi: Float64Array, out: FlatEnclosure) => unknown, d: number, lo: number[], hi: number[]): FlatEnclosure {
  const e = createFlatEnclosure(d);
  fn(Float64Array.from(lo), Float64Array.from(hi), e);
  return e;
}

function violations(net: NetSpec, x: number[], e: FlatEnclosure): string[] {
  const ref = referenceMlp(net.layers, x, false);
  const d = net.dim;
  const out: (string | null)[] = [outside('value', ref.value, e.valueLo, e.valueHi)];
  for (let a = 0; a < d; a++) out.push(outside(`gradient[${a}]`, ref.gradient[a]!, e.gradLo[a]!, e.gradHi[a]!));
  for (let a = 0; a < d; a++) for (let b = 0; b < d; b++)
    out.push(outside(`hessian[${a}][${b}]`, ref.hessian[a]![b]!, e.hessLo[triIndex(d, a, b)]!, e.hessHi[triIndex(d, a, b)]!));
  return out.filter((s): s is string => s !== null);
}

describe('network Taylor models (60-digit reference)', () => {
  it('random smooth networks, random boxes: value, gradient and Hessian at points inside lie in the Taylor enclosure', () => {
    fc.assert(
      fc.property(networkArb(undefined, 2).chain((net) => fc.tuple(fc.constant(net), boxArb(net.dim))), ([net, box]) => {
        const taylor = compileNetworkTaylorEnclosure(net.dim, net.layers);
        const e = createFlatEnclosure(net.dim);
        const radius = taylor(Float64Array.from(box.lo), Float64Array.from(box.hi), e);
        const bounded = box.lo.every(Number.isFinite) && box.hi.every(Number.isFinite);
        if (!bounded) { expect(radius).toBe(Infinity); return; }
        if (radius === Infinity) return;
        for (const x of box.points) {
          const bad = violations(net, x, e);
          if (bad.length > 0) throw new Error(`at x = ${JSON.stringify(x)} in box lo=${box.lo} hi=${box.hi}: ${bad.join('; ')}`);
        }
      }),
      { numRuns: 40, seed: 73 },
    );
  });

  it('withTaylorModels (what compileModelEnclosure uses) contains the exact derivatives, also on unbounded boxes', () => {
    fc.assert(
      fc.property(networkArb(undefined, 2).chain((net) => fc.tuple(fc.constant(net), boxArb(net.dim))), ([net, box]) => {
        const fn = withTaylorModels(net.dim, withCenteredForms(net.dim, compileNetworkEnclosure(net.dim, net.layers)), compileNetworkTaylorEnclosure(net.dim, net.layers));
        const e = enclose(fn, net.dim, box.lo, box.hi);
        for (const x of box.points) {
          const bad = violations(net, x, e);
          if (bad.length > 0) throw new Error(`at x = ${JSON.stringify(x)} in box lo=${box.lo} hi=${box.hi}: ${bad.join('; ')}`);
        }
      }),
      { numRuns: 30, seed: 74 },
    );
  });

  it('relu networks are refused', () => {
    const layer: MlpLayer = { inDim: 1, outDim: 1, weight: Float64Array.of(1), bias: Float64Array.of(0), activation: 'relu' };
    const out: MlpLayer = { inDim: 1, outDim: 1, weight: Float64Array.of(1), bias: Float64Array.of(0), activation: 'identity' };
    expect(() => compileNetworkTaylorEnclosure(1, [layer, out])).toThrow(/relu/);
  });
});

describe('Taylor models on a wide tanh network: tighter Hessians than the centered interval form', () => {
  it('2 -> 32 x 2 tanh, boxes of width 0.05: Hessian widths at most 0.8 x those of the centered form with T', () => {
    const rng = createRng(14);
    const widths = [2, 32, 32, 1];
    const layers: MlpLayer[] = widths.slice(1).map((outDim, i) => ({
      inDim: widths[i]!, outDim,
      weight: Float64Array.from({ length: widths[i]! * outDim }, () => rng.normal() / Math.sqrt(widths[i]!)),
      bias: Float64Array.from({ length: outDim }, () => 0.1 * rng.normal()),
      activation: i + 2 < widths.length ? 'tanh' : 'identity',
    }));
    const centered = withCenteredForms(2, compileNetworkEnclosure(2, layers), compileNetworkEnclosure(2, layers, { thirdOrder: true }));
    const taylor = compileNetworkTaylorEnclosure(2, layers);
    for (const [cx, cy] of [[0.3, -0.4], [-1, 1.2], [1.5, 0.5]]) {
      const lo = [cx! - 0.025, cy! - 0.025], hi = [cx! + 0.025, cy! + 0.025];
      const c = enclose(centered, 2, lo, hi), t = enclose(taylor, 2, lo, hi);
      for (let k = 0; k < 3; k++) expect(t.hessHi[k]! - t.hessLo[k]!).toBeLessThan(0.8 * (c.hessHi[k]! - c.hessLo[k]!));
    }
  });
});
