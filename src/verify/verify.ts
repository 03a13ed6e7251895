// `verify`: rebuild the energy as kernel data (after checking every file's sha256), re-run only the
// kernel over the stored evidence, and accept only when every field a reader could take as a claim
// is implied by what was recomputed, equal to what verify recomputes, or absent. Each failed check
// names itself and prints both sides.
import { checkSmoothness } from '../kernel/checks/smoothness.js';
import type { FarField } from '../kernel/checks/farField.js';
import { checkLsiDecomposition, convexPart } from '../kernel/checks/lsi.js';
import { minULowerBound } from '../kernel/checks/kl0.js';
import type { EnergyModel } from '../kernel/model.js';
import { boxFromEvidence, hypothesis, type Certificate, type Verdict } from './certificate.js';
import { Checks, type VerifyCheck } from './checks.js';
import { verifyClaims, type EstablishedConstants } from './claims.js';
import { verifyComposed } from './composed.js';
import { boundedModel, type BoundedPartEvidence } from './decomposition.js';
import { rebuildModel } from './model.js';
import { establishPreconditioner } from './preconditioner.js';
import { verifyDecompositionRecords } from './lsiDecomposition.js';

export type { VerifyCheck };

export interface VerifyReport {
  readonly ok: boolean;
  readonly checks: VerifyCheck[];
  /** The verdict the kernel supports on this evidence. */
  readonly verdict: Verdict;
  /** A file the certificate names could not be read: the input is bad, no claim was judged. */
  readonly inputProblem?: string;
}

export interface VerifyOptions {
  /**
   * The directory that relative paths in the certificate are relative to: the certificate's own
   * directory for a file read from disk (default: the working directory).
   */
  readonly baseDir?: string;
}

export function verifyCertificate(cert: Certificate, opts: VerifyOptions = {}): VerifyReport {
  if (cert.derivedFrom) {
    const r = verifyComposed(cert, opts, verifyCertificate);
    // No composition rule carries a decomposition gap or its LSI constant: a composed certificate claims none.
    if (cert.poincareDecomposition === undefined && cert.lsiDecomposition === undefined) return r;
    const name = cert.poincareDecomposition !== undefined ? 'poincareDecomposition' : 'lsiDecomposition';
    return { ...r, ok: false, checks: [...r.checks, { name, ok: false, detail: 'a composed certificate carries no decomposition gap' }] };
  }
  const c = new Checks();
  const model = rebuildModel(cert, c, opts.baseDir);
  if (!model) return { ok: false, checks: c.list, verdict: 'inconclusive', ...(c.inputProblem ? { inputProblem: c.inputProblem } : {}) };
  const pre = establishPreconditioner(cert, model, c);
  const fromEvidence = establishFromEvidence(cert, model, c);
  // The decomposition's LSI constant (proofs/lsi-from-decomposition.md) raises alpha when it is larger;
  // it is used only beside an established lsi hypothesis (which also proves Z < infinity).
  const decompositionAlpha = verifyDecompositionRecords(cert, model, c);
  const lsi = fromEvidence.lsi && decompositionAlpha !== null && decompositionAlpha > fromEvidence.lsi.alpha ? { ...fromEvidence.lsi, alpha: decompositionAlpha } : fromEvidence.lsi;
  const established = { ...fromEvidence, lsi, ...(pre !== undefined ? { preconditioner: pre } : {}) };
  const verdict = verifyClaims(cert, model, established, c);
  return { ok: c.ok, checks: c.list, verdict };
}

/** The stored boxes, or null when any of them is not a list of [lo, hi] pairs. */
function boxesOf(evidence: Record<string, unknown>, key: string): { lo: number; hi: number }[][] | null {
  const v = evidence[key];
  if (!Array.isArray(v)) return null;
  const boxes = v.map(boxFromEvidence);
  return boxes.every((b) => b !== null) ? (boxes as { lo: number; hi: number }[][]) : null;
}

/** The smoothness evidence's far field: undefined when absent (boxes cover R^d), null when malformed.
 *  The kernel validates center and radius; here only the patches' shape is read. */
function farFieldOf(evidence: Record<string, unknown>): FarField | undefined | null {
  const v = evidence.farField;
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v === null) return null;
  const patches = boxesOf(v as Record<string, unknown>, 'patches');
  if (patches === null) return null;
  const f = v as { center?: unknown; radius?: unknown };
  return { center: f.center as number[], radius: f.radius as number, patches };
}

/** Smoothness and LSI re-derived by the kernel from the stored boxes and decomposition. */
function establishFromEvidence(cert: Certificate, model: EnergyModel, c: Checks): EstablishedConstants {
  const T = cert.temperature;
  let L = Infinity;
  const sm = hypothesis(cert, 'smoothness');
  if (sm?.status === 'holds') {
    const boxes = boxesOf(sm.evidence, 'boxes');
    const far = farFieldOf(sm.evidence);
    const r = !boxes ? { ok: false as const, reason: 'no boxes stored' } : far === null ? { ok: false as const, reason: 'evidence.farField is not { center, radius, patches }' } : checkSmoothness(model, T, boxes, far);
    if (!r.ok) c.fail('smoothness', r.reason);
    else if (c.upper('smoothness: L', sm.claim.upper, r.value.upper)) L = sm.claim.upper!;
  }

  let lsi: EstablishedConstants['lsi'] = null;
  const h = hypothesis(cert, 'lsi');
  if (h?.status === 'holds') {
    const boxes = boxesOf(h.evidence, 'boxes');
    let w: EnergyModel | null = null;
    const wEvidence = h.evidence.w as BoundedPartEvidence | undefined;
    let wOk = true;
    try {
      w = boundedModel(model, wEvidence!);
    } catch (e) {
      wOk = false;
      c.fail('lsi: W', (e as Error).message);
    }
    const r = boxes && wOk ? checkLsiDecomposition(model, T, w, boxes) : { ok: false as const, reason: 'no valid decomposition or boxes stored' };
    if (!r.ok) c.fail('lsi', r.reason);
    else {
      const ok =
        c.lower('lsi: m (lambda_min of hess U)', h.claim.m, r.value.m) &&
        c.upper('lsi: osc W', h.claim.osc, r.value.osc) &&
        c.lower('lsi: inf W', h.claim.infW, r.value.infW) &&
        c.lower('lsi: alpha', h.claim.alpha, r.value.alpha);
      const alpha = h.claim.alpha ?? 0;
      if (ok && !(alpha > 0)) c.fail('lsi: alpha', `claimed alpha ${alpha} is not positive`);
      else if (ok) {
        let minU: number | null = null;
        if (h.claim.minU !== null && h.claim.minU !== undefined) {
          const anchor = h.evidence.anchor;
          const re = Array.isArray(anchor) ? minULowerBound(convexPart(model, w), T, h.claim.m!, anchor as number[]).lo : -Infinity;
          if (c.lower('lsi: min U', h.claim.minU, re)) minU = h.claim.minU;
        }
        lsi = { alpha, m: h.claim.m!, osc: h.claim.osc!, infW: h.claim.infW!, minU, strongConvexity: wEvidence?.kind === 'none' ? h.claim.m! : null };
      }
    }
  }
  return { L, lsi };
}
