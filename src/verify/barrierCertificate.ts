// The barrier certificate (certificates/schema/barrier-v1.json): an upper bound on the probability
// that the ULA chain enters an unsafe set within N steps (proofs/barrier.md), with the barrier and
// the boxes the kernel replays, and beside it the Gibbs mass pi(U) by certified quadrature.
import { InputError } from '../util/errors.js';
import { readFileOrThrow } from '../util/files.js';
import type { JsonBox, Verdict } from './certificate.js';
import type { EnergyTerm } from './model.js';
import { schemaChecker } from './schemaValidator.js';

export const BARRIER_SCHEMA = 'emcert-barrier@1';

export interface JsonTerm {
  readonly weight: number;
  readonly center: number[];
  readonly variance: number;
}

export interface BarrierCertificate {
  readonly schema: typeof BARRIER_SCHEMA;
  readonly verdict: Exclude<Verdict, 'refuted'>;
  /** One sentence: what is certified, or why nothing is. */
  readonly reason: string;
  readonly energy: { readonly spec: string; readonly dim: number; readonly terms: EnergyTerm[]; readonly files: { path: string; sha256: string }[] };
  /** x_{k+1} = x_k - stepSize grad E(x_k) + sqrt(2 stepSize temperature) xi_k, x_0 ~ N(mean, std^2 I). */
  readonly chain: {
    readonly sampler: 'ula';
    readonly stepSize: number;
    readonly temperature: number;
    readonly steps: number;
    readonly init: { readonly kind: 'normal'; readonly mean: number[]; readonly std: number };
  };
  /** U: the union of these bounded boxes. */
  readonly unsafe: JsonBox[];
  /** Upper bound of P(x_k in U for some k <= steps); null when nothing is claimed. */
  readonly entryProbability: number | null;
  readonly barrier: {
    readonly rising: JsonTerm[];
    readonly bumps: JsonTerm[];
    readonly lambda: number;
    readonly c: number;
    /** Upper bound of E B(x_0). */
    readonly initUpper: number;
    readonly evidence: { readonly unsafeLeaves: JsonBox[][]; readonly inner: JsonBox; readonly above: JsonBox[]; readonly drift: JsonBox[] };
  } | null;
  /** pi(U) for pi ∝ exp(-E/T) by certified quadrature (d <= 3), or null with the reason. */
  readonly gibbs: {
    readonly unsafeMass: [number, number] | null;
    readonly reason?: string;
    readonly evidence?: {
      readonly boxes: JsonBox[];
      readonly inner: JsonBox;
      readonly boundedTerms: number[];
      readonly anchor: number[];
      readonly shift: number;
      /** Tail decomposition with an added bump W (E-units; null: W = 0) and a cover of R^d (proofs/integration.md, Lemma 4'). */
      readonly decomposition?: { readonly bump: string | null; readonly cover: JsonBox[] };
    };
  };
  /** Constrained generation (proofs/constraint.md): the energy is E + P, P the penalty term energy.terms[1]. */
  readonly constraint?: ConstraintRecord;
  /** The work limits the search ran with and the time cap's cuts (absent in certificates written before them). */
  readonly search?: BarrierSearchRecord;
  readonly tool: { name: 'emcert'; version: string };
  readonly timings: Record<string, number>;
}

/** Work limits make the search reproducible; a non-empty timeCapCut says the result depended on the clock. */
export interface BarrierSearchRecord {
  readonly effort: number;
  /** Leaves per bisection of the barrier search. */
  readonly maxLeaves: number;
  /** Linear programs per inner cube. */
  readonly rounds: number;
  /** Leaves of the pi(U) integration. */
  readonly gibbsMaxBoxes: number;
  /** --time-limit in seconds, null without one. */
  readonly timeCapSeconds: number | null;
  /** The phases the cap cut, in order (empty: every search ended on its work limits). */
  readonly timeCapCut: string[];
}

export interface ConstraintRecord {
  readonly penalty: {
    readonly weight: number;
    readonly sharpness: number;
    readonly margin: number;
    /** One per unsafe box: x_{coord+1} >= face (side 1) or <= face (side -1). */
    readonly halfSpaces: { readonly coord: number; readonly side: 1 | -1; readonly face: number }[];
    readonly expression: string;
  };
  /** The target: pi_c(U) <= delta for pi_c ∝ exp(-(E + P)/T). */
  readonly delta: number;
  /** True only when the certified upper end of gibbs.unsafeMass is <= delta. */
  readonly holds: boolean;
  /** LSI constant of E + P (Bakry-Emery + Holley-Stroock on the gibbs decomposition, or R^d as one box). */
  readonly lsi: { readonly m: number; readonly osc: number; readonly alpha: number } | null;
  readonly reason: string;
}

const SCHEMA_URL = new URL('../../certificates/schema/barrier-v1.json', import.meta.url);
const validate = schemaChecker(SCHEMA_URL, 'certificate');

/** Throws InputError naming the JSON path when the document is not a barrier certificate. */
export function assertBarrierCertificate(doc: unknown, source = 'certificate'): BarrierCertificate {
  const problem = validate(doc);
  if (problem) throw new InputError(`${source}: ${problem}`);
  return doc as BarrierCertificate;
}

export function isBarrierDocument(doc: unknown): boolean {
  return typeof doc === 'object' && doc !== null && (doc as { schema?: unknown }).schema === BARRIER_SCHEMA;
}

/** Reads a JSON file: the parsed document (either certificate kind). */
export function readJsonDocument(path: string): unknown {
  const text = readFileOrThrow(path, 'certificate').toString('utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`${path}: not valid JSON (${(e as Error).message})`);
  }
}
