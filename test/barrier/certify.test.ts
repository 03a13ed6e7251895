// The certified entry probability against the true one: for E = x^2/2 the ULA chain with absorption in
// U is propagated on a fine grid (the killed transition density integrated by the trapezoid rule).
import { describe, expect, it } from 'vitest';
import { loadEnergy } from '../../src/energy/spec.js';
import { certifyBarrier } from '../../src/barrier/certify.js';

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
});
