// Hypothesis "pi satisfies a Poincare inequality Var_pi g <= C E_pi |grad g|^2" (spectral gap
// >= 1/C) from a cover of R^d by boxes A_1..A_k (proofs/poincare-decomposition.md):
//   C <= max_x sum_{i: x in A_i} C_i (1 + 2 deg_i / t)  (<= Theta max_i C_i (1 + 2 deg_i / t)),
// Theta the cover's multiplicity, C_i a Poincare constant of pi(. | A_i), deg_i the largest sum of the
// edge scales mu_ij (default 1) over the neighbours j whose sets share one point of A_i (at most the
// number of listed edges at i), t a lower bound on lambda_2 of the block
// chain whose edge weights are mu_ij pi(A_i cap A_j) (masses pi(A_i)).
// C_i = exp(osc_{A_i} W_i) / m_i from f = U_i + W_i with hess U_i >= m_i I on the convex set A_i
// (strongly log-concave restriction, then Holley-Stroock), checked box by box on a cover of A_i.
// A Poincare constant, NOT a log-Sobolev one: no KL stopping route may use it directly; the LSI
// constant derived from it is checks/lsiDecomposition.checkLsiFromDecomposition.
import { div, exp, mul, add, point, sub, type Interval } from '../interval.js';
import type { EnergyModel } from '../model.js';
import { checkCoversRegion, checkCoversSpace, MAX_COVER_BOXES, validateBox, type Box, type CoverResult } from './cover.js';
import { farFieldCube, uncoveredFace, validateFarField, type FarField } from './farField.js';
import { compileConeEnclosure, coneBoundingBox } from '../networkFarField.js';
import { createFlatEnclosure } from '../network.js';
import { boxMinEigenvalue, boxRange, convexPart } from './lsi.js';
import { nonSmoothPart } from './smoothModel.js';
import { flattenSum, type WeightedTerm } from './sumModel.js';
import { tryEnclose, validTemperature, type CheckOutcome } from './common.js';
import { checkBlockGap, closedBoxesMeet, coverMultiplicity, heaviestClique, MAX_DECOMPOSITION_SETS, overlapDegrees } from './blockGap.js';
import { checkRegionMass, type IntegralBracket } from '../integration/evidence.js';

/** One set of the cover and the evidence for its local constant. */
export interface PoincarePieceEvidence {
  /** A_i, a closed box (infinite ends allowed). */
  readonly set: Box;
  /** W_E on A_i, an expression in E-units (null: W = 0, U = f). */
  readonly bump: string | null;
  /** Optional indices into flattenSum(E) of terms of the energy added to W_E (a network term, bounded
   *  on unbounded sets where its curvature is not: U then keeps only the other terms). */
  readonly boundedTerms?: readonly number[];
  /** Boxes covering A_i on which hess U >= m and the range of W are checked (intersected with A_i);
   *  with a far field, boxes covering A_i ∩ cube only. */
  readonly cover: readonly Box[];
  /** Optional cones outside the cube |x - c|_inf <= R over patches tiling the faces of [-1, 1]^d
   *  (proofs/far-field.md, Lemma 1): the part of A_i outside the cube is checked cone by cone, where a
   *  network's neurons saturate (the range of W over a quadrant from the network's limits along its
   *  directions, not its crude global bound). */
  readonly farField?: FarField;
}

export interface PoincareDecompositionEvidence {
  readonly pieces: readonly PoincarePieceEvidence[];
  /** Pairs (i, j), i < j, whose overlap masses enter the block chain. */
  readonly edges: readonly (readonly [number, number])[];
  /** The rank-one shift of the block-gap check (any beta >= 0 is sound). */
  readonly beta: number;
  /** Claimed lower bound t on lambda_2 of the block chain (edge weights mu_ij pi(A_i cap A_j)). */
  readonly lambda2: number;
  /** Optional mu_ij > 0, one per edge (absent: all 1). An edge scaled down weighs less in the block
   *  chain and charges its two sets only mu_ij / t instead of 1 / t (section 1, (H2)). */
  readonly edgeScales?: readonly number[];
}

export interface LocalPoincare {
  /** hess U_i >= m on A_i, osc_{A_i} W_i <= osc (f-units), C_i = exp(osc) / m rounded up. */
  readonly m: number;
  readonly osc: number;
  readonly constant: number;
}

