// encloseGaussianPreconditionedUlaKl (computed in y = C^-1 x) against a 60-digit reference computed
// independently in x: mu' = mu - hP(A mu + b), S' = (I - hPA) S (I - hPA)^T + 2hP, then the Gaussian KL
// to N(x*, A^-1). Agreement also checks the transfer theorem's KL invariance numerically.
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { point } from '../../../src/kernel/interval.js';
import { encloseGaussianUlaKl } from '../../../src/kernel/stopping/gaussianUla.js';
import { encloseGaussianPreconditionedUlaKl, lowerTriangularInverse, symmetricPower } from '../../../src/kernel/stopping/gaussianUlaPreconditioned.js';
import { checkStoppingRoute } from '../../../src/kernel/stopping/check.js';
import { ROUTE_THEOREMS } from '../../../src/kernel/stopping/types.js';
import { exactDecimalString } from '../../certify/stopping/exactDecimal.js';

const D = Decimal.clone({ precision: 60 });
const dec = (x: number): Decimal => new D(exactDecimalString(x));
type M = Decimal[][];
const mul = (a: M, b: M): M => [0, 1].map((i) => [0, 1].map((j) => a[i]![0]!.times(b[0]![j]!).plus(a[i]![1]!.times(b[1]![j]!))));
const tr = (a: M): M => [[a[0]![0]!, a[1]![0]!], [a[0]![1]!, a[1]![1]!]];
const det = (a: M): Decimal => a[0]![0]!.times(a[1]![1]!).minus(a[0]![1]!.times(a[1]![0]!));

function referenceKl(a: number[][], b: number[], c: number[][], init: { mean: number; std: number }, h: number, steps: number): Decimal {
  const A = a.map((r) => r.map(dec));
  const C = c.map((r) => r.map(dec));
  const P = mul(C, tr(C));
  const H = dec(h);
  const bb = b.map(dec);
  let mu = [dec(init.mean), dec(init.mean)];
  const s2 = dec(init.std).pow(2);
  let S: M = [[s2, new D(0)], [new D(0), s2]];
  const K = mul(P, A).map((row, i) => row.map((x, j) => (i === j ? new D(1) : new D(0)).minus(H.times(x))));
  for (let k = 0; k < steps; k++) {
    const g = [0, 1].map((i) => A[i]![0]!.times(mu[0]!).plus(A[i]![1]!.times(mu[1]!)).plus(bb[i]!));
    mu = [0, 1].map((i) => mu[i]!.minus(H.times(P[i]![0]!.times(g[0]!).plus(P[i]![1]!.times(g[1]!)))));
    S = mul(mul(K, S), tr(K)).map((row, i) => row.map((x, j) => x.plus(H.times(2).times(P[i]![j]!))));
  }
  // x* = -A^-1 b
  const dA = det(A);
  const xs = [bb[1]!.times(A[0]![1]!).minus(bb[0]!.times(A[1]![1]!)).div(dA), bb[0]!.times(A[1]![0]!).minus(bb[1]!.times(A[0]![0]!)).div(dA)];
  const e = [mu[0]!.minus(xs[0]!), mu[1]!.minus(xs[1]!)];
  const AS = mul(A, S);
  const trace = AS[0]![0]!.plus(AS[1]![1]!);
  const quad = [0, 1].reduce((s, i) => s.plus([0, 1].reduce((t, j) => t.plus(e[i]!.times(A[i]![j]!).times(e[j]!)), new D(0))), new D(0));
  return trace.plus(quad).minus(2).minus(dA.ln()).minus(det(S).ln()).div(2);
}

const quadratic = (a: number[][], b: number[]) => ({ hessian: a.map((r) => r.map(point)), gradientAtOrigin: b.map(point) });

