// Producer (untrusted): the block chain's edge scales mu_ij by gradient descent on a smoothed form of
// the decomposition constant (proofs/poincare-decomposition.md, section 1). The constant is
// max_x sum_{i : x in A_i} C_i (1 + 2 deg_i / t), with deg_i the heaviest clique of mu over A_i's
// overlaps and t = lambda_2 of the mu-weighted chain; with t normalised away it is a convex function of
// mu (a maximum of linear degrees over a concave lambda_2), so a descent from the exponent family of
// edgeScales.ts finds scales the family cannot express: edges inside a well, where the chain's slow
// modes are flat, give their budget to the edges across the saddles. The kernel re-derives every
// number (checks/blockGap.checkBlockGap on the claim, overlapDegrees and heaviestClique on the sets).
import type { Box } from '../kernel/box.js';
import { decompositionConstant } from '../kernel/checks/poincareDecomposition.js';
import { closedBoxesMeet, overlapDegrees } from '../kernel/checks/blockGap.js';
import { symmetricEigenpairs } from './floatLinalg.js';

export interface EdgeScaleProblem {
  readonly sets: readonly Box[];
  /** Upper ends of pi(A_i). */
  readonly q: readonly number[];
  /** Lower ends of pi(A_i ∩ A_j) as weights. */
  readonly edges: readonly { readonly i: number; readonly j: number; readonly weight: number }[];
  /** Local constants C_i. */
  readonly local: readonly number[];
}

export interface EdgeScaleOptions {
  /** Gradient steps at most (default 120). */
  readonly iterations?: number;
  /** Stop after this many steps without a 0.5% gain of the exact float constant (default 30). */
  readonly patience?: number;
  /** Smallest scale relative to the largest (default 1e-12, as edgeScales.ts). */
  readonly floor?: number;
}

export interface ScaledChoice {
  readonly mu: number[];
  /** Float lambda_2 of the mu-weighted chain. */
  readonly lambda: number;
  /** decompositionConstant at that lambda_2 and the kernel's overlap degrees (float model). */
  readonly value: number;
}

/** Points where every maximal clique of the sets, and of each set's overlaps, is attained: the corners of
 *  every pairwise intersection of meeting sets (a clique's common box has its corner from two members),
 *  with an infinite end replaced by the other end, or 0. For each, the sets holding it. */
export function cliquePoints(sets: readonly Box[]): number[][] {
  const k = sets.length;
  const seen = new Map<string, number[]>();
  const pick = (a: number, b: number): number => (Number.isFinite(a) ? a : Number.isFinite(b) ? b : 0);
  for (let a = 0; a < k; a++) for (let b = a; b < k; b++) {
    if (!closedBoxesMeet(sets[a]!, sets[b]!)) continue;
    const meet = sets[a]!.map((c, n) => ({ lo: Math.max(c.lo, sets[b]![n]!.lo), hi: Math.min(c.hi, sets[b]![n]!.hi) }));
    const corners: number[][] = [[]];
    for (const c of meet) {
      const ends = [pick(c.lo, c.hi), pick(c.hi, c.lo)];
      corners.splice(0, corners.length, ...corners.flatMap((p) => ends.map((x) => [...p, x])));
    }
    for (const x of corners) {
      const members: number[] = [];
      for (let i = 0; i < k; i++) if (sets[i]!.every((c, n) => c.lo <= x[n]! && x[n]! <= c.hi)) members.push(i);
      seen.set(members.join(','), members);
    }
  }
  return [...seen.values()];
}

/** log-sum-exp at sharpness p and its weights: a smooth upper bound on max(xs), within log(n)/p. */
function softMax(xs: readonly number[], p: number): { value: number; weights: number[] } {
  const top = Math.max(...xs);
  const w = xs.map((x) => Math.exp(p * (x - top)));
  const z = w.reduce((s, v) => s + v, 0);
  return { value: top + Math.log(z) / p, weights: w.map((v) => v / z) };
}

/** The problem with its cliques and, per set, the edges meeting at each clique holding it. */
export interface EdgeScaleModel {
  readonly problem: EdgeScaleProblem;
  readonly cliques: number[][];
  /** degreeTerms[i][m]: the edges of set i whose other end is in the m-th clique holding i. */
  readonly degreeTerms: number[][][];
}

