// The producer that assembles a certificate for one energy: search for evidence (covers,
// decomposition, witnesses), let the kernel check each hypothesis, pick the stopping route, and
// decide the verdict. Everything it claims is what the kernel re-derived from the stored evidence.
import type { Energy } from '../energy/types.js';
import { checkExactQuadratic } from '../kernel/checks/quadratic.js';
import { checkInfiniteMassWitness } from '../kernel/checks/normalizability.js';
import { checkGradientFlowWitness } from '../kernel/checks/gradientFlow.js';
import { checkKl0Bound, minULowerBound } from '../kernel/checks/kl0.js';
import { convexPart, holleyStroockAlpha } from '../kernel/checks/lsi.js';
import { nonSmoothPart } from '../kernel/checks/smoothModel.js';
import { checkStoppingRoute } from '../kernel/stopping/check.js';
import { proposeStoppingRoutes, bestRoute } from './stopping/index.js';
import type { GridRouteOptions } from './stopping/gridPropagation.js';
import { tvRoute, type LocalisationCheckOptions } from './stopping/tvClaim.js';
import { tvRouteToJson } from '../verify/gridJson.js';
import { VERSION } from '../version.js';
import { minimiseConvexPart } from './anchor.js';
import { boxToJson, CERTIFICATE_SCHEMA, finiteOrNull, type Certificate, type HypothesisRecord, type SamplerChoice, type StoppingRecord, type WitnessRecord } from '../verify/certificate.js';
import { stoppingInputFor } from '../verify/stoppingInput.js';
import { verdictOf, verdictReason, witnessMeaning } from '../verify/verdict.js';
import { sealCertificate } from './seal.js';
import { preconditionerRecord, withContraction } from './preconditioned.js';
import { boundedModel } from '../verify/decomposition.js';
import { describeSum, type EnergyTerm } from '../verify/model.js';
import { INFINITE_MASS_FUNCTION, record } from '../verify/hypotheses.js';
import { proposeLsiAtOrAbove, type Region } from './lsiProducer.js';
import { proposeSmoothness } from './smoothnessProducer.js';
import { findGradientFlowWitness, findInfiniteMassWitness } from './witnesses.js';
import { decompositionLimitsFor, proposeDecompositionGap, skippedDecompositionGap, type DecompositionGapLimits, type DecompositionRecords } from './decompositionGap.js';
import { adaptiveSettingsFor, type AdaptiveGridSettings } from './adaptiveDecompositionGap.js';

export interface CertifyOptions {
  readonly energy: Energy;
  /** How the energy was built (one spec, or weighted specs); defaults to the energy's own spec. */
  readonly terms?: readonly EnergyTerm[];
  /** Default: the temperature the energy declares (a model file's), else 1 (as `emcert check`). */
  readonly temperature?: number;
  /** KL target of the stopping certificate; default DEFAULT_EPSILON (src/certify/defaults.ts). */
  readonly sampler?: SamplerChoice;
  readonly epsilon?: number;
  readonly init?: { readonly mean: number; readonly std: number };
  /** Work limit of each cover search (boxes; the kernel's checks are not limited by it); default
   *  DEFAULT_MAX_BOXES x effort. */
  readonly maxBoxes?: number;
  /** Multiplies the work limits (default 1): the box limit (unless maxBoxes is given) and the cover
   *  searches' patience (splits without progress); more can tighten constants, at more CPU. */
  readonly effort?: number;
  /** Optional wall-clock safety cap of the producers' searches (default: none; the kernel's checks
   *  are not cut): smoothness may use the first half, the LSI search the rest. A cut is recorded in
   *  the certificate's `search.timeCapCut`, since the result then depends on machine load. */
  readonly timeBudgetMs?: number;
  /** The clock of the time cap and timings (tests inject a slow one); default Date.now. */
  readonly clock?: () => number;
  readonly onProgress?: (message: string) => void;
  /** Lower-triangular C of a constant preconditioner P = C C^T: the stopping claim is then about
   *  preconditioned ULA (proofs/stopping-preconditioned.md). ULA only. */
  readonly preconditioner?: number[][];
  /** One-line notes a user should see even without progress messages (the time cap cut a search). */
  readonly onNote?: (message: string) => void;
  /** TV target of the TV claim (ULA; grid propagation in d <= 2, CPU minutes in 2-D, else localisation); none when undefined. */
  readonly tvEpsilon?: number;
  /** Search settings of the grid-propagation route (tests use coarse ones). */
  readonly gridRoute?: Omit<GridRouteOptions, 'tail' | 'progress'>;
  /** Search settings of the localisation route, tried when the grid route does not apply (d > 2). */
  readonly localisationRoute?: Omit<LocalisationCheckOptions, 'progress'>;
  /** Work limits of the decomposition spectral gap (default DEFAULT_DECOMPOSITION_LIMITS x effort);
   *  'skip': not tried, the record says so (emcert demo --quick). */
  readonly decompositionGap?: DecompositionGapLimits | 'skip';
  /** Also try the adaptive, edge-scaled grid decomposition (d = 2; minutes of CPU; check
   *  --decomposition adaptive): its settings, or true for adaptiveSettingsFor(effort). */
  readonly adaptiveDecomposition?: AdaptiveGridSettings | true;
}

