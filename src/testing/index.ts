// emcert/testing: fast-check arbitraries and properties for a user's own vitest suite.
//
//   import fc from 'fast-check';
//   import { gaussianEnergy, certificateVerifies } from 'emcert/testing';
//   it('certificates verify', () => fc.assert(fc.property(gaussianEnergy(), (g) => certificateVerifies(g.spec, { temperature: g.temperature }))));
//
// Every property throws with the failing check's name and both sides, so fast-check prints them
// together with the seed to replay.
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certifyEnergy, type CertifyOptions } from '../certify/certifyEnergy.js';
import { verifyCertificate } from '../verify/verify.js';
import { buildEnergy, type EnergyTerm } from '../certify/energyBuild.js';
import type { Certificate } from '../verify/certificate.js';
import { saveMlpModel } from '../energy/network/save.js';
import type { MlpLayer } from '../kernel/model.js';
import { exactUlaKlDiagonal, type Matrix } from './gaussian.js';

export { exactUlaKl, exactUlaKlDiagonal, gaussianKl, type Matrix } from './gaussian.js';

/** A quadratic energy E(x) = (x - mu)' H (x - mu) / 2 as an expression spec, with its exact data. */
export interface GaussianCase {
  readonly spec: string;
  /** Hessian of E (not f): hess f = H / T. */
  readonly hessian: Matrix;
  readonly mean: number[];
  readonly temperature: number;
  /** Eigenvalues of hess f = H / T, ascending. */
  readonly eigenvalues: number[];
}

function quadraticSpec(h: Matrix, mu: number[]): string {
  const d = h.length;
  const y = (i: number): string => (mu[i] === 0 ? `x${i + 1}` : `(x${i + 1} - (${mu[i]}))`);
  const terms: string[] = [];
  for (let i = 0; i < d; i++)
    for (let j = i; j < d; j++) {
      const c = i === j ? h[i]![i]! / 2 : h[i]![j]!;
      if (c !== 0) terms.push(i === j ? `${c} * ${y(i)}^2` : `${c} * ${y(i)} * ${y(j)}`);
    }
  return `expr:${terms.join(' + ')}`;
}

const dyadic = (min: number, max: number, denominator = 8): fc.Arbitrary<number> =>
  fc.integer({ min: Math.ceil(min * denominator), max: Math.floor(max * denominator) }).map((k) => k / denominator);

/** Axis-aligned Gaussians: precisions and centre on a dyadic grid, so the expression is exact. */
export function gaussianEnergy(opts: { dim?: number; maxPrecision?: number; temperatures?: number[] } = {}): fc.Arbitrary<GaussianCase> {
  const d = opts.dim ?? 2;
  return fc
    .record({
      diag: fc.array(dyadic(0.25, opts.maxPrecision ?? 8), { minLength: d, maxLength: d }),
      mean: fc.array(dyadic(-2, 2, 4), { minLength: d, maxLength: d }),
      temperature: fc.constantFrom(...(opts.temperatures ?? [1, 0.5, 2])),
    })
    .map(({ diag, mean, temperature }) => {
      const h = diag.map((v, i) => diag.map((_, j) => (i === j ? v : 0)));
      return { spec: quadraticSpec(h, mean), hessian: h, mean, temperature, eigenvalues: diag.map((v) => v / temperature).sort((a, b) => a - b) };
    });
}

/** 2-D Gaussians rotated by an angle (H = R diag(a, b) R'); eigenvalues a / T, b / T. */
export function rotatedGaussian(opts: { maxPrecision?: number; temperatures?: number[] } = {}): fc.Arbitrary<GaussianCase> {
  return fc
    .record({
      a: dyadic(0.25, opts.maxPrecision ?? 8),
      b: dyadic(0.25, opts.maxPrecision ?? 8),
      angle: fc.integer({ min: 1, max: 11 }).map((k) => (k * Math.PI) / 12),
      temperature: fc.constantFrom(...(opts.temperatures ?? [1, 0.5, 2])),
    })
    .map(({ a, b, angle, temperature }) => {
      const c = Math.cos(angle);
      const s = Math.sin(angle);
      const h = [
        [a * c * c + b * s * s, (a - b) * c * s],
        [(a - b) * c * s, a * s * s + b * c * c],
      ];
      // The expression holds the rounded entries; the true eigenvalues are those of h as stored.
      const tr = h[0]![0]! + h[1]![1]!;
      const det = h[0]![0]! * h[1]![1]! - h[0]![1]! ** 2;
      const disc = Math.sqrt(Math.max(0, (tr * tr) / 4 - det));
      return { spec: quadraticSpec(h, [0, 0]), hessian: h, mean: [0, 0], temperature, eigenvalues: [(tr / 2 - disc) / temperature, (tr / 2 + disc) / temperature] };
    });
}

export interface NetworkCase {
  readonly spec: string;
  readonly lambda: number;
  readonly layers: MlpLayer[];
}

// The model directories tanhNetworkWithRegularizer writes when not given a `dir`: one temporary
// directory per process, made on first use, removed by removeTestingFiles() and at process exit.
let sharedRoot: string | undefined;
let sharedCounter = 0;
let exitHook = false;

function testingRoot(): string {
  if (sharedRoot === undefined) {
    sharedRoot = mkdtempSync(join(tmpdir(), 'emcert-testing-'));
    if (!exitHook) process.once('exit', removeTestingFiles);
    exitHook = true;
  }
  return sharedRoot;
}

