// The grid-propagation TV bound against independent references: the exact Gaussian law of ULA on a
// quadratic (closed form, TV by fine quadrature), a fine dense-matrix ULA propagation for the 1-D double
// well and softplus energies, and the two constants of the per-cell lemma, which are attained in a limit.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { cellLemmaBound, cellVarianceUpper, gridPropagationBounds, invalidGrid, lemmaConstants, type GridSpec } from '../../../src/kernel/stopping/gridPropagation.js';
import type { EnergyModel } from '../../../src/kernel/model.js';
import { exactDecimal } from '../intervalReference.js';

const normalPdf = (x: number, mu: number, v: number): number => Math.exp(-((x - mu) ** 2) / (2 * v)) / Math.sqrt(2 * Math.PI * v);

/** int |p - q| by the midpoint rule on [lo, hi] with n points. */
function l1(p: (x: number) => number, q: (x: number) => number, lo: number, hi: number, n: number): number {
  const dx = (hi - lo) / n;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const x = lo + (i + 0.5) * dx;
    s += Math.abs(p(x) - q(x));
  }
  return s * dx;
}

function grid1d(lo: number, hi: number, w: number, h: number, tail: GridSpec['tail'], m = 32): GridSpec {
  return { origin: [lo], width: [w], cells: [(hi - lo) / w], subdivisions: m, window: Math.ceil((5 * Math.sqrt(2 * h)) / w), dropBelow: 1e-14, tail };
}

const expr1 = (source: string): EnergyModel => ({ kind: 'expression', dim: 1, source });

const DV = Decimal.clone({ precision: 80 });
const dv = (x: number): Decimal => new DV(exactDecimal(x).toString());

