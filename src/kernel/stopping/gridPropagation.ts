// The grid-propagation stopping route (proofs/stopping-grid-propagation.md): a certified upper bound
// on TV(mu_N, pi) for ULA in f-units (kernel N(x - h grad f(x), 2h I)) from mu_0 = N(m 1, s0^2 I), d <= 2.
// An approximate law nu_k is carried on a grid of cells (mass, mean and second moment per cell); each
// step replaces the mass of cell c by ONE Gaussian N(y_c, s^2 I), y_c a lattice point near g(mean_c),
// and the per-cell lemma bounds what that costs in L1 by the law's variance inside the cell (second
// order in the cell width; the tracked moments bound it, about w^2/12 rather than w^2/4). The chain
//   ||mu_k - nu_k||_1 <= ||mu_0 - nu_0||_1 + sum_j (step error_j)
// uses that the ULA kernel is an L1 contraction; at the end ||nu_N - pi||_1 is bounded cell by cell
// by a second-order Taylor bound, and TV = ||.||_1 / 2. Everything is float64 with every rounding
// accounted: tables and per-cell facts are interval enclosures, the float sums of nonnegative
// products are bounded by gamma_n, and lost mass (truncation, dropped sources, rounding) is counted.
import { add, div, mul, point, scale, sqr, sqrt, sub, type Interval } from '../interval.js';
import type { EnergyModel } from '../model.js';
import { addHi, addLo, divHi, divLo, mulHi, mulLo, nextUp, powerOfTwo, roundUp } from '../rounding.js';

/** An upper bound of sqrt(2): Math.sqrt is correctly rounded, one step up covers the rounding. */
const SQRT2_UP = roundUp(Math.sqrt(2));
import { compilePointValueGradient, createPointValueGradient } from '../integration/pointEnclosure.js';
import { checkTailBound, type TailDecomposition } from '../integration/tails.js';
import { axisTables, secondMomentAboutLeft, unitAxis, type AxisTables } from './gridAxisTables.js';
import { cellFacts, type GridAxis } from './gridCells.js';
import { normalCdf, normalDensity, SQRT_2_OVER_PI } from './normalCdf.js';

export interface GridSpec {
  /** Per axis: cells [origin + j width, origin + (j+1) width], j = 0 .. cells - 1. */
  readonly origin: readonly number[];
  readonly width: readonly number[];
  readonly cells: readonly number[];
  /** m: sources are snapped to the lattice origin + (q + r/m) width (a power of two, 2 .. 4096). */
  readonly subdivisions: number;
  /** K: each source Gaussian is kept on the cells q - K .. q + K per axis (the rest is lost mass). */
  readonly window: number;
  /** Cells of nu_k with stored mass <= dropBelow are not propagated (their mass is lost mass). */
  readonly dropBelow: number;
  /**
   * The tail of pi outside the grid box, as kernel/integration/tails.checkTailBound evidence: terms of
   * the energy as W, or (decomposition) an added bump W and a cover of R^d (proofs/integration.md, Lemma 4').
   */
  readonly tail: { readonly boundedTerms: readonly number[]; readonly anchor: readonly number[]; readonly decomposition?: TailDecomposition };
}

export interface GridPropagationBounds {
  /** chain[k] >= ||mu_k - nu_k||_1, k = 0 .. steps. */
  readonly chain: number[];
  /** tv[k] >= TV(mu_k, pi) for the evaluated k (NaN elsewhere; k = 0 is never evaluated). */
  readonly tv: number[];
  /** Upper bound of pi(R^d \ D). */
  readonly piOutside: number;
}

export type GridPropagationResult = ({ readonly ok: true } & GridPropagationBounds) | { readonly ok: false; readonly reason: string };

/** Grid coordinates are multiples of 2^-30 and within 2^8 of 0, so that (with m <= 2^12) every lattice
 *  point a + k w / (2m) that is used is a double and sums of them are exact (2^8 / 2^-43 < 2^53). */
const COORD_UNIT = powerOfTwo(30);
const COORD_LIMIT = 256;
const MAX_CELLS = 1_000_000;
/** |float point - intended point| per coordinate: a + j w + offset (one rounding) and a quotient. */
const POSITION_ERROR = powerOfTwo(-42);
const U = powerOfTwo(-53);

function isPowerOfTwo(m: number): boolean {
  return Number.isInteger(m) && m >= 2 && m <= 4096 && (m & (m - 1)) === 0;
}

