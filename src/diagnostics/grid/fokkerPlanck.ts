// Continuous-time Langevin on a grid: the Fokker-Planck equation d rho/dt = div(grad rho + rho grad f)
// with Scharfetter-Gummel fluxes between neighbouring nodes,
//   flux(k -> j) = [B(f_j - f_k) rho_k - B(f_k - f_j) rho_j] / h^2,   B(z) = z / (e^z - 1),
// and no flux through the boundary. The discrete Gibbs measure exp(-f_k) makes every flux vanish
// (B(-z) = e^z B(z)), so it is exactly stationary; the fluxes move mass between nodes, so mass is
// exactly conserved. Time stepping is explicit Euler with dt <= 1 / (largest out-rate): one step is
// then a Markov transition matrix with the discrete Gibbs measure invariant, which keeps rho >= 0 and,
// by the data-processing inequality, makes KL(rho || pi) non-increasing step by step.
import { cellArea, type GridField } from './grid.js';
import { densityQuantities } from './quantities.js';

/** B(z) = z / (e^z - 1), with B(0) = 1. */
export function bernoulli(z: number): number {
  if (Math.abs(z) < 1e-12) return 1 - z / 2;
  return z / Math.expm1(z);
}

/** Per-edge rates: the edge e joins node a[e] to node b[e]; mass moves a->b at rate ab[e] * rho_a and b->a at ba[e] * rho_b. */
export interface SgOperator {
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly ab: Float64Array;
  readonly ba: Float64Array;
  /** Largest total out-rate of a node (the explicit step limit is its inverse). */
  readonly maxOutRate: number;
}

export function scharfetterGummel(field: GridField): SgOperator {
  const { nx, ny, hx, hy } = field.grid;
  const f = field.f;
  const edges = (nx - 1) * ny + nx * (ny - 1);
  const a = new Int32Array(edges);
  const b = new Int32Array(edges);
  const ab = new Float64Array(edges);
  const ba = new Float64Array(edges);
  const out = new Float64Array(nx * ny);
  let e = 0;
  const add = (k: number, j: number, invH2: number): void => {
    a[e] = k;
    b[e] = j;
    ab[e] = bernoulli(f[j]! - f[k]!) * invH2;
    ba[e] = bernoulli(f[k]! - f[j]!) * invH2;
    out[k] = out[k]! + ab[e]!;
    out[j] = out[j]! + ba[e]!;
    e++;
  };
  for (let iy = 0; iy < ny; iy++) for (let ix = 0; ix + 1 < nx; ix++) add(iy * nx + ix, iy * nx + ix + 1, 1 / (hx * hx));
  for (let iy = 0; iy + 1 < ny; iy++) for (let ix = 0; ix < nx; ix++) add(iy * nx + ix, (iy + 1) * nx + ix, 1 / (hy * hy));
  let maxOutRate = 0;
  for (let k = 0; k < out.length; k++) maxOutRate = Math.max(maxOutRate, out[k]!);
  return { a, b, ab, ba, maxOutRate };
}

/** One explicit Euler step rho -> next (next must not alias rho). */
export function sgStep(op: SgOperator, rho: Float64Array, next: Float64Array, dt: number): void {
  next.set(rho);
  const { a, b, ab, ba } = op;
  for (let e = 0; e < a.length; e++) {
    const k = a[e]!;
    const j = b[e]!;
    const flux = dt * (ab[e]! * rho[k]! - ba[e]! * rho[j]!);
    next[k] = next[k]! - flux;
    next[j] = next[j]! + flux;
  }
}

/**
 * The relative Fisher information of the scheme: I = sum_edges flux * (log u_a - log u_b) dA with
 * u = rho exp(f), so that dKL/dt = -I exactly for the semi-discrete equation. Each term is >= 0.
 * Empty nodes are floored at 1e-300 (their true contribution is +infinity or 0).
 */
export function discreteFisher(op: SgOperator, field: GridField, rho: Float64Array): number {
  const { a, b, ab, ba } = op;
  const f = field.f;
  let s = 0;
  for (let e = 0; e < a.length; e++) {
    const k = a[e]!;
    const j = b[e]!;
    const rk = rho[k]!;
    const rj = rho[j]!;
    if (!(rk > 0) && !(rj > 0)) continue;
    const flux = ab[e]! * rk - ba[e]! * rj;
    const logRatio = Math.log(Math.max(rk, 1e-300)) + f[k]! - Math.log(Math.max(rj, 1e-300)) - f[j]!;
    s += flux * logRatio;
  }
  return s * cellArea(field.grid);
}

export interface FokkerPlanckOptions {
  readonly field: GridField;
  readonly rho0: Float64Array;
  /** Final time in f-time (engine time multiplied by T). */
  readonly tEnd: number;
  /** About this many records, evenly spaced in time; default 200. */
  readonly records?: number;
  /** Stop once KL falls below this; default 1e-9. */
  readonly klFloor?: number;
  /** Fraction of the explicit step limit; default 0.9. */
  readonly cflSafety?: number;
  /** Refuse runs longer than this many steps (the caller picks a coarser grid); default 400000. */
  readonly maxSteps?: number;
}

export interface FokkerPlanckCurve {
  readonly times: number[];
  readonly kl: number[];
  readonly fisher: number[];
  readonly freeEnergy: number[];
  readonly mass: number[];
  readonly dt: number;
  readonly steps: number;
}

export function solveFokkerPlanck(opts: FokkerPlanckOptions): FokkerPlanckCurve {
  const { field, tEnd } = opts;
  if (!(tEnd > 0) || !Number.isFinite(tEnd)) throw new RangeError(`solveFokkerPlanck: tEnd must be positive, got ${tEnd}`);
  const op = scharfetterGummel(field);
  const dtLimit = (opts.cflSafety ?? 0.9) / op.maxOutRate;
  const totalSteps = Math.max(1, Math.ceil(tEnd / dtLimit));
  const maxSteps = opts.maxSteps ?? 400000;
  if (totalSteps > maxSteps) throw new RangeError(`solveFokkerPlanck: ${totalSteps} explicit steps needed (limit ${maxSteps}); use a coarser grid or a shorter time`);
  const dt = tEnd / totalSteps;
  const records = Math.max(1, Math.min(opts.records ?? 200, totalSteps));
  const klFloor = opts.klFloor ?? 1e-9;
  const curve: FokkerPlanckCurve = { times: [], kl: [], fisher: [], freeEnergy: [], mass: [], dt, steps: 0 };
  let rho = Float64Array.from(opts.rho0);
  let next = new Float64Array(rho.length);
  const record = (step: number): number => {
    const q = densityQuantities(field, rho);
    curve.times.push(step * dt);
    curve.kl.push(q.kl);
    curve.fisher.push(discreteFisher(op, field, rho));
    curve.freeEnergy.push(q.freeEnergy);
    curve.mass.push(q.mass);
    return q.kl;
  };
  record(0);
  let nextRecord = 1;
  let step = 0;
  while (step < totalSteps) {
    sgStep(op, rho, next, dt);
    [rho, next] = [next, rho];
    step++;
    if (step >= Math.round((nextRecord * totalSteps) / records)) {
      nextRecord++;
      if (record(step) < klFloor) break;
    }
  }
  return { ...curve, steps: step };
}