describe('encloseGaussianPreconditionedUlaKl', () => {
  const a = [[1, 3], [3, 100]];
  const b = [0.7, -2.5];
  const init = { mean: 2, std: 0.6 };
  const c = [[0.9, 0], [-0.03, 0.1]];

  it('encloses the 60-digit KL of the exact preconditioned ULA law, tightly', () => {
    for (const h of [0.05, 0.4, 1.1]) {
      for (const steps of [0, 1, 5, 40, 300]) {
        const got = encloseGaussianPreconditionedUlaKl(quadratic(a, b), c, init, point(h), steps);
        expect(got.ok).toBe(true);
        if (!got.ok) continue;
        const exact = referenceKl(a, b, c, init, h, steps);
        const where = `h=${h} N=${steps}: [${got.kl.lo}, ${got.kl.hi}] vs ${exact.toString()}`;
        expect(exact.gte(dec(got.kl.lo)) && exact.lte(dec(got.kl.hi)), where).toBe(true);
        expect(got.kl.hi - got.kl.lo, where).toBeLessThan(1e-8 * Math.max(1, exact.toNumber()));
      }
    }
  });

  it('reduces to the plain ULA enclosure for C = I', () => {
    const plain = encloseGaussianUlaKl(quadratic(a, b), init, point(0.01), 50);
    const pre = encloseGaussianPreconditionedUlaKl(quadratic(a, b), [[1, 0], [0, 1]], init, point(0.01), 50);
    expect(plain.ok && pre.ok).toBe(true);
    if (plain.ok && pre.ok) expect(Math.abs(plain.kl.lo - pre.kl.lo)).toBeLessThan(1e-10);
  });

  it('the route check refuses eps strictly inside the enclosure and accepts eps above it', () => {
    const h = 0.4;
    const steps = 40;
    const exact = referenceKl(a, b, c, init, h, steps).toNumber();
    const base = { dim: 2, temperature: 1, init, alpha: 1, smoothness: 1, kl0: 10, quadratic: quadratic(a, b), preconditioner: c };
    const route = { route: 'exact-gaussian' as const, theorem: ROUTE_THEOREMS['exact-gaussian'], applies: true, stepSize: h, h, steps };
    const got = encloseGaussianPreconditionedUlaKl(quadratic(a, b), c, init, point(h), steps);
    if (!got.ok) throw new Error(got.reason);
    expect(checkStoppingRoute(route, { ...base, epsilon: got.kl.hi }).ok).toBe(true);
    // exact lies inside [lo, hi]: an eps between lo and hi is refused even though it may exceed the truth.
    expect(checkStoppingRoute(route, { ...base, epsilon: (got.kl.lo + exact) / 2 || got.kl.lo }).ok).toBe(false);
    expect(checkStoppingRoute(route, { ...base, epsilon: got.kl.hi, preconditioner: [[0.9, 0.1], [0, 0.1]] }).ok).toBe(false);
  });
});

describe('the pieces: C^-1 and M^n', () => {
  it('lowerTriangularInverse: C C^-1 encloses I for a 3 x 3 factor with off-diagonal entries (60-digit product)', () => {
    const c = [[0.9, 0, 0], [-0.03, 0.1, 0], [0.25, -0.5, 2]];
    const inv = lowerTriangularInverse(c.map((r) => r.map(point)));
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let lo = new D(0);
        let hi = new D(0);
        for (let k = 0; k < 3; k++) {
          const a = dec(c[i]![k]!);
          const ends = [a.times(dec(inv[k]![j]!.lo)), a.times(dec(inv[k]![j]!.hi))];
          lo = lo.plus(D.min(...ends));
          hi = hi.plus(D.max(...ends));
        }
        const want = new D(i === j ? 1 : 0);
        expect(lo.lte(want) && hi.gte(want), `(${i}, ${j}): [${lo}, ${hi}]`).toBe(true);
        expect(hi.minus(lo).toNumber()).toBeLessThan(1e-12);
      }
  });

  it('symmetricPower: M^n by doubling equals the n-fold product (diagonal M, exact powers)', () => {
    const m = [[point(0.5), point(0)], [point(0), point(-2)]];
    for (const n of [0, 1, 2, 3, 6, 7, 13]) {
      const p = symmetricPower(m, n);
      expect(p[0]![0]!.lo).toBe(0.5 ** n);
      expect(p[1]![1]!.lo).toBe((-2) ** n);
      expect(p[0]![1]!.lo === 0 && p[0]![1]!.hi === 0).toBe(true);
    }
  });
});

describe('encloseGaussianPreconditionedUlaKl refusals', () => {
  const init = { mean: 1, std: 1 };
  it('refuses mismatched shapes', () => {
    expect(encloseGaussianPreconditionedUlaKl(quadratic([[1, 0], [0, 1]], [0]), [[1, 0], [0, 1]], init, point(0.1), 3).ok).toBe(false);
    expect(encloseGaussianPreconditionedUlaKl(quadratic([[1, 0], [0]] as number[][], [0, 0]), [[1, 0], [0, 1]], init, point(0.1), 3).ok).toBe(false);
    expect(encloseGaussianPreconditionedUlaKl(quadratic([[1, 0], [0, 1]], [0, 0]), [[1]], init, point(0.1), 3).ok).toBe(false);
    expect(encloseGaussianPreconditionedUlaKl(quadratic([], []), [], init, point(0.1), 3).ok).toBe(false);
  });

  it('refuses a Hessian that is not positive definite (C^T A C not proven PD) and a covariance that is not', () => {
    expect(encloseGaussianPreconditionedUlaKl(quadratic([[1, 0], [0, -1]], [0, 0]), [[1, 0], [0, 1]], init, point(0.1), 3).ok).toBe(false);
    // h = 1 with A = I, C = I: M = 0, so after one step the covariance is 2h I (PD); with std 0 at step 0 it is 0.
    expect(encloseGaussianPreconditionedUlaKl(quadratic([[1, 0], [0, 1]], [0, 0]), [[1, 0], [0, 1]], { mean: 1, std: 0 }, point(0.5), 0).ok).toBe(false);
  });
});
