import { describe, expect, it } from 'vitest';
import type { GradientOracle } from '../../src/energy/types.js';
import { initialPositions } from '../../src/langevin/init.js';
import { runChain, type ChainStats } from '../../src/langevin/run.js';
import type { SamplerName } from '../../src/langevin/types.js';
import { createRng } from '../../src/random/rng.js';
import { RunError } from '../../src/util/errors.js';
import { bitsEqual, quadraticOracle } from './helpers.js';

const A = [[2, 0.6], [0.6, 1]];

function sample(sampler: SamplerName, seed: number, steps = 30) {
  const rng = createRng(seed);
  const positions = initialPositions({ dim: 2, particles: 64, init: { mean: 0, std: 1 }, rng });
  return runChain({ kernel: sampler, oracle: quadraticOracle(A), positions, steps, stepSize: 0.2, temperature: 1.3, rng });
}

describe('runChain', () => {
  for (const sampler of ['ula', 'mala'] as const) {
    it(`${sampler}: the same seed gives bit-identical output, a different seed does not`, () => {
      const a = sample(sampler, 42);
      const b = sample(sampler, 42);
      const c = sample(sampler, 43);
      expect(bitsEqual(a.state.positions, b.state.positions)).toBe(true);
      expect(a.acceptanceRate).toBe(b.acceptanceRate);
      expect(bitsEqual(a.state.positions, c.state.positions)).toBe(false);
    });
  }

  it('calls the observer at step 0, every k steps and at the last step, with mean energy and acceptance', () => {
    const seen: ChainStats[] = [];
    const rng = createRng(1);
    const positions = initialPositions({ dim: 2, particles: 100, init: { mean: 3, std: 0.1 }, rng });
    const r = runChain({
      kernel: 'mala', oracle: quadraticOracle(A), positions, steps: 10, stepSize: 0.3, temperature: 1, rng,
      observeEvery: 4, observer: (s) => seen.push({ ...s }),
    });
    expect(seen.map((s) => s.step)).toEqual([0, 4, 8, 10]);
    // Starting far from the minimiser, the mean energy must drop.
    expect(seen[0]!.meanEnergy).toBeGreaterThan(10);
    expect(seen[3]!.meanEnergy).toBeLessThan(seen[0]!.meanEnergy);
    expect(seen[3]!.meanEnergy).toBe(r.meanEnergy);
    for (const s of seen.slice(1)) expect(s.acceptanceRate).toBeGreaterThan(0);
    expect(r.acceptanceRate).toBeGreaterThan(0);
    expect(r.acceptanceRate).toBeLessThanOrEqual(1);
    expect(r.steps).toBe(10);
  });

  it('does not modify the positions it is given', () => {
    const positions = Float64Array.of(1, 2, 3, 4);
    runChain({ kernel: 'ula', oracle: quadraticOracle(A), positions, steps: 5, stepSize: 0.1, temperature: 1, rng: createRng(1) });
    expect(Array.from(positions)).toEqual([1, 2, 3, 4]);
  });

  it('detects divergence (non-finite values) and names the sampler, the step and the step size', () => {
    // E = 5 x^2: each ULA step multiplies x by 1 - 0.5 * 10 = -4, so it overflows after about 256 steps.
    const run = () =>
      runChain({ kernel: 'ula', oracle: quadraticOracle([[10]]), positions: Float64Array.of(1, -1), steps: 2000, stepSize: 0.5, temperature: 1, rng: createRng(1), blowUpFactor: Infinity });
    expect(run).toThrow(RunError);
    expect(run).toThrow(/^ula diverged at step \d+ \(step size 0\.5\): non-finite (position|energy|gradient) \(particle [01]\); try a smaller --step-size$/);
    let step = 0;
    try {
      run();
    } catch (e) {
      step = Number(/step (\d+)/.exec((e as Error).message)![1]);
    }
    // |x_k| ~ 4^k, so E = 5 x^2 overflows first, near x^2 = 2^1024, i.e. k = 256.
    expect(step).toBeGreaterThan(250);
    expect(step).toBeLessThan(265);
  });

  it('catches a blow-up that stays finite: step 1.01 on |x|^2 grows 2% a step, caught long before overflow', () => {
    // x' = x - 1.01 * 2x + noise = -1.02 x + noise: E grows by 1.02^2 a step, finite for ~35000 steps.
    const positions = initialPositions({ dim: 2, particles: 200, init: { mean: 0, std: 1 }, rng: createRng(5) });
    const run = () => runChain({ kernel: 'ula', oracle: quadraticOracle([[2, 0], [0, 2]]), positions, steps: 1000, stepSize: 1.01, temperature: 1, rng: createRng(6) });
    expect(run).toThrow(RunError);
    expect(run).toThrow(/^ula diverged at step \d+ \(step size 1\.01\): the mean energy grew from [\d.]+ to [\d.e+]+ \(still finite, but more than 1\.00e\+4 times its scale [\d.]+\); try a smaller --step-size$/);
    const step = Number(/step (\d+)/.exec((() => { try { run(); } catch (e) { return (e as Error).message; } return ''; })())![1]);
    // E_k grows like 1.0404^k (plus the noise, sqrt(2 * 1.01) a step, fed into the growth): past 2e4 after 100-250 steps.
    expect(step).toBeGreaterThan(100);
    expect(step).toBeLessThan(400);
    // blowUpFactor: Infinity turns the check off: the run "succeeds" with a huge mean energy.
    const unchecked = runChain({ kernel: 'ula', oracle: quadraticOracle([[2, 0], [0, 2]]), positions, steps: 1000, stepSize: 1.01, temperature: 1, rng: createRng(6), blowUpFactor: Infinity });
    expect(unchecked.meanEnergy).toBeGreaterThan(1e15);
  });

  it('no false alarm: converging chains from far away, at low temperature, and the flow to a minimiser', () => {
    const A2 = [[2, 0.6], [0.6, 1]];
    for (const [kernel, temperature, mean] of [['ula', 1, 0], ['mala', 1e-6, 0], ['flow', 1, 0], ['ula', 0.01, 30], ['mala', 5, -3]] as const) {
      const positions = initialPositions({ dim: 2, particles: 100, init: { mean, std: 1 }, rng: createRng(2) });
      expect(() => runChain({ kernel, oracle: quadraticOracle(A2), positions, steps: 300, stepSize: 0.3, temperature, rng: createRng(3) })).not.toThrow();
    }
  });

  it('the gradient flow diverges too when the step is too large, and says so', () => {
    expect(() =>
      runChain({ kernel: 'flow', oracle: quadraticOracle([[10]]), positions: Float64Array.of(1), steps: 2000, stepSize: 0.3, temperature: 1, rng: createRng(1) }),
    ).toThrow(/^flow diverged at step \d+ \(step size 0\.3\)/);
  });

  it('reports a non-finite gradient at the initial positions as step 0', () => {
    const bad: GradientOracle = {
      dim: 1,
      valueAndGradientBatch(xs, n, values, grads) {
        for (let i = 0; i < n; i++) {
          values[i] = xs[i]!;
          grads[i] = xs[i]! > 0 ? NaN : 1;
        }
      },
    };
    expect(() => runChain({ kernel: 'ula', oracle: bad, positions: Float64Array.of(-1, 1), steps: 3, stepSize: 0.1, temperature: 1, rng: createRng(1) })).toThrow(
      /^ula: non-finite gradient at the initial positions \(particle 1\)/,
    );
  });

  it('rejects bad arguments', () => {
    const oracle = quadraticOracle(A);
    const base = { kernel: 'ula' as const, oracle, positions: Float64Array.of(0, 0), steps: 3, stepSize: 0.1, temperature: 1, rng: createRng(1) };
    expect(() => runChain({ ...base, positions: Float64Array.of(0, 0, 0) })).toThrow(/multiple of the dimension 2/);
    expect(() => runChain({ ...base, steps: -1 })).toThrow(/steps/);
    expect(() => runChain({ ...base, stepSize: 0 })).toThrow(/step size/);
    expect(() => runChain({ ...base, temperature: -1 })).toThrow(/temperature/);
    expect(() => runChain({ ...base, oracle: undefined })).toThrow(/needs an oracle/);
  });
});
