// Builds a barrier certificate: search (untrusted), the kernel's checks, the Gibbs mass pi(U) by the
// audit's certified integration, then the seal: verify runs on the certificate before it is returned,
// and a claim verify refuses is withdrawn (inconclusive, naming the failed check).
import type { Box } from '../kernel/box.js';
import { barrierEntryBound, checkBarrierInit } from '../kernel/barrier/checks.js';
import type { GaussianTerm } from '../kernel/barrier/gaussianBarrier.js';
import type { Energy } from '../energy/types.js';
import { integrate, prepareIntegration } from '../audit/integrate.js';
import { boxToJson, type JsonBox } from '../verify/certificate.js';
import { BARRIER_SCHEMA, type BarrierCertificate, type JsonTerm } from '../verify/barrierCertificate.js';
import { barrierReason, verifyBarrierCertificate } from '../verify/barrier.js';
import type { EnergyTerm } from '../verify/model.js';
import { VERSION } from '../version.js';
import { findTailDecomposition, needsCoverForTails } from '../audit/tailDecomposition.js';
import type { HalfSpace, PenaltyParams } from '../verify/penalty.js';
import { constraintLsi, constraintReason } from '../verify/constraint.js';
import { boxFromEvidence } from '../verify/certificate.js';
import type { BarrierSearchRecord, ConstraintRecord } from '../verify/barrierCertificate.js';
import { searchBarrier, type BarrierSearchOptions } from './search.js';
import { barrierWorkLimits, gibbsMaxBoxes } from './limits.js';
import { TimeCap } from '../certify/timeCap.js';

export interface BarrierRequest {
  readonly energy: Energy;
  /** The energy as stored in the certificate (spec strings relative to the certificate's directory). */
  readonly terms: EnergyTerm[];
  readonly spec: string;
  readonly files: { path: string; sha256: string }[];
  readonly temperature: number;
  readonly stepSize: number;
  readonly steps: number;
  readonly unsafe: Box[];
  readonly initMean: number[];
  readonly initStd: number;
  /** Skip pi(U) (it is only attempted for d <= 3). */
  readonly gibbs?: boolean;
  /** Directory the certificate is written to (relative model paths resolve against it). */
  readonly baseDir?: string;
  /** Constrained generation: energy = E + P with P this penalty (already the last term of `terms`). */
  readonly constraint?: { readonly params: PenaltyParams; readonly halfSpaces: HalfSpace[]; readonly expression: string; readonly delta: number };
}

function termJson(t: GaussianTerm): JsonTerm {
  return { weight: t.weight, center: [...t.center], variance: t.variance };
}

export interface CertifyBarrierOptions extends BarrierSearchOptions {
  /** The seconds of `cap`, recorded in the certificate (null/undefined: no cap). */
  readonly timeCapSeconds?: number;
}

export function certifyBarrier(req: BarrierRequest, opts: CertifyBarrierOptions = {}): BarrierCertificate {
  const started = Date.now();
  const effort = opts.effort ?? 1;
  const cap = opts.cap ?? TimeCap.none();
  const timings: Record<string, number> = {};
  const base = {
    schema: BARRIER_SCHEMA as typeof BARRIER_SCHEMA,
    energy: { spec: req.spec, dim: req.energy.dim, terms: req.terms, files: req.files },
    chain: { sampler: 'ula' as const, stepSize: req.stepSize, temperature: req.temperature, steps: req.steps, init: { kind: 'normal' as const, mean: req.initMean, std: req.initStd } },
    unsafe: req.unsafe.map(boxToJson),
    tool: { name: 'emcert' as const, version: VERSION },
  };
  const found = searchBarrier(
    { energy: req.energy, temperature: req.temperature, stepSize: req.stepSize, steps: req.steps, unsafe: req.unsafe, initMean: req.initMean, initStd: req.initStd },
    { ...opts, effort, cap: cap.phase('the barrier search') },
  );
  timings.barrierSeconds = (Date.now() - started) / 1000;
  const gibbs = req.gibbs === false ? { unsafeMass: null, reason: 'not requested' } : gibbsMass(req, effort, cap, opts.onProgress);
  timings.gibbsSeconds = (Date.now() - started) / 1000 - timings.barrierSeconds;
  const constraint = req.constraint ? constraintRecord(req, gibbs) : undefined;
  const limits = barrierWorkLimits(effort, opts.maxLeaves);
  const search: BarrierSearchRecord = {
    effort,
    maxLeaves: limits.maxLeaves,
    rounds: limits.rounds,
    gibbsMaxBoxes: gibbsMaxBoxes(req.energy.dim, effort),
    timeCapSeconds: opts.timeCapSeconds ?? null,
    timeCapCut: [...cap.cuts],
  };
  const withRecords = <C extends object>(c: C): C => ({ ...c, ...(constraint ? { constraint } : {}), search });
  let cert: BarrierCertificate;
  if (!found.ok) {
    cert = withRecords({ ...base, verdict: 'inconclusive' as const, reason: `no barrier certified: ${found.reason}`, entryProbability: null, barrier: null, gibbs, timings });
  } else {
    const f = found.found;
    const init = checkBarrierInit(f.barrier, req.initMean, req.initStd);
    const bound = init.ok ? barrierEntryBound(init.value.hi, f.lambda, f.c, req.steps) : init;
    if (!init.ok || !bound.ok || !(bound.value < 1)) {
      const why = !init.ok ? init.reason : !bound.ok ? bound.reason : `the certified bound ${bound.value} is not below 1`;
      cert = withRecords({ ...base, verdict: 'inconclusive' as const, reason: `no barrier certified: ${why}`, entryProbability: null, barrier: null, gibbs, timings });
    } else {
      cert = withRecords({
        ...base,
        verdict: 'certified',
        reason: barrierReason(bound.value, req.steps),
        entryProbability: bound.value,
        barrier: {
          rising: f.barrier.rising.map(termJson),
          bumps: f.barrier.bumps.map(termJson),
          lambda: f.lambda,
          c: f.c,
          initUpper: init.value.hi,
          evidence: { unsafeLeaves: f.unsafeLeaves.map((l) => l.map(boxToJson)), inner: boxToJson(f.inner), above: f.above.map(boxToJson), drift: f.drift.map(boxToJson) },
        },
        gibbs,
        timings,
      });
    }
  }
  return seal(cert, req.baseDir);
}