export interface PoincareBound {
  readonly local: LocalPoincare[];
  /** Brackets on pi(A_i) and on pi(A_i cap A_j) for the listed edges. */
  readonly masses: Interval[];
  readonly overlaps: Interval[];
  readonly multiplicity: number;
  readonly lambda2: number;
  /** Var_pi g <= poincare E_pi |grad g|^2 (rounded up), so the spectral gap is >= gap (rounded down). */
  readonly poincare: number;
  readonly gap: number;
}

/** The intersection of two closed boxes (callers check that they meet). */
export function intersectBoxes(a: Box, b: Box): Interval[] {
  return a.map((c, i) => ({ lo: Math.max(c.lo, b[i]!.lo), hi: Math.min(c.hi, b[i]!.hi) }));
}

/** The energy's terms named by boundedTerms (distinct indices into flattenSum(E)), or why not. */
function pieceTerms(model: EnergyModel, indices: readonly number[] | undefined): WeightedTerm[] | string {
  if (indices === undefined) return [];
  if (!Array.isArray(indices)) return 'boundedTerms is not a list of term indices';
  const all = flattenSum(model);
  const seen = new Set<number>();
  for (const k of indices) {
    if (!(Number.isInteger(k) && k >= 0 && k < all.length)) return `boundedTerms: ${JSON.stringify(k)} is not the index of a term of the energy (it has ${all.length})`;
    if (seen.has(k)) return `boundedTerms: ${k} is listed twice`;
    seen.add(k);
  }
  return indices.map((k) => all[k]!);
}

/** W_E = the named terms of E plus the bump expression (null when both are absent). The terms are
 *  E's own objects, so convexPart cancels them exactly. */
/** A checked piece's W_E (E-units): its bump plus its bounded terms, or null (W = 0), or why not. */
export function pieceBoundedPart(model: EnergyModel, piece: PoincarePieceEvidence): EnergyModel | null | string {
  const terms = pieceTerms(model, piece.boundedTerms);
  return typeof terms === 'string' ? terms : pieceW(model, piece.bump, terms);
}

function pieceW(model: EnergyModel, bump: string | null, terms: readonly WeightedTerm[]): EnergyModel | null {
  const expr: EnergyModel | null = bump === null ? null : { kind: 'expression', dim: model.dim, source: bump };
  if (terms.length === 0) return expr;
  return { kind: 'sum', dim: model.dim, terms: expr ? [...terms, { weight: 1, model: expr }] : [...terms] };
}

/**
 * C_i for pi(. | A): U = (E - W_E) / T formed with exact cancellation (checks/lsi.convexPart);
 * m = min over the cover boxes (each intersected with A) of the lambda_min(hess U) lower bound,
 * osc = max sup W - min inf W over them. Refused unless m > 0 and osc is finite.
 */
export function checkLocalPoincare(model: EnergyModel, temperature: number, piece: PoincarePieceEvidence, where: string): CheckOutcome<LocalPoincare> {
  if (piece.bump !== null && typeof piece.bump !== 'string') return { ok: false, reason: `${where}: the bump is not an expression` };
  if (!Array.isArray(piece.cover)) return { ok: false, reason: `${where}: the cover is not a list of boxes` };
  const cover = piece.farField === undefined ? checkCoversRegion(piece.cover, piece.set) : checkCoversNearPart(piece, model.dim);
  if (!cover.ok) return { ok: false, reason: `${where}: ${cover.reason}` };
  const terms = pieceTerms(model, piece.boundedTerms);
  if (typeof terms === 'string') return { ok: false, reason: `${where}: ${terms}` };
  const w = pieceW(model, piece.bump, terms);
  const rough = w ? tryEnclose(() => nonSmoothPart(w) ?? '') : '';
  if (rough === undefined || rough) return { ok: false, reason: `${where}: W is not C^2${rough ? ` (${rough})` : ''}` };
  const u = tryEnclose(() => convexPart(model, w));
  if (!u) return { ok: false, reason: `${where}: U = E - W cannot be formed` };
  let m = Infinity, infW = w ? Infinity : 0, supW = w ? -Infinity : 0;
  for (const b of piece.cover) {
    if (!closedBoxesMeet(b, piece.set)) continue;
    const part = intersectBoxes(b, piece.set);
    m = Math.min(m, boxMinEigenvalue(u, temperature, part));
    if (w) {
      const r = boxRange(w, temperature, part);
      infW = Math.min(infW, r.lo);
      supW = Math.max(supW, r.hi);
    }
  }
  if (piece.farField !== undefined) {
    const far = farPart(u, w, temperature, piece.set, piece.farField);
    m = Math.min(m, far.m);
    infW = Math.min(infW, far.range.lo);
    supW = Math.max(supW, far.range.hi);
  }
  if (!(m > 0 && Number.isFinite(m))) return { ok: false, reason: `${where}: hess U >= m I with m > 0 is not certified on the set (lambda_min lower bound ${m})` };
  if (!(Number.isFinite(infW) && Number.isFinite(supW))) return { ok: false, reason: `${where}: W is not bounded on the set` };
  const osc = Math.max(0, sub(point(supW), point(infW)).hi);
  const constant = div(exp(point(osc)), point(m)).hi;
  if (!Number.isFinite(constant)) return { ok: false, reason: `${where}: the local constant exp(${osc}) / ${m} overflows` };
  return { ok: true, value: { m, osc, constant } };
}

