import { describe, expect, it } from 'vitest';
import type { EnergyModel, MlpLayer } from '../../../src/kernel/model.js';
import type { Box } from '../../../src/kernel/box.js';
import { checkTailBound } from '../../../src/kernel/integration/tails.js';
import { checkBisectionPartition, checkIntegralEvidence, checkMeanNll, checkRegionMass } from '../../../src/kernel/integration/evidence.js';
import { integrate } from '../../../src/audit/integrate.js';
import { D, gaussianSegment, type Dec } from './reference.js';

const R = Infinity;
const whole = (d: number): Box => Array.from({ length: d }, () => ({ lo: -R, hi: R }));

function inside(i: { lo: number; hi: number }, ref: Dec | number, what: string): void {
  const r = typeof ref === 'number' ? new D(ref) : ref;
  expect(new D(i.lo).lte(r) && r.lte(i.hi), `${what}: ${r.toNumber()} not in [${i.lo}, ${i.hi}]`).toBe(true);
}

// A correlated Gaussian: f = (1/2) x^T A x / T, Z = (2 pi T)^(d/2) / sqrt(det A).
const corr: EnergyModel = { kind: 'expression', dim: 2, source: '0.5*(2*x1^2 + 2*x1*x2 + 3*x2^2) + x1' };

describe('tail bound from a certified quadratic minorant', () => {
  it('bounds the Gaussian mass outside a box, within the union-bound and Mills factors', () => {
    // f = (x1^2 + x2^2) / 2 / T, inner box [-1.5, 2] x [-1, 1]: exact outside mass from erf.
    const g: EnergyModel = { kind: 'expression', dim: 2, source: '0.5*(x1^2 + x2^2)' };
    for (const T of [1, 0.25]) {
      const inner: Box = [{ lo: -1.5, hi: 2 }, { lo: -1, hi: 1 }];
      const t = checkTailBound(g, T, { inner, boundedTerms: [], anchor: [0.3, -0.2] }, 0);
      expect(t.ok).toBe(true);
      if (!t.ok) return;
      const a = 1 / T;
      const total = gaussianSegment(a, 0, -Infinity, Infinity).pow(2);
      const innerMass = gaussianSegment(a, 0, -1.5, 2).times(gaussianSegment(a, 0, -1, 1));
      const out = total.minus(innerMass);
      expect(out.lte(t.value.upper)).toBe(true);
      expect(new D(t.value.upper).div(out).toNumber()).toBeLessThan(3); // a 3x looser bound means a bug
    }
  });
  it('stays finite where exp(-(w + A - s)) overflows and the Gaussian factor underflows (log space)', () => {
    // f = |x|^2 / 2, shift s = 800 (e^s overflows), inner box [-45, 45]^2: the outside mass times e^s
    // is e^800 (2 pi) P(max |X_i| > 45), about 1e-93; the 120-digit reference uses erf.
    const g: EnergyModel = { kind: 'expression', dim: 2, source: '0.5*(x1^2 + x2^2)' };
    const inner: Box = [{ lo: -45, hi: 45 }, { lo: -45, hi: 45 }];
    const t = checkTailBound(g, 1, { inner, boundedTerms: [], anchor: [0, 0] }, 800);
    expect(t.ok).toBe(true);
    if (!t.ok) return;
    // Q(45) ~ 1e-442 is below erf's 120 digits: Mills' two-sided bound phi(t) t/(1+t^2) <= Q(t) <= phi(t)/t.
    const phi = new D(-1012.5).exp().div(D.acos(-1).times(2).sqrt());
    const qLo = phi.times(45).div(1 + 45 * 45);
    const qHi = phi.div(45);
    // P(max |X_i| > 45) = 1 - (1 - 2Q)^2 = 4Q - 4Q^2 >= 4 qLo - 4 qHi^2.
    const exact = new D(800).exp().times(D.acos(-1).times(2)).times(qLo.times(4).minus(qHi.pow(2).times(4)));
    expect(Number.isFinite(t.value.upper)).toBe(true);
    expect(exact.lte(t.value.upper)).toBe(true);
    expect(new D(t.value.upper).div(exact).toNumber()).toBeLessThan(1.01); // Mills at t = 45 is tight
  });

  it('refuses a model without strong convexity, and bad term indices', () => {
    const well: EnergyModel = { kind: 'expression', dim: 1, source: '(x1^2 - 1)^2' };
    expect(checkTailBound(well, 1, { inner: [{ lo: -2, hi: 2 }], boundedTerms: [], anchor: [0] }, 0).ok).toBe(false);
    const g: EnergyModel = { kind: 'expression', dim: 1, source: 'x1^2' };
    expect(checkTailBound(g, 1, { inner: [{ lo: -2, hi: 2 }], boundedTerms: [3], anchor: [0] }, 0).ok).toBe(false);
    expect(checkTailBound(g, 1, { inner: [{ lo: -2, hi: Infinity }], boundedTerms: [], anchor: [0] }, 0).ok).toBe(false);
  });
});

