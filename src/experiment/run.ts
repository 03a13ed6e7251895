// `emcert experiment`: certify (through the producer + kernel), compute KL along Langevin, ULA and
// the gradient flow on grids (2D) or estimate from samples (other dimensions), and write
// report.json, report.md and the figures (PNG and SVG) into one directory.
import { join } from 'node:path';
import type { Energy, GradientOracle } from '../energy/types.js';
import type { GaussianStart } from '../diagnostics/grid/grid.js';
import { potentialFromEnergy } from '../diagnostics/grid/potential.js';
import { klSpec, landscapeSpec } from '../report/experimentFigures.js';
import { energyName } from '../report/tables.js';
import { renderVegaLite } from '../report/render.js';
import { RunError } from '../util/errors.js';
import { writeFileAtomic } from '../util/files.js';
import type { CertificateSummary } from './certificate.js';
import { runGridExperiment, type GridExperimentResult } from './gridRun.js';
import { experimentMarkdown } from './markdown.js';
import { sampleSnapshots } from './samples.js';
import { runSampleExperiment, type SampleExperimentResult } from './sampleRun.js';

export const EXPERIMENT_FORMAT = 'emcert-experiment@1';

export interface ExperimentOptions {
  readonly energy: Energy;
  readonly temperature: number;
  readonly start: GaussianStart;
  readonly epsilon: number;
  readonly outDir: string;
  readonly certificate?: CertificateSummary;
  /** Grid resolution and sample counts: 'full' (default) or 'quick' (coarser, for tests and the quick demo). */
  readonly resolution?: 'full' | 'quick';
  readonly seed?: number;
  /** Threads of the sample runs (the per-point float64 evaluator on worker threads; default 1). The
   *  grids and certificates do not use them. */
  readonly threads?: number;
  readonly title?: string;
  readonly log?: (line: string) => void;
}

export interface ExperimentReport {
  readonly format: typeof EXPERIMENT_FORMAT;
  readonly energy: { spec: string; dim: number; files: readonly { path: string; sha256: string }[] };
  readonly temperature: number;
  readonly init: { mean: number; std: number };
  readonly epsilon: number;
  readonly conventions: string;
  readonly certificate: CertificateSummary | null;
  readonly grid?: GridExperimentResult['grid'];
  readonly langevin?: GridExperimentResult['langevin'];
  readonly ula?: GridExperimentResult['ula'];
  readonly ulaFirstBelow?: GridExperimentResult['ulaFirstBelow'];
  readonly flow?: GridExperimentResult['flow'];
  readonly estimates?: SampleExperimentResult;
  readonly samples?: { eta: number; h: number; particles: number; seed: number; times: number[] };
  readonly figures: string[];
  readonly seconds: number;
}