describe('cellVarianceUpper (nu(c) Var(x_i) from stored mass and moments)', () => {
  it('is at least the exact second moment about the chosen point (decimal reference) and within a few ulps of it', () => {
    // Random laws on [0, w]: mass p, first moment n1 = p mu, second n2 = p (mu^2 + v), v <= mu (w - mu).
    fc.assert(
      fc.property(fc.double({ min: 1e-9, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(1 / 16, 1 / 32, 3 / 64), (p, u, v0, w) => {
        const mu = u * w, v = v0 * mu * (w - mu);
        const n1 = p * mu, n2 = p * (mu * mu + v);
        const pw4 = (p * w * w) / 4 * (1 + 2 ** -50);
        const got = cellVarianceUpper(p, n1, n2, w, pw4);
        // The point the kernel measures about: left + o, o = n1 / p clamped into [0, w] (any o is sound).
        const o = Math.min(w, Math.max(0, n1 / p));
        const exact = dv(n2).minus(dv(o).times(2).times(dv(n1))).plus(dv(o).times(dv(o)).times(dv(p)));
        const cap = dv(pw4);
        const target = DV.min(DV.max(exact, 0), cap);
        expect(dv(got).gte(target)).toBe(true);
        // Tight: the result is the exact value rounded up by a few ulps of the terms (p w^2).
        expect(dv(got).minus(target).lte(dv(p * w * w * 2 ** -49))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('a law at one point has zero variance; any law on the cell is capped at p w^2/4', () => {
    expect(cellVarianceUpper(0.5, 0.5 * 0.01, 0.5 * 0.0001, 1 / 16, 1)).toBeLessThan(1e-18);
    // Two atoms at the ends of the cell: variance w^2/4, the cap.
    const w = 1 / 16, p = 1;
    expect(cellVarianceUpper(p, p * w / 2, (p * w * w) / 2, w, (p * w * w) / 4)).toBe((p * w * w) / 4);
  });
});

describe('per-cell lemma constants (attained as w / s -> 0)', () => {
  const h = 0.125; // s = 1/2
  const s = 0.5;
  const { c1, c2 } = lemmaConstants({ lo: h, hi: h });

  it('second order: two point masses at the ends of a cell, identity drift (h H = 0, Lip = 1)', () => {
    // rho = (delta_{-w/2} + delta_{w/2}) / 2 has variance w^2/4, the lemma's worst case; with g = id
    // the lemma's bound is c2 w^2/4. The exact L1 distance is within O((w/s)^2) relative of it.
    const w = 0.02;
    const exact = l1((x) => (normalPdf(x, -w / 2, s * s) + normalPdf(x, w / 2, s * s)) / 2, (x) => normalPdf(x, 0, s * s), -6, 6, 400_000);
    const bound = cellLemmaBound(c1, c2, 0, 0, 1, (w * w) / 4);
    expect(bound).toBeGreaterThanOrEqual(exact);
    // Tight: shrinking E|Z^2 - 1| = 4 phi(1) to 0.95 would put the bound under the exact value.
    expect(exact).toBeGreaterThan(0.99 * bound);
  });

  it('second order with the tracked variance: a uniform law on a cell costs c2 w^2/12, nearly attained', () => {
    // rho uniform on [-w/2, w/2] (variance w^2/12, a third of the worst case w^2/4), g = id.
    const w = 0.02;
    // The mixture by a 64-point midpoint rule over the cell (a law with variance w^2/12 (1 - 1/64^2)).
    const us = Array.from({ length: 64 }, (_, k) => -w / 2 + ((k + 0.5) * w) / 64);
    const mixture = (x: number): number => us.reduce((acc, u) => acc + normalPdf(x, u, s * s), 0) / 64;
    const exact = l1(mixture, (x) => normalPdf(x, 0, s * s), -6, 6, 400_000);
    const bound = cellLemmaBound(c1, c2, 0, 0, 1, (w * w) / 12);
    expect(bound).toBeGreaterThanOrEqual(exact);
    // The variance enters linearly: charging 0.98 w^2/12 would already be below the exact distance.
    expect(exact).toBeGreaterThan(0.98 * bound);
  });

  it('first order: the mean-shift constant sqrt(2/pi)/s', () => {
    const delta = 0.004;
    const exact = l1((x) => normalPdf(x, delta, s * s), (x) => normalPdf(x, 0, s * s), -6, 6, 400_000);
    expect(c1 * delta).toBeGreaterThanOrEqual(exact);
    expect(exact).toBeGreaterThan(0.999 * c1 * delta);
  });
});

describe('gridPropagationBounds, d = 1', () => {
  it('Gaussian target: certified TV >= the exact TV of the closed-form ULA law at every k, and close to it', () => {
    // f = x^2/2, rho_0 = N(2, 0.25): mu_k = N(2 a^k, a^(2k) 0.25 + (1 - a^(2k)) v), a = 1 - h, v = 2h/(1 - a^2).
    const h = 0.2, a = 1 - h, v = (2 * h) / (1 - a * a);
    const model: EnergyModel = { kind: 'quadratic', dim: 1, lambda: 1, center: [0] };
    const r = gridPropagationBounds(model, 1, { mean: 2, std: 0.5 }, { lo: h, hi: h }, 12, grid1d(-8, 8, 1 / 64, h, { boundedTerms: [], anchor: [0] }), 'all');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    for (let k = 1; k <= 12; k++) {
      const mean = 2 * a ** k, variance = a ** (2 * k) * 0.25 + (1 - a ** (2 * k)) * v;
      const tv = l1((x) => normalPdf(x, mean, variance), (x) => normalPdf(x, 0, 1), -12, 12, 200_000) / 2;
      expect(r.tv[k]!).toBeGreaterThanOrEqual(tv);
      expect(r.tv[k]! - tv).toBeLessThan(0.02);
    }
    // The chain grows: it is a sum of nonnegative step errors.
    for (let k = 1; k <= 12; k++) expect(r.chain[k]!).toBeGreaterThanOrEqual(r.chain[k - 1]!);
    // An early stop (the producer's scan) returns the same numbers up to where it stopped.
    const early = gridPropagationBounds(model, 1, { mean: 2, std: 0.5 }, { lo: h, hi: h }, 12, grid1d(-8, 8, 1 / 64, h, { boundedTerms: [], anchor: [0] }), 'all', (tv) => tv.length === 6);
    expect(early.ok && early.tv).toEqual(r.tv.slice(0, 6));
    expect(early.ok && early.chain).toEqual(r.chain.slice(0, 6));
  });

  /** ULA law by a dense transition matrix on a fine lattice (spacing 0.004): an independent reference. */
  function referenceTv(f: (x: number) => number, df: (x: number) => number, h: number, steps: number, m0: number, s0: number): number[] {
    const lo = -7, hi = 7, n = 3500, dx = (hi - lo) / n;
    const xs = Float64Array.from({ length: n }, (_, i) => lo + (i + 0.5) * dx);
    let p = Float64Array.from(xs, (x) => normalPdf(x, m0, s0 * s0));
    const pi = Float64Array.from(xs, (x) => Math.exp(-f(x)));
    const z = pi.reduce((acc, y) => acc + y, 0) * dx;
    const out: number[] = [NaN];
    const v = 2 * h;
    for (let k = 1; k <= steps; k++) {
      const q = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const g = xs[i]! - h * df(xs[i]!), wgt = p[i]! * dx;
        if (wgt === 0) continue;
        const jLo = Math.max(0, Math.floor((g - 8 * Math.sqrt(v) - lo) / dx)), jHi = Math.min(n - 1, Math.ceil((g + 8 * Math.sqrt(v) - lo) / dx));
        for (let j = jLo; j <= jHi; j++) q[j] += wgt * normalPdf(xs[j]!, g, v);
      }
      p = q;
      let t = 0;
      for (let i = 0; i < n; i++) t += Math.abs(p[i]! - pi[i]! / z);
      out.push((t * dx) / 2);
    }
    return out;
  }

  it('double well (x^2 - 1)^2: certified >= a fine reference propagation', () => {
    // (x^2-1)^2 = [(x^2 - 1.5)^2 - 1.25] + x^2: the second term is the strongly convex U of the tail evidence.
    const model: EnergyModel = { kind: 'sum', dim: 1, terms: [{ weight: 1, model: expr1('(x1^2 - 1.5)^2 - 1.25') }, { weight: 1, model: expr1('x1^2') }] };
    const h = 0.05;
    const r = gridPropagationBounds(model, 1, { mean: 0, std: 1 }, { lo: h, hi: h }, 10, grid1d(-5, 5, 1 / 128, h, { boundedTerms: [0], anchor: [0] }), 'all');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const ref = referenceTv((x) => (x * x - 1) ** 2, (x) => 4 * x * (x * x - 1), h, 10, 0, 1);
    for (let k = 1; k <= 10; k++) {
      expect(r.tv[k]!).toBeGreaterThanOrEqual(ref[k]!);
      expect(r.tv[k]!).toBeLessThan(ref[k]! + 0.03);
    }
  });

  it('softplus energy x^2/2 + 2 softplus(2x - 1): certified >= a fine reference propagation', () => {
    const model = expr1('0.5*x1^2 + 2*softplus(2*x1 - 1)');
    const h = 0.1;
    const sp = (z: number): number => (z > 30 ? z : Math.log1p(Math.exp(z)));
    const sig = (z: number): number => 1 / (1 + Math.exp(-z));
    const r = gridPropagationBounds(model, 1, { mean: 1, std: 1 }, { lo: h, hi: h }, 8, grid1d(-7, 6, 1 / 128, h, { boundedTerms: [], anchor: [0] }), 'all');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const ref = referenceTv((x) => 0.5 * x * x + 2 * sp(2 * x - 1), (x) => x + 4 * sig(2 * x - 1), h, 8, 1, 1);
    for (let k = 1; k <= 8; k++) {
      expect(r.tv[k]!).toBeGreaterThanOrEqual(ref[k]!);
      expect(r.tv[k]!).toBeLessThan(ref[k]! + 0.03);
    }
  });
});

describe('gridPropagationBounds, d = 2', () => {
  it('isotropic Gaussian: certified TV >= the exact TV (2-D quadrature) after 3 steps', () => {
    const h = 0.25, a = 1 - h, v = (2 * h) / (1 - a * a), steps = 3;
    const model: EnergyModel = { kind: 'quadratic', dim: 2, lambda: 1, center: [0, 0] };
    const w = 1 / 8;
    const grid: GridSpec = { origin: [-6, -6], width: [w, w], cells: [96, 96], subdivisions: 16, window: Math.ceil((5 * Math.sqrt(2 * h)) / w), dropBelow: 1e-12, tail: { boundedTerms: [], anchor: [0, 0] } };
    const r = gridPropagationBounds(model, 1, { mean: 1, std: 1 }, { lo: h, hi: h }, steps, grid, 'last');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const mean = a ** steps, variance = a ** (2 * steps) + (1 - a ** (2 * steps)) * v;
    let s = 0;
    const n = 600, dx = 16 / n;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      const x = -8 + (i + 0.5) * dx, y = -8 + (j + 0.5) * dx;
      s += Math.abs(normalPdf(x, mean, variance) * normalPdf(y, mean, variance) - normalPdf(x, 0, 1) * normalPdf(y, 0, 1));
    }
    const tv = (s * dx * dx) / 2;
    expect(r.tv[steps]!).toBeGreaterThanOrEqual(tv);
    expect(r.tv[steps]!).toBeLessThan(tv + 0.1);
    expect(Number.isNaN(r.tv[1]!)).toBe(true); // 'last' evaluates only k = steps
  });
});

describe('invalidGrid', () => {
  const ok: GridSpec = { origin: [-4], width: [1 / 16], cells: [128], subdivisions: 8, window: 10, dropBelow: 0, tail: { boundedTerms: [], anchor: [0] } };
  it('accepts a dyadic grid and refuses d = 3, non-dyadic widths, bad subdivisions and windows', () => {
    expect(invalidGrid(ok, 1)).toBeUndefined();
    expect(invalidGrid(ok, 3)).toMatch(/d = 1 and d = 2/);
    expect(invalidGrid({ ...ok, width: [0.1] }, 1)).toMatch(/multiples of 2\^-30/);
    expect(invalidGrid({ ...ok, subdivisions: 12 }, 1)).toMatch(/power of two/);
    expect(invalidGrid({ ...ok, window: 0 }, 1)).toMatch(/window/);
    expect(invalidGrid({ ...ok, cells: [1e5] }, 1)).toMatch(/within \|x\|/);
    expect(invalidGrid({ ...ok, origin: [-4, 0] }, 1)).toMatch(/origin must list 1/);
  });

  it('a tail decomposition needs a bump (expression or null) and a list of cover boxes', () => {
    const cover = [[{ lo: -Infinity, hi: Infinity }]];
    expect(invalidGrid({ ...ok, tail: { ...ok.tail, decomposition: { bump: null, cover } } }, 1)).toBeUndefined();
    expect(invalidGrid({ ...ok, tail: { ...ok.tail, decomposition: { bump: '0.1*tanh(x1)', cover } } }, 1)).toBeUndefined();
    const bad = (decomposition: unknown) => invalidGrid({ ...ok, tail: { ...ok.tail, decomposition } } as GridSpec, 1);
    expect(bad(null)).toMatch(/decomposition must give bump/);
    expect(bad({ bump: 3, cover })).toMatch(/decomposition must give bump/);
    expect(bad({ bump: null })).toMatch(/decomposition must give bump/);
    expect(bad('cover')).toMatch(/decomposition must give bump/);
  });
});