/** Removes the model directories the arbitraries wrote to the temporary directory (call it in
 *  afterAll; test runners that end their workers without a normal exit skip the exit hook). */
export function removeTestingFiles(): void {
  if (sharedRoot !== undefined) rmSync(sharedRoot, { recursive: true, force: true });
  sharedRoot = undefined;
}

/** A one-hidden-layer tanh network plus a quadratic regularizer, written as a model directory under
 *  `dir` (the caller's to remove), or by default under one temporary directory per process that
 *  removeTestingFiles() deletes (nothing is written until a value is drawn). */
export function tanhNetworkWithRegularizer(opts: { dim?: number; hidden?: number; dir?: string } = {}): fc.Arbitrary<NetworkCase> {
  const d = opts.dim ?? 2;
  const k = opts.hidden ?? 4;
  let counter = 0;
  return fc
    .record({
      w1: fc.array(dyadic(-2, 2), { minLength: k * d, maxLength: k * d }),
      b1: fc.array(dyadic(-1, 1), { minLength: k, maxLength: k }),
      w2: fc.array(dyadic(-1, 1), { minLength: k, maxLength: k }),
      lambda: dyadic(0.5, 4, 4),
    })
    .map(({ w1, b1, w2, lambda }) => {
      const layers: MlpLayer[] = [
        { inDim: d, outDim: k, weight: Float64Array.from(w1), bias: Float64Array.from(b1), activation: 'tanh' },
        { inDim: k, outDim: 1, weight: Float64Array.from(w2), bias: Float64Array.of(0), activation: 'identity' },
      ];
      const dir = opts.dir !== undefined ? join(opts.dir, `net-${counter++}`) : join(testingRoot(), `net-${sharedCounter++}`);
      const saved = saveMlpModel(dir, { layers, regularizer: { lambda, center: Array.from({ length: d }, () => 0) }, dtype: 'float64' });
      return { spec: saved.modelPath, lambda, layers };
    });
}

export type PropertyOptions = Omit<CertifyOptions, 'energy' | 'terms'>;

/** Certifies the energy and checks that `verify` accepts the certificate; returns it. Throws naming
 *  the failing check otherwise. Set `expect` to require a verdict. */
export function certificateVerifies(spec: string | EnergyTerm[], opts: PropertyOptions & { expect?: Certificate['verdict'] } = {}): Certificate {
  const terms = typeof spec === 'string' ? [{ spec, weight: 1 }] : spec;
  const cert = certifyEnergy({ ...opts, energy: buildEnergy(terms), terms });
  const report = verifyCertificate(cert);
  if (!report.ok) {
    const broke = report.checks.find((c) => !c.ok)!;
    throw new Error(`certificateVerifies(${cert.energy.spec}): ${broke.name}: ${broke.detail}`);
  }
  if (opts.expect && cert.verdict !== opts.expect) throw new Error(`certificateVerifies(${cert.energy.spec}): verdict ${cert.verdict}, expected ${opts.expect} (${cert.reason})`);
  return cert;
}

/** The certificate's stopping claim must hold on every Gaussian target that satisfies its certified
 *  constants: hess f with eigenvalues in [alpha, L], a centre keeping KL_0 under the certified bound.
 *  Only the constants enter the Vempala-Wibisono route, so such surrogates are valid test targets. */
export function stoppingHoldsOnGaussianSurrogates(cert: Certificate, opts: { numRuns?: number; seed?: number } = {}): void {
  const s = cert.stopping;
  const alpha = cert.constants.lsi.lower;
  const L = cert.constants.smoothness.upper;
  const kl0 = cert.constants.kl0.upper;
  if (!s || s.steps === null || s.h === null || alpha === null || L === null || kl0 === null)
    throw new Error(`stoppingHoldsOnGaussianSurrogates: ${cert.energy.spec} has no stopping claim with finite constants`);
  if (!String(s.route).startsWith('vempala-wibisono')) throw new Error(`stoppingHoldsOnGaussianSurrogates: route ${s.route} depends on more than the constants`);
  const d = cert.energy.dim;
  const { init } = cert.dynamics;
  const steps = s.steps;
  const h = s.h;
  const epsilon = s.epsilon;
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: d, maxLength: d }),
      fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: d, maxLength: d }),
      (u, shift) => {
        const eig = u.map((t) => alpha + t * (L - alpha));
        // Shrink the centre until KL_0 of the surrogate is within the certified bound.
        let mu = shift.map((v) => init.mean + v);
        for (let k = 0; k < 60 && exactUlaKlDiagonal(eig, mu, init, h, 0) > kl0; k++) mu = mu.map((v) => init.mean + (v - init.mean) / 2);
        if (exactUlaKlDiagonal(eig, mu, init, h, 0) > kl0) return true; // no admissible surrogate with this spectrum
        const kl = exactUlaKlDiagonal(eig, mu, init, h, steps);
        if (!(kl <= epsilon)) throw new Error(`surrogate with eigenvalues ${eig.join(', ')} and centre ${mu.join(', ')}: KL after ${steps} steps is ${kl} > ${epsilon}`);
        return true;
      },
    ),
    { numRuns: opts.numRuns ?? 20, seed: opts.seed ?? 1 },
  );
}
