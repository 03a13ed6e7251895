// `verify`: rebuild the energy (after checking every file's sha256), re-run only the kernel over the
// stored evidence, and accept only when every claim is implied by what was recomputed. Each failed
// check names itself and prints both sides (claimed vs recomputed).
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { readFileOrThrow, sha256Hex } from '../util/files.js';
import { isExpectedError } from '../util/errors.js';
import { checkSmoothness } from '../kernel/checks/smoothness.js';
import { checkLsiDecomposition, convexPart } from '../kernel/checks/lsi.js';
import { checkInfiniteMassWitness } from '../kernel/checks/normalizability.js';
import { checkGradientFlowWitness } from '../kernel/checks/gradientFlow.js';
import { checkKl0Bound, minULowerBound } from '../kernel/checks/kl0.js';
import { checkExactQuadratic } from '../kernel/checks/quadratic.js';
import { checkStoppingRoute } from '../kernel/stopping/check.js';
import type { StoppingInput, StoppingRoute } from '../kernel/stopping/types.js';
import type { EnergyModel } from '../kernel/model.js';
import { boxFromJson, hypothesis, type Certificate, type JsonBox, type Verdict } from './certificate.js';
import { boundedModel, type BoundedPartEvidence } from './decomposition.js';
import { buildEnergy } from './energyBuild.js';
import { verifyComposed } from './composeVerify.js';

export interface VerifyCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly checks: VerifyCheck[];
  /** The verdict the kernel supports on this evidence. */
  readonly verdict: Verdict;
}

export interface VerifyOptions {
  /** Directory to resolve relative energy file paths against when they are not found as given. */
  readonly baseDir?: string;
}

export class Checks {
  readonly list: VerifyCheck[] = [];
  pass(name: string, detail: string): void {
    this.list.push({ name, ok: true, detail });
  }
  fail(name: string, detail: string): void {
    this.list.push({ name, ok: false, detail });
  }
  /** claimed must not be stronger than recomputed: for an upper bound, claimed >= recomputed. */
  upper(name: string, claimed: number | null | undefined, recomputed: number): boolean {
    const c = claimed ?? Infinity;
    if (c >= recomputed) this.pass(name, `claimed ${fmt(c)} >= recomputed ${fmt(recomputed)}`);
    else this.fail(name, `claimed ${fmt(c)} is below the recomputed bound ${fmt(recomputed)}${bitsNote(c, recomputed)}`);
    return c >= recomputed;
  }
  /** For a lower bound, claimed <= recomputed. */
  lower(name: string, claimed: number | null | undefined, recomputed: number): boolean {
    const c = claimed ?? -Infinity;
    if (c <= recomputed) this.pass(name, `claimed ${fmt(c)} <= recomputed ${fmt(recomputed)}`);
    else this.fail(name, `claimed ${fmt(c)} exceeds the recomputed bound ${fmt(recomputed)}${bitsNote(c, recomputed)}`);
    return c <= recomputed;
  }
  get ok(): boolean {
    return this.list.every((c) => c.ok);
  }
}

function fmt(x: number): string {
  return Number.isFinite(x) ? String(x) : x > 0 ? 'infinity' : '-infinity';
}

/** When two doubles differ by a few ulps, the decimal forms can look equal: show the bits too. */
function bitsNote(a: number, b: number): string {
  if (!Number.isFinite(a) || !Number.isFinite(b) || Math.abs(a - b) > 1e-12 * Math.max(Math.abs(a), Math.abs(b))) return '';
  const bits = (x: number): string => Buffer.from(Float64Array.of(x).buffer).reverse().toString('hex');
  return ` (binary64 0x${bits(a)} vs 0x${bits(b)})`;
}

export function verifyCertificate(cert: Certificate, opts: VerifyOptions = {}): VerifyReport {
  if (cert.derivedFrom) return verifyComposed(cert, opts);
  const c = new Checks();
  const model = rebuildModel(cert, c, opts);
  if (!model) return { ok: false, checks: c.list, verdict: 'inconclusive' };
  const verdict = verifyEvidence(cert, model, c);
  if (verdict === cert.verdict) c.pass('verdict', `${cert.verdict} is what the evidence supports`);
  else c.fail('verdict', `certificate says ${cert.verdict}, the evidence supports ${verdict}`);
  return { ok: c.ok, checks: c.list, verdict };
}

