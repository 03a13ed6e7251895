// The claims every certificate makes, single or composed, checked against constants that verify
// established itself (from evidence by the kernel, or from verified components by the composition
// rule): hypothesis records, constants, KL_0, the stopping route and every listed route, witnesses,
// the verdict (one rule) and the reason (one wording). A field is implied, recomputed, or refused.
import { checkKl0Bound } from '../kernel/checks/kl0.js';
import { checkInfiniteMassWitness } from '../kernel/checks/normalizability.js';
import { checkGradientFlowWitness } from '../kernel/checks/gradientFlow.js';
import { checkExactQuadratic } from '../kernel/checks/quadratic.js';
import { checkStoppingRoute } from '../kernel/stopping/check.js';
import type { StoppingRoute } from '../kernel/stopping/types.js';
import type { EnergyModel } from '../kernel/model.js';
import { boxFromEvidence, boxFromJson, hypothesis, type Certificate, type HypothesisRecord, type Verdict } from './certificate.js';
import type { Checks } from './checks.js';
import { exactValuesOf } from './exactValues.js';
import { expectedSource } from './hypotheses.js';
import { stoppingInputFor } from './stoppingInput.js';
import { verifyTvClaim } from './tvClaim.js';
import { preconditionedAlpha, type EstablishedPreconditioner } from './preconditioner.js';
import { verdictOf, verdictReason, witnessMeaning, type ReasonFacts } from './verdict.js';

export interface EstablishedConstants {
  /** A smoothness bound L of f implied by the evidence (Infinity when none). */
  readonly L: number;
  /** LSI constants implied by the evidence, or null. */
  readonly lsi: {
    readonly alpha: number;
    readonly m: number;
    readonly osc: number;
    readonly infW: number;
    readonly minU: number | null;
    /** m when hess f >= m I everywhere (no bounded part), else null. */
    readonly strongConvexity: number | null;
  } | null;
  /** Set for composed certificates: how many components the constants came from. */
  readonly components?: number;
  /** Set for composed certificates with a negative weight (outside the rules). */
  readonly negativeWeight?: boolean;
  /** Set when the certificate has a preconditioner and verify re-checked it (src/verify/preconditioner.ts). */
  readonly preconditioner?: EstablishedPreconditioner;
}

const SINGLETON_IDS: readonly HypothesisRecord['id'][] = ['smoothness', 'lsi', 'normalizability', 'kl0', 'quadratic', 'stopping', 'flow-invariance'];

/** The numbers each hypothesis may claim; any other key would be a claim nothing checks. */
const CLAIM_KEYS: Readonly<Record<HypothesisRecord['id'], readonly string[]>> = {
  smoothness: ['upper'],
  lsi: ['m', 'osc', 'infW', 'alpha', 'minU'],
  normalizability: ['supF'],
  kl0: ['upper', 'logZUpper'],
  quadratic: [],
  stopping: ['steps', 'stepSize'],
  'flow-invariance': ['lo', 'hi'],
};