export async function runExperiment(opts: ExperimentOptions): Promise<ExperimentReport> {
  const started = performance.now();
  const log = opts.log ?? (() => {});
  const { energy, temperature, start, epsilon, outDir } = opts;
  const quick = opts.resolution === 'quick';
  const seed = opts.seed ?? 1;
  const title = opts.title ?? displaySpec(energy.spec);
  const base = {
    format: EXPERIMENT_FORMAT,
    energy: { spec: energy.spec, dim: energy.dim, files: energy.files.map((f) => ({ path: f.path, sha256: f.sha256 })) },
    temperature,
    init: { mean: start.mean, std: start.std },
    epsilon,
    conventions: 'f = E / T; times are f-time (engine time x T); ULA step h = eta x T; KL is KL(rho || pi) of the discrete laws on the grid',
    certificate: opts.certificate ?? null,
  } as const;
  const figures: string[] = [];
  const writeFigure = async (name: string, spec: Parameters<typeof renderVegaLite>[0]): Promise<void> => {
    const fig = await renderVegaLite(spec);
    writeFileAtomic(join(outDir, `${name}.svg`), fig.svg);
    writeFileAtomic(join(outDir, `${name}.png`), fig.png);
    figures.push(`${name}.png`, `${name}.svg`);
  };

  let report: ExperimentReport;
  if (energy.dim === 2) {
    log('grid: Fokker-Planck, ULA transitions and flow characteristics');
    const potential = potentialFromEnergy(energy, temperature);
    const result = gridOrRunError(() => runGridExperiment({
      potential,
      start,
      temperature,
      epsilon,
      ...(opts.certificate ? { certificate: opts.certificate } : {}),
      nodes: quick ? 61 : 121,
      flowPoints: quick ? 32 : 56,
      ulaMaxWork: quick ? 3e8 : 3e9,
      maxFokkerPlanckSteps: quick ? 20000 : 150000,
    }));
    log('samples: engine runs for the landscape figure');
    // About 4 s of gradient evaluations (networks are slow in float64): fewer particles and a
    // larger step (at most 0.5 / curvature) when the energy is expensive; the horizon shrinks last.
    const probe = new Float64Array(128).map((_, i) => start.mean + start.std * Math.sin(i));
    const t0 = performance.now();
    energy.gradientBatch(probe, 64, new Float64Array(128));
    const micros = Math.max(0.05, ((performance.now() - t0) * 1000) / 64);
    const budget = Math.max(2e4, 4e6 / micros);
    const particles = Math.min(quick ? 200 : 400, Math.max(100, Math.floor(budget / 400)));
    const maxSteps = Math.max(50, Math.min(1500, Math.floor(budget / (2 * particles))));
    const hMax = 0.5 / Math.max(result.grid.gridCurvature, 1e-6);
    const tEnd = Math.min(result.langevin.times[result.langevin.times.length - 1]!, maxSteps * hMax);
    const h = Math.min(hMax, Math.max(Math.min(0.01, 0.05 / Math.max(result.grid.gridCurvature, 1e-6)), tEnd / maxSteps));
    const times = [tEnd / 20, tEnd / 5, tEnd].map((t) => Math.max(h, t));
    const { snapshots, eta } = await withSampleOracle(energy, opts.threads ?? 1, (oracle) => sampleSnapshots({ oracle, temperature, start, times, h, particles, seed }));
    log('figures');
    await writeFigure(
      'landscape',
      landscapeSpec({
        title: `${title}: energy and samples (engine, seeded)`,
        box: result.grid.viewBox,
        energyAt: (xs, n) => energy.valueBatch(xs, n, new Float64Array(n)),
        cells: quick ? 28 : 44,
        // 20 f-units, the grid's own cut-off: every well a sample can sit in stays visible.
        energySpan: 20 * temperature,
        energySpanLabel: '20 T',
        snapshots,
      }),
    );
    const ula = 'infeasible' in result.ula ? null : result.ula;
    await writeFigure('kl', klSpec({
      title: `${title}: KL to the Gibbs measure`,
      langevin: { ...result.langevin, ...(opts.certificate?.alpha !== undefined ? { alpha: opts.certificate.alpha } : {}), boundLabel: opts.certificate?.kl0 !== undefined ? 'certified bound exp(-2 alpha t) KL0' : 'certified rate exp(-2 alpha t) x computed KL0' }, ula, epsilon, flow: result.flow }));
    report = {
      ...base,
      grid: result.grid,
      langevin: result.langevin,
      ula: result.ula,
      ulaFirstBelow: result.ulaFirstBelow,
      flow: result.flow,
      samples: { eta, h, particles, seed, times: [0, ...times] },
      figures,
      seconds: 0,
    };
  } else {
    log(`dimension ${energy.dim}: sample-based estimates (no grid)`);
    const estimates = await withSampleOracle(energy, opts.threads ?? 1, (oracle) =>
      runSampleExperiment({ energy, oracle, temperature, start, particles: quick ? 300 : 800, seed }),
    );
    await writeFigure('estimates', estimates.figure);
    const { figure: _figure, ...rest } = estimates;
    report = { ...base, estimates: rest as SampleExperimentResult, figures, seconds: 0 };
  }
  const final = { ...report, seconds: Number(((performance.now() - started) / 1000).toFixed(2)) };
  writeFileAtomic(join(outDir, 'report.json'), JSON.stringify(final, null, 1) + '\n');
  writeFileAtomic(join(outDir, 'report.md'), experimentMarkdown(final));
  return final;
}

/** The grid solvers signal an energy they cannot handle (unconfined, NaN) with RangeError: a RunError for the CLI. */
function gridOrRunError<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof RangeError) throw new RunError(`experiment: ${e.message}`);
    throw e;
  }
}

/** A model's name (its directory, never a path) or the expression: figure titles stay short. */
function displaySpec(spec: string): string {
  return spec.startsWith('expr:') ? spec : energyName(spec);
}

/** Runs `f` with the sample runs' oracle: the Energy itself, or on threads > 1 the same per-point
 *  evaluator on worker threads (parallel.ts), disposed afterwards. */
async function withSampleOracle<R>(energy: Energy, threads: number, f: (oracle: GradientOracle) => R): Promise<R> {
  if (threads <= 1) return f(energy);
  const { createParallelOracle } = await import('../langevin/oracles/parallel.js');
  const oracle = await createParallelOracle(energy.model, threads, { evaluator: 'energy' });
  try {
    return f(oracle);
  } finally {
    oracle.dispose();
  }
}