/** Why the grid cannot be used, or undefined. */
export function invalidGrid(grid: GridSpec, d: number): string | undefined {
  if (d !== 1 && d !== 2) return `grid propagation is implemented for d = 1 and d = 2, not d = ${d}`;
  for (const key of ['origin', 'width', 'cells'] as const) {
    const v = grid[key];
    if (!Array.isArray(v) || v.length !== d) return `grid.${key} must list ${d} numbers`;
  }
  if (!isPowerOfTwo(grid.subdivisions)) return `grid.subdivisions = ${grid.subdivisions}: expected a power of two in [2, 4096]`;
  if (!Number.isInteger(grid.window) || grid.window < 1 || grid.window > 4000) return `grid.window = ${grid.window}: expected an integer in [1, 4000]`;
  if (grid.subdivisions * (2 * grid.window + 1) > 4_000_000) return 'grid.subdivisions * (2 window + 1) exceeds 4e6 table entries';
  if (!(grid.dropBelow >= 0) || !Number.isFinite(grid.dropBelow)) return `grid.dropBelow = ${grid.dropBelow}: expected a finite number >= 0`;
  let count = 1;
  for (let i = 0; i < d; i++) {
    const a = grid.origin[i]!, w = grid.width[i]!, n = grid.cells[i]!;
    if (!Number.isInteger(n) || n < 1) return `grid.cells[${i}] = ${n}: expected a positive integer`;
    if (!(w > 0) || !Number.isInteger(w * COORD_UNIT) || !Number.isInteger(a * COORD_UNIT)) {
      return `grid axis ${i}: origin ${a} and width ${w} > 0 must be multiples of 2^-30`;
    }
    if (!(Math.abs(a) + (n + grid.window + 2) * w <= COORD_LIMIT)) return `grid axis ${i}: the grid and its windows must lie within |x| <= ${COORD_LIMIT}`;
    count *= n;
  }
  if (count > MAX_CELLS) return `grid has ${count} cells, more than ${MAX_CELLS}`;
  const tail = grid.tail;
  if (!tail || !Array.isArray(tail.boundedTerms) || !Array.isArray(tail.anchor)) return 'grid.tail must give boundedTerms and anchor';
  const dec = tail.decomposition;
  if (dec !== undefined && (dec === null || typeof dec !== 'object' || !(dec.bump === null || typeof dec.bump === 'string') || !Array.isArray(dec.cover))) {
    return 'grid.tail.decomposition must give bump (an expression or null) and cover (boxes)';
  }
  return undefined;
}

/** gamma_n = n u / (1 - n u), rounded up: the relative error of a float sum of n - 2 nonnegative products of 3 factors. */
function gammaOf(n: number): number {
  const nu = mulHi(n, U);
  return divHi(nu, addLo(1, -nu));
}

function sqrtUp(x: number): number {
  const r = Math.sqrt(x);
  return r === 0 ? 0 : nextUp(r);
}

/** sum over a window of |a_i b_j - A_i B_j| <= tauA WA (SB + WB tauB) + SA WB tauB, per unit source mass. */
function windowError(tauA: number, sumA: number, wa: number, tauB: number, sumB: number, wb: number): number {
  return addHi(mulHi(mulHi(tauA, wa), addHi(sumB, mulHi(wb, tauB))), mulHi(mulHi(sumA, wb), tauB));
}

function absUpper(lo: number, hi: number): number {
  return Math.max(Math.abs(lo), Math.abs(hi));
}

interface Axis extends GridAxis {
  readonly tables: AxisTables;
  readonly unit: boolean;
}

interface InitialAxis {
  mass: Float64Array; moment: Float64Array; second: Float64Array;
  tauMass: number; tauMoment: number; tauSecond: number; sumMass: number; sumMoment: number; sumSecond: number;
}

/** Initial data: 1-D masses, first and second moments (about the left edge) of N(mean, std^2) on an axis's cells. */
function initialAxis(axis: GridAxis, mean: number, std: number): InitialAxis {
  const n = axis.cells;
  const mass = new Float64Array(n), moment = new Float64Array(n), second = new Float64Array(n);
  let tauMass = 0, tauMoment = 0, tauSecond = 0, sumMass = 0, sumMoment = 0, sumSecond = 0;
  if (std === 0) {
    const j = Math.floor((mean - axis.origin) / axis.width);
    // The cell with a + j w <= mean < a + (j+1) w (the quotient may round: check against the exact edges).
    for (const jj of [j - 1, j, j + 1]) {
      if (jj < 0 || jj >= n) continue;
      const left = axis.origin + jj * axis.width;
      if (left <= mean && mean < left + axis.width) {
        mass[jj] = 1;
        moment[jj] = mean - left;
        tauMoment = mulHi(axis.width, powerOfTwo(-52));
        sumMass = 1;
        sumMoment = nextUp(moment[jj]!);
        const sq = sqr(sub(point(mean), point(left)));
        second[jj] = sq.lo / 2 + sq.hi / 2;
        tauSecond = addHi(sq.hi, -sq.lo);
        sumSecond = nextUp(second[jj]!);
        break;
      }
    }
    return { mass, moment, second, tauMass, tauMoment, tauSecond, sumMass, sumMoment, sumSecond };
  }
  const s0 = point(std);
  const t: Interval[] = [];
  for (let j = 0; j <= n; j++) t.push(div(sub(point(axis.origin + j * axis.width), point(mean)), s0));
  const cdf = t.map(normalCdf);
  const dens = t.map(normalDensity);
  for (let j = 0; j < n; j++) {
    const m0 = sub(cdf[j + 1]!, cdf[j]!);
    const m = { lo: Math.max(0, m0.lo), hi: Math.min(1, m0.hi) };
    const mo0 = sub(mul(s0, sub(dens[j]!, dens[j + 1]!)), mul(mul(s0, t[j]!), m));
    const mo = { lo: Math.max(0, mo0.lo), hi: Math.min(mo0.hi, mul(point(axis.width), m).hi) };
    const se = secondMomentAboutLeft(s0, t[j]!, t[j + 1]!, dens[j]!, dens[j + 1]!, m, point(axis.width));
    mass[j] = m.lo / 2 + m.hi / 2;
    moment[j] = mo.lo / 2 + mo.hi / 2;
    second[j] = se.lo / 2 + se.hi / 2;
    tauMass = Math.max(tauMass, addHi(m.hi, -m.lo));
    tauMoment = Math.max(tauMoment, addHi(mo.hi, -mo.lo));
    tauSecond = Math.max(tauSecond, addHi(se.hi, -se.lo));
    sumMass = addHi(sumMass, mass[j]!);
    sumMoment = addHi(sumMoment, moment[j]!);
    sumSecond = addHi(sumSecond, second[j]!);
  }
  return { mass, moment, second, tauMass, tauMoment, tauSecond, sumMass, sumMoment, sumSecond };
}

