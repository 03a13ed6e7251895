// A uniform 2D grid of nodes that holds (to a stated level) the mass of the Gibbs measure and of
// the initial law, with ln Z by quadrature on the same nodes. Node k = iy * nx + ix sits at
// (x0 + ix * hx, y0 + iy * hy); each node stands for a cell of area hx * hy.
import type { GridPotential } from './potential.js';

export interface Grid2D {
  readonly x0: number;
  readonly y0: number;
  readonly hx: number;
  readonly hy: number;
  readonly nx: number;
  readonly ny: number;
}

export interface GaussianStart {
  /** Every coordinate starts at N(mean, std^2). */
  readonly mean: number;
  readonly std: number;
}

/** A grid with the potential evaluated on it and the discrete Gibbs measure pi_k = exp(-f_k) / Z. */
export interface GridField {
  readonly grid: Grid2D;
  /** f at the nodes. */
  readonly f: Float64Array;
  /** ln of sum_k exp(-f_k) hx hy, the quadrature of Z on this grid. */
  readonly logZ: number;
  readonly fMin: number;
}

export function nodeCount(grid: Grid2D): number {
  return grid.nx * grid.ny;
}

export function cellArea(grid: Grid2D): number {
  return grid.hx * grid.hy;
}

/** Row-major coordinates of every node (2 per node). */
export function nodeCoordinates(grid: Grid2D): Float64Array {
  const out = new Float64Array(2 * nodeCount(grid));
  for (let iy = 0; iy < grid.ny; iy++)
    for (let ix = 0; ix < grid.nx; ix++) {
      const k = iy * grid.nx + ix;
      out[2 * k] = grid.x0 + ix * grid.hx;
      out[2 * k + 1] = grid.y0 + iy * grid.hy;
    }
  return out;
}

/** nx x ny nodes spanning [xlo, xhi] x [ylo, yhi] (endpoints are nodes). */
export function uniformGrid(xlo: number, xhi: number, ylo: number, yhi: number, nx: number, ny: number): Grid2D {
  if (!(xhi > xlo && yhi > ylo)) throw new RangeError(`uniformGrid: empty box [${xlo}, ${xhi}] x [${ylo}, ${yhi}]`);
  if (!(Number.isInteger(nx) && Number.isInteger(ny) && nx >= 3 && ny >= 3)) throw new RangeError(`uniformGrid: need at least 3 x 3 nodes, got ${nx} x ${ny}`);
  return { x0: xlo, y0: ylo, hx: (xhi - xlo) / (nx - 1), hy: (yhi - ylo) / (ny - 1), nx, ny };
}

export function gridBox(grid: Grid2D): [[number, number], [number, number]] {
  return [
    [grid.x0, grid.x0 + (grid.nx - 1) * grid.hx],
    [grid.y0, grid.y0 + (grid.ny - 1) * grid.hy],
  ];
}

/** ln sum exp(-f_k) * area, shifted by min f so it neither overflows nor underflows. */
export function logPartition(f: Float64Array, area: number): { logZ: number; fMin: number } {
  let fMin = Infinity;
  for (let k = 0; k < f.length; k++) if (f[k]! < fMin) fMin = f[k]!;
  if (!Number.isFinite(fMin)) throw new RangeError('logPartition: the potential is not finite on the grid');
  let s = 0;
  for (let k = 0; k < f.length; k++) s += Math.exp(fMin - f[k]!);
  return { logZ: Math.log(s * area) - fMin, fMin };
}

export function fieldOn(potential: GridPotential, grid: Grid2D): GridField {
  const f = potential.values(nodeCoordinates(grid), nodeCount(grid));
  for (let k = 0; k < f.length; k++)
    if (Number.isNaN(f[k]!)) throw new RangeError(`fieldOn: the potential is NaN at node ${k}`);
  const { logZ, fMin } = logPartition(f, cellArea(grid));
  return { grid, f, logZ, fMin };
}