/** Checks the energy files' sha256 and rebuilds the model; null (with a failed check) on any mismatch. */
export function rebuildModel(cert: Certificate, c: Checks, opts: VerifyOptions): EnergyModel | null {
  for (const f of cert.energy.files) {
    const path = !isAbsolute(f.path) && !existsSync(f.path) && opts.baseDir ? join(opts.baseDir, f.path) : f.path;
    let digest: string;
    try {
      digest = sha256Hex(readFileOrThrow(path, 'energy file'));
    } catch (e) {
      c.fail(`energy file ${f.path}`, (e as Error).message);
      return null;
    }
    if (digest !== f.sha256) {
      c.fail(`energy file ${f.path}`, `sha256 is ${digest}, the certificate records ${f.sha256} (the file changed)`);
      return null;
    }
    c.pass(`energy file ${f.path}`, `sha256 ${digest} matches`);
  }
  try {
    // A relative model path is resolved against the certificate's directory when it is not found as given.
    const terms = cert.energy.terms.map((t) =>
      !t.spec.startsWith('expr:') && !isAbsolute(t.spec) && !existsSync(t.spec) && opts.baseDir && existsSync(join(opts.baseDir, t.spec)) ? { ...t, spec: join(opts.baseDir, t.spec) } : t,
    );
    const energy = buildEnergy(terms);
    if (energy.dim !== cert.energy.dim) {
      c.fail('energy', `rebuilt energy has dimension ${energy.dim}, the certificate says ${cert.energy.dim}`);
      return null;
    }
    // Every file the rebuilt energy read must be one whose sha256 the certificate records (and checked above).
    const recorded = new Set(cert.energy.files.map((f) => f.sha256));
    const missing = energy.files.filter((f) => !recorded.has(f.sha256));
    if (missing.length > 0) {
      c.fail('energy', `the energy reads ${missing.map((f) => f.path).join(', ')} which the certificate does not record with this sha256`);
      return null;
    }
    c.pass('energy', `rebuilt ${cert.energy.spec} (dimension ${energy.dim})`);
    return energy.model;
  } catch (e) {
    if (!isExpectedError(e)) throw e;
    c.fail('energy', e.message);
    return null;
  }
}

function boxesOf(evidence: Record<string, unknown>, key: string): { lo: number; hi: number }[][] | null {
  const v = evidence[key];
  if (!Array.isArray(v)) return null;
  return (v as JsonBox[]).map(boxFromJson);
}

function boxOf(evidence: Record<string, unknown>): { lo: number; hi: number }[] | null {
  const v = evidence.box;
  return Array.isArray(v) ? boxFromJson(v as JsonBox) : null;
}