export function edgeScaleModel(problem: EdgeScaleProblem): EdgeScaleModel {
  const index = new Map<string, number>();
  problem.edges.forEach((e, n) => index.set(`${Math.min(e.i, e.j)},${Math.max(e.i, e.j)}`, n));
  const cliques = cliquePoints(problem.sets);
  const degreeTerms: number[][][] = problem.sets.map(() => []);
  for (const cl of cliques) for (const i of cl) {
    const es: number[] = [];
    for (const j of cl) {
      const n = j === i ? undefined : index.get(`${Math.min(i, j)},${Math.max(i, j)}`);
      if (n !== undefined) es.push(n);
    }
    degreeTerms[i]!.push(es);
  }
  return { problem, cliques, degreeTerms };
}

/** The smallest eigenvalues above the constants' 0 of Q^-1/2 L(mu omega) Q^-1/2, with their Q-normalised vectors. */
export function chainSpectrum(problem: EdgeScaleProblem, mu: readonly number[], count: number): { values: number[]; vectors: Float64Array[] } {
  const k = problem.q.length;
  const M = new Float64Array(k * k);
  problem.edges.forEach((e, n) => {
    const w = mu[n]! * e.weight;
    const s = w / Math.sqrt(problem.q[e.i]! * problem.q[e.j]!);
    M[e.i * k + e.j]! -= s; M[e.j * k + e.i]! -= s;
    M[e.i * k + e.i]! += w / problem.q[e.i]!; M[e.j * k + e.j]! += w / problem.q[e.j]!;
  });
  const r = symmetricEigenpairs(M, k);
  const m = Math.min(count, k - 1);
  const values = Array.from(r.values.subarray(1, 1 + m));
  const vectors = values.map((_, c) => Float64Array.from({ length: k }, (_, i) => r.vectors[i * k + c + 1]! / Math.sqrt(problem.q[i]!)));
  return { values, vectors };
}

/**
 * The smoothed log-constant at log-scales theta and its gradient: lambda_2 replaced by a soft minimum
 * (sharpness pLambda) of the `count` smallest chain eigenvalues (degenerate on symmetric landscapes, where
 * the plain lambda_2 has no gradient), deg_i by a soft maximum (sharpness 30, relative) over the cliques
 * holding i, the heaviest clique by a soft maximum (sharpness 30) of the cliques' log-sums.
 */
export function smoothedLogConstant(model: EdgeScaleModel, theta: readonly number[], pLambda: number | ((lambda2: number) => number), count = 12, spectrum?: { values: number[]; vectors: Float64Array[] }): { value: number; gradient: number[]; lambda: number } {
  const { problem, cliques, degreeTerms } = model;
  const mu = theta.map(Math.exp);
  const k = problem.q.length;
  const spec = spectrum ?? chainSpectrum(problem, mu, count);
  const p = typeof pLambda === 'number' ? pLambda : pLambda(spec.values[0]!);
  const soft = softMax(spec.values.map((v) => -v), p);
  const lambda = -soft.value;
  // d lambda_m / d mu_e = omega_e (v_m,i - v_m,j)^2 for a Q-normalised eigenvector (first-order perturbation).
  const dLambda = problem.edges.map((e, n) => spec.values.reduce((s, _, m) => s + soft.weights[m]! * e.weight * (spec.vectors[m]![e.i]! - spec.vectors[m]![e.j]!) ** 2, 0));
  // deg = s * softMax(sums / s) with s = max(sums): d deg / d sum_m = w_m, plus (deg / s - sum_j w_j sums_j / s)
  // for the sum that is the maximum (s moves with it); folded into `weights`.
  const degree = degreeTerms.map((lists) => {
    if (lists.length === 0) return { value: 0, weights: [] as number[] };
    const sums = lists.map((es) => es.reduce((s, n) => s + mu[n]!, 0));
    const scale = Math.max(...sums);
    if (!(scale > 0)) return { value: 0, weights: sums.map(() => 0) };
    const r = softMax(sums.map((x) => x / scale), 30);
    const weights = [...r.weights];
    weights[sums.indexOf(scale)]! += r.value - r.weights.reduce((s, w, m) => s + (w * sums[m]!) / scale, 0);
    return { value: r.value * scale, weights };
  });
  const c = problem.local.map((ci, i) => ci * (1 + (2 * degree[i]!.value) / lambda));
  const logSums = cliques.map((cl) => Math.log(cl.reduce((s, i) => s + c[i]!, 0)));
  const top = softMax(logSums, 30);
  const dc = new Array<number>(k).fill(0);
  cliques.forEach((cl, m) => {
    const total = Math.exp(logSums[m]!);
    for (const i of cl) dc[i]! += top.weights[m]! / total;
  });
  const gradient = new Array<number>(mu.length).fill(0);
  let dL = 0;
  for (let i = 0; i < k; i++) {
    if (dc[i] === 0) continue;
    const dDegree = (dc[i]! * 2 * problem.local[i]!) / lambda;
    dL -= (dc[i]! * 2 * problem.local[i]! * degree[i]!.value) / (lambda * lambda);
    degreeTerms[i]!.forEach((es, m) => {
      const w = degree[i]!.weights[m]!;
      for (const n of es) gradient[n]! += dDegree * w;
    });
  }
  for (let n = 0; n < mu.length; n++) gradient[n] = mu[n]! * (gradient[n]! + dL * dLambda[n]!);
  return { value: top.value, gradient, lambda };
}

