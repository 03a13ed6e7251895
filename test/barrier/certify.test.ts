// The certified entry probability against the true one: for E = x^2/2 the ULA chain with absorption in
// U is propagated on a fine grid (the killed transition density integrated by the trapezoid rule).
import { describe, expect, it } from 'vitest';
import { loadEnergy } from '../../src/energy/spec.js';
import { certifyBarrier } from '../../src/barrier/certify.js';
import { createRng } from '../../src/random/rng.js';

/** P(the chain x' = (1 - eta) x + sqrt(2 eta) xi, x0 ~ N(0, 1), visits [a, b] within n steps), on a grid of step h. */
function gridEntryProbability(eta: number, n: number, a: number, b: number, h: number): number {
  const xs: number[] = [];
  for (let x = -12; x <= 12 + h / 2; x += h) xs.push(x);
  const k = xs.length;
  const safe = xs.map((x) => !(x >= a && x <= b));
  let p = xs.map((x) => (Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI)) * h);
  let hit = p.reduce((s, v, i) => (safe[i] ? s : s + v), 0);
  p = p.map((v, i) => (safe[i] ? v : 0));
  const s2 = 2 * eta;
  const norm = h / Math.sqrt(2 * Math.PI * s2);
  for (let step = 0; step < n; step++) {
    const q = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      if (p[i] === 0) continue;
      const m = (1 - eta) * xs[i]!;
      const lo = Math.max(0, Math.floor((m - 12 * Math.sqrt(s2) + 12) / h)), hi = Math.min(k - 1, Math.ceil((m + 12 * Math.sqrt(s2) + 12) / h));
      for (let j = lo; j <= hi; j++) { const t = xs[j]! - m; q[j] += p[i]! * norm * Math.exp(-t * t / (2 * s2)); }
    }
    for (let j = 0; j < k; j++) { if (!safe[j]) { hit += q[j]!; q[j] = 0; } }
    p = Array.from(q);
  }
  return hit;
}

describe('certified entry probability vs the true one', () => {
  it('a Gaussian with a far unsafe box: certified >= true and within 10x of it', () => {
    const eta = 0.1, n = 100;
    const truth = gridEntryProbability(eta, n, 4, 6, 0.01);
    // The grid converges: a coarser grid agrees to 2%.
    expect(Math.abs(gridEntryProbability(eta, n, 4, 6, 0.02) - truth) / truth).toBeLessThan(0.02);
    const energy = loadEnergy('expr:0.5*x1^2');
    const cert = certifyBarrier({
      energy, terms: [{ spec: 'expr:0.5*x1^2', weight: 1 }], spec: 'expr:0.5*x1^2', files: [],
      temperature: 1, stepSize: eta, steps: n, unsafe: [[{ lo: 4, hi: 6 }]], initMean: [0], initStd: 1, gibbs: false,
    });
    expect(cert.verdict, cert.reason).toBe('certified');
    const p = cert.entryProbability!;
    expect(p).toBeGreaterThan(truth * 1.05);
    expect(p).toBeLessThan(10 * truth);
  }, 300_000);

  it('2-d Gaussian, a box off the mode: certified >= the upper confidence limit of 100,000 Monte Carlo chains, within 10x', () => {
    const eta = 0.1, n = 30, chains = 100_000;
    const rng = createRng(2026);
    const inU = (a: number, b: number): boolean => a >= 3 && a <= 4 && b >= -0.5 && b <= 0.5;
    let hits = 0;
    const s = Math.sqrt(2 * eta);
    for (let c = 0; c < chains; c++) {
      let a = 0.5 * rng.normal(), b = 0.5 * rng.normal();
      let hit = inU(a, b);
      for (let k = 0; k < n && !hit; k++) {
        a = (1 - eta) * a + s * rng.normal();
        b = (1 - eta) * b + s * rng.normal();
        hit = inU(a, b);
      }
      if (hit) hits++;
    }
    const pHat = hits / chains;
    // Bernstein upper confidence limit at level 1 - 1e-9: the truth is below it except with probability 1e-9.
    const l = Math.log(1e9);
    const upper = pHat + Math.sqrt((2 * pHat * l) / chains) + l / chains;
    const energy = loadEnergy('expr:0.5*(x1^2+x2^2)');
    const cert = certifyBarrier({
      energy, terms: [{ spec: 'expr:0.5*(x1^2+x2^2)', weight: 1 }], spec: 'expr:0.5*(x1^2+x2^2)', files: [],
      temperature: 1, stepSize: eta, steps: n, unsafe: [[{ lo: 3, hi: 4 }, { lo: -0.5, hi: 0.5 }]], initMean: [0, 0], initStd: 0.5, gibbs: false,
    });
    expect(cert.verdict, cert.reason).toBe('certified');
    expect(cert.entryProbability!).toBeGreaterThan(upper);
    expect(cert.entryProbability!).toBeLessThan(10 * pHat);
  }, 600_000);
});