/** With a far field: the data are well formed, the patches tile every face, and the boxes cover the
 *  part of A inside the cube (a set that misses the cube needs none). proofs/poincare-decomposition.md
 *  section 3. */
function checkCoversNearPart(piece: PoincarePieceEvidence, dim: number): CoverResult {
  const far = piece.farField!;
  const bad = validateFarField(far, dim);
  if (bad) return { ok: false, reason: bad };
  if (piece.cover.length + far.patches.length > MAX_COVER_BOXES) return { ok: false, reason: `${piece.cover.length} boxes and ${far.patches.length} patches exceed the limit ${MAX_COVER_BOXES}` };
  const hole = uncoveredFace(far, dim);
  if (hole) return { ok: false, reason: hole };
  const setBad = validateBox(piece.set, dim, 'the set');
  if (setBad) return { ok: false, reason: setBad };
  const cube = farFieldCube(far.center, far.radius);
  if (!closedBoxesMeet(cube, piece.set)) return { ok: true };
  const near = intersectBoxes(cube, piece.set);
  // A set touching the cube only on a face of its box: there |x_k - c_k| >= R, so those points lie in
  // cones too (Lemma 1 with r = R) and need no boxes.
  if (near.some((c, k) => c.lo === c.hi && (c.lo === cube[k]!.lo || c.hi === cube[k]!.hi))) return { ok: true };
  return checkCoversRegion(piece.cover, near);
}

/** The lambda_min(hess U) lower bound and the range of W (f-units) over the part of A outside the
 *  cube: every such point lies in a cone K(P) (proofs/far-field.md, Lemma 1), and only cones whose
 *  bounding box meets A can hold points of A. On each, hess U over (bounding box ∩ A); W's range is
 *  the intersection of the cone enclosure (Theorem 4) and the box range over (bounding box ∩ A),
 *  both enclosures of W on K(P) ∩ A. */
function farPart(u: EnergyModel, w: EnergyModel | null, temperature: number, set: Box, far: FarField): { m: number; range: Interval } {
  const d = set.length;
  const enclose = w ? tryEnclose(() => compileConeEnclosure(w)) : undefined;
  const out = createFlatEnclosure(d);
  const lo = new Float64Array(d), hi = new Float64Array(d);
  const center = Float64Array.from(far.center);
  let m = Infinity, inf = w ? Infinity : 0, sup = w ? -Infinity : 0;
  for (const patch of far.patches) {
    const cone = { center, radius: far.radius, uLo: Float64Array.from(patch, (c) => c.lo), uHi: Float64Array.from(patch, (c) => c.hi) };
    coneBoundingBox(cone, lo, hi);
    const bounds: Box = Array.from(lo, (l, k) => ({ lo: l, hi: hi[k]! }));
    // Stryker disable next-line ConditionalExpression: only loosens: a cone that misses A adds ranges over an empty part (min/max can only widen osc and lower m), never a smaller bound
    if (!closedBoxesMeet(bounds, set)) continue;
    const part = intersectBoxes(bounds, set);
    m = Math.min(m, boxMinEigenvalue(u, temperature, part));
    if (!w) continue;
    let r = boxRange(w, temperature, part);
    // Two enclosures of W on K(P) ∩ A: their intersection is one too. (When K(P) misses A they may not
    // overlap; the ends added below then only widen [inf, sup].) A NaN end makes inf or sup NaN, and
    // the set is refused as unbounded.
    const c = enclose ? tryEnclose(() => { enclose(cone, out); return div({ lo: out.valueLo, hi: out.valueHi }, point(temperature)); }) : undefined;
    if (c) r = { lo: Math.max(r.lo, c.lo), hi: Math.min(r.hi, c.hi) };
    inf = Math.min(inf, r.lo);
    sup = Math.max(sup, r.hi);
  }
  return { m, range: { lo: inf, hi: sup } };
}

