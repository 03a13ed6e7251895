import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { digamma, knnEntropy, logUnitBallVolume, sampleEstimates } from '../../src/diagnostics/sampleEstimates.js';
import { createRng } from '../../src/random/rng.js';

describe('sample estimates', () => {
  it('digamma matches high-precision references', () => {
    // psi(1) = -gamma; psi(1/2) = -gamma - 2 ln 2; psi(10) = H_9 - gamma.
    const gamma = new Decimal('0.57721566490153286060651209008240243104215933593992');
    const ln2 = new Decimal(2).ln();
    let h9 = new Decimal(0);
    for (let k = 1; k <= 9; k++) h9 = h9.plus(new Decimal(1).div(k));
    expect(digamma(1)).toBeCloseTo(gamma.neg().toNumber(), 12);
    expect(digamma(0.5)).toBeCloseTo(gamma.neg().minus(ln2.times(2)).toNumber(), 12);
    expect(digamma(10)).toBeCloseTo(h9.minus(gamma).toNumber(), 12);
  });

  it('unit-ball volumes: pi, 4 pi / 3, pi^2 / 2', () => {
    const pi = Decimal.acos(-1);
    expect(logUnitBallVolume(2)).toBeCloseTo(pi.ln().toNumber(), 12);
    expect(logUnitBallVolume(3)).toBeCloseTo(pi.times(4).div(3).ln().toNumber(), 12);
    expect(logUnitBallVolume(4)).toBeCloseTo(pi.pow(2).div(2).ln().toNumber(), 12);
  });

  it('k-NN entropy of a 4D Gaussian is within 0.15 nats of (d/2) ln(2 pi e s^2) (seed 7)', () => {
    const d = 4, n = 1500, s = 1.7;
    const rng = createRng(7);
    const xs = new Float64Array(n * d);
    rng.fillNormal(xs);
    for (let i = 0; i < xs.length; i++) xs[i] = xs[i]! * s;
    const exact = (d / 2) * Math.log(2 * Math.PI * Math.E * s * s);
    expect(Math.abs(knnEntropy(xs, d) - exact)).toBeLessThan(0.15);
  });

  it('free energy estimate of samples from pi is close to -ln Z', () => {
    // pi = N(0, I_3), f = |x|^2 / 2, ln Z = (3/2) ln(2 pi).
    const d = 3, n = 1200;
    const xs = new Float64Array(n * d);
    createRng(11).fillNormal(xs);
    const f = new Float64Array(n), g = new Float64Array(n * d);
    for (let i = 0; i < n; i++) for (let c = 0; c < d; c++) {
      f[i] = f[i]! + xs[i * d + c]! ** 2 / 2;
      g[i * d + c] = xs[i * d + c]!;
    }
    const e = sampleEstimates(xs, d, f, g);
    expect(e.label).toMatch(/estimate/);
    expect(Math.abs(e.freeEnergy + 1.5 * Math.log(2 * Math.PI))).toBeLessThan(0.15);
    expect(e.ksd).toBeLessThan(0.2);
  });
});
