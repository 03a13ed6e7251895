// Producer (untrusted) of emcert check's opt-in adaptive grid decomposition (--decomposition adaptive;
// d = 2 expression energies, and network energies through networkGrid.ts): integration leaves for the
// masses, the region holding the mass (f within 20 of its minimum), cells cut where a float model of
// the bound is worst down to a width set by the sampled negative curvature, edge-scaled block chain
// (src/certify/adaptiveGrid.ts, edgeScales.ts), and the partition for the LSI constant (the leaf cells and the frame blocks).
// Its work is capped by counts (leaves, sets, rounds), never by time.
import type { Energy } from '../energy/types.js';
import type { Interval } from '../kernel/interval.js';
import type { PoincareDecompositionEvidence } from '../kernel/checks/poincareDecomposition.js';
import type { PartitionBlock } from '../kernel/checks/lsiDecomposition.js';
import { MAX_INTEGRAL_BOXES, type IntegralBracket } from '../kernel/integration/evidence.js';
import { refineIntegral, type IntegrationEvidence, type PreparedIntegration } from '../audit/integrate.js';
import { massRegion } from '../audit/poincare.js';
import { proposeAdaptiveGridDecomposition } from './adaptiveGrid.js';
import { partitionFromAdaptiveCells } from './decompositionPartition.js';
import { proposeNetworkGridDecomposition } from './networkGrid.js';

/** The fixed layout of the adaptive grid (the ring's measured settings, bench/poincareGrid.ts). */
export interface AdaptiveGridSettings {
  /** Base cells per axis of the region. */
  readonly base: number;
  /** Each set grows by this fraction of the narrowest cell it touches. */
  readonly overlap: number;
  /** Sub-boxes per axis of each cell for the kernel's curvature and range checks. */
  readonly subBoxes: number;
  /** Sub-boxes per axis for the second lift search on the bounded cells, largest local constant first,
   *  at most `fineSets` of them (times --effort). */
  readonly fineSubBoxes: number;
  readonly fineSets: number;
  /** Leaves of the first integration (ln Z tolerance 1e-3), then after the refinement at the overlaps. */
  readonly integrationBoxes: number;
  readonly refinedBoxes: number;
  /** Rounds of cell cuts (default 40: the cuts stop earlier when no cell gains or the sets run out). */
  readonly rounds?: number;
}

export const DEFAULT_ADAPTIVE_SETTINGS: AdaptiveGridSettings = { base: 8, overlap: 0.2, subBoxes: 6, fineSubBoxes: 12, fineSets: 400, integrationBoxes: 40_000, refinedBoxes: 150_000 };

/** Every bounded cell is a candidate for the fine pass (largest constants first): on the ring at T = 0.05
 *  the bound is set by the 167 well cells of constant 0.1-0.3, which 12 x 12 sub-boxes bring down 1.2-1.4x. */
const FINE_COVER_ABOVE = 0;

/** The default settings with the leaf counts and the fine-cover cells times check's --effort (leaves capped by the kernel's limit). */
export function adaptiveSettingsFor(effort: number): AdaptiveGridSettings {
  const scale = (n: number): number => Math.min(MAX_INTEGRAL_BOXES, Math.max(1, Math.round(n * effort)));
  return { ...DEFAULT_ADAPTIVE_SETTINGS, integrationBoxes: scale(DEFAULT_ADAPTIVE_SETTINGS.integrationBoxes), refinedBoxes: scale(DEFAULT_ADAPTIVE_SETTINGS.refinedBoxes), fineSets: Math.round(DEFAULT_ADAPTIVE_SETTINGS.fineSets * effort) };
}

/** The largest -lambda_min(hess E) over an 81 x 81 grid of the region (0 when E is convex there). */
export function sampledNegativeCurvature(energy: Energy, region: readonly [Interval, Interval]): number {
  const n = 81;
  const x = new Float64Array(2);
  let nu = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    x[0] = region[0].lo + ((region[0].hi - region[0].lo) * i) / (n - 1);
    x[1] = region[1].lo + ((region[1].hi - region[1].lo) * j) / (n - 1);
    const h = energy.hessian(x);
    const a = h[0]!, b = h[1]!, d = h[3]!;
    nu = Math.max(nu, -(0.5 * (a + d) - Math.sqrt(0.25 * (a - d) ** 2 + b * b)));
  }
  return nu;
}

/**
 * The smallest cell width the refinement may reach: half of sqrt(T / nu) (the width over which the
 * steepest negative curvature nu of E costs a lift of order 1 in f = E/T), rounded down to 1, 2 or 5
 * times a power of ten so the same energy and T always give the same cells. The 8-well ring
 * (nu = 5.1): 0.05 at T = 0.1, the width measured in bench/poincareGrid.ts.
 */
export function minimumCellWidth(temperature: number, nu: number): number {
  const w = 0.5 * Math.sqrt(temperature / nu);
  const decade = 10 ** Math.floor(Math.log10(w));
  const m = w / decade;
  return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * decade;
}

export interface AdaptiveDecomposition {
  readonly evidence: PoincareDecompositionEvidence;
  readonly integration: IntegrationEvidence;
  readonly partition: PartitionBlock[];
  /** The kernel's bracket over the refined integration leaves (the masses the groups' chains read). */
  readonly bracket: IntegralBracket;
  readonly region: [Interval, Interval];
  readonly minWidth: number;
}