/**
 * C <= max_x sum_{i : x in A_i} C_i (1 + 2 deg_i / t) (proofs/poincare-decomposition.md, Theorem),
 * bounded by the heaviest clique of the sets (at most Theta max_i C_i (1 + 2 deg_i / t)), rounded up.
 * Exported for the closed-form tests; checkPoincareDecomposition is the only caller that certifies.
 */
export function decompositionConstant(sets: readonly Box[], local: readonly number[], degrees: readonly number[], t: number): number {
  const weights = local.map((c, i) => mul(point(c), add(point(1), div(mul(point(2), point(degrees[i]!)), point(t)))).hi);
  return heaviestClique(sets, weights);
}

/**
 * Checks a covering decomposition against a kernel-checked integration bracket (which gives the
 * masses, via checkRegionMass) and returns the certified Poincare constant and gap lower bound.
 */
export function checkPoincareDecomposition(model: EnergyModel, temperature: number, bracket: IntegralBracket, evidence: PoincareDecompositionEvidence): CheckOutcome<PoincareBound> {
  return checkCoverDecomposition(model, temperature, bracket, evidence, null, 'poincare');
}

/**
 * The decomposition theorem for pi restricted to a closed box S (proofs/poincare-decomposition.md,
 * section 5): the pieces' sets are the A_a ∩ S (built by the caller), they must cover S, the masses
 * are pi-masses (the theorem is invariant under scaling every q and omega by 1/pi(S)). A single set
 * is allowed (its local constant is then the constant; no edges). The grouped LSI check
 * (checks/lsiGroupedDecomposition) is the caller; it shares every step with the global check.
 */
export function checkRestrictedDecomposition(model: EnergyModel, temperature: number, bracket: IntegralBracket, evidence: PoincareDecompositionEvidence, region: Box, where: string): CheckOutcome<PoincareBound> {
  return checkCoverDecomposition(model, temperature, bracket, evidence, region, where);
}