describe('checkBisectionPartition', () => {
  const B: Box = [{ lo: -1, hi: 1 }, { lo: -1, hi: 1 }];
  const q = (a: number, b: number, c: number, d: number): Box => [{ lo: a, hi: b }, { lo: c, hi: d }];
  const leaves = [q(-1, 0, -1, 0), q(-1, 0, 0, 1), q(0, 1, -1, 1)];
  it('accepts the leaves of a bisection in any order', () => {
    expect(checkBisectionPartition(B, leaves)).toBeUndefined();
    expect(checkBisectionPartition(B, [...leaves].reverse())).toBeUndefined();
  });
  it('refuses a gap, an overlap, a duplicate and a box outside', () => {
    expect(checkBisectionPartition(B, leaves.slice(1))).toMatch(/uncovered|not the leaves/);
    expect(checkBisectionPartition(B, [...leaves, q(-0.5, 0.5, -0.5, 0.5)])).toBeDefined();
    expect(checkBisectionPartition(B, [...leaves, leaves[0]!])).toBeDefined();
    expect(checkBisectionPartition(B, [q(-1, 0, -1, 0), q(-1, 0, 0, 1), q(0, 2, -1, 1)])).toBeDefined();
  });
});

describe('ln Z, pi(A) and NLL brackets for Gaussians (closed forms in 120 digits)', () => {
  it('a correlated 2D Gaussian with a linear term: ln Z, half-plane and box masses, NLL', () => {
    const T = 0.5;
    const r = integrate(corr, T, { tolerance: 0.002, regions: [[[{ lo: -Infinity, hi: -0.2 }, { lo: -Infinity, hi: Infinity }]]], massTolerance: 0.002 });
    // A = [[2,1],[1,3]] / T, b = (1, 0) / T: Z = 2 pi / sqrt(det A) exp(b^T A^-1 b / 2)
    const det = new D(5).div(T * T);
    const bAb = new D(3).div(5).div(T); // (1/T)^2 * (A0^-1)_11 * T = (3/5) / T
    const Z = D.acos(-1).times(2).div(det.sqrt()).times(bAb.div(2).exp());
    inside(r.bracket.logZ, Z.ln(), 'ln Z');
    expect(r.bracket.logZ.hi - r.bracket.logZ.lo).toBeLessThan(0.01);
    // Marginal of x1: N(mu1, s1^2), mu = -A0^-1 (1,0) = -(3/5, -1/5), s1^2 = T * 3/5.
    const s1 = new D(T * 0.6).sqrt();
    const p = gaussianSegment(1, 0, -Infinity, new D(-0.2 + 0.6).div(s1).toNumber()).div(D.acos(-1).times(2).sqrt());
    inside(r.regions[0]!.mass, p, 'pi(x1 <= -0.2)');
    expect(r.regions[0]!.mass.hi - r.regions[0]!.mass.lo).toBeLessThan(0.01);
    // NLL of two points: mean f + ln Z.
    const pts: Box[] = [[{ lo: 0, hi: 0 }, { lo: 0, hi: 0 }], [{ lo: 1, hi: 1 }, { lo: -1, hi: -1 }]];
    const nll = checkMeanNll(corr, T, pts, r.bracket.logZ);
    expect(nll.ok).toBe(true);
    if (!nll.ok) return;
    const meanF = new D(0).plus(new D(0.5 * (2 - 2 + 3) + 1).div(T)).div(2);
    inside(nll.value, meanF.plus(Z.ln()), 'NLL');
  });

  it('regions whose faces cut leaves (one box, and a union of two boxes meeting inside leaves) against erf products', () => {
    const g: EnergyModel = { kind: 'expression', dim: 2, source: '0.5*(x1^2 + 2*(x2 - 0.1)^2)' };
    const r = integrate(g, 1, { tolerance: 0.003 });
    const px = (l: number, h: number) => gaussianSegment(1, 0, l, h).div(D.acos(-1).times(2).sqrt());
    const py = (l: number, h: number) => gaussianSegment(2, 0.1, l, h).div(D.acos(-1).div(1).sqrt());
    const one: Box[] = [[{ lo: 0.3, hi: 1.7 }, { lo: -0.45, hi: 2.2 }]];
    const union: Box[] = [[{ lo: -0.7, hi: 0.3 }, { lo: -0.45, hi: 0.33 }], [{ lo: 0.3, hi: 1.3 }, { lo: -0.45, hi: 0.33 }]];
    const m1 = checkRegionMass(g, 1, r.evidence.boxes, r.bracket, one);
    const m2 = checkRegionMass(g, 1, r.evidence.boxes, r.bracket, union);
    expect(m1.ok && m2.ok).toBe(true);
    if (!m1.ok || !m2.ok) return;
    inside(m1.value.mass, px(0.3, 1.7).times(py(-0.45, 2.2)), 'pi(one box)');
    inside(m2.value.mass, px(-0.7, 1.3).times(py(-0.45, 0.33)), 'pi(union)');
    expect(m1.value.mass.hi - m1.value.mass.lo).toBeLessThan(0.02);
    expect(m2.value.mass.hi - m2.value.mass.lo).toBeLessThan(0.03);
  });

  it('3D separable Gaussian, and tampered evidence is refused', () => {
    const g3: EnergyModel = { kind: 'expression', dim: 3, source: '0.5*(x1^2 + 2*x2^2 + 4*(x3-0.5)^2)' };
    const r = integrate(g3, 1, { tolerance: 0.01 });
    const Z = D.acos(-1).times(2).pow(1.5).div(new D(8).sqrt());
    inside(r.bracket.logZ, Z.ln(), 'ln Z');
    expect(r.bracket.logZ.hi - r.bracket.logZ.lo).toBeLessThan(0.03);
    const ev = r.evidence;
    const again = checkIntegralEvidence(g3, 1, ev.boxes, ev.tails, ev.shift);
    expect(again.ok && again.value.logZ.lo === r.bracket.logZ.lo && again.value.logZ.hi === r.bracket.logZ.hi).toBe(true);
    expect(checkIntegralEvidence(g3, 1, ev.boxes.slice(1), ev.tails, ev.shift).ok).toBe(false);
    expect(checkIntegralEvidence(g3, 1, ev.boxes, { ...ev.tails, inner: ev.tails.inner.map((c) => ({ lo: c.lo, hi: 2 * c.hi })) }, ev.shift).ok).toBe(false);
    // Region with two boxes (a union), checked against the product of erf differences.
    const region: Box[] = [
      [{ lo: 0, hi: Infinity }, { lo: -Infinity, hi: Infinity }, { lo: -Infinity, hi: 0.5 }],
      [{ lo: -Infinity, hi: 0 }, { lo: 0, hi: Infinity }, { lo: -Infinity, hi: Infinity }],
    ];
    const m = checkRegionMass(g3, 1, ev.boxes, r.bracket, region);
    expect(m.ok).toBe(true);
    if (m.ok) inside(m.value.mass, 0.25 + 0.25, 'pi(union)');
    expect(checkRegionMass(g3, 1, ev.boxes, r.bracket, [region[0]!, region[0]!]).ok).toBe(false); // overlapping union
    // A bracket is only used with its own model, temperature and leaves.
    expect(checkRegionMass(g3, 2, ev.boxes, r.bracket, region).ok).toBe(false);
    expect(checkRegionMass({ ...g3 }, 1, ev.boxes, r.bracket, region).ok).toBe(false);
    expect(checkRegionMass(g3, 1, [...ev.boxes].reverse(), r.bracket, region).ok).toBe(false);
  });
});

