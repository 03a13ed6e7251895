// `compose`: a certificate for sum_i w_i E_i derived from verified component certificates alone
// (proofs/composition.md). The rule, its preconditions and the verdict are the replay layer's
// (src/verify/), so what compose writes is what verify accepts. Negative weights are outside the
// rules: the sum's normalizability is then checked directly, and refuted with a witness when it breaks.
import { InputError } from '../util/errors.js';
import { checkKl0Bound } from '../kernel/checks/kl0.js';
import { checkInfiniteMassWitness } from '../kernel/checks/normalizability.js';
import { VERSION } from '../version.js';
import { boxToJson, CERTIFICATE_SCHEMA, finiteOrNull, type Certificate, type HypothesisRecord, type StoppingRecord, type WitnessRecord } from '../verify/certificate.js';
import { composedTerms, compositionMismatch, compositionRuleFor, deriveComposition } from '../verify/composition.js';
import { INFINITE_MASS_FUNCTION, record } from '../verify/hypotheses.js';
import { describeSum } from '../verify/model.js';
import { stoppingInputFor } from '../verify/stoppingInput.js';
import { verdictOf, verdictReason, witnessMeaning } from '../verify/verdict.js';
import { verifyCertificate, type VerifyOptions } from '../verify/verify.js';
import { buildEnergy } from './energyBuild.js';
import { DEFAULT_EPSILON } from './defaults.js';
import { sealCertificate } from './seal.js';
import { bestRoute, proposeStoppingRoutes } from './stopping/index.js';
import { findInfiniteMassWitness } from './witnesses.js';

export { COMPOSITION_RULE, NEGATIVE_WEIGHT_RULE, composedTerms } from '../verify/composition.js';

export interface ComposeOptions {
  readonly epsilon?: number;
  readonly init?: { readonly mean: number; readonly std: number };
  /** Where the components' relative paths are relative to (default: the working directory). */
  readonly verify?: VerifyOptions;
}

