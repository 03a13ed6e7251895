// Replay of a certificate's decomposition spectral gap (poincareDecomposition): the integration leaves
// are decoded and re-checked (checkIntegralEvidence), the decomposition is re-checked on that bracket
// (checkPoincareDecomposition); the evidence's numbers (local constants, masses, overlaps) must equal
// what the kernel recomputes, the claimed gap and Poincare constant may be weaker, never stronger.
// A Poincare constant: it never enters the LSI constant, a stopping route or the verdict.
import type { Box } from '../kernel/box.js';
import type { EnergyModel } from '../kernel/model.js';
import type { TailSpec } from '../kernel/integration/tails.js';
import { checkIntegralEvidence, MAX_INTEGRAL_BOXES, type IntegralBracket } from '../kernel/integration/evidence.js';
import { checkPoincareDecomposition, type PoincareBound, type PoincareDecompositionEvidence, type PoincarePieceEvidence } from '../kernel/checks/poincareDecomposition.js';
import type { CheckOutcome } from '../kernel/checks/common.js';
import type { FarField } from '../kernel/checks/farField.js';
import { boxFromEvidence, type Certificate, type PoincareDecompositionJson, type PoincareDecompositionRecord } from './certificate.js';
import type { Checks } from './checks.js';
import { decodeBisectionTree } from './bisectionTree.js';

export const POINCARE_FUNCTION = 'kernel/checks/poincareDecomposition.checkPoincareDecomposition';
export const POINCARE_PROOF = 'proofs/poincare-decomposition.md';
export const POINCARE_NOTE = 'Poincare (spectral gap) constant from a covering decomposition, not a log-Sobolev constant: no KL stopping route and no verdict uses it';

/** What the replay reads from the certificate besides the record: T and the lsi hypothesis. */
export type CertificateContext = Pick<Certificate, 'temperature' | 'hypotheses'>;

const refuse = (message: string): never => { throw new Error(message); };

const box = (v: unknown, what: string): Box => boxFromEvidence(v) ?? refuse(`${what} is not a list of [lo, hi] pairs`);

/** The tail decomposition named by tailCover 'lsi': the lsi hypothesis' bump (or none) and cover;
 *  throws when the certificate has none of that kind. */
export function lsiTailCover(cert: CertificateContext): { bump: string | null; cover: Box[] } {
  const h = cert.hypotheses.find((x) => x.id === 'lsi');
  if (h?.status !== 'holds') throw new Error('tailCover "lsi" needs an lsi hypothesis that holds');
  const w = h.evidence.w as { kind?: string; source?: unknown } | undefined;
  if (w?.kind !== 'none' && !(w?.kind === 'expression' && typeof w.source === 'string')) throw new Error('tailCover "lsi" needs the lsi bump to be none or an expression');
  const boxes = h.evidence.boxes;
  if (!Array.isArray(boxes)) throw new Error('the lsi hypothesis stores no boxes');
  return { bump: w.kind === 'expression' ? (w.source as string) : null, cover: boxes.map((b, i) => box(b, `lsi boxes[${i}]`)) };
}

/** A piece's far field from the JSON (patches as boxes; center and radius as stored, for the kernel). */
export function decodeFarField(v: unknown, what: string): FarField {
  if (typeof v !== 'object' || v === null) return refuse(`${what} is not an object`);
  const f = v as { center?: unknown; radius?: unknown; patches?: unknown };
  if (!Array.isArray(f.patches)) return refuse(`${what}.patches is not a list of boxes`);
  return { center: f.center as number[], radius: f.radius as number, patches: f.patches.map((b, k) => box(b, `${what}.patches[${k}]`)) };
}