import { DEFAULT_EFFORT, DEFAULT_EPSILON, DEFAULT_MAX_BOXES } from './defaults.js';
import { TimeCap } from './timeCap.js';
export { DEFAULT_EPSILON };

export function certifyEnergy(opts: CertifyOptions): Certificate {
  const clock = opts.clock ?? Date.now;
  const started = clock();
  const energy = opts.energy;
  const T = opts.temperature ?? energy.temperature ?? 1;
  const sampler = opts.sampler ?? 'ula';
  const epsilon = opts.epsilon ?? DEFAULT_EPSILON;
  const init = opts.init ?? { mean: 0, std: 1 };
  const d = energy.dim;
  const model = energy.model;
  const terms = opts.terms ?? [{ spec: energy.spec, weight: 1 }];
  const region: Region = { center: Array.from({ length: d }, () => init.mean), radius: Math.max(4, 4 * init.std) };
  // The searches end on work limits, so the certificate depends only on the input and the effort;
  // the wall-clock cap (none by default) is a safety net whose cuts are recorded below.
  const effort = opts.effort ?? DEFAULT_EFFORT;
  if (!(effort > 0 && Number.isFinite(effort))) throw new RangeError(`certifyEnergy: effort must be a positive finite number, got ${effort}`);
  if (opts.timeBudgetMs !== undefined && !(opts.timeBudgetMs > 0)) throw new RangeError(`certifyEnergy: timeBudgetMs must be positive, got ${opts.timeBudgetMs}`);
  const maxBoxes = opts.maxBoxes ?? Math.max(1, Math.round(DEFAULT_MAX_BOXES * effort));
  const capSeconds = opts.timeBudgetMs === undefined ? undefined : opts.timeBudgetMs / 1000;
  const cap = TimeCap.seconds(capSeconds, clock);
  const progress = opts.onProgress ?? (() => {});
  let noted = 0;
  const noteCuts = (): void => {
    for (const phase of cap.cuts.slice(noted))
      opts.onNote?.(`the ${capSeconds} s time cap (--budget) cut ${phase}: the verdict uses what was found by then, so it depends on machine load (recorded in the certificate's search.timeCapCut; drop --budget for a reproducible result)`);
    noted = cap.cuts.length;
  };
  const timings: Record<string, number> = {};
  const time = <R>(name: string, f: () => R): R => {
    const t = clock();
    const r = f();
    timings[name] = clock() - t;
    noteCuts();
    return r;
  };

  const hypotheses: HypothesisRecord[] = [];
  const witnesses: WitnessRecord[] = [];
  const constants: Certificate['constants'] = {
    lsi: { lower: null, reason: 'no decomposition was certified' },
    smoothness: { upper: null, reason: 'not established' },
    kl0: { upper: null, reason: 'needs a certified LSI decomposition and a finite smoothness bound' },
  };
  let stopping: StoppingRecord | null = null;
  let preconditioner: Certificate['preconditioner'];
  const rough = nonSmoothPart(model);

  // 1. Normalizability refutation first: nothing may be certified for an improper target.
  progress('normalizability: looking for an infinite-mass witness');
  const massBox = time('normalizabilityMs', () => findInfiniteMassWitness(energy, T, region, cap.phase('the infinite-mass witness search', 0.5)));
  let massRefuted = false;
  let flowRefuted = false;
  let reason = '';
  if (massBox) {
    const w = checkInfiniteMassWitness(model, T, massBox);
    if (w.ok) {
      hypotheses.push(record('normalizability', 'violated', { supF: w.value.supF }, { box: boxToJson(massBox) }, 'f is bounded above on a box of infinite volume, so Z = infinity', { function: INFINITE_MASS_FUNCTION }));
      witnesses.push({ kind: 'infinite-mass', box: boxToJson(massBox), enclosure: [-Number.MAX_VALUE, w.value.supF], meaning: witnessMeaning('infinite-mass', [-Number.MAX_VALUE, w.value.supF]) });
      massRefuted = true;
    }
  }

  let lsiHolds = false;
  let decomposition: DecompositionRecords | undefined;
  if (!massRefuted) {
    // 2. Smoothness.
    progress('smoothness: bounding |hess f| over R^d');
    const smooth = rough ? null : time('smoothnessMs', () => proposeSmoothness(energy, T, region, { maxBoxes, patienceScale: effort, cap: cap.phase('the smoothness search', 0.5) }));
    if (smooth && Number.isFinite(smooth.upper)) {
      const farField = smooth.farField ? { farField: { center: [...smooth.farField.center], radius: smooth.farField.radius, patches: smooth.farField.patches.map(boxToJson) } } : {};
      hypotheses.push(record('smoothness', 'holds', { upper: smooth.upper }, { boxes: smooth.boxes.map(boxToJson), ...farField }));
      constants.smoothness = { upper: smooth.upper };
    } else {
      const why = rough ?? smooth?.reason ?? 'no finite bound found';
      hypotheses.push(record('smoothness', 'unknown', { upper: null }, {}, why));
      constants.smoothness = { upper: null, reason: why };
    }

    // 3. LSI from a decomposition (which also proves Z < infinity).
    progress('lsi: searching a decomposition f = U + W');
    const lsi = rough ? null : time('lsiMs', () => proposeLsiAtOrAbove(energy, T, region, { maxBoxes, patienceScale: effort, cap: cap.phase('the LSI search') }));
    if (lsi) {
      const w = boundedModel(model, lsi.w);
      const u = convexPart(model, w);
      const anchor = minimiseConvexPart(energy, lsi.part, region);
      const minU = minULowerBound(u, T, lsi.bound.m, anchor).lo;
      const b = lsi.bound;
      hypotheses.push(
        record(
          'lsi',
          'holds',
          { m: b.m, osc: b.osc, infW: b.infW, alpha: b.alpha, minU: finiteOrNull(minU) },
          { decomposition: lsi.label, w: lsi.w, boxes: lsi.boxes.map(boxToJson), anchor },
        ),
      );
      hypotheses.push(record('normalizability', 'holds', {}, { from: 'lsi' }, 'hess U >= m I with m > 0 and osc W finite imply Z < infinity'));
      constants.lsi = { lower: b.alpha };
      lsiHolds = true;
      const L = constants.smoothness.upper;
      if (L !== null && Number.isFinite(minU)) {
        const kl = checkKl0Bound({ model, temperature: T, m: b.m, infW: b.infW, smoothness: L, init, minU });
        if (kl.ok) {
          hypotheses.push(record('kl0', 'holds', { upper: kl.value.upper, logZUpper: kl.value.logZUpper }, { init }));
          constants.kl0 = { upper: kl.value.upper };
        } else constants.kl0 = { upper: null, reason: kl.reason };
      } else if (L === null) constants.kl0 = { upper: null, reason: 'needs a finite smoothness bound L (E_rho0[f] <= f(c) + L d s^2 / 2)' };
    } else {
      const why = rough ?? 'no decomposition f = U + W with hess U >= m I (m > 0) and bounded W was found';
      hypotheses.push(record('lsi', 'unknown', { alpha: null }, {}, why));
      hypotheses.push(record('normalizability', 'unknown', {}, {}, 'neither a proof (decomposition) nor a witness of infinite mass was found'));
      constants.lsi = { lower: null, reason: why };
    }

    // 3b. The decomposition spectral gap of pi, and the LSI constant derived from it
    //     (proofs/lsi-from-decomposition.md): alpha is the better of the two certified routes, so every
    //     stopping route below takes it. Not for the noise-free flow, which does not sample pi.
    if (sampler !== 'flow') {
      decomposition = time('poincareMs', () => {
        progress('poincare: spectral gap and LSI by a covering decomposition (d <= 2; networks with --decomposition adaptive, d = 2)');
        return opts.decompositionGap === 'skip' ? skippedDecompositionGap() : proposeDecompositionGap(energy, { temperature: T, hypotheses }, region.radius, opts.decompositionGap ?? decompositionLimitsFor(effort), opts.adaptiveDecomposition === true ? adaptiveSettingsFor(effort) : opts.adaptiveDecomposition, (m) => progress(`poincare: ${m}`));
      });
      const fromDecomposition = decomposition.lsi.claim?.alphaLower;
      if (lsiHolds && fromDecomposition !== undefined && fromDecomposition > constants.lsi.lower!) constants.lsi = { lower: fromDecomposition };
    }

    // 4. Exact-quadratic evidence and the stopping routes (ULA only).
    const quadratic = rough ? null : checkExactQuadratic(model, T);
    hypotheses.push(record('quadratic', quadratic ? 'holds' : 'unknown', {}, {}, quadratic ? 'E is structurally a polynomial of degree <= 2 with a bounded Hessian enclosure' : 'not proven exactly quadratic'));
    if (lsiHolds && sampler === 'ula') {
      progress('stopping: trying every route');
      const lsiRec = hypotheses.find((h) => h.id === 'lsi')!;
      const wNone = (lsiRec.evidence.w as { kind: string }).kind === 'none';
      const factor = opts.preconditioner;
      // Preconditioned: the routes run on g(y) = f(C y) with its own m_g, L_g; KL_0 is unchanged.
      const w = boundedModel(model, lsiRec.evidence.w as Parameters<typeof boundedModel>[1]);
      const convex = w ? { u: convexPart(model, w), oscW: lsiRec.claim.osc as number } : undefined;
      if (factor) preconditioner = time('preconditionerMs', () => preconditionerRecord(model, T, factor, [smooth?.boxes ?? [], lsi?.boxes ?? []], convex));
      const plain = {
        alpha: constants.lsi.lower!,
        smoothness: constants.smoothness.upper ?? Infinity,
        strongConvexity: wNone ? (lsiRec.claim.m as number) : null,
      };
      const pm = preconditioner?.claim.m ?? null;
      const mConvex = preconditioner?.claim.mConvex ?? null;
      const alphaG = Math.max(pm ?? 0, mConvex !== null && convex ? holleyStroockAlpha(mConvex, convex.oscW) : 0);
      const g = preconditioner === undefined ? plain : { alpha: alphaG, smoothness: preconditioner.claim.upper ?? Infinity, strongConvexity: pm };
      const input = stoppingInputFor({
        dim: d,
        temperature: T,
        epsilon,
        init,
        ...g,
        kl0: constants.kl0.upper ?? Infinity,
        quadratic,
        ...(factor ? { preconditioner: factor } : {}),
        model, // kl-hessian-lipschitz re-derives its third-derivative bound from the energy
      });
      const routes = time('stoppingMs', () => proposeStoppingRoutes(input));
      const best = bestRoute(routes);
      const ok = best ? checkStoppingRoute(best, input) : undefined;
      if (best && ok?.ok) {
        stopping = { epsilon, stepSize: best.stepSize!, h: best.h!, steps: best.steps!, route: best.route, theorem: best.theorem, routes };
        if (preconditioner) preconditioner = withContraction(preconditioner, best.stepSize!, T);
        hypotheses.push(record('stopping', 'holds', { steps: best.steps!, stepSize: best.stepSize! }, { route: best.route }, undefined, { proof: best.theorem }));
      } else {
        const why = ok && !ok.ok ? ok.reason : 'no stopping route applies (' + routes.map((r) => `${r.route}: ${r.reason ?? 'n/a'}`).join('; ') + ')';
        stopping = { epsilon, stepSize: null, h: null, steps: null, route: null, theorem: null, reason: why, routes };
        hypotheses.push(record('stopping', 'unknown', { steps: null }, {}, why));
      }
      // The TV claim beside the KL claim: its own route, never a candidate for the KL question.
      const tvEpsilon = opts.tvEpsilon;
      if (tvEpsilon !== undefined) {
        progress(`stopping: TV route for TV <= ${tvEpsilon} (d = ${d}; grid propagation in d <= 2, CPU minutes in 2-D; else localisation, about 10 CPU s per half-width of K)`);
        const lsiEvidence = lsi ? { w: lsi.w, cover: lsi.boxes } : null;
        const tv = time('tvMs', () => tvRoute({ ...input, model, tvEpsilon }, lsiEvidence, { ...opts.gridRoute, progress }, { effort, ...opts.localisationRoute }));
        if (!tv.applies) opts.onNote?.(`--tv-epsilon: no TV claim: ${tv.reason}`);
        stopping = { ...stopping, tvEpsilon, tv: tvRouteToJson(tv) };
      }
    } else if (opts.tvEpsilon !== undefined && sampler === 'ula') {
      opts.onNote?.('--tv-epsilon: no TV claim: the stopping section is written only once an LSI decomposition is certified');
    } else if (sampler === 'mala') {
      stopping = { epsilon, stepSize: null, h: null, steps: null, route: null, theorem: null, reason: 'the stopping routes are proven for ULA; MALA has none here', routes: [] };
    }

    // 5. The noise-free gradient flow: refute with a witness.
    if (sampler === 'flow' && !rough) {
      progress('gradient flow: looking for a witness of non-invariance');
      const box = time('flowMs', () => findGradientFlowWitness(energy, T, region));
      const w = box ? checkGradientFlowWitness(model, T, box) : undefined;
      if (box && w?.ok) {
        const q = w.value.generator;
        hypotheses.push(record('flow-invariance', 'violated', { lo: q.lo, hi: q.hi }, { box: boxToJson(box) }, 'lap f - |grad f|^2 has a sign on the box, so pi is not invariant under the noise-free flow'));
        witnesses.push({ kind: 'gradient-flow', box: boxToJson(box), enclosure: [q.lo, q.hi], meaning: witnessMeaning('gradient-flow', [q.lo, q.hi]) });
        flowRefuted = true;
      } else {
        hypotheses.push(record('flow-invariance', 'unknown', {}, {}, 'no witness box found'));
        reason = 'no witness against the gradient flow was found';
      }
    } else if (!lsiHolds) reason = rough ? `curvature checks need a C^2 energy: ${rough}` : 'no LSI decomposition was certified and no refutation was found';
  }
  const verdict = verdictOf({ sampler, normalizabilityRefuted: massRefuted, flowRefuted, lsiCertified: lsiHolds });
  if (verdict === 'certified') {
    const st = stopping?.steps != null ? { route: stopping.route!, steps: stopping.steps, stepSize: stopping.stepSize!, epsilon, ...(preconditioner ? { preconditioned: true } : {}) } : null;
    reason = verdictReason({ kind: 'certified', alpha: constants.lsi.lower!, temperature: T, stopping: st });
  } else if (verdict === 'refuted') reason = verdictReason({ kind: massRefuted ? 'infinite-mass' : 'gradient-flow' });
  timings.totalMs = clock() - started;
  return sealCertificate({
    schema: CERTIFICATE_SCHEMA,
    verdict,
    reason,
    energy: { spec: describeSum(terms), dim: d, terms: terms.map((t) => ({ spec: t.spec, weight: t.weight })), files: energy.files.map((f) => ({ path: f.path, sha256: f.sha256 })) },
    temperature: T,
    dynamics: { sampler, init: { mean: init.mean, std: init.std } },
    hypotheses,
    constants,
    stopping,
    ...(preconditioner ? { preconditioner } : {}),
    witnesses,
    ...(decomposition ? { poincareDecomposition: decomposition.poincare, lsiDecomposition: decomposition.lsi } : {}),
    tool: { name: 'emcert', version: VERSION },
    search: { effort, maxBoxes, timeCapSeconds: capSeconds ?? null, timeCapCut: [...cap.cuts] },
    timings,
  });
}