export function composeCertificates(components: readonly Certificate[], weights: readonly number[], opts: ComposeOptions = {}): Certificate {
  const started = Date.now();
  if (components.length < 1) throw new InputError('compose: needs at least one certificate');
  const T = components[0]!.temperature;
  const d = components[0]!.energy.dim;
  const mismatch = compositionMismatch(components, weights, d, T);
  if (mismatch) throw new InputError(`compose: ${mismatch}`);
  components.forEach((c, i) => {
    const report = verifyCertificate(c, opts.verify);
    if (!report.ok) {
      const broke = report.checks.find((k) => !k.ok)!;
      throw new InputError(`compose: certificate ${i + 1} does not verify (${broke.name}: ${broke.detail})`);
    }
  });
  const epsilon = opts.epsilon ?? components[0]!.stopping?.epsilon ?? DEFAULT_EPSILON;
  const init = opts.init ?? components[0]!.dynamics.init;
  let terms;
  try {
    terms = composedTerms(components, weights);
  } catch (e) {
    throw new InputError(`compose: ${(e as Error).message}`);
  }
  const energy = buildEnergy(terms);
  const hypotheses: HypothesisRecord[] = [];
  const witnesses: WitnessRecord[] = [];
  const constants: Certificate['constants'] = {
    lsi: { lower: null, reason: 'not derived' },
    smoothness: { upper: null, reason: 'not derived' },
    kl0: { upper: null, reason: 'not derived' },
  };
  let stopping: StoppingRecord | null = null;
  let massRefuted = false;
  let lsiCertified = false;
  let reason = '';

  if (weights.some((w) => w < 0)) {
    const region = { center: Array.from({ length: d }, () => init.mean), radius: Math.max(4, 4 * init.std) };
    const box = findInfiniteMassWitness(energy, T, region);
    const w = box ? checkInfiniteMassWitness(energy.model, T, box) : undefined;
    if (box && w?.ok) {
      hypotheses.push(record('normalizability', 'violated', { supF: w.value.supF }, { box: boxToJson(box) }, 'f is bounded above on a box of infinite volume, so Z = infinity', { function: INFINITE_MASS_FUNCTION }));
      const enclosure: [number, number] = [-Number.MAX_VALUE, w.value.supF];
      witnesses.push({ kind: 'infinite-mass', box: boxToJson(box), enclosure, meaning: witnessMeaning('infinite-mass', enclosure) });
      massRefuted = true;
    } else reason = 'a negative weight is outside the composition rules and no witness of infinite mass was found; analyse the sum directly with emcert check --energy ... --weights';
  } else {
    const k = deriveComposition(components, weights);
    const finiteL = Number.isFinite(k.smoothness);
    hypotheses.push(record('smoothness', finiteL ? 'holds' : 'unknown', { upper: finiteOrNull(k.smoothness) }, { from: 'components' }));
    constants.smoothness = finiteL ? { upper: k.smoothness } : { upper: null, reason: 'some component has no finite smoothness bound' };
    if (k.alpha !== null && k.alpha > 0) {
      lsiCertified = true;
      hypotheses.push(record('lsi', 'holds', { m: k.m, osc: k.osc, infW: k.infW, alpha: k.alpha, minU: k.minU }, { from: 'components' }));
      hypotheses.push(record('normalizability', 'holds', {}, { from: 'lsi' }, 'sum w_i m_i > 0 and finite osc imply Z < infinity'));
      constants.lsi = { lower: k.alpha };
      if (finiteL && k.minU !== null) {
        const kl = checkKl0Bound({ model: energy.model, temperature: T, m: k.m!, infW: k.infW!, smoothness: k.smoothness, init, minU: k.minU });
        if (kl.ok) {
          hypotheses.push(record('kl0', 'holds', { upper: kl.value.upper, logZUpper: kl.value.logZUpper }, { init }));
          constants.kl0 = { upper: kl.value.upper };
        } else constants.kl0 = { upper: null, reason: kl.reason };
      } else constants.kl0 = { upper: null, reason: finiteL ? 'some component has no lower bound on min U' : 'needs a finite smoothness bound L' };
      const input = stoppingInputFor({
        dim: d,
        temperature: T,
        epsilon,
        init,
        alpha: k.alpha,
        smoothness: k.smoothness,
        kl0: constants.kl0.upper ?? Infinity,
        strongConvexity: k.allConvex ? k.m : null,
        quadratic: null,
      });
      const routes = proposeStoppingRoutes(input);
      const best = bestRoute(routes);
      if (best) {
        stopping = { epsilon, stepSize: best.stepSize!, h: best.h!, steps: best.steps!, route: best.route, theorem: best.theorem, routes };
        hypotheses.push(record('stopping', 'holds', { steps: best.steps!, stepSize: best.stepSize! }, { route: best.route }, undefined, { proof: best.theorem }));
      } else {
        const why = 'no stopping route applies to the derived constants (' + routes.map((r) => `${r.route}: ${r.reason ?? 'n/a'}`).join('; ') + ')';
        stopping = { epsilon, stepSize: null, h: null, steps: null, route: null, theorem: null, reason: why, routes };
        hypotheses.push(record('stopping', 'unknown', { steps: null }, {}, why));
      }
    } else {
      hypotheses.push(record('lsi', 'unknown', { alpha: null }, { from: 'components' }, k.reason));
      reason = `the composition rules give no LSI constant: ${k.reason}`;
    }
  }
  const verdict = verdictOf({ sampler: 'ula', normalizabilityRefuted: massRefuted, flowRefuted: false, lsiCertified });
  if (verdict === 'certified') {
    const st = stopping?.steps != null ? { route: stopping.route!, steps: stopping.steps, stepSize: stopping.stepSize!, epsilon } : null;
    reason = verdictReason({ kind: 'certified', alpha: constants.lsi.lower!, temperature: T, components: components.length, stopping: st });
  } else if (verdict === 'refuted') reason = verdictReason({ kind: 'infinite-mass-negative-weight' });
  return sealCertificate(
    {
      schema: CERTIFICATE_SCHEMA,
      verdict,
      reason,
      energy: { spec: describeSum(terms), dim: d, terms, files: dedupe(components.flatMap((c) => c.energy.files)) },
      temperature: T,
      dynamics: { sampler: 'ula', init: { mean: init.mean, std: init.std } },
      hypotheses,
      constants,
      stopping,
      witnesses,
      derivedFrom: { rule: compositionRuleFor(weights), weights: [...weights], components: [...components] },
      tool: { name: 'emcert', version: VERSION },
      timings: { totalMs: Date.now() - started },
    },
    opts.verify,
  );
}

function dedupe<T extends { path: string; sha256: string }>(files: T[]): T[] {
  return files.filter((f, i) => files.findIndex((g) => g.path === f.path && g.sha256 === f.sha256) === i);
}