/** The one code path of both checks above: region null means R^d (then at least 2 sets). */
function checkCoverDecomposition(model: EnergyModel, temperature: number, bracket: IntegralBracket, evidence: PoincareDecompositionEvidence, region: Box | null, where: string): CheckOutcome<PoincareBound> {
  const badT = validTemperature(temperature);
  if (badT) return { ok: false, reason: `${where}: ${badT}` };
  const rough = nonSmoothPart(model);
  if (rough) return { ok: false, reason: `${where}: ${rough}` };
  const pieces = evidence.pieces;
  const fewest = region === null ? 2 : 1;
  if (!Array.isArray(pieces) || pieces.length < fewest || pieces.length > MAX_DECOMPOSITION_SETS)
    return { ok: false, reason: `${where}: need ${fewest} to ${MAX_DECOMPOSITION_SETS} sets` };
  const d = model.dim;
  for (let i = 0; i < pieces.length; i++) {
    const bad = validateBox(pieces[i]!.set, d, `sets[${i}]`);
    if (bad) return { ok: false, reason: `${where}: ${bad}` };
    // Section 5 reads the theorem for pi(. | S) with sets inside S: a set reaching out of S would bring
    // pi-mass, overlap mass and a local constant from outside S into the bound for pi(. | S).
    if (region !== null && !pieces[i]!.set.every((c: Interval, k: number) => region[k]!.lo <= c.lo && c.hi <= region[k]!.hi)) return { ok: false, reason: `${where}: set ${i} is not inside the region` };
  }
  const sets = pieces.map((p) => p.set);
  const covers = region === null ? checkCoversSpace(sets, d) : checkCoversRegion(sets, region);
  if (!covers.ok) return { ok: false, reason: `${where}: the sets do not cover ${region === null ? 'R^d' : 'the region'} (${covers.reason})` };
  const local: LocalPoincare[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const c = checkLocalPoincare(model, temperature, pieces[i]!, `${where}: set ${i}`);
    if (!c.ok) return c;
    local.push(c.value);
  }
  const masses: Interval[] = [];
  for (let i = 0; i < sets.length; i++) {
    const r = checkRegionMass(model, temperature, bracket.boxes, bracket, [sets[i]!]);
    if (!r.ok) return { ok: false, reason: `${where}: mass of set ${i}: ${r.reason}` };
    if (!(r.value.mass.lo > 0)) return { ok: false, reason: `${where}: pi(A_${i}) > 0 is not certified` };
    masses.push(r.value.mass);
  }
  if (!Array.isArray(evidence.edges)) return { ok: false, reason: `${where}: the edges are not a list of pairs` };
  if (sets.length === 1) {
    // pi(. | S) = pi(. | A_0 ∩ S) when the one set covers S: its local constant is the constant.
    if (evidence.edges.length !== 0) return { ok: false, reason: `${where}: a single set takes no edges` };
    const poincare = local[0]!.constant;
    return { ok: true, value: { local, masses, overlaps: [], multiplicity: 1, lambda2: evidence.lambda2, poincare, gap: div(point(1), point(poincare)).lo } };
  }
  const scales = evidence.edgeScales;
  if (scales !== undefined) {
    if (!Array.isArray(scales) || scales.length !== evidence.edges.length) return { ok: false, reason: `${where}: edgeScales must list one scale per edge` };
    if (!scales.every((v) => typeof v === 'number' && Number.isFinite(v) && v > 0)) return { ok: false, reason: `${where}: every edge scale must be positive and finite` };
  }
  const seen = new Set<string>();
  const overlaps: Interval[] = [];
  const edges = [];
  for (const [n, pair] of evidence.edges.entries()) {
    // Stryker disable next-line ArrayDeclaration: equivalent, [] gives i = j = undefined, refused by the same Number.isInteger test
    const [i, j] = Array.isArray(pair) ? pair : [NaN, NaN];
    if (!(Number.isInteger(i) && Number.isInteger(j) && 0 <= i! && i! < j! && j! < sets.length)) return { ok: false, reason: `${where}: edge ${JSON.stringify(pair)} is not a pair i < j of sets` };
    if (seen.has(`${i},${j}`)) return { ok: false, reason: `${where}: edge (${i}, ${j}) is listed twice` };
    seen.add(`${i},${j}`);
    if (!closedBoxesMeet(sets[i!]!, sets[j!]!)) return { ok: false, reason: `${where}: sets ${i} and ${j} do not meet` };
    const r = checkRegionMass(model, temperature, bracket.boxes, bracket, [intersectBoxes(sets[i!]!, sets[j!]!)]);
    if (!r.ok) return { ok: false, reason: `${where}: overlap (${i}, ${j}): ${r.reason}` };
    overlaps.push(r.value.mass);
    // omega_ij = the lower end of the overlap bracket, q_i = the upper end of the mass bracket; the
    // chain's weight mu_ij omega_ij is rounded down (a smaller weight only makes (H2) harder).
    const mu = scales?.[n] ?? 1;
    edges.push({ i: i!, j: j!, weight: mu === 1 ? r.value.mass.lo : Math.max(0, mul(point(r.value.mass.lo), point(mu)).lo), scale: mu });
  }
  const gap = checkBlockGap(masses.map((m) => m.hi), edges, evidence.beta, evidence.lambda2);
  if (!gap.ok) return { ok: false, reason: `${where}: ${gap.reason}` };
  const multiplicity = coverMultiplicity(sets);
  const degrees = overlapDegrees(sets, edges);
  const poincare = decompositionConstant(sets, local.map((l) => l.constant), degrees, evidence.lambda2);
  if (!Number.isFinite(poincare)) return { ok: false, reason: `${where}: the constant is not finite` };
  return { ok: true, value: { local, masses, overlaps, multiplicity, lambda2: evidence.lambda2, poincare, gap: div(point(1), point(poincare)).lo } };
}