/** c1 >= sqrt(2/pi)/s (mean shift) and c2 >= (4 phi(1)/2)/s^2 (second order), s^2 = 2h: 4 phi(1) = E|Z^2 - 1|. */
export function lemmaConstants(h: Interval): { c1: number; c2: number } {
  const s = sqrt(scale(h, 2));
  return { c1: div(SQRT_2_OVER_PI, s).hi, c2: div(scale(normalDensity(point(1)), 2), sqr(s)).hi };
}

/**
 * The per-cell lemma: e_c = c1 h ||rad H_c||_F sqrt(V) + c2 Lip_c^2 V, rounded up; bounds
 * ||int rho N(g(x), s^2 I) - N(g(mean), s^2 I)||_1 for every law rho on the cell with
 * sum_i Var_rho(x_i) <= V (V = sum w_i^2/4 holds for every law on the cell).
 */
export function cellLemmaBound(c1: number, c2: number, hHi: number, radF: number, lip: number, variance: number): number {
  return addHi(mulHi(mulHi(c1, hHi), mulHi(radF, sqrtUp(variance))), mulHi(c2, mulHi(mulHi(lip, lip), variance)));
}

/**
 * An upper bound of nu(c) Var(x_i) on one axis of a cell from its stored mass p, first and second
 * moments n1, n2 about the left edge, for exact values p, n1, n2: the variance is at most the second
 * moment about any point left + o, nu(c) E(x - left - o)^2 = n2 - 2 o n1 + o^2 p (o = n1/p clamped into
 * [0, w] here, any o is sound), and at most p w^2/4 (pw4 = an upper bound of p w^2 / 4).
 */
export function cellVarianceUpper(p: number, n1: number, n2: number, w: number, pw4: number): number {
  const o = p > 0 ? Math.min(w, Math.max(0, n1 / p)) : 0;
  const q = addHi(addHi(n2, -mulLo(2 * o, n1)), mulHi(mulHi(o, o), p));
  return Math.min(Math.max(0, q), pw4);
}

/**
 * Certified bounds for ULA with step h (an enclosure of eta * T) for `steps` steps. `evaluate`:
 * 'all' bounds TV(mu_k, pi) for every k = 1 .. steps (the producer's scan), 'last' only for k = steps.
 * `stopAfter` (the producer's search) is asked after each step k and ends the run early, with arrays up
 * to k, when it returns true; every number returned is the same as in a full run.
 */
