// The certificate document (schema emcert-certificate@1). Plain JSON: every number is a finite
// double; an unbounded quantity is null with a reason; a box is a list of [lo, hi] pairs where a
// null lo means -infinity and a null hi means +infinity.
import type { StoppingRoute } from '../kernel/stopping/types.js';
import type { TvRouteRecord } from './gridJson.js';
import type { BoundedPartEvidence } from './decomposition.js';

export const CERTIFICATE_SCHEMA = 'emcert-certificate@1';

export type Verdict = 'certified' | 'refuted' | 'inconclusive';
export type HypothesisStatus = 'holds' | 'violated' | 'unknown';
export type SamplerChoice = 'ula' | 'mala' | 'flow';
export type JsonBox = [number | null, number | null][];

export interface CertFile {
  path: string;
  sha256: string;
}

export interface HypothesisRecord {
  id: 'smoothness' | 'lsi' | 'normalizability' | 'kl0' | 'quadratic' | 'stopping' | 'flow-invariance';
  status: HypothesisStatus;
  /** The kernel function that checks it. */
  function: string;
  /** The proof document (proofs/...). */
  proof: string;
  claim: Record<string, number | null>;
  evidence: Record<string, unknown>;
  reason?: string;
}

export interface LsiEvidence {
  w: BoundedPartEvidence;
  boxes: JsonBox[];
  /** A point near argmin U, for the certified lower bound on min U. */
  anchor: number[];
}

export interface BoundedConstant {
  value: number | null;
  reason?: string;
}

/** The preconditioner P = C C^T of the stopping claim and the kernel-checked curvature of g(y) = f(C y). */
export interface PreconditionerRecord {
  /** C, lower-triangular, row-major: factor[i][j]. */
  factor: number[][];
  function: string;
  proof: string;
  /** m_g <= lambda_min(C^T hess f C) and L_g >= |eig(C^T hess f C)| everywhere (null: not established). */
  claim: { m: number | null; upper: number | null; mConvex?: number | null; contraction?: number | null };
  evidence: { boxes: JsonBox[] };
}

export interface StoppingRecord {
  epsilon: number;
  /** The engine's eta (h = eta * T in f-units); null when no route applies. */
  stepSize: number | null;
  h: number | null;
  steps: number | null;
  route: string | null;
  theorem: string | null;
  reason?: string;
  /** KL routes only (metric KL); the chosen route is the applicable one with the fewest steps. */
  routes: StoppingRoute[];
  /** The TV target of `tv` (emcert check --tv-epsilon): TV(rho_N, pi) <= tvEpsilon. */
  tvEpsilon?: number;
  /** The TV route (grid-propagation, metric TV), applicable or not, beside the KL claim; never chosen for it. */
  tv?: TvRouteRecord;
}

/**
 * The spectral gap of pi from a covering decomposition (emcert check; proofs/poincare-decomposition.md,
 * kernel check checkPoincareDecomposition). A Poincare constant, never an LSI one: no KL stopping route
 * and no verdict uses it directly (the LSI constant derived from it is lsiDecomposition). claim null:
 * the route did not apply or failed, and reason says why.
 */
export interface PoincareDecompositionRecord {
  function: string;
  proof: string;
  note: string;
  /** Var_pi g <= poincareUpper E_pi |grad g|^2, so the spectral gap of f = E/T is >= gapLower. */
  claim: { gapLower: number; poincareUpper: number } | null;
  reason?: string;
  evidence?: PoincareDecompositionJson;
}