// A small network with a regularizer: f = (net(x) + 0.5 |x|^2) / T, net 2 -> 6 -> 1 tanh.
function smallNetwork(): { model: EnergyModel; value: (x: number, y: number) => number } {
  const w1 = [1.3, -0.7, 0.4, 1.1, -1.5, 0.2, 0.9, 0.9, -0.3, -1.2, 0.8, 1.6];
  const b1 = [0.1, -0.2, 0.3, 0, 0.5, -0.4];
  const w2 = [1.2, -0.8, 1.5, 0.6, -1.1, 0.9];
  const b2 = [0.05];
  const layers: MlpLayer[] = [
    { inDim: 2, outDim: 6, weight: Float64Array.from(w1), bias: Float64Array.from(b1), activation: 'tanh' },
    { inDim: 6, outDim: 1, weight: Float64Array.from(w2), bias: Float64Array.from(b2), activation: 'identity' },
  ];
  const model: EnergyModel = { kind: 'sum', dim: 2, terms: [{ weight: 1, model: { kind: 'mlp', dim: 2, layers } }, { weight: 1, model: { kind: 'quadratic', dim: 2, lambda: 1, center: [0, 0] } }] };
  const value = (x: number, y: number): number => {
    let s = b2[0]!;
    for (let j = 0; j < 6; j++) s += w2[j]! * Math.tanh(w1[2 * j]! * x + w1[2 * j + 1]! * y + b1[j]!);
    return s + 0.5 * (x * x + y * y);
  };
  return { model, value };
}