export function gridPropagationBounds(
  model: EnergyModel,
  temperature: number,
  init: { readonly mean: number; readonly std: number },
  h: Interval,
  steps: number,
  grid: GridSpec,
  evaluate: 'all' | 'last' = 'last',
  stopAfter?: (tv: readonly number[], chain: readonly number[]) => boolean,
): GridPropagationResult {
  const d = model.dim;
  const bad = invalidGrid(grid, d);
  if (bad) return { ok: false, reason: bad };
  if (!(temperature > 0) || !Number.isFinite(temperature)) return { ok: false, reason: `temperature = ${temperature}: expected > 0` };
  if (!(h.lo > 0) || !Number.isFinite(h.hi)) return { ok: false, reason: `h = [${h.lo}, ${h.hi}]: expected > 0` };
  if (!Number.isSafeInteger(steps) || steps < 1 || steps > 100_000) return { ok: false, reason: `steps = ${steps}: expected an integer in [1, 100000]` };
  if (!Number.isFinite(init.mean) || !(init.std >= 0) || !Number.isFinite(init.std)) return { ok: false, reason: `init normal:${init.mean},${init.std} is not a finite Gaussian start` };

  const m = grid.subdivisions, K = grid.window;
  const s = sqrt(scale(h, 2));
  const { c1, c2 } = lemmaConstants(h);
  const gridAxes: GridAxis[] = Array.from({ length: d }, (_, i) => ({ origin: grid.origin[i]!, width: grid.width[i]!, cells: grid.cells[i]! }));
  const evalAll = evaluate === 'all';
  const axes: Axis[] = gridAxes.map((a) => ({ ...a, tables: axisTables(a.width, m, K, s, true), unit: false }));
  if (d === 1) axes.push({ origin: 0, width: 0, cells: 1, tables: unitAxis(), unit: true });
  const [A1, A2] = axes as [Axis, Axis];
  const T1 = A1.tables, T2 = A2.tables;
  const n1 = A1.cells, n2 = A2.cells, count = n1 * n2;
  const W1 = T1.span, W2 = T2.span, K2 = A2.unit ? 0 : K;
  const realWidths = gridAxes.map((a) => a.width);
  // sum_i w_i^2 / 4 (the variance bound) and sum_i w_i^2 / 12 (second moment of a uniform cell).
  let var4 = 0;
  for (const w of realWidths) var4 = addHi(var4, mulHi(mulHi(w, w), 0.25));
  const sqrtVar4 = sqrtUp(var4);
  // t in [tMin, sqrtVar4] in nu sqrt(V) <= (t nu + nu V / t) / 2; tMin bounds the error term E_V / (2 t).
  const tMin = sqrtVar4 * powerOfTwo(-10);
  const sumW12 = realWidths.reduce((acc, w) => addHi(acc, div(sqr(point(w)), point(12)).hi), 0);
  let volume = realWidths[0]!;
  if (d === 2) volume = mulHi(volume, realWidths[1]!);

  // Per-cell facts of f, then the per-cell lemma constant e_c and Lipschitz bound Lip_c >= ||I - hH||_2.
  const facts = cellFacts(model, temperature, gridAxes);
  const nh = d === 2 ? 3 : 1;
  const radFs = new Float64Array(count), lip = new Float64Array(count);
  for (let c = 0; c < count; c++) {
    const a: Interval = { lo: facts.hLo[c * nh]!, hi: facts.hHi[c * nh]! };
    let lamLo: number, lamHi: number, radF: number;
    if (!(Number.isFinite(a.lo) && Number.isFinite(a.hi))) { radFs[c] = Infinity; lip[c] = Infinity; continue; }
    const radA = mulHi(addHi(a.hi, -a.lo), 0.5);
    if (d === 1) {
      lamLo = a.lo; lamHi = a.hi; radF = radA;
    } else {
      const b: Interval = { lo: facts.hLo[c * nh + 1]!, hi: facts.hHi[c * nh + 1]! };
      const e: Interval = { lo: facts.hLo[c * nh + 2]!, hi: facts.hHi[c * nh + 2]! };
      if (!(Number.isFinite(b.lo) && Number.isFinite(b.hi) && Number.isFinite(e.lo) && Number.isFinite(e.hi))) { radFs[c] = Infinity; lip[c] = Infinity; continue; }
      // Eigenvalues of [[a, b], [b, e]]: (a + e)/2 +- sqrt(((a - e)/2)^2 + b^2), for every matrix in the box.
      const centre = scale(add(a, e), 0.5);
      const root = sqrt(add(sqr(scale(sub(a, e), 0.5)), sqr(b)));
      lamLo = sub(centre, root).lo;
      lamHi = add(centre, root).hi;
      const radB = mulHi(addHi(b.hi, -b.lo), 0.5), radE = mulHi(addHi(e.hi, -e.lo), 0.5);
      radF = sqrtUp(addHi(addHi(mulHi(radA, radA), mulHi(2, mulHi(radB, radB))), mulHi(radE, radE)));
    }
    // ||I - hH||_2 = max |1 - h lambda| over the eigenvalues: largest at lambda = lamLo or lamHi.
    const l1 = sub(point(1), mul(h, point(lamLo)));
    const l2 = sub(point(1), mul(h, point(lamHi)));
    const L = Math.max(absUpper(l1.lo, l1.hi), absUpper(l2.lo, l2.hi));
    lip[c] = L;
    radFs[c] = radF;
  }

  // pi: Z restricted to the grid box by the second-order midpoint rule, plus the certified tail outside.
  let zLo = 0, zHi = 0;
  for (let c = 0; c < count; c++) {
    const rem = mulHi(mulHi(0.5, facts.hessE[c]!), mulHi(volume, sumW12));
    const lo = mul(point(volume), { lo: facts.eLo[c]!, hi: facts.eHi[c]! });
    zLo = addLo(zLo, addLo(lo.lo, -rem));
    zHi = addHi(zHi, addHi(lo.hi, rem));
  }
  const inner = gridAxes.map((a) => ({ lo: a.origin, hi: a.origin + a.cells * a.width }));
  const dec = grid.tail.decomposition;
  const tail = checkTailBound(model, temperature, { inner, boundedTerms: grid.tail.boundedTerms, anchor: grid.tail.anchor, ...(dec !== undefined ? { decomposition: dec } : {}) }, facts.shift);
  if (!tail.ok) return { ok: false, reason: `the tail of pi outside the grid: ${tail.reason}` };
  if (!(zLo > 0) || !Number.isFinite(zHi) || !Number.isFinite(tail.value.upper)) return { ok: false, reason: 'the normalising constant of pi could not be bracketed on the grid' };
  const zUpper = addHi(zHi, tail.value.upper);
  const zInv: Interval = { lo: divLo(1, zUpper), hi: divHi(1, zLo) };
  const piOutside = Math.min(1, divHi(tail.value.upper, zLo));

  // nu_0 = mu_0 restricted to the grid box.
  const P = new Float64Array(count), M1 = new Float64Array(count), M2 = new Float64Array(count);
  const S1 = new Float64Array(count), S2 = new Float64Array(count);
  const i1 = initialAxis(A1, init.mean, init.std);
  const i2: InitialAxis = d === 2 ? initialAxis(A2, init.mean, init.std)
    : { mass: Float64Array.of(1), moment: Float64Array.of(0), second: Float64Array.of(0), tauMass: 0, tauMoment: 0, tauSecond: 0, sumMass: 1, sumMoment: 0, sumSecond: 0 };
  let sumP = 0;
  for (let j1 = 0; j1 < n1; j1++) for (let j2 = 0; j2 < n2; j2++) {
    const c = j1 * n2 + j2;
    P[c] = i1.mass[j1]! * i2.mass[j2]!;
    M1[c] = i1.moment[j1]! * i2.mass[j2]!;
    M2[c] = i1.mass[j1]! * i2.moment[j2]!;
    S1[c] = i1.second[j1]! * i2.mass[j2]!;
    S2[c] = i1.mass[j1]! * i2.second[j2]!;
    sumP = addHi(sumP, P[c]!);
  }
  const rel = (() => { const g = gammaOf(count + 4); return divHi(g, addLo(1, -g)); })();
  let errP = addHi(windowError(i1.tauMass, i1.sumMass, n1, i2.tauMass, i2.sumMass, n2), mulHi(rel, sumP));
  const sumM1 = M1.reduce((acc, x) => addHi(acc, x), 0), sumM2 = M2.reduce((acc, x) => addHi(acc, x), 0);
  let errMom1 = addHi(windowError(i1.tauMoment, i1.sumMoment, n1, i2.tauMass, i2.sumMass, n2), mulHi(rel, sumM1));
  let errMom2 = addHi(windowError(i1.tauMass, i1.sumMass, n1, i2.tauMoment, i2.sumMoment, n2), mulHi(rel, sumM2));
  const sumS1 = S1.reduce((acc, x) => addHi(acc, x), 0), sumS2 = S2.reduce((acc, x) => addHi(acc, x), 0);
  let errSec1 = addHi(windowError(i1.tauSecond, i1.sumSecond, n1, i2.tauMass, i2.sumMass, n2), mulHi(rel, sumS1));
  let errSec2 = addHi(windowError(i1.tauMass, i1.sumMass, n1, i2.tauSecond, i2.sumSecond, n2), mulHi(rel, sumS2));
  const widthOf = [A1.width, A2.unit ? 0 : A2.width];
  // Upper bounds of w_i^2 and w_i^2 / 4 (0 for the unit axis of d = 1).
  const widthSq = widthOf.map((w) => mulHi(w, w));
  const widthSq4 = widthSq.map((w2) => mulHi(w2, 0.25));
  let errU = addHi(addHi(errMom1, mulHi(widthOf[0]!, errP)), addHi(errMom2, mulHi(widthOf[1]!, errP)));
  let sumLo = 0;
  for (let c = 0; c < count; c++) sumLo = addLo(sumLo, P[c]!);
  const chain: number[] = [Math.max(0, addHi(1, -addLo(sumLo, -errP)))];
  const tv: number[] = [NaN];

  // Per unit source mass: table errors of the deposited masses and moments and of the density sums.
  const eMass = windowError(T1.tauMass, T1.sumMass, W1, T2.tauMass, T2.sumMass, W2);
  const eMom1 = windowError(T1.tauMoment, T1.sumMoment, W1, T2.tauMass, T2.sumMass, W2);
  const eMom2 = windowError(T1.tauMass, T1.sumMass, W1, T2.tauMoment, T2.sumMoment, W2);
  const eSec1 = windowError(T1.tauSecond, T1.sumSecond, W1, T2.tauMass, T2.sumMass, W2);
  const eSec2 = windowError(T1.tauMass, T1.sumMass, W1, T2.tauSecond, T2.sumSecond, W2);
  const invSqrt12 = div(point(1), sqrt(point(12))).hi;
  const densityPerMass = addHi(
    addHi(
      addHi(mulHi(rel, mulHi(T1.sumRho, T2.sumRho)), windowError(T1.tauRho, T1.sumRho, W1, T2.tauRho, T2.sumRho, W2)),
      mulHi(mulHi(A1.width, invSqrt12), addHi(mulHi(rel, mulHi(T1.sumRhoD, T2.sumRho)), windowError(T1.tauRhoD, T1.sumRhoD, W1, T2.tauRho, T2.sumRho, W2))),
    ),
    addHi(
      A2.unit ? 0 : mulHi(mulHi(A2.width, invSqrt12), addHi(mulHi(rel, mulHi(T1.sumRho, T2.sumRhoD)), windowError(T1.tauRho, T1.sumRho, W1, T2.tauRhoD, T2.sumRhoD, W2))),
      mulHi(mulHi(0.5, sumW12), mulHi(rel, addHi(addHi(mulHi(T1.sumSupRhoDD, T2.sumSupRho), mulHi(SQRT2_UP, mulHi(T1.sumSupRhoD, T2.sumSupRhoD))), mulHi(T1.sumSupRho, T2.sumSupRhoDD)))),
    ),
  );

  // The window is the disc of cells (q1 + i, q2 + j) with i^2 + j^2 <= K^2 inside the square of the
  // tables (d = 2): the corners carry < exp(-(K - 1)^2 w^2 / (2 s^2)) of a source's mass, counted as lost.
  const disc = new Int32Array(K + 1);
  for (let i = 0; i <= K; i++) {
    let r = Math.floor(Math.sqrt(K * K - i * i));
    while (r * r > K * K - i * i) r--;
    while ((r + 1) * (r + 1) <= K * K - i * i) r++;
    disc[i] = Math.min(K2, r);
  }
  const pointFn = compilePointValueGradient(model);
  const pv = createPointValueGradient(d);
  const x = new Float64Array(d);
  const tPoint = point(temperature);
  const qs = [0, 0], rs = [0, 0];
  let nP = new Float64Array(count), nM1 = new Float64Array(count), nM2 = new Float64Array(count);
  let nS1 = new Float64Array(count), nS2 = new Float64Array(count);
  const V = new Float64Array(count), G1 = new Float64Array(count), G2 = new Float64Array(count);
  const H11 = new Float64Array(count), H12 = new Float64Array(count), H22 = new Float64Array(count);
  let P0 = P, M10 = M1, M20 = M2, S10 = S1, S20 = S2;

  for (let k = 0; k < steps; k++) {
    const dens = evalAll || k === steps - 1;
    nP.fill(0); nM1.fill(0); nM2.fill(0); nS1.fill(0); nS2.fill(0);
    if (dens) { V.fill(0); G1.fill(0); G2.fill(0); H11.fill(0); H12.fill(0); H22.fill(0); }
    let sumAll = 0, kept = 0, lemmaSum = 0, maxRadF = 0, maxDelta = 0, maxLip = 0;
    for (let c = 0; c < count; c++) {
      const p = P0[c]!;
      sumAll = addHi(sumAll, p);
      if (!(p > grid.dropBelow)) continue;
      const j1 = (c / n2) | 0, j2 = c - j1 * n2;
      // The propagated point: the cell's mean, clamped into the closed cell.
      const jj = [j1, j2];
      const mom = [M10[c]!, M20[c]!];
      const sec = [S10[c]!, S20[c]!];
      // Vf >= nu(c) sum_i Var(x_i) up to the global error E_V (cellVarianceUpper).
      let vf = 0;
      for (let i = 0; i < d; i++) {
        const ax = axes[i]!;
        const left = ax.origin + jj[i]! * ax.width;
        const off = Math.min(ax.width, Math.max(0, mom[i]! / p));
        x[i] = Math.min(left + ax.width, Math.max(left, left + off));
        vf = addHi(vf, cellVarianceUpper(p, mom[i]!, sec[i]!, ax.width, mulHi(p, widthSq4[i]!)));
      }
      pointFn(x, pv);
      let delta2 = 0;
      let inside = true;
      for (let i = 0; i < d && inside; i++) {
        const ax = axes[i]!;
        const gLo = pv.gradLo[i]!, gHi = pv.gradHi[i]!;
        if (!(Number.isFinite(gLo) && Number.isFinite(gHi))) { inside = false; break; }
        const gi = sub(point(x[i]!), mul(h, div({ lo: gLo, hi: gHi }, tPoint)));
        const step = ax.width / m;
        // Any lattice index is sound (the shift to g is charged below); the nearest keeps the charge small.
        const L = Math.floor((gi.lo / 2 + gi.hi / 2 - ax.origin) / step + 0.5);
        const q = Math.floor(L / m);
        if (!Number.isFinite(L) || q + K < 0 || q - K > ax.cells - 1) { inside = false; break; }
        const y = ax.origin + L * step;
        const di = Math.max(addHi(y, -gi.lo), addHi(gi.hi, -y));
        delta2 = addHi(delta2, mulHi(di, di));
        qs[i] = q; rs[i] = L - q * m;
      }
      // A source whose window misses the grid (or whose drift is not enclosed) is dropped: lost mass.
      if (!inside) continue;
      if (d === 1) { qs[1] = 0; rs[1] = 0; }
      const delta = sqrtUp(delta2);
      const radF = radFs[c]!, L = lip[c]!;
      kept = addHi(kept, p);
      // nu sqrt(V) <= min(nu sqrt(var4), (t nu + nu V / t) / 2) for any t > 0 (AM-GM); t ~ sqrt(V).
      const t = Math.min(sqrtVar4, Math.max(tMin, Math.sqrt(vf / p)));
      const rootTerm = Math.min(mulHi(p, sqrtVar4), mulHi(0.5, addHi(mulHi(t, p), divHi(vf, t))));
      const cellTerm = addHi(mulHi(mulHi(c1, h.hi), mulHi(radF, rootTerm)), mulHi(c2, mulHi(mulHi(L, L), vf)));
      lemmaSum = addHi(lemmaSum, addHi(Number.isNaN(cellTerm) ? Infinity : cellTerm, mulHi(p, mulHi(c1, delta))));
      if (radF > maxRadF) maxRadF = radF;
      if (delta > maxDelta) maxDelta = delta;
      if (L > maxLip) maxLip = L;
      const q1 = qs[0]!, q2 = qs[1]!;
      const lo1 = Math.max(0, q1 - K), hi1 = Math.min(n1 - 1, q1 + K);
      const base1 = rs[0]! * W1 - (q1 - K), base2 = rs[1]! * W2 - (q2 - K2);
      const tm1 = T1.mass, to1 = T1.moment, ts1 = T1.second, tm2 = T2.mass, to2 = T2.moment, ts2 = T2.second;
      for (let j = lo1; j <= hi1; j++) {
        const a = p * tm1[base1 + j]!, b = p * to1[base1 + j]!, sq = p * ts1[base1 + j]!;
        const row = j * n2, hw = disc[Math.abs(j - q1)]!;
        const lo2 = Math.max(0, q2 - hw), hi2 = Math.min(n2 - 1, q2 + hw);
        for (let l = lo2; l <= hi2; l++) {
          const t = base2 + l, idx = row + l, mm = tm2[t]!;
          nP[idx] += a * mm;
          nM1[idx] += b * mm;
          nM2[idx] += a * to2[t]!;
          nS1[idx] += sq * mm;
          nS2[idx] += a * ts2[t]!;
        }
      }
      if (dens) {
        const r1 = T1.rho, rd1 = T1.rhoD, s1 = T1.supRho, sd1 = T1.supRhoD, sdd1 = T1.supRhoDD;
        const r2 = T2.rho, rd2 = T2.rhoD, s2 = T2.supRho, sd2 = T2.supRhoD, sdd2 = T2.supRhoDD;
        for (let j = lo1; j <= hi1; j++) {
          const u = base1 + j;
          const rv = p * r1[u]!, rd = p * rd1[u]!, sv = p * s1[u]!, sdv = p * sd1[u]!, sddv = p * sdd1[u]!;
          const row = j * n2, hw = disc[Math.abs(j - q1)]!;
          const lo2 = Math.max(0, q2 - hw), hi2 = Math.min(n2 - 1, q2 + hw);
          for (let l = lo2; l <= hi2; l++) {
            const t = base2 + l, idx = row + l;
            V[idx] += rv * r2[t]!;
            G1[idx] += rd * r2[t]!;
            G2[idx] += rv * rd2[t]!;
            H11[idx] += sddv * s2[t]!;
            H12[idx] += sdv * sd2[t]!;
            H22[idx] += sv * sdd2[t]!;
          }
        }
      }
    }
    // Error bookkeeping of nu_{k+1}'s stored masses and moments.
    let sumNP = 0, sumNPLo = 0, sumNM1 = 0, sumNM2 = 0, sumNS1 = 0, sumNS2 = 0;
    for (let c = 0; c < count; c++) {
      sumNP = addHi(sumNP, nP[c]!);
      sumNPLo = addLo(sumNPLo, nP[c]!);
      sumNM1 = addHi(sumNM1, nM1[c]!);
      sumNM2 = addHi(sumNM2, nM2[c]!);
      sumNS1 = addHi(sumNS1, nS1[c]!);
      sumNS2 = addHi(sumNS2, nS2[c]!);
    }
    const errPNext = addHi(addHi(errP, mulHi(kept, eMass)), mulHi(rel, sumNP));
    const errMom1Next = addHi(addHi(mulHi(widthOf[0]!, errP), mulHi(kept, eMom1)), mulHi(rel, sumNM1));
    const errMom2Next = addHi(addHi(mulHi(widthOf[1]!, errP), mulHi(kept, eMom2)), mulHi(rel, sumNM2));
    const errSec1Next = addHi(addHi(mulHi(widthSq[0]!, errP), mulHi(kept, eSec1)), mulHi(rel, sumNS1));
    const errSec2Next = addHi(addHi(mulHi(widthSq[1]!, errP), mulHi(kept, eSec2)), mulHi(rel, sumNS2));
    const lost = addHi(addHi(sumAll, errP), -addLo(sumNPLo, -errPNext));
    // E_V >= sum_c |nu(c) V_c - Vf_c|: sum_i (E_S,i + 2 w_i E_N,i + w_i^2 E_P + (w_i^2/4) E_P).
    let errV = 0;
    const errMom = [errMom1, errMom2], errSec = [errSec1, errSec2];
    for (let i = 0; i < 2; i++) {
      errV = addHi(errV, addHi(addHi(errSec[i]!, mulHi(2 * widthOf[i]!, errMom[i]!)), mulHi(addHi(widthSq[i]!, widthSq4[i]!), errP)));
    }
    // Weight errors of the lemma: c1 h max radF (2 E_P sqrt(var4) + E_V / (2 tMin)) + c2 max Lip^2 E_V.
    const lemmaWeightError = addHi(
      mulHi(mulHi(mulHi(c1, h.hi), maxRadF), addHi(mulHi(2, mulHi(errP, sqrtVar4)), divHi(mulHi(0.5, errV), tMin))),
      mulHi(c2, mulHi(mulHi(maxLip, maxLip), errV)),
    );
    const stepError = addHi(
      addHi(lemmaSum, addHi(mulHi(errP, mulHi(c1, maxDelta)), lemmaWeightError)),
      addHi(mulHi(mulHi(c1, maxLip), addHi(errU, mulHi(addHi(kept, errP), mulHi(POSITION_ERROR, SQRT2_UP)))), lost),
    );
    chain.push(addHi(chain[k]!, stepError));

    if (dens) {
      // ||nu_{k+1} - pi||_1 <= sum_Q |Q| (sqrt(a^2 + sum b_i^2 w_i^2/12) + sup ||hess u|| sum w_i^2 / 24) + errors.
      let total = 0;
      const w1sq12 = div(sqr(point(A1.width)), point(12)).hi;
      const w2sq12 = A2.unit ? 0 : div(sqr(point(A2.width)), point(12)).hi;
      for (let c = 0; c < count; c++) {
        const piI = mul({ lo: facts.eLo[c]!, hi: facts.eHi[c]! }, zInv);
        const piLo = piI.lo, piHi = piI.hi;
        const aAbs = absUpper(addLo(V[c]!, -piHi), addHi(V[c]!, -piLo));
        const g1 = mul({ lo: facts.gLo[c * d]!, hi: facts.gHi[c * d]! }, zInv);
        const b1 = absUpper(addLo(G1[c]!, -g1.hi), addHi(G1[c]!, -g1.lo));
        let quad = addHi(mulHi(aAbs, aAbs), mulHi(mulHi(b1, b1), w1sq12));
        if (d === 2) {
          const g2 = mul({ lo: facts.gLo[c * d + 1]!, hi: facts.gHi[c * d + 1]! }, zInv);
          const b2 = absUpper(addLo(G2[c]!, -g2.hi), addHi(G2[c]!, -g2.lo));
          quad = addHi(quad, mulHi(mulHi(b2, b2), w2sq12));
        }
        const h11 = H11[c]!, h12 = H12[c]!, h22 = H22[c]!;
        const frob = sqrtUp(addHi(addHi(mulHi(h11, h11), mulHi(2, mulHi(h12, h12))), mulHi(h22, h22)));
        const hsup = addHi(frob, mulHi(facts.hessE[c]!, zInv.hi));
        const term = mulHi(volume, addHi(sqrtUp(quad), mulHi(mulHi(0.5, hsup), sumW12)));
        total = addHi(total, term);
      }
      const end = addHi(addHi(total, mulHi(mulHi(kept, densityPerMass), volume)), addHi(errP, piOutside));
      while (tv.length < k + 1) tv.push(NaN);
      tv.push(Number.isNaN(end) ? Infinity : Math.min(1, mulHi(0.5, addHi(chain[k + 1]!, end))));
    } else tv.push(NaN);

    errU = addHi(addHi(errMom1Next, mulHi(widthOf[0]!, errPNext)), addHi(errMom2Next, mulHi(widthOf[1]!, errPNext)));
    errP = errPNext; errMom1 = errMom1Next; errMom2 = errMom2Next; errSec1 = errSec1Next; errSec2 = errSec2Next;
    // Swap the buffers: nu_{k+1} becomes the source of the next step.
    const oP = P0, o1 = M10, o2 = M20, oS1 = S10, oS2 = S20;
    P0 = nP; M10 = nM1; M20 = nM2; S10 = nS1; S20 = nS2;
    nP = oP === P ? new Float64Array(count) : oP; nM1 = o1 === M1 ? new Float64Array(count) : o1; nM2 = o2 === M2 ? new Float64Array(count) : o2;
    nS1 = oS1 === S1 ? new Float64Array(count) : oS1; nS2 = oS2 === S2 ? new Float64Array(count) : oS2;
    if (stopAfter?.(tv, chain) === true) break;
  }
  return { ok: true, chain, tv, piOutside };
}