export interface PoincareDecompositionJson {
  /** The integration evidence the masses come from: the leaves of a bisection of `inner` (tree code,
   *  src/verify/bisectionTree.ts) and the tail decomposition (tailCover 'lsi': the lsi hypothesis'
   *  bump and cover; null: U = f minus the listed bounded terms). */
  integration: { inner: JsonBox; shift: number; boundedTerms: number[]; anchor: number[]; tailCover: 'lsi' | null; leaves: number; tree: string };
  /** Optional per piece: boundedTerms (indices into the flattened energy whose terms join W, e.g. a
   *  network on the frame sets) and farField (cones beyond |x - center|_inf = radius over patches of
   *  the faces of [-1, 1]^d; the cover then covers only the set's part inside that cube). */
  pieces: { set: JsonBox; bump: string | null; cover: JsonBox[]; boundedTerms?: number[]; farField?: { center: number[]; radius: number; patches: JsonBox[] } }[];
  edges: [number, number][];
  beta: number;
  /** t: the claimed lower bound on lambda_2 of the block chain. */
  lambda2: number;
  /** Optional mu_ij > 0, one per edge (absent: all 1): the block chain's weights are mu_ij pi(A_i cap A_j)
   *  and an edge charges its sets mu_ij / t (proofs/poincare-decomposition.md, section 1). */
  edgeScales?: number[];
  /** The kernel's values (verify recomputes each): local constants C_i = exp(osc) / m, masses pi(A_i)
   *  and overlaps pi(A_i cap A_j) as [lo, hi] brackets. */
  local: { m: number; osc: number; constant: number }[];
  masses: [number, number][];
  overlaps: [number, number][];
}

/**
 * An LSI constant from the covering decomposition of poincareDecomposition (emcert check;
 * proofs/lsi-from-decomposition.md, kernel check checkLsiFromDecomposition): a partition of R^d into
 * boxes, each inside one set of the decomposition, with certified masses, gives LSI(alphaLower). When
 * it beats the lsi hypothesis' alpha it is constants.lsi.lower and every stopping route uses it.
 * claim null: not tried or refused, and reason says why.
 */
export interface LsiDecompositionRecord {
  function: string;
  proof: string;
  claim: { alphaLower: number } | null;
  reason?: string;
  evidence?: LsiDecompositionJson;
}

export interface LsiDecompositionJson {
  /** B_i and the index of the decomposition set (poincareDecomposition.evidence.pieces) containing it;
   *  with `groups`, also the index of the group whose region contains it. */
  partition: { box: JsonBox; set: number; group?: number; epsilon?: number }[];
  /** The kernel's values (verify recomputes each): pi(B_i) brackets, max_i C_set(i) >= max 1/a_i,
   *  log(1/p_*) rounded up. With `groups`: max_g 1/a_g and D_top (the grouped theorem's). */
  masses: [number, number][];
  localInverse: number;
  logInverseMass: number;
  /** Present when some block carries `epsilon` (a comparison block, proofs/lsi-from-decomposition.md
   *  section 3a): the largest of their defects; `localInverse` then also covers their (1 + eps)/m. */
  defect?: number;
  /** Optional: the blocks grouped into boxes S_g (proofs/lsi-from-decomposition.md, section 5). */
  groups?: LsiDecompositionGroupJson[];
  /** Optional: a second Poincare constant, the Lyapunov tail (proofs/lyapunov-tail.md); the formula uses
   *  the smaller of it and poincareDecomposition's. */
  lyapunov?: LyapunovTailJson;
}

/** The Lyapunov tail's evidence (K = region, the far-field cube cut in grid x grid boxes, s, the
 *  decomposition of pi(. | K) whose masses come from poincareDecomposition's integration) and the
 *  kernel's values (verify recomputes each). */
export interface LyapunovTailJson {
  region: JsonBox;
  farField: { center: number[]; radius: number; patches: JsonBox[] };
  grid: number;
  s: number;
  pieces: PoincareDecompositionJson['pieces'];
  edges: [number, number][];
  beta: number;
  lambda2: number;
  edgeScales?: number[];
  theta: number;
  tailBeta: number;
  restrictedPoincare: number;
  poincareUpper: number;
  gapLower: number;
}

/** One group: its evidence (region, sets, edges, edgeScales, beta, lambda2) and the kernel's values. */
export interface LsiDecompositionGroupJson {
  region: JsonBox;
  sets: number[];
  edges: [number, number][];
  edgeScales?: number[];
  beta: number;
  lambda2: number;
  /** C_P^g rounded up, pi(S_g) bracket, max_{i in g} c_i, D_g and 1/a_g rounded up (recomputed by verify). */
  poincareUpper: number;
  mass: [number, number];
  localInverse: number;
  logInverseMass: number;
  inverseAlpha: number;
}

export interface WitnessRecord {
  kind: 'infinite-mass' | 'gradient-flow';
  box: JsonBox;
  /** The kernel's enclosure: sup f (infinite-mass) or lap f - |grad f|^2 (gradient-flow). */
  enclosure: [number, number];
  meaning: string;
}