/** The initial law N(mean, std^2 I) as a density at the nodes, normalised so sum rho_k hx hy = 1. */
export function gaussianDensityOnGrid(grid: Grid2D, start: GaussianStart): Float64Array {
  const rho = new Float64Array(nodeCount(grid));
  const gx = new Float64Array(grid.nx);
  const gy = new Float64Array(grid.ny);
  const inv = 1 / (2 * start.std * start.std);
  for (let i = 0; i < grid.nx; i++) gx[i] = Math.exp(-((grid.x0 + i * grid.hx - start.mean) ** 2) * inv);
  for (let i = 0; i < grid.ny; i++) gy[i] = Math.exp(-((grid.y0 + i * grid.hy - start.mean) ** 2) * inv);
  let s = 0;
  for (let iy = 0; iy < grid.ny; iy++)
    for (let ix = 0; ix < grid.nx; ix++) {
      const v = gx[ix]! * gy[iy]!;
      rho[iy * grid.nx + ix] = v;
      s += v;
    }
  if (!(s > 0)) throw new RangeError('gaussianDensityOnGrid: the initial law has no mass on the grid');
  const norm = 1 / (s * cellArea(grid));
  for (let k = 0; k < rho.length; k++) rho[k] = rho[k]! * norm;
  return rho;
}

export interface ChooseGridOptions {
  /** Keep every node where f - min f is below this (nats); default 20 (mass outside < e^-20 per unit of boundary). */
  readonly level?: number;
  /** Nodes per axis; default 161. */
  readonly nodes?: number;
  /** Initial-law half-width in standard deviations; default 7. */
  readonly initStds?: number;
}

export interface ChosenGrid {
  readonly grid: Grid2D;
  /** Why this box: the sublevel set and the initial law it covers. */
  readonly level: number;
  readonly initStds: number;
}

/**
 * The box: the bounding box of the sublevel set {f - min f < level} found on a coarse scan (the scan
 * box doubles until its boundary lies above the level), padded by one coarse cell, joined with
 * mean +- initStds * std of the initial law.
 */
export function chooseGrid(potential: GridPotential, start: GaussianStart, options: ChooseGridOptions = {}): ChosenGrid {
  const level = options.level ?? 20;
  const nodes = options.nodes ?? 161;
  const initStds = options.initStds ?? 7;
  const scanNodes = 121;
  let radius = Math.max(4, 6 * start.std);
  for (let attempt = 0; attempt < 14; attempt++, radius *= 2) {
    const scan = uniformGrid(start.mean - radius, start.mean + radius, start.mean - radius, start.mean + radius, scanNodes, scanNodes);
    const f = potential.values(nodeCoordinates(scan), nodeCount(scan));
    let fMin = Infinity;
    for (let k = 0; k < f.length; k++) if (f[k]! < fMin) fMin = f[k]!;
    if (!Number.isFinite(fMin)) throw new RangeError('chooseGrid: the potential is not finite on the scan box');
    let boundaryMin = Infinity;
    for (let i = 0; i < scanNodes; i++) {
      boundaryMin = Math.min(boundaryMin, f[i]!, f[(scanNodes - 1) * scanNodes + i]!, f[i * scanNodes]!, f[i * scanNodes + scanNodes - 1]!);
    }
    if (!(boundaryMin - fMin >= level)) continue;
    let ixLo = scanNodes, ixHi = -1, iyLo = scanNodes, iyHi = -1;
    for (let iy = 0; iy < scanNodes; iy++)
      for (let ix = 0; ix < scanNodes; ix++)
        if (f[iy * scanNodes + ix]! - fMin < level) {
          ixLo = Math.min(ixLo, ix); ixHi = Math.max(ixHi, ix);
          iyLo = Math.min(iyLo, iy); iyHi = Math.max(iyHi, iy);
        }
    const at = (i: number, o: number): number => o + i * scan.hx;
    const lo = start.mean - initStds * start.std;
    const hi = start.mean + initStds * start.std;
    const xlo = Math.min(at(ixLo - 1, scan.x0), lo);
    const xhi = Math.max(at(ixHi + 1, scan.x0), hi);
    const ylo = Math.min(at(iyLo - 1, scan.y0), lo);
    const yhi = Math.max(at(iyHi + 1, scan.y0), hi);
    return { grid: uniformGrid(xlo, xhi, ylo, yhi, nodes, nodes), level, initStds };
  }
  throw new RangeError(`chooseGrid: f - min f stays below ${level} on the boundary of every box up to radius ${radius / 2}: the Gibbs measure does not look confined`);
}
