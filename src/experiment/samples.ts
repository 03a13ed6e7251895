// Sample snapshots for the landscape figure, from the shared Langevin engine (seeded): ULA with a
// small step (its f-time per step is h = eta * T) and the noise-free gradient flow with the same step.
import type { GradientOracle } from '../energy/types.js';
import { initialPositions, runChain } from '../langevin/index.js';
import { createRng } from '../random/rng.js';
import type { GaussianStart } from '../diagnostics/grid/grid.js';

export interface SampleSnapshot {
  readonly dynamics: 'langevin' | 'flow';
  /** f-time of the snapshot. */
  readonly time: number;
  readonly step: number;
  /** n x dim, row-major. */
  readonly positions: number[][];
}

export interface SnapshotOptions {
  readonly oracle: GradientOracle;
  readonly temperature: number;
  readonly start: GaussianStart;
  /** f-times to record (0 included automatically). */
  readonly times: readonly number[];
  /** Step in f-units; the engine gets eta = h / T. */
  readonly h: number;
  readonly particles: number;
  readonly seed: number;
}

export function sampleSnapshots(opts: SnapshotOptions): { snapshots: SampleSnapshot[]; eta: number } {
  const { oracle, temperature, h } = opts;
  const eta = h / temperature;
  const stepsAt = [...new Set([0, ...opts.times.map((t) => Math.round(t / h))])].sort((a, b) => a - b);
  const last = stepsAt[stepsAt.length - 1]!;
  const snapshots: SampleSnapshot[] = [];
  const rng = createRng(opts.seed);
  const positions = initialPositions({ dim: oracle.dim, particles: opts.particles, init: opts.start, rng: rng.fork() });
  for (const dynamics of ['langevin', 'flow'] as const) {
    const wanted = new Set(stepsAt);
    runChain({
      kernel: dynamics === 'langevin' ? 'ula' : 'flow',
      oracle,
      positions,
      steps: last,
      stepSize: eta,
      temperature,
      rng: rng.fork(),
      observeEvery: 1,
      observer: (s) => {
        if (!wanted.has(s.step)) return;
        const rows: number[][] = [];
        for (let i = 0; i < s.state.n; i++) rows.push(Array.from(s.state.positions.subarray(i * s.state.dim, (i + 1) * s.state.dim)));
        snapshots.push({ dynamics, time: s.step * h, step: s.step, positions: rows });
      },
    });
  }
  return { snapshots, eta };
}