/** Exact decimal expansions of the doubles the claims are about (see exactValues.ts). */
export interface ExactValues {
  temperature: string;
  epsilon?: string;
  tvEpsilon?: string;
  init: { mean: string; std: string };
  weights: string[];
}

export interface Provenance {
  emcert: string;
  /** The git commit of the emcert checkout that wrote it (with -dirty for uncommitted changes). */
  gitCommit?: string;
  node: string;
  platform: string;
  /** ISO 8601 time of writing. */
  date: string;
  /** The command-line arguments after `emcert`. */
  command?: string[];
  /** Every seed the producer used, by name (the certificate producers search deterministically: none today). */
  seeds: Record<string, number>;
}

export interface Certificate {
  schema: typeof CERTIFICATE_SCHEMA;
  verdict: Verdict;
  reason: string;
  energy: {
    spec: string;
    dim: number;
    terms: { spec: string; weight: number }[];
    files: CertFile[];
  };
  temperature: number;
  dynamics: { sampler: SamplerChoice; init: { mean: number; std: number } };
  hypotheses: HypothesisRecord[];
  constants: {
    lsi: { lower: number | null; reason?: string };
    smoothness: { upper: number | null; reason?: string };
    kl0: { upper: number | null; reason?: string };
  };
  stopping: StoppingRecord | null;
  /** When present, `stopping` is about preconditioned ULA with P = C C^T (src/verify/preconditioner.ts). */
  preconditioner?: PreconditionerRecord;
  witnesses: WitnessRecord[];
  /** Optional: the decomposition spectral gap (a Poincare constant, beside the LSI alpha). */
  poincareDecomposition?: PoincareDecompositionRecord;
  /** Optional: the LSI constant from that decomposition (present only beside a claimed poincareDecomposition). */
  lsiDecomposition?: LsiDecompositionRecord;
  derivedFrom?: { rule: string; weights: number[]; components: Certificate[] };
  /** The exact values certified (each double's decimal expansion); verify recomputes them. */
  exact?: ExactValues;
  /** Where the certificate came from (informational: verify checks no claim against it). */
  provenance?: Provenance;
  tool: { name: 'emcert'; version: string };
  /** How far the producers searched (informational: verify checks no claim against it). */
  search?: SearchRecord;
  timings: Record<string, number>;
}

/** The producers' work limits, and what a wall-clock cap cut (then the result depends on machine load). */
export interface SearchRecord {
  /** Multiplier of the default work limits. */
  effort: number;
  /** Work limit of each cover search, in boxes (pieces). */
  maxBoxes: number;
  /** The wall-clock safety cap in seconds (null: none). */
  timeCapSeconds: number | null;
  /** The searches the cap cut, in order (empty: every search ended on its work limits, so the same
   *  input and effort give the same certificate on any machine at any load). */
  timeCapCut: string[];
}

export function boxToJson(box: readonly { lo: number; hi: number }[]): JsonBox {
  return box.map((c) => [c.lo === -Infinity ? null : c.lo, c.hi === Infinity ? null : c.hi]);
}

/**
 * A box from evidence the schema does not constrain: an array of [lo, hi] pairs (null for an
 * infinite end) with numbers, or null when it is anything else. The kernel checks the dimension
 * and the order of the ends.
 */
export function boxFromEvidence(value: unknown): { lo: number; hi: number }[] | null {
  if (!Array.isArray(value)) return null;
  const ok = value.every(
    (c) => Array.isArray(c) && c.length === 2 && c.every((x: unknown) => x === null || (typeof x === 'number' && Number.isFinite(x))),
  );
  return ok ? boxFromJson(value as JsonBox) : null;
}

export function boxFromJson(box: JsonBox): { lo: number; hi: number }[] {
  return box.map(([lo, hi]) => ({ lo: lo === null ? -Infinity : lo, hi: hi === null ? Infinity : hi }));
}

/** A finite number, or null for an infinite one (the reason goes next to it). */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

export function hypothesis(cert: Certificate, id: HypothesisRecord['id']): HypothesisRecord | undefined {
  return cert.hypotheses.find((h) => h.id === id);
}