/** Checks every claim; returns the verdict the established facts support. */
export function verifyClaims(cert: Certificate, model: EnergyModel, k: EstablishedConstants, c: Checks): Verdict {
  const T = cert.temperature;

  // Each hypothesis appears once and names the function and proof that establish it.
  for (const id of SINGLETON_IDS) {
    const n = cert.hypotheses.filter((h) => h.id === id).length;
    if (n > 1) c.fail(`hypotheses[${id}]`, `listed ${n} times; each hypothesis appears at most once`);
  }
  for (const [i, h] of cert.hypotheses.entries()) {
    const want = expectedSource(h, cert.stopping?.theorem ?? null);
    if (h.function !== want.function || h.proof !== want.proof)
      c.fail(`hypotheses[${i}] (${h.id})`, `names ${h.function} / ${h.proof}; the ${h.status} ${h.id} hypothesis is checked by ${want.function} / ${want.proof}`);
    if (h.status !== 'holds' && h.status !== 'unknown' && !(h.status === 'violated' && (h.id === 'normalizability' || h.id === 'flow-invariance')))
      c.fail(`hypotheses[${i}] (${h.id})`, `status ${h.status} is not a status this hypothesis can have`);
    const extra = Object.keys(h.claim).filter((k) => !CLAIM_KEYS[h.id].includes(k));
    if (extra.length > 0) c.fail(`hypotheses[${i}] (${h.id})`, `claims ${extra.join(', ')}, which no check establishes`);
    if (h.status === 'unknown' && Object.values(h.claim).some((v) => v !== null)) c.fail(`hypotheses[${i}] (${h.id})`, 'status unknown but claims a number');
  }

  // Smoothness: the constant equals the hypothesis claim; unknown claims nothing.
  const sm = hypothesis(cert, 'smoothness');
  const L = k.L;
  if (sm?.status === 'holds' && !Number.isFinite(L)) c.fail('smoothness', 'claims a smoothness bound that is not established');
  if (sm && sm.status !== 'holds' && sm.claim.upper != null) c.fail('smoothness', `status ${sm.status} with a claimed bound ${sm.claim.upper}`);
  c.equal('constants.smoothness.upper', cert.constants.smoothness.upper, Number.isFinite(L) ? L : null);

  // LSI.
  const lsiRec = hypothesis(cert, 'lsi');
  const lsi = k.lsi;
  if (lsiRec?.status === 'holds' && !lsi) c.fail('lsi', 'claims LSI that is not established');
  if (lsiRec && lsiRec.status !== 'holds' && lsiRec.claim.alpha != null) c.fail('lsi', `status ${lsiRec.status} with a claimed alpha ${lsiRec.claim.alpha}`);
  c.equal('constants.lsi.lower', cert.constants.lsi.lower, lsi ? lsi.alpha : null);

  // Normalizability: proved by the decomposition, or refuted by a witness box.
  let massRefuted = false;
  const norm = hypothesis(cert, 'normalizability');
  if (norm?.status === 'holds') {
    if (lsi) c.pass('normalizability', 'Z < infinity follows from the checked decomposition (m > 0, osc W finite)');
    else c.fail('normalizability', 'claims Z < infinity, but no established LSI decomposition supports it');
  } else if (norm?.status === 'violated') {
    const box = boxFromEvidence(norm.evidence.box);
    const r = box ? checkInfiniteMassWitness(model, T, box) : { ok: false as const, reason: 'no witness box stored' };
    if (!r.ok) c.fail('normalizability witness', r.reason);
    else if (c.upper('normalizability: sup f on the witness box', norm.claim.supF, r.value.supF)) massRefuted = true;
  }

  // Witnesses: each re-checked; its enclosure must contain the recomputed one, its meaning is fixed.
  let flowRefuted = false;
  let massWitness = false;
  for (const [i, w] of cert.witnesses.entries()) {
    const where = `witnesses[${i}] (${w.kind})`;
    const box = boxFromJson(w.box);
    const r =
      w.kind === 'gradient-flow'
        ? (() => {
            const g = checkGradientFlowWitness(model, T, box);
            return g.ok ? { ok: true as const, lo: g.value.generator.lo, hi: g.value.generator.hi } : g;
          })()
        : (() => {
            const m = checkInfiniteMassWitness(model, T, box);
            return m.ok ? { ok: true as const, lo: -Number.MAX_VALUE, hi: m.value.supF } : m;
          })();
    if (!r.ok) {
      c.fail(where, r.reason);
      continue;
    }
    const [lo, hi] = w.enclosure;
    const contains = lo <= r.lo && r.hi <= hi;
    const excludesZero = w.kind === 'infinite-mass' || lo > 0 || hi < 0;
    if (!c.expect(contains && excludesZero, `${where}: enclosure`, `[${lo}, ${hi}] contains the recomputed [${r.lo}, ${r.hi}]`, `[${lo}, ${hi}] ${contains ? 'does not exclude 0' : `does not contain the recomputed [${r.lo}, ${r.hi}]`}`)) continue;
    c.equal(`${where}: meaning`, w.meaning, witnessMeaning(w.kind, w.enclosure));
    if (w.kind === 'gradient-flow') flowRefuted = true;
    else massWitness = true;
  }
  // The hypothesis and the witness list state one refutation: the same box.
  const massBox = cert.witnesses.find((x) => x.kind === 'infinite-mass');
  if (norm?.status === 'violated' && massBox) c.equal('normalizability: box', norm.evidence.box, massBox.box);
  // (massRefuted is set only under a violated hypothesis, so a mismatch is one without the other.)
  if (massRefuted !== massWitness)
    c.fail('normalizability', 'a violated normalizability hypothesis and an infinite-mass witness come together, or not at all');
  const flowRec = hypothesis(cert, 'flow-invariance');
  if (flowRec?.status === 'violated') {
    const w = flowRefuted ? cert.witnesses.find((x) => x.kind === 'gradient-flow') : undefined;
    if (!w) c.fail('flow-invariance', 'claims the flow is refuted but no gradient-flow witness checks');
    else {
      c.equal('flow-invariance: claim', [flowRec.claim.lo, flowRec.claim.hi], w.enclosure);
      c.equal('flow-invariance: box', flowRec.evidence.box, w.box);
    }
  } else if (flowRefuted) c.fail('flow-invariance', 'a gradient-flow witness without a violated flow-invariance hypothesis');
  const refuted = massRefuted || massWitness;
  if (refuted && lsi) c.fail('consistency', 'both an LSI decomposition (Z finite) and an infinite-mass witness check: the kernel is inconsistent');

  // KL_0: recomputed from the established constants; every number claimed is implied.
  let kl0 = Infinity;
  const kr = hypothesis(cert, 'kl0');
  if (kr?.status === 'holds') {
    if (!lsi || !Number.isFinite(L) || lsi.minU === null) c.fail('kl0', 'needs an established LSI decomposition, min U and a finite L');
    else {
      c.equal('kl0: initial law', kr.evidence.init, cert.dynamics.init);
      const r = checkKl0Bound({ model, temperature: T, m: lsi.m, infW: lsi.infW, smoothness: L, init: cert.dynamics.init, minU: lsi.minU });
      if (!r.ok) c.fail('kl0', r.reason);
      else {
        const ok = c.upper('kl0: KL(rho_0 || pi)', kr.claim.upper, r.value.upper);
        c.upper('kl0: ln Z', kr.claim.logZUpper, r.value.logZUpper);
        if (ok) kl0 = kr.claim.upper!;
      }
    }
  } else if (kr && (kr.claim.upper != null || kr.claim.logZUpper != null)) c.fail('kl0', `status ${kr.status} with claimed bounds`);
  c.equal('constants.kl0.upper', cert.constants.kl0.upper, Number.isFinite(kl0) ? kl0 : null);

  // Quadratic structure (feeds the exact-Gaussian route): only the kernel's own proof counts.
  const quadratic = checkExactQuadratic(model, T);
  const q = hypothesis(cert, 'quadratic');
  if (q?.status === 'holds' && !quadratic) c.fail('quadratic', 'claims E is exactly quadratic; the kernel cannot prove it');

  // Stopping: every route listed as applicable, the chosen one among them, re-checked by the kernel.
  const s = cert.stopping;
  const sh = hypothesis(cert, 'stopping');
  let stoppingClaim: { route: string; steps: number; stepSize: number; epsilon: number; preconditioned?: boolean } | null = null;
  if (s) {
    // With a preconditioner the routes are about ULA on g(y) = f(C y): g's LSI constant (Bakry-Emery or
    // Holley-Stroock on g) and L_g replace alpha and L, KL_0 is unchanged (proofs/stopping-preconditioned.md).
    const pre = k.preconditioner;
    if (cert.preconditioner !== undefined && pre === undefined) c.fail('preconditioner', 'not re-checked: a preconditioner belongs to a single certificate, not a composed one');
    const input = !lsi
      ? null
      : cert.preconditioner === undefined
        ? stoppingInputFor({ dim: cert.energy.dim, temperature: T, epsilon: s.epsilon, init: cert.dynamics.init, alpha: lsi.alpha, smoothness: L, kl0, strongConvexity: lsi.strongConvexity, quadratic, model })
        : pre !== undefined && preconditionedAlpha(pre, lsi.osc) > 0
          ? stoppingInputFor({ dim: cert.energy.dim, temperature: T, epsilon: s.epsilon, init: cert.dynamics.init, alpha: preconditionedAlpha(pre, lsi.osc), smoothness: pre.upper ?? Infinity, kl0, strongConvexity: pre.m, quadratic, preconditioner: pre.factor })
          : null;
    // An applicable route (listed or chosen) is a claim the kernel re-checks.
    const recheck = (route: StoppingRoute, where: string): boolean => {
      let problem: string | null;
      if (cert.dynamics.sampler !== 'ula') problem = `the stopping routes are theorems about ULA, not ${cert.dynamics.sampler}`;
      else if (!input)
        problem =
          cert.preconditioner !== undefined
            ? 'a preconditioned stopping route needs an established LSI constant of f and an LSI constant of g (m_g > 0, or m_U,g > 0 with osc W)'
            : 'a stopping route needs an established LSI constant';
      else {
        const r = checkStoppingRoute(route, input);
        problem = r.ok ? null : `route ${route.route} with ${route.steps} steps of eta = ${route.stepSize}: ${r.reason}`;
      }
      if (problem === null) c.pass(where, `route ${route.route}: ${route.steps} steps of eta = ${route.stepSize} re-checked`);
      else c.fail(where, problem);
      return problem === null;
    };
    s.routes.forEach((route, i) => {
      const where = `stopping.routes[${i}]`;
      if ((route.metric ?? 'KL') !== 'KL') c.fail(where, `route ${route.route} bounds ${String(route.metric)}: stopping.routes lists KL routes, a TV route belongs in stopping.tv`);
      else if (route.applies) {
        recheck(route, where);
        if (route.reason !== undefined) c.fail(where, 'an applicable route carries a reason; only the checked numbers are its claim');
      } else if (route.steps !== undefined || route.stepSize !== undefined || route.h !== undefined)
        c.fail(where, `route ${route.route} is marked not applicable but lists a step count or step size`);
    });
    if (s.steps !== null && s.reason !== undefined) c.fail('stopping', 'a chosen route carries a reason; only the checked numbers are its claim');
    if (s.steps !== null) {
      // The chosen route's evidence (kl-hessian-lipschitz: M, its cover, the center) is the listed route's.
      const evidence = s.routes.find((r) => r.applies && r.route === s.route && r.steps === s.steps && r.stepSize === s.stepSize && r.h === s.h)?.hessianLipschitz;
      const chosen = { route: s.route, theorem: s.theorem, applies: true, stepSize: s.stepSize ?? undefined, h: s.h ?? undefined, steps: s.steps, ...(evidence !== undefined ? { hessianLipschitz: evidence } : {}) } as StoppingRoute;
      if (recheck(chosen, 'stopping')) stoppingClaim = { route: s.route!, steps: s.steps, stepSize: s.stepSize!, epsilon: s.epsilon, ...(cert.preconditioner !== undefined ? { preconditioned: true } : {}) };
      const inList = s.routes.some((r) => r.applies && r.route === s.route && r.steps === s.steps && r.stepSize === s.stepSize && r.h === s.h);
      if (!inList) c.fail('stopping', `the chosen route ${s.route} (${s.steps} steps of eta = ${s.stepSize}) is not one of stopping.routes`);
      const fewest = Math.min(...s.routes.filter((r) => r.applies && r.steps !== undefined && (r.metric ?? 'KL') === 'KL').map((r) => r.steps!));
      if (s.steps > fewest) c.fail('stopping', `the chosen route needs ${s.steps} steps, a listed route needs ${fewest}`);
    } else {
      if (s.stepSize !== null || s.h !== null || s.route !== null || s.theorem !== null) c.fail('stopping', 'no step count but a step size, route or theorem');
      if (s.routes.some((r) => r.applies)) c.fail('stopping', 'a route applies but none was chosen');
    }
    verifyTvClaim(cert, model, c);
  }
  if (sh?.status === 'holds') {
    if (!stoppingClaim) c.fail('stopping hypothesis', 'holds without a checked stopping route');
    else {
      c.equal('stopping hypothesis: steps', sh.claim.steps, stoppingClaim.steps);
      c.equal('stopping hypothesis: stepSize', sh.claim.stepSize, stoppingClaim.stepSize);
      c.equal('stopping hypothesis: route', sh.evidence.route, stoppingClaim.route);
    }
  } else if (sh && sh.claim.steps != null) c.fail('stopping hypothesis', `status ${sh.status} with a claimed step count`);
  else if (stoppingClaim) c.fail('stopping hypothesis', 'a stopping route is chosen but the stopping hypothesis does not hold');

  // The exact values the claims are about, recomputed from the doubles.
  if (cert.exact !== undefined) c.equal('exact', cert.exact, exactValuesOf(cert));

  // The verdict (one rule) and its reason (one wording).
  const verdict = verdictOf({ sampler: cert.dynamics.sampler, normalizabilityRefuted: refuted, flowRefuted, lsiCertified: lsi !== null });
  c.expect(verdict === cert.verdict, 'verdict', `${cert.verdict} is what the evidence supports`, `certificate says ${cert.verdict}, the evidence supports ${verdict}`);
  let facts: ReasonFacts | null = null;
  if (verdict === 'certified') facts = { kind: 'certified', alpha: lsi!.alpha, temperature: T, components: k.components, stopping: stoppingClaim };
  else if (verdict === 'refuted') facts = refuted ? { kind: k.negativeWeight ? 'infinite-mass-negative-weight' : 'infinite-mass' } : { kind: 'gradient-flow' };
  if (facts) c.equal('reason', cert.reason, verdictReason(facts));
  return verdict;
}