/** Verify before writing; a refused claim is withdrawn, naming the check. */
export function seal(cert: BarrierCertificate, baseDir?: string): BarrierCertificate {
  const report = verifyBarrierCertificate(cert, baseDir === undefined ? {} : { baseDir });
  if (report.ok && report.verdict === cert.verdict) return cert;
  const broke = report.checks.find((k) => !k.ok);
  const why = broke ? `${broke.name}: ${broke.detail}` : `verify supports ${report.verdict}`;
  const withdrawn: BarrierCertificate = {
    ...cert,
    verdict: 'inconclusive',
    reason: `verification of the producer's claims failed (${why}); nothing is claimed`,
    entryProbability: null,
    barrier: null,
    gibbs: broke && broke.name.startsWith('gibbs') ? { unsafeMass: null, reason: `withdrawn: ${why}` } : cert.gibbs,
    ...(cert.constraint ? { constraint: { ...cert.constraint, holds: false, lsi: null, reason: `withdrawn: ${why}` } } : {}),
  };
  const again = verifyBarrierCertificate(withdrawn, baseDir === undefined ? {} : { baseDir });
  if (!again.ok) throw new Error(`internal error: the withdrawn barrier certificate does not verify (${again.checks.find((k) => !k.ok)?.detail})`);
  return withdrawn;
}

function disjointInteriors(boxes: readonly Box[]): boolean {
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++)
      if (boxes[i]!.every((c, k) => Math.max(c.lo, boxes[j]![k]!.lo) < Math.min(c.hi, boxes[j]![k]!.hi))) return false;
  return true;
}

function gibbsMass(req: BarrierRequest, effort: number, cap: TimeCap, onProgress?: (message: string) => void): BarrierCertificate['gibbs'] {
  const d = req.energy.dim;
  if (d > 3) return { unsafeMass: null, reason: `pi(U) by quadrature is only attempted for d <= 3 (d = ${d})` };
  if (!disjointInteriors(req.unsafe)) return { unsafeMass: null, reason: 'pi(U) needs unsafe boxes with disjoint interiors' };
  const T = req.temperature;
  try {
    const floatEnergy = (x: Float64Array): number => req.energy.value(x);
    // Energies that are not strongly convex on R^d as one box (the double well) need the LSI
    // producer's bump-and-cover decomposition for their tails.
    const dec = needsCoverForTails(req.energy, T) ? findTailDecomposition(req.energy, T, req.initMean.map(() => 0), undefined, cap.phase('the tail decomposition search')) : null;
    if (dec) onProgress?.(`pi(U): tails via a bump and a cover of ${dec.decomposition.cover.length} boxes`);
    const prepared = prepareIntegration(req.energy.model, T, 1e-3, floatEnergy, dec?.decomposition);
    onProgress?.('pi(U): certified integration');
    const r = integrate(req.energy.model, T, {
      tolerance: 1e-3,
      massTolerance: 1e-7,
      regions: [req.unsafe],
      maxBoxes: gibbsMaxBoxes(d, effort),
      cap: cap.phase('the pi(U) integration'),
      prepared,
      floatEnergy,
    });
    const m = r.regions[0]!.mass;
    return {
      unsafeMass: [m.lo, m.hi],
      evidence: {
        boxes: r.evidence.boxes.map(boxToJson) as JsonBox[],
        inner: boxToJson(r.evidence.tails.inner),
        boundedTerms: [...r.evidence.tails.boundedTerms],
        anchor: [...r.evidence.tails.anchor],
        shift: r.evidence.shift,
        ...(dec ? { decomposition: { bump: dec.decomposition.bump, cover: dec.decomposition.cover.map(boxToJson) as JsonBox[] } } : {}),
      },
    };
  } catch (e) {
    return { unsafeMass: null, reason: `pi(U) not certified: ${(e as Error).message}` };
  }
}

/** The constraint claims from the Gibbs bracket and the kernel's LSI check of E + P. */
function constraintRecord(req: BarrierRequest, gibbs: BarrierCertificate['gibbs']): ConstraintRecord {
  const k = req.constraint!;
  const penalty = { weight: k.params.weight, sharpness: k.params.sharpness, margin: k.params.margin, halfSpaces: k.halfSpaces.map((h) => ({ ...h })), expression: k.expression };
  const upper = gibbs.unsafeMass ? gibbs.unsafeMass[1] : null;
  const holds = upper !== null && upper <= k.delta;
  const dec = gibbs.evidence?.decomposition;
  const cover = dec ? dec.cover.map(boxFromEvidence) : undefined;
  const lsi = cover && cover.some((b) => b === null) ? null : constraintLsi(req.energy.model, req.temperature, dec ? { bump: dec.bump, cover: cover as Box[] } : undefined);
  return { penalty, delta: k.delta, holds, lsi, reason: constraintReason(upper, k.delta) };
}
