// Energies of dimension other than 2: no grid, so the experiment reports sample-based ESTIMATES
// (free energy with a k-NN entropy, kernel Stein discrepancy) along ULA and the gradient flow from
// the shared engine. Labelled as estimates everywhere; nothing certified rests on them.
import type { TopLevelSpec } from 'vega-lite';
import { sampleEstimates } from '../diagnostics/sampleEstimates.js';
import type { GaussianStart } from '../diagnostics/grid/grid.js';
import type { Energy, GradientOracle } from '../energy/types.js';
import { initialPositions, runChain } from '../langevin/index.js';
import { createRng } from '../random/rng.js';
import { curvesFigure, type CurvePoint } from '../report/figures.js';

export interface EstimateCurve {
  readonly times: number[];
  readonly freeEnergy: number[];
  readonly ksd: number[];
}

export interface SampleExperimentResult {
  readonly label: string;
  readonly h: number;
  readonly eta: number;
  readonly particles: number;
  readonly seed: number;
  readonly langevin: EstimateCurve;
  readonly flow: EstimateCurve;
  readonly figure: TopLevelSpec;
}

/** `oracle` (default: the energy itself) runs the chains; the energy gives the starting curvature. */
export function runSampleExperiment(opts: { energy: Energy; oracle?: GradientOracle; temperature: number; start: GaussianStart; particles: number; seed: number; checkpoints?: number }): SampleExperimentResult {
  const { energy, temperature, start, particles, seed } = opts;
  const d = energy.dim;
  const rng = createRng(seed);
  const positions = initialPositions({ dim: d, particles, init: start, rng: rng.fork() });
  // Step from the largest sampled Hessian entry at the start (f-units): small enough for both dynamics.
  const hs = energy.hessianBatch(positions, particles, new Float64Array(particles * d * d));
  let curvature = 1e-6;
  for (let i = 0; i < particles; i++) {
    let row = 0;
    for (let r = 0; r < d; r++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += Math.abs(hs[i * d * d + r * d + c]!);
      row = Math.max(row, s);
    }
    curvature = Math.max(curvature, row / temperature);
  }
  const h = Math.min(0.01, 0.05 / curvature);
  const steps = Math.min(3000, Math.ceil(10 / h));
  const checkpoints = opts.checkpoints ?? 12;
  const every = Math.max(1, Math.floor(steps / checkpoints));
  const run = (kernel: 'ula' | 'flow'): EstimateCurve => {
    const curve: EstimateCurve = { times: [], freeEnergy: [], ksd: [] };
    runChain({
      kernel,
      oracle: opts.oracle ?? energy,
      positions,
      steps,
      stepSize: h / temperature,
      temperature,
      rng: rng.fork(),
      observeEvery: every,
      observer: (s) => {
        const f = new Float64Array(s.state.n);
        const g = new Float64Array(s.state.gradients.length);
        for (let i = 0; i < f.length; i++) f[i] = s.state.energies[i]! / temperature;
        for (let i = 0; i < g.length; i++) g[i] = s.state.gradients[i]! / temperature;
        const e = sampleEstimates(s.state.positions, d, f, g);
        curve.times.push(s.step * h);
        curve.freeEnergy.push(e.freeEnergy);
        curve.ksd.push(e.ksd);
      },
    });
    return curve;
  };
  const langevin = run('ula');
  const flow = run('flow');
  const pts = (name: string, xs: number[], ys: number[]): CurvePoint[] => xs.map((x, i) => ({ x, value: ys[i]!, series: name }));
  const figure = curvesFigure(`${energy.spec}: sample-based ESTIMATES (d = ${d}, ${particles} particles)`, [
    {
      title: 'free energy E[f] - H (estimate; = KL - ln Z)',
      xTitle: 'time t of f = E/T (t = steps x eta x T)',
      yTitle: 'free energy (estimate)',
      points: [...pts('Langevin (ULA)', langevin.times, langevin.freeEnergy), ...pts('gradient flow', flow.times, flow.freeEnergy)],
      logY: false,
    },
    {
      title: 'kernel Stein discrepancy (estimate)',
      xTitle: 'time t of f = E/T (t = steps x eta x T)',
      yTitle: 'KSD (log scale)',
      points: [...pts('Langevin (ULA)', langevin.times, langevin.ksd), ...pts('gradient flow', flow.times, flow.ksd)],
      logY: true,
    },
  ]);
  return { label: 'estimates from samples (k-NN entropy, IMQ KSD): random, not certified', h, eta: h / temperature, particles, seed, langevin, flow, figure };
}
