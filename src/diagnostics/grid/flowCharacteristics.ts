// The noise-free gradient flow x' = -grad f transports the density without numerical diffusion when
// it is followed along characteristics: each quadrature point X of the initial law moves by the ODE
// (RK4) and carries l = log rho_t(X_t), which obeys dl/dt = lap f(X_t) (the continuity equation
// d rho/dt = div(rho grad f) along the path; equivalently log det J evolves by -lap f). Then
//   KL(rho_t || pi) = E_{rho_0}[ l(X_t) + f(X_t) ] + ln Z,
// a quadrature over the initial points, so the collapse onto the minima is resolved exactly however
// thin it gets. Also d/dt KL = E_rho[lap f - |grad f|^2] (continuity equation, one integration by parts), recorded as klRate.
import type { GaussianStart } from './grid.js';
import { maxCurvature, type GridPotential } from './potential.js';

export interface FlowOptions {
  readonly potential: GridPotential;
  /** ln Z of exp(-f), from the grid quadrature. */
  readonly logZ: number;
  readonly start: GaussianStart;
  readonly tEnd: number;
  /** About this many records, evenly spaced; default 200. */
  readonly records?: number;
  /** Quadrature points per axis over mean +- startStds * std; defaults 64 and 6. */
  readonly pointsPerAxis?: number;
  readonly startStds?: number;
  /** A lower bound to use for |hess f| when choosing the RK4 step; the current points are scanned as well. */
  readonly curvature?: number;
}

export interface FlowCurve {
  readonly times: number[];
  readonly kl: number[];
  readonly freeEnergy: number[];
  /** E_rho[lap f - |grad f|^2], the exact time derivative of KL along the flow. */
  readonly klRate: number[];
  /** The smallest RK4 step used. */
  readonly dt: number;
  readonly points: number;
}

export function solveFlow(opts: FlowOptions): FlowCurve {
  const { potential, logZ, start, tEnd } = opts;
  if (!(tEnd > 0) || !Number.isFinite(tEnd)) throw new RangeError(`solveFlow: tEnd must be positive, got ${tEnd}`);
  const m = opts.pointsPerAxis ?? 64;
  const half = (opts.startStds ?? 6) * start.std;
  const n = m * m;
  const pos = new Float64Array(2 * n);
  const logRho = new Float64Array(n);
  const weight = new Float64Array(n);
  const step = (2 * half) / (m - 1);
  let wsum = 0;
  for (let j = 0; j < m; j++)
    for (let i = 0; i < m; i++) {
      const k = j * m + i;
      const x = start.mean - half + i * step;
      const y = start.mean - half + j * step;
      pos[2 * k] = x;
      pos[2 * k + 1] = y;
      const r2 = ((x - start.mean) ** 2 + (y - start.mean) ** 2) / (start.std * start.std);
      logRho[k] = -r2 / 2 - Math.log(2 * Math.PI * start.std * start.std);
      weight[k] = Math.exp(-r2 / 2);
      wsum += weight[k]!;
    }
  for (let k = 0; k < n; k++) weight[k] = weight[k]! / wsum;

  const records = Math.max(1, opts.records ?? 200);
  const interval = tEnd / records;
  // RK4 with h * |hess f| <= 0.1 (local error ~ 1e-7 relative); the curvature is rescanned at every
  // record because the points move into flatter regions, which lets the step grow.
  const stepsFor = (curvature: number): number => Math.max(1, Math.ceil(interval / (0.1 / Math.max(curvature, 1e-6))));
  const knownCurvature = opts.curvature ?? 0;
  let smallestDt = Infinity;

  // Derivative of (x, y, l): (-grad f, lap f); also returns f for the KL sums.
  const derive = (p: Float64Array, dp: Float64Array, dl: Float64Array): void => {
    const g = potential.gradients(p, n);
    const hs = potential.hessians(p, n);
    for (let k = 0; k < n; k++) {
      dp[2 * k] = -g[2 * k]!;
      dp[2 * k + 1] = -g[2 * k + 1]!;
      dl[k] = hs[4 * k]! + hs[4 * k + 3]!;
    }
  };
  const curve = { times: [] as number[], kl: [] as number[], freeEnergy: [] as number[], klRate: [] as number[] };
  const record = (t: number): void => {
    const f = potential.values(pos, n);
    const g = potential.gradients(pos, n);
    const hs = potential.hessians(pos, n);
    let free = 0;
    let rate = 0;
    for (let k = 0; k < n; k++) {
      free += weight[k]! * (logRho[k]! + f[k]!);
      rate += weight[k]! * (hs[4 * k]! + hs[4 * k + 3]! - g[2 * k]! ** 2 - g[2 * k + 1]! ** 2);
    }
    curve.times.push(t);
    curve.freeEnergy.push(free);
    curve.kl.push(free + logZ);
    curve.klRate.push(rate);
  };

  const k1p = new Float64Array(2 * n), k2p = new Float64Array(2 * n), k3p = new Float64Array(2 * n), k4p = new Float64Array(2 * n);
  const k1l = new Float64Array(n), k2l = new Float64Array(n), k3l = new Float64Array(n), k4l = new Float64Array(n);
  const tmp = new Float64Array(2 * n);
  const stage = (src: Float64Array, scale: number): Float64Array => {
    for (let i = 0; i < 2 * n; i++) tmp[i] = pos[i]! + scale * src[i]!;
    return tmp;
  };
  record(0);
  for (let r = 1; r <= records; r++) {
    const steps = stepsFor(Math.max(knownCurvature, maxCurvature(potential, pos, n)));
    const dt = interval / steps;
    smallestDt = Math.min(smallestDt, dt);
    for (let s = 0; s < steps; s++) {
      derive(pos, k1p, k1l);
      derive(stage(k1p, dt / 2), k2p, k2l);
      derive(stage(k2p, dt / 2), k3p, k3l);
      derive(stage(k3p, dt), k4p, k4l);
      for (let i = 0; i < 2 * n; i++) pos[i] = pos[i]! + (dt / 6) * (k1p[i]! + 2 * k2p[i]! + 2 * k3p[i]! + k4p[i]!);
      for (let k = 0; k < n; k++) logRho[k] = logRho[k]! + (dt / 6) * (k1l[k]! + 2 * k2l[k]! + 2 * k3l[k]! + k4l[k]!);
    }
    record(r * interval);
  }
  return { ...curve, dt: smallestDt, points: n };
}