/** What both grids start from: the integration leaves, the region where f is within `window` of its
 *  minimum, the smallest cell width, their shared options and the closing progress line; or why there
 *  is no grid. */
function gridStart(energy: Energy, temperature: number, prepared: PreparedIntegration, settings: AdaptiveGridSettings, window: number, label: string, say: (m: string) => void) {
  if (energy.dim !== 2) return `the ${label} is built for d = 2 (d = ${energy.dim})`;
  const t0 = process.cpuUsage();
  const cpu = (): string => `${((process.cpuUsage(t0).user + process.cpuUsage(t0).system) / 1e6).toFixed(0)} CPU s`;
  const { evidence } = refineIntegral(energy.model, temperature, { tolerance: 1e-3, prepared, maxBoxes: settings.integrationBoxes, floatEnergy: energy });
  const region = massRegion(energy, temperature, prepared.inner, window);
  const nu = sampledNegativeCurvature(energy, region);
  if (!(nu > 0)) return 'hess E is positive semidefinite at every sampled point of the region holding the mass: the grid is for non-convex energies';
  const minWidth = minimumCellWidth(temperature, nu);
  say(`${label}: ${evidence.boxes.length} integration leaves; region ${showInterval(region[0])} x ${showInterval(region[1])}; cells down to ${minWidth} (steepest negative curvature of E ${nu.toPrecision(3)}); ${cpu()}`);
  // The options both grids share: the region's base grid, cuts by the float model down to minWidth.
  const layout = {
    inner: region,
    base: settings.base,
    curvatureLimit: 0,
    window: 0,
    refine: { minWidth, ...(settings.rounds !== undefined ? { rounds: settings.rounds } : {}), say: (m: string) => say(`${label}: ${m.trim()}`) },
    overlap: settings.overlap,
    subBoxes: settings.subBoxes,
    maxBoxes: settings.refinedBoxes,
  };
  const done = (p: { evidence: PoincareDecompositionEvidence; integration: IntegrationEvidence }): void =>
    say(`${label}: ${p.evidence.pieces.length} sets, ${p.integration.boxes.length} leaves, lambda_2 claim ${p.evidence.lambda2.toPrecision(4)}${p.evidence.edgeScales ? ', edges scaled' : ''}; ${cpu()}`);
  return { evidence, region, minWidth, layout, done };
}

const showInterval = (r: Interval): string => `[${r.lo.toPrecision(3)}, ${r.hi.toPrecision(3)}]`;

/**
 * The adaptive decomposition over the leaves of `prepared`, or a sentence saying why there is none.
 * frameBump: the tail decomposition's bounded W (a candidate on the unbounded frame sets).
 */
export function proposeAdaptiveDecomposition(energy: Energy, temperature: number, prepared: PreparedIntegration, frameBump: string | null, settings: AdaptiveGridSettings, say: (m: string) => void = () => {}): AdaptiveDecomposition | string {
  const start = gridStart(energy, temperature, prepared, settings, 20, 'adaptive grid', say);
  if (typeof start === 'string') return start;
  const { evidence, region, minWidth, layout, done } = start;
  let proposal;
  try {
    proposal = proposeAdaptiveGridDecomposition(energy, temperature, evidence, {
      ...layout,
      ...(settings.fineSets > 0 ? { fineCovers: { subBoxes: settings.fineSubBoxes, sets: settings.fineSets, above: FINE_COVER_ABOVE, say: (m: string) => say(`adaptive grid: ${m}`) } } : {}),
      frameBumps: frameBump ? [frameBump] : [],
    });
  } catch (e) {
    return `the adaptive grid found no decomposition: ${(e as Error).message}`;
  }
  done(proposal);
  return { evidence: proposal.evidence, integration: proposal.integration, bracket: proposal.bracket, partition: partitionFromAdaptiveCells(proposal.cells, region, settings.base), region, minWidth };
}

/** The network grid's region: where f is within 10 (not 20) of its minimum. The frame sets with
 *  W = the network are cheap enough that the cells need only hold the modes and saddles
 *  (models/8gaussians at T = 1: [-18.8, 19.2]^2 with 20, base cells 4.75 wide that the kernel refuses). */
export const NETWORK_REGION_WINDOW = 10;

/**
 * The same for a 2-d energy with a bounded network term (e.g. the shipped MLP + (lambda/2)|x|^2):
 * networkGrid.ts's cells, rows and quadrants (frame sets W = the network, their far parts over cones)
 * and the partition of that layout. Same settings and region rule as above.
 */
export function proposeNetworkAdaptiveDecomposition(energy: Energy, temperature: number, prepared: PreparedIntegration, settings: AdaptiveGridSettings, say: (m: string) => void = () => {}): AdaptiveDecomposition | string {
  const start = gridStart(energy, temperature, prepared, settings, NETWORK_REGION_WINDOW, 'network grid', say);
  if (typeof start === 'string') return start;
  const { evidence, region, minWidth, layout, done } = start;
  let proposal;
  try {
    proposal = proposeNetworkGridDecomposition(energy, temperature, evidence, {
      ...layout,
      onFrame: (set, c) => say(`network grid: frame ${showInterval(set[0]!)} x ${showInterval(set[1]!)}: local constant ${c.toPrecision(3)}`),
    });
  } catch (e) {
    return `the network grid found no decomposition: ${(e as Error).message}`;
  }
  done(proposal);
  return { evidence: proposal.evidence, integration: proposal.integration, bracket: proposal.bracket, partition: proposal.partition, region, minWidth };
}