/** Midpoint rule on [-L, L]^2 with n^2 cells, mass of x1 < 0 and of the box [0,1] x [0,1] too. */
function quadrature(value: (x: number, y: number) => number, T: number, L: number, n: number, shift: number): { z: number; left: number; square: number } {
  const h = (2 * L) / n;
  let z = 0, left = 0, square = 0;
  for (let i = 0; i < n; i++) {
    const x = -L + (i + 0.5) * h;
    for (let j = 0; j < n; j++) {
      const y = -L + (j + 0.5) * h;
      const w = Math.exp(-(value(x, y) / T - shift));
      z += w;
      if (x < 0) left += w;
      if (x > 0 && x < 1 && y > 0 && y < 1) square += w;
    }
  }
  return { z: z * h * h, left: left / z, square: square / z };
}

describe('a small tanh network with a regularizer against high-resolution float quadrature', () => {
  it('the tail bound (W = the network, U = the regularizer) is above the quadrature of the mass outside a small box', () => {
    const { model, value } = smallNetwork();
    const T = 1;
    const inner: Box = [{ lo: -1, hi: 1.5 }, { lo: -0.5, hi: 1 }];
    const t = checkTailBound(model, T, { inner, boundedTerms: [0], anchor: [0, 0] }, 0);
    expect(t.ok).toBe(true);
    if (!t.ok) return;
    expect(t.value.m).toBeCloseTo(1, 12);
    expect(t.value.m).toBeLessThanOrEqual(1);
    // Midpoint rule over [-10, 10]^2 minus the inner box (cells of 0.01 align with its faces).
    const h = 0.01;
    let out = 0;
    for (let i = 0; i < 2000; i++)
      for (let j = 0; j < 2000; j++) {
        const x = -10 + (i + 0.5) * h, y = -10 + (j + 0.5) * h;
        if (x > -1 && x < 1.5 && y > -0.5 && y < 1) continue;
        out += Math.exp(-value(x, y) / T);
      }
    out *= h * h;
    expect(out).toBeGreaterThan(1); // a real tail, not a negligible one
    expect(t.value.upper).toBeGreaterThanOrEqual(out * (1 + 1e-3));
  });

  it('ln Z and two region masses contain the quadrature values; the tail uses W = the network', () => {
    const { model, value } = smallNetwork();
    const T = 0.5;
    const regions: Box[][] = [[[{ lo: -Infinity, hi: 0 }, { lo: -Infinity, hi: Infinity }]], [[{ lo: 0, hi: 1 }, { lo: 0, hi: 1 }]]];
    const r = integrate(model, T, { tolerance: 0.002, regions, massTolerance: 0.002 });
    expect(r.evidence.tails.boundedTerms).toEqual([0]);
    expect(r.bracket.tail.m).toBeCloseTo(2, 10);
    const s = r.evidence.shift;
    // L = 8: beyond it exp(-|x|^2) < e^-60 relative. n = 1600 and 3200 (cells of 0.01 and 0.005)
    // agree to far below the bracket widths, so the quadrature is a valid reference here.
    const q1 = quadrature(value, T, 8, 1600, s);
    const q2 = quadrature(value, T, 8, 3200, s);
    const lnZ1 = Math.log(q1.z) - s, lnZ2 = Math.log(q2.z) - s;
    const w = r.bracket.logZ.hi - r.bracket.logZ.lo;
    expect(Math.abs(lnZ2 - lnZ1)).toBeLessThan(w / 20);
    inside(r.bracket.logZ, lnZ2, 'ln Z');
    expect(w).toBeLessThan(0.02);
    inside(r.regions[0]!.mass, q2.left, 'pi(x1 < 0)');
    inside(r.regions[1]!.mass, q2.square, 'pi([0,1]^2)');
    for (const m of r.regions) expect(m.mass.hi - m.mass.lo).toBeLessThan(0.006);
  });
});