/** Stored pieces as kernel input (throws with the reason when a shape is wrong). */
export function decodePieces(pieces: PoincareDecompositionJson['pieces'], where: string): PoincarePieceEvidence[] {
  return pieces.map((p, i) => ({
    set: box(p?.set, `${where}[${i}].set`),
    bump: p?.bump ?? null,
    cover: Array.isArray(p?.cover) ? p.cover.map((b, k) => box(b, `${where}[${i}].cover[${k}]`)) : refuse(`${where}[${i}].cover is not a list of boxes`),
    // The kernel validates the indices and the far field's numbers; only the shapes are read here.
    ...(p?.boundedTerms !== undefined ? { boundedTerms: p.boundedTerms } : {}),
    ...(p?.farField !== undefined ? { farField: decodeFarField(p.farField, `${where}[${i}].farField`) } : {}),
  }));
}

/** The stored decomposition as kernel input: the integration leaves re-checked into a bracket
 *  (checkIntegralEvidence) and the evidence decoded. Malformed evidence throws with the reason. */
export function decodeDecomposition(cert: CertificateContext, model: EnergyModel, ev: PoincareDecompositionJson): CheckOutcome<{ bracket: IntegralBracket; evidence: PoincareDecompositionEvidence; leaves: number }> {
  const d = model.dim;
  const I = ev.integration;
  const inner = box(I.inner, 'integration.inner');
  if (inner.length !== d) throw new Error(`integration.inner has dimension ${inner.length}, not ${d}`);
  if (!Array.isArray(I.boundedTerms) || !Array.isArray(I.anchor) || typeof I.shift !== 'number') throw new Error('integration needs shift, boundedTerms and anchor');
  const tails: TailSpec =
    I.tailCover === 'lsi' ? { inner, boundedTerms: I.boundedTerms, anchor: I.anchor, decomposition: lsiTailCover(cert) }
    : I.tailCover === null ? { inner, boundedTerms: I.boundedTerms, anchor: I.anchor }
    : refuse('integration.tailCover must be "lsi" or null');
  const leaves = decodeBisectionTree(inner, I.tree, MAX_INTEGRAL_BOXES);
  if (typeof leaves === 'string') throw new Error(`integration.tree: ${leaves}`);
  if (leaves.length !== I.leaves) throw new Error(`integration.tree has ${leaves.length} leaves, integration.leaves says ${I.leaves}`);
  const bracket = checkIntegralEvidence(model, cert.temperature, leaves, tails, I.shift);
  if (!bracket.ok) return bracket;
  if (!Array.isArray(ev.pieces) || !Array.isArray(ev.edges)) throw new Error('pieces and edges must be lists');
  const evidence: PoincareDecompositionEvidence = {
    pieces: decodePieces(ev.pieces, 'pieces'),
    edges: ev.edges,
    beta: ev.beta,
    lambda2: ev.lambda2,
    // Absent: every scale is 1 (the kernel's default), so evidence written without them replays unscaled.
    ...(ev.edgeScales !== undefined ? { edgeScales: ev.edgeScales } : {}),
  };
  return { ok: true, value: { bracket: bracket.value, evidence, leaves: leaves.length } };
}

/**
 * The kernel's outcome on the stored evidence (the producer calls this too, so what it writes is what
 * the kernel derived). Malformed evidence is a refusal with the reason, never an exception.
 */
export function replayPoincareDecomposition(cert: CertificateContext, model: EnergyModel, ev: PoincareDecompositionJson): CheckOutcome<PoincareBound & { leaves: number }> {
  try {
    const decoded = decodeDecomposition(cert, model, ev);
    if (!decoded.ok) return decoded;
    const r = checkPoincareDecomposition(model, cert.temperature, decoded.value.bracket, decoded.value.evidence);
    return r.ok ? { ok: true, value: { ...r.value, leaves: decoded.value.leaves } } : r;
  } catch (e) {
    return { ok: false, reason: `poincare: ${(e as Error).message}` };
  }
}

const pairs = (xs: readonly { lo: number; hi: number }[]): [number, number][] => xs.map((x) => [x.lo, x.hi]);