/** The float constant the kernel's formula gives for mu (lambda_2 of the chain in floats, or the given one). */
export function scaledConstant(problem: EdgeScaleProblem, mu: readonly number[], lambda2?: number): ScaledChoice {
  const lambda = lambda2 ?? chainSpectrum(problem, mu, 1).values[0] ?? 0;
  if (!(lambda > 0)) return { mu: [...mu], lambda, value: Infinity };
  const degrees = overlapDegrees(problem.sets, problem.edges.map((e, n) => ({ i: e.i, j: e.j, scale: mu[n]! })));
  return { mu: [...mu], lambda, value: decompositionConstant(problem.sets, problem.local, degrees, lambda) };
}

/**
 * Adam on theta = log mu from `start`, largest scale kept at 1 and the smallest at `floor`; returns the
 * scales with the least exact float constant seen (never worse than `start`).
 */
export function optimiseEdgeScales(problem: EdgeScaleProblem, start: readonly number[], opts: EdgeScaleOptions = {}): ScaledChoice {
  const iterations = opts.iterations ?? 120, patience = opts.patience ?? 30;
  const floor = Math.log(opts.floor ?? 1e-12);
  let best = scaledConstant(problem, start);
  if (problem.edges.length < 2 || !Number.isFinite(best.value)) return best;
  const model = edgeScaleModel(problem);
  let theta = start.map((m) => Math.min(0, Math.max(Math.log(m), floor)));
  const first = new Array<number>(theta.length).fill(0), second = new Array<number>(theta.length).fill(0);
  const rate = 0.1, b1 = 0.9, b2 = 0.999;
  let since = 0;
  for (let it = 1; it <= iterations && since < patience; it++) {
    const mu = theta.map(Math.exp);
    const spectrum = chainSpectrum(problem, mu, 12);
    const lambda1 = spectrum.values[0]!;
    if (!(lambda1 > 0)) break;
    if (it > 1) {
      const now = scaledConstant(problem, mu, lambda1);
      if (now.value < best.value * 0.995) since = 0;
      else since++;
      if (now.value < best.value) best = now;
    }
    const { gradient } = smoothedLogConstant(model, theta, (l) => 40 / l, 12, spectrum);
    for (let n = 0; n < theta.length; n++) {
      first[n] = b1 * first[n]! + (1 - b1) * gradient[n]!;
      second[n] = b2 * second[n]! + (1 - b2) * gradient[n]! ** 2;
      const step = (first[n]! / (1 - b1 ** it)) / (Math.sqrt(second[n]! / (1 - b2 ** it)) + 1e-300);
      theta[n] = theta[n]! - rate * step;
    }
    const top = Math.max(...theta);
    theta = theta.map((t) => Math.min(0, Math.max(t - top, floor)));
  }
  return best;
}
