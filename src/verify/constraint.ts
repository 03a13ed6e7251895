// `verify` for the constraint part of a barrier certificate (proofs/constraint.md): the penalty
// term is the one the stored parameters define, pi_c(U) <= delta follows from the replayed Gibbs
// bracket, and the LSI constant of E + P is recomputed by the kernel's decomposition check.
import { checkLsiDecomposition } from '../kernel/checks/lsi.js';
import type { Box } from '../kernel/box.js';
import type { EnergyModel } from '../kernel/model.js';
import { penaltyFor } from './penalty.js';
import type { BarrierCertificate, ConstraintRecord } from './barrierCertificate.js';
import { boxFromEvidence } from './certificate.js';
import type { Checks } from './checks.js';
import { EXPRESSION_PREFIX } from './model.js';

/** The one wording of the constraint claim (producer and verify). */
export function constraintReason(upper: number | null, delta: number): string {
  if (upper === null) return `pi_c(U) <= ${delta} is not certified: no certified bracket on pi_c(U)`;
  return upper <= delta
    ? `pi_c(U) <= ${upper} <= ${delta} for pi_c ∝ exp(-(E + P)/T) (certified quadrature, proofs/constraint.md)`
    : `pi_c(U) <= ${delta} is not certified: the certified upper bound is ${upper}`;
}

/**
 * LSI constant of the composed energy: Bakry-Emery + Holley-Stroock on the decomposition (bump and
 * cover of R^d), or Bakry-Emery with R^d as one box when there is none. Null when m <= 0.
 */
export function constraintLsi(model: EnergyModel, temperature: number, dec?: { readonly bump: string | null; readonly cover: readonly Box[] }): ConstraintRecord['lsi'] {
  const whole: Box = Array.from({ length: model.dim }, () => ({ lo: -Infinity, hi: Infinity }));
  const w: EnergyModel | null = dec && dec.bump !== null ? { kind: 'expression', dim: model.dim, source: dec.bump } : null;
  let r;
  try {
    r = checkLsiDecomposition(model, temperature, w, dec ? dec.cover : [whole]);
  } catch {
    return null;
  }
  if (!r.ok || !(r.value.alpha > 0)) return null;
  return { m: r.value.m, osc: r.value.osc, alpha: r.value.alpha };
}

export function replayConstraint(cert: BarrierCertificate, model: EnergyModel, unsafe: readonly Box[], gibbsOk: boolean, c: Checks): void {
  const k = cert.constraint;
  if (!k) return;
  const p = k.penalty;
  const terms = cert.energy.terms;
  if (!c.expect(terms.length === 2 && terms[1]!.weight === 1 && terms[1]!.spec === EXPRESSION_PREFIX + p.expression, 'constraint: penalty term', 'energy.terms[1] is the penalty P with weight 1', 'energy.terms must be [E, P] with P = constraint.penalty.expression at weight 1')) return;
  if (!c.expect(p.weight > 0 && p.sharpness > 0 && p.margin >= 0 && Number.isFinite(p.weight + p.sharpness + p.margin), 'constraint: penalty parameters', 'lambda > 0, k > 0, margin >= 0', 'need lambda > 0, k > 0, margin >= 0, all finite')) return;
  const again = penaltyFor(unsafe, cert.chain.init.mean, p);
  if (!c.expect('expression' in again && again.expression === p.expression && JSON.stringify(again.halfSpaces) === JSON.stringify(p.halfSpaces), 'constraint: penalty expression', 'rebuilt from the parameters and the unsafe boxes', 'the penalty expression or half-spaces are not those the parameters and unsafe boxes define')) return;
  if (!c.expect(k.delta > 0 && k.delta < 1, 'constraint: delta', `delta ${k.delta} in (0, 1)`, `delta ${k.delta} is not in (0, 1)`)) return;
  const upper = cert.gibbs.unsafeMass ? cert.gibbs.unsafeMass[1] : null;
  if (k.holds) {
    if (!c.expect(gibbsOk && upper !== null && upper <= k.delta, 'constraint: pi_c(U) <= delta', `replayed upper end ${upper} <= ${k.delta}`, `holds needs a replayed Gibbs bracket with upper end <= ${k.delta} (upper end ${upper})`)) return;
    if (!c.equal('constraint.reason', k.reason, constraintReason(upper, k.delta))) return;
  }
  if (k.lsi) {
    const dec = cert.gibbs.evidence?.decomposition;
    const cover = dec ? dec.cover.map(boxFromEvidence) : undefined;
    if (cover && cover.some((b) => b === null)) { c.fail('constraint: lsi', 'a cover box is not a list of [lo, hi] pairs'); return; }
    const r = constraintLsi(model, cert.chain.temperature, dec ? { bump: dec.bump, cover: cover as Box[] } : undefined);
    if (!r) { c.fail('constraint: LSI of E + P (checkLsiDecomposition)', 'the kernel certifies no m > 0 on the stored decomposition'); return; }
    c.lower('constraint: lsi.m', k.lsi.m, r.m);
    c.upper('constraint: lsi.osc', k.lsi.osc, r.osc);
    c.lower('constraint: lsi.alpha', k.lsi.alpha, r.alpha);
  }
}