/** The numbers a record stores, from the kernel's bound (what the producer writes, what verify expects). */
export function recordedValues(b: PoincareBound): Pick<PoincareDecompositionJson, 'local' | 'masses' | 'overlaps'> & { claim: { gapLower: number; poincareUpper: number } } {
  return {
    local: b.local.map((l) => ({ m: l.m, osc: l.osc, constant: l.constant })),
    masses: pairs(b.masses),
    overlaps: pairs(b.overlaps),
    claim: { gapLower: b.gap, poincareUpper: b.poincare },
  };
}

/** verify's checks of the optional field: names, then the replay, then every stored number. */
export function verifyPoincareDecomposition(cert: Certificate, model: EnergyModel, c: Checks, replayed?: CheckOutcome<PoincareBound & { leaves: number }>): void {
  const rec: PoincareDecompositionRecord | undefined = cert.poincareDecomposition;
  if (rec === undefined) return;
  const where = 'poincareDecomposition';
  c.equal(`${where}: function`, rec.function, POINCARE_FUNCTION);
  c.equal(`${where}: proof`, rec.proof, POINCARE_PROOF);
  c.equal(`${where}: note`, rec.note, POINCARE_NOTE);
  if (rec.claim === null) {
    if (rec.evidence !== undefined) c.fail(where, 'evidence without a claim');
    if (typeof rec.reason !== 'string' || rec.reason.length === 0) c.fail(where, 'no claim and no reason');
    return;
  }
  if (rec.reason !== undefined) c.fail(where, 'a claimed gap carries a reason; only the checked numbers are its claim');
  if (rec.evidence === undefined) {
    c.fail(where, 'a claimed gap without evidence');
    return;
  }
  const r = replayed ?? replayPoincareDecomposition(cert, model, rec.evidence);
  if (!r.ok) {
    c.fail(where, r.reason);
    return;
  }
  const want = recordedValues(r.value);
  c.equal(`${where}: local constants`, rec.evidence.local, want.local);
  c.equal(`${where}: masses`, rec.evidence.masses, want.masses);
  c.equal(`${where}: overlaps`, rec.evidence.overlaps, want.overlaps);
  // The headline claims may be weaker than the kernel's recomputation (a later, sharper kernel proves
  // more from the same evidence): a larger C_P or a smaller gap is still proved; a stronger one is not.
  notStronger(c, `${where}: Poincare constant`, 'upper', rec.claim.poincareUpper, want.claim.poincareUpper);
  notStronger(c, `${where}: spectral gap (Poincare, not LSI)`, 'lower', rec.claim.gapLower, want.claim.gapLower);
}

/**
 * A headline claim against the kernel's recomputation: equal passes as recomputed, weaker (a larger
 * upper bound, a smaller lower bound) passes and says so, stronger (or not a number) fails.
 */
export function notStronger(c: Checks, name: string, kind: 'upper' | 'lower', claimed: unknown, recomputed: number): boolean {
  // Stryker disable next-line StringLiteral: expect(false, ...) never prints its pass text.
  if (typeof claimed !== 'number' || Number.isNaN(claimed)) return c.expect(false, name, '', `certificate says ${JSON.stringify(claimed)}, recomputed ${recomputed}`);
  // Stryker disable next-line StringLiteral: expect(true, ...) never prints its fail text.
  if (Object.is(claimed, recomputed)) return c.expect(true, name, `${claimed} as recomputed`, '');
  // Stryker disable next-line EqualityOperator: equal numbers returned above, except -0 against 0 (the same number: either answer is sound).
  const weaker = kind === 'upper' ? claimed > recomputed : claimed < recomputed;
  return c.expect(
    weaker,
    name,
    `claimed ${claimed}, weaker than the kernel's ${recomputed} (still proved; accepted)`,
    `claimed ${claimed} is stronger than the kernel's ${recomputed} (${kind === 'upper' ? 'below' : 'above'} it)`,
  );
}
