// Constrained generation (proofs/constraint.md) on E = x^2/2 with the unsafe box [1.5, 4]: the
// certified pi_c(U) bracket contains a much finer independent quadrature of exp(-(E + P)), the LSI
// constant of E + P is certified and not above the true curvature infimum 1, and every tampering
// with the constraint claims is refused (one ulp included).
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEnergy } from '../../src/energy/spec.js';
import { buildEnergy } from '../../src/certify/energyBuild.js';
import { certifyBarrier } from '../../src/barrier/certify.js';
import { verifyBarrierCertificate } from '../../src/verify/barrier.js';
import { assertBarrierCertificate, type BarrierCertificate } from '../../src/verify/barrierCertificate.js';
import { penaltyFor, DEFAULT_PENALTY } from '../../src/verify/penalty.js';
import { nextDown, nextUp } from '../../src/kernel/rounding.js';

const E = 'expr:0.5*x1^2';
const UNSAFE = [[{ lo: 1.5, hi: 4 }]];
let cert: BarrierCertificate;
let penalty: string;

/** Composite Simpson with n (even) panels: for the smooth integrands here the error is far below 1e-12 relative. */
function simpson(f: (x: number) => number, a: number, b: number, n: number): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}
const softplus = (z: number): number => (z > 30 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

beforeAll(() => {
  const pen = penaltyFor(UNSAFE, [0], DEFAULT_PENALTY);
  if (!('expression' in pen)) throw new Error('no penalty');
  penalty = pen.expression;
  const terms = [{ spec: E, weight: 1 }, { spec: `expr:${penalty}`, weight: 1 }];
  cert = certifyBarrier({
    energy: buildEnergy(terms), terms, spec: `1 * [${E}] + 1 * [expr:${penalty}]`, files: [],
    temperature: 1, stepSize: 0.1, steps: 20, unsafe: UNSAFE, initMean: [0], initStd: 0.5, gibbs: true,
    constraint: { params: DEFAULT_PENALTY, halfSpaces: pen.halfSpaces, expression: pen.expression, delta: 1e-3 },
  });
}, 300_000);

const clone = (): BarrierCertificate => JSON.parse(JSON.stringify(cert));
const failed = (c: BarrierCertificate): string[] => verifyBarrierCertificate(c).checks.filter((k) => !k.ok).map((k) => k.name);

describe('constrained generation certificate', () => {
  it('penalty: the half-space x1 >= 1.5 - margin, lambda/k^2 = 1.25', () => {
    expect(penalty).toBe('1.25 * (softplus(4 * (x1 - 1))^2)');
  });

  it('certifies pi_c(U) <= 1e-3, and the bracket contains a fine quadrature of exp(-(E + P))', () => {
    expect(cert.constraint?.holds, cert.constraint?.reason).toBe(true);
    assertBarrierCertificate(JSON.parse(JSON.stringify(cert)));
    const r = verifyBarrierCertificate(cert);
    expect(r.ok, JSON.stringify(r.checks.filter((k) => !k.ok))).toBe(true);
    const g = (x: number): number => Math.exp(-0.5 * x * x - 1.25 * softplus(4 * (x - 1)) ** 2);
    const inU = simpson(g, 1.5, 4, 200_000);
    const all = simpson(g, -12, 1.5, 400_000) + inU + simpson(g, 4, 12, 200_000);
    const ref = inU / all;
    const [lo, hi] = cert.gibbs.unsafeMass!;
    expect(lo).toBeLessThanOrEqual(ref);
    expect(hi).toBeGreaterThanOrEqual(ref);
    expect(hi).toBeLessThanOrEqual(1e-3);
    // The penalty does its job: pi(U) for E alone is about 0.067.
    expect(ref).toBeLessThan(1e-4);
  });

  it('the LSI constant of E + P is certified and not above inf hess(E + P) = 1 (reached as x -> -inf)', () => {
    const lsi = cert.constraint!.lsi!;
    expect(lsi.alpha).toBeGreaterThan(0.99);
    expect(lsi.alpha).toBeLessThanOrEqual(1);
    expect(lsi.m).toBeLessThanOrEqual(1);
  });

  it('refuses holds when the certified upper end exceeds delta', () => {
    const c = clone() as never as { constraint: { delta: number } };
    c.constraint.delta = cert.gibbs.unsafeMass![1] / 2;
    expect(failed(c as never)).toContain('constraint: pi_c(U) <= delta');
  });

  it('refuses a penalty weight, margin or expression that is not the energy term', () => {
    const c1 = clone() as never as { constraint: { penalty: { weight: number } } };
    c1.constraint.penalty.weight = 10;
    expect(failed(c1 as never)).toContain('constraint: penalty expression');
    const c2 = clone() as never as { constraint: { penalty: { expression: string } } };
    c2.constraint.penalty.expression = '1.25 * (softplus(4 * (x1 - 2))^2)';
    expect(failed(c2 as never)).toContain('constraint: penalty term');
    const c3 = clone() as never as { energy: { terms: { spec: string }[] } };
    c3.energy.terms[1]!.spec = 'expr:0';
    expect(failed(c3 as never).length).toBeGreaterThan(0);
  });

  it('refuses an LSI constant one ulp above the recomputed one, and a smaller osc', () => {
    const c1 = clone() as never as { constraint: { lsi: { alpha: number } } };
    c1.constraint.lsi.alpha = nextUp(c1.constraint.lsi.alpha);
    expect(failed(c1 as never)).toContain('constraint: lsi.alpha');
    const c2 = clone() as never as { constraint: { lsi: { m: number } } };
    c2.constraint.lsi.m = nextUp(c2.constraint.lsi.m);
    expect(failed(c2 as never)).toContain('constraint: lsi.m');
  });

  it('refuses a pi_c(U) upper end one ulp below the recomputed one (then holds has nothing to stand on)', () => {
    const c = clone() as never as { gibbs: { unsafeMass: [number, number] } };
    const hi = c.gibbs.unsafeMass[1];
    c.gibbs.unsafeMass[1] = nextDown(hi);
    expect(failed(c as never)).toContain('gibbs: pi(U) upper end');
  });
});

describe('constrained 1-d double well: the tails need the bump and the cover, and verify replays them', () => {
  const DW = 'expr:(x1^2 - 1)^2';
  const U = [[{ lo: 0.5, hi: 1.5 }]];
  let dw: BarrierCertificate;

  beforeAll(() => {
    const pen = penaltyFor(U, [-1], DEFAULT_PENALTY);
    if (!('expression' in pen)) throw new Error('no penalty');
    const terms = [{ spec: DW, weight: 1 }, { spec: `expr:${pen.expression}`, weight: 1 }];
    dw = certifyBarrier({
      energy: buildEnergy(terms), terms, spec: `1 * [${DW}] + 1 * [expr:${pen.expression}]`, files: [],
      temperature: 1, stepSize: 0.01, steps: 20, unsafe: U, initMean: [-1], initStd: 0.3, gibbs: true,
      constraint: { params: DEFAULT_PENALTY, halfSpaces: pen.halfSpaces, expression: pen.expression, delta: 1e-3 },
    });
  }, 600_000);

  const dwClone = (): BarrierCertificate => JSON.parse(JSON.stringify(dw));

  it('stores a bump and a cover, certifies pi_c(U) <= 1e-3 around a fine quadrature, and verifies', () => {
    const dec = dw.gibbs.evidence?.decomposition;
    expect(dec, dw.gibbs.reason).toBeDefined();
    expect(dw.constraint?.holds, dw.constraint?.reason).toBe(true);
    expect(verifyBarrierCertificate(dw).ok).toBe(true);
    const g = (x: number): number => Math.exp(-((x * x - 1) ** 2) - 1.25 * softplus(4 * x) ** 2);
    const inU = simpson(g, 0.5, 1.5, 200_000);
    const ref = inU / (simpson(g, -6, 0.5, 400_000) + inU + simpson(g, 1.5, 6, 200_000));
    const [lo, hi] = dw.gibbs.unsafeMass!;
    expect(lo).toBeLessThanOrEqual(ref);
    expect(hi).toBeGreaterThanOrEqual(ref);
  });

  it('refuses the cover without its bump, a cover with a box removed, and a forged LSI constant', () => {
    const c1 = dwClone() as never as { gibbs: { evidence: { decomposition: { bump: string | null } } } };
    c1.gibbs.evidence.decomposition.bump = null;
    expect(failed(c1 as never)).toContain('gibbs: ln Z (checkIntegralEvidence)');
    const c2 = dwClone() as never as { gibbs: { evidence: { decomposition: { cover: unknown[] } } } };
    c2.gibbs.evidence.decomposition.cover.splice(0, 1);
    expect(failed(c2 as never)).toContain('gibbs: ln Z (checkIntegralEvidence)');
    const c3 = dwClone() as never as { constraint: { lsi: { alpha: number } } };
    c3.constraint.lsi.alpha = nextUp(c3.constraint.lsi.alpha);
    expect(failed(c3 as never)).toContain('constraint: lsi.alpha');
  });
});