/** Re-checks every hypothesis and witness; returns the verdict the evidence supports. */
export function verifyEvidence(cert: Certificate, model: EnergyModel, c: Checks): Verdict {
  const T = cert.temperature;
  let refuted = false;
  let lsiOk = false;
  let alpha = 0;
  let L = Infinity;
  let kl0 = Infinity;
  let m = 0;
  let wNone = false;

  // Smoothness.
  const sm = hypothesis(cert, 'smoothness');
  if (sm?.status === 'holds') {
    const boxes = boxesOf(sm.evidence, 'boxes');
    const r = boxes ? checkSmoothness(model, T, boxes) : { ok: false as const, reason: 'no boxes stored' };
    if (!r.ok) c.fail('smoothness', r.reason);
    else if (c.upper('smoothness: L', sm.claim.upper, r.value.upper)) L = sm.claim.upper ?? Infinity;
  }
  if (cert.constants.smoothness.upper !== null) c.upper('constants.smoothness.upper', cert.constants.smoothness.upper, L);

  // LSI (and with it normalizability and min U).
  const lsi = hypothesis(cert, 'lsi');
  let minU = -Infinity;
  let infW = -Infinity;
  if (lsi?.status === 'holds') {
    const boxes = boxesOf(lsi.evidence, 'boxes');
    let w: EnergyModel | null = null;
    let wEvidence: BoundedPartEvidence | undefined;
    try {
      wEvidence = lsi.evidence.w as BoundedPartEvidence;
      w = boundedModel(model, wEvidence);
    } catch (e) {
      c.fail('lsi: W', (e as Error).message);
    }
    const r = boxes && wEvidence ? checkLsiDecomposition(model, T, w, boxes) : { ok: false as const, reason: 'no decomposition or boxes stored' };
    if (!r.ok) c.fail('lsi', r.reason);
    else {
      const ok =
        c.lower('lsi: m (lambda_min of hess U)', lsi.claim.m, r.value.m) &&
        c.upper('lsi: osc W', lsi.claim.osc, r.value.osc) &&
        c.lower('lsi: inf W', lsi.claim.infW, r.value.infW) &&
        c.lower('lsi: alpha', lsi.claim.alpha, r.value.alpha);
      const claimedAlpha = lsi.claim.alpha ?? 0;
      if (ok && claimedAlpha > 0) {
        lsiOk = true;
        alpha = claimedAlpha;
        m = lsi.claim.m!;
        infW = lsi.claim.infW!;
        wNone = wEvidence?.kind === 'none';
        const anchor = lsi.evidence.anchor;
        if (lsi.claim.minU !== null && lsi.claim.minU !== undefined) {
          const re = Array.isArray(anchor) ? minULowerBound(convexPart(model, w), T, m, anchor as number[]).lo : -Infinity;
          if (c.lower('lsi: min U', lsi.claim.minU, re)) minU = lsi.claim.minU;
        }
      } else if (ok) c.fail('lsi: alpha', `claimed alpha ${claimedAlpha} is not positive`);
    }
  }
  if (cert.constants.lsi.lower !== null) c.lower('constants.lsi.lower', cert.constants.lsi.lower, lsiOk ? alpha : 0);

  const norm = cert.hypotheses.filter((h) => h.id === 'normalizability');
  for (const h of norm) {
    if (h.status === 'holds') {
      if (lsiOk) c.pass('normalizability', 'Z < infinity follows from the checked decomposition');
      else c.fail('normalizability', 'claims Z < infinity, but no checked LSI decomposition supports it');
    } else if (h.status === 'violated') {
      const box = boxOf(h.evidence);
      const r = box ? checkInfiniteMassWitness(model, T, box) : { ok: false as const, reason: 'no witness box stored' };
      if (r.ok) {
        refuted = true;
        c.pass('normalizability witness', `sup f <= ${r.value.supF} on an infinite-volume box: Z = infinity`);
      } else c.fail('normalizability witness', r.reason);
    }
  }
  if (refuted && lsiOk) c.fail('consistency', 'both a decomposition (Z finite) and an infinite-mass witness check: the kernel is inconsistent');

  // KL_0.
  const k = hypothesis(cert, 'kl0');
  if (k?.status === 'holds') {
    if (!lsiOk || !Number.isFinite(L) || !Number.isFinite(minU)) c.fail('kl0', 'needs a checked decomposition, min U and a finite L');
    else {
      const r = checkKl0Bound({ model, temperature: T, m, infW, smoothness: L, init: cert.dynamics.init, minU });
      if (!r.ok) c.fail('kl0', r.reason);
      else if (c.upper('kl0: KL(rho_0 || pi)', k.claim.upper, r.value.upper)) kl0 = k.claim.upper!;
    }
  }
  if (cert.constants.kl0.upper !== null) c.upper('constants.kl0.upper', cert.constants.kl0.upper, kl0);

  // Stopping: the stored route, re-checked by the kernel at the stored step size and count.
  const quadratic = checkExactQuadratic(model, T);
  const q = hypothesis(cert, 'quadratic');
  if (q?.status === 'holds' && !quadratic) c.fail('quadratic', 'claims f is exactly quadratic; the kernel cannot prove it');
  if (cert.stopping && cert.stopping.steps !== null) {
    const s = cert.stopping;
    if (!lsiOk) c.fail('stopping', 'a stopping route needs a checked LSI constant');
    else if (cert.dynamics.sampler !== 'ula') c.fail('stopping', `the stopping routes are proven for ULA, not ${cert.dynamics.sampler}`);
    else {
      const input: StoppingInput = {
        dim: cert.energy.dim,
        temperature: T,
        epsilon: s.epsilon,
        init: cert.dynamics.init,
        alpha,
        smoothness: L,
        kl0,
        ...(wNone ? { strongConvexity: m } : {}),
        ...(quadratic ? { quadratic } : {}),
      };
      const route = { route: s.route, theorem: s.theorem, applies: true, stepSize: s.stepSize ?? undefined, h: s.h ?? undefined, steps: s.steps } as StoppingRoute;
      const r = checkStoppingRoute(route, input);
      if (r.ok) c.pass('stopping', `route ${s.route}: ${s.steps} steps of eta = ${s.stepSize} reach KL <= ${s.epsilon}`);
      else c.fail('stopping', `route ${s.route} with ${s.steps} steps of eta = ${s.stepSize}: ${r.reason}`);
    }
  }

  // The gradient-flow refutation.
  let flowRefuted = false;
  for (const wt of cert.witnesses) {
    const box = boxFromJson(wt.box);
    if (wt.kind === 'gradient-flow') {
      const r = checkGradientFlowWitness(model, T, box);
      if (r.ok) {
        flowRefuted = true;
        c.pass('gradient-flow witness', `lap f - |grad f|^2 in [${r.value.generator.lo}, ${r.value.generator.hi}] excludes 0`);
      } else c.fail('gradient-flow witness', r.reason);
    } else {
      const r = checkInfiniteMassWitness(model, T, box);
      if (r.ok) c.pass('infinite-mass witness', `sup f <= ${r.value.supF} on an infinite-volume box`);
      else c.fail('infinite-mass witness', r.reason);
    }
  }
  const fh = hypothesis(cert, 'flow-invariance');
  if (fh?.status === 'violated' && !flowRefuted) c.fail('flow-invariance', 'claims the flow is refuted but no gradient-flow witness checks');

  if (refuted) return 'refuted';
  if (cert.dynamics.sampler === 'flow') return flowRefuted ? 'refuted' : 'inconclusive';
  return lsiOk ? 'certified' : 'inconclusive';
}
