// `compose`: a certificate for sum_i w_i E_i derived from verified component certificates alone
// (proofs/composition.md). Negative weights are outside the rules: the sum's normalizability is
// then checked directly, and refuted with a witness when it breaks.
import { InputError } from '../util/errors.js';
import { checkKl0Bound } from '../kernel/checks/kl0.js';
import { checkInfiniteMassWitness } from '../kernel/checks/normalizability.js';
import { exactProduct } from '../kernel/checks/sumModel.js';
import type { StoppingInput } from '../kernel/stopping/types.js';
import { VERSION } from '../version.js';
import { boxToJson, CERTIFICATE_SCHEMA, finiteOrNull, type Certificate, type HypothesisRecord, type StoppingRecord, type WitnessRecord } from './certificate.js';
import { deriveComposition } from './composeRules.js';
import { buildEnergy, describeSum, type EnergyTerm } from './energyBuild.js';
import { INFINITE_MASS_FUNCTION, record } from './hypotheses.js';
import { bestRoute, proposeStoppingRoutes } from './stopping/index.js';
import { verifyCertificate, type VerifyOptions } from './verify.js';
import { findInfiniteMassWitness } from './witnesses.js';

export const COMPOSITION_RULE = 'composition: L <= sum w_i L_i; alpha >= (sum w_i m_i) exp(-sum w_i osc W_i) (proofs/composition.md)';
export const NEGATIVE_WEIGHT_RULE = 'negative weight: outside the composition rules; normalizability of the sum checked directly';

export interface ComposeOptions {
  readonly epsilon?: number;
  readonly init?: { readonly mean: number; readonly std: number };
  readonly verify?: VerifyOptions[];
}

/** The energy terms of sum_i w_i E_i from the components' terms (weights multiplied exactly). */
export function composedTerms(components: readonly Certificate[], weights: readonly number[]): EnergyTerm[] {
  return components.flatMap((c, i) =>
    c.energy.terms.map((t) => {
      if (!exactProduct(weights[i]!, t.weight)) throw new InputError(`compose: weight ${weights[i]} times the component's term weight ${t.weight} is not exact in binary64`);
      return { spec: t.spec, weight: weights[i]! * t.weight };
    }),
  );
}

export function composeCertificates(components: readonly Certificate[], weights: readonly number[], opts: ComposeOptions = {}): Certificate {
  const started = Date.now();
  if (components.length < 1) throw new InputError('compose: needs at least one certificate');
  if (weights.length !== components.length) throw new InputError(`compose: ${weights.length} weights for ${components.length} certificates`);
  if (!weights.every(Number.isFinite)) throw new InputError('compose: weights must be finite');
  const T = components[0]!.temperature;
  const d = components[0]!.energy.dim;
  components.forEach((c, i) => {
    if (c.temperature !== T) throw new InputError(`compose: certificate ${i + 1} is at temperature ${c.temperature}, certificate 1 at ${T}`);
    if (c.energy.dim !== d) throw new InputError(`compose: certificate ${i + 1} has dimension ${c.energy.dim}, certificate 1 has ${d}`);
    const report = verifyCertificate(c, opts.verify?.[i]);
    if (!report.ok) {
      const broke = report.checks.find((k) => !k.ok)!;
      throw new InputError(`compose: certificate ${i + 1} does not verify (${broke.name}: ${broke.detail})`);
    }
  });
  const epsilon = opts.epsilon ?? components[0]!.stopping?.epsilon ?? 0.01;
  const init = opts.init ?? components[0]!.dynamics.init;
  const terms = composedTerms(components, weights);
  const energy = buildEnergy(terms);
  const hypotheses: HypothesisRecord[] = [];
  const witnesses: WitnessRecord[] = [];
  const constants: Certificate['constants'] = {
    lsi: { lower: null, reason: 'not derived' },
    smoothness: { upper: null, reason: 'not derived' },
    kl0: { upper: null, reason: 'not derived' },
  };
  let stopping: StoppingRecord | null = null;
  let verdict: Certificate['verdict'] = 'inconclusive';
  let reason: string;
  let rule = COMPOSITION_RULE;

  if (weights.some((w) => w < 0)) {
    rule = NEGATIVE_WEIGHT_RULE;
    const region = { center: Array.from({ length: d }, () => init.mean), radius: Math.max(4, 4 * init.std) };
    const box = findInfiniteMassWitness(energy, T, region);
    const w = box ? checkInfiniteMassWitness(energy.model, T, box) : undefined;
    if (box && w?.ok) {
      hypotheses.push(record('normalizability', 'violated', { supF: w.value.supF }, { box: boxToJson(box) }, 'f is bounded above on a box of infinite volume, so Z = infinity', { function: INFINITE_MASS_FUNCTION }));
      witnesses.push({ kind: 'infinite-mass', box: boxToJson(box), enclosure: [-Number.MAX_VALUE, w.value.supF], meaning: `sup f <= ${w.value.supF} on a box of infinite volume: Z = infinity` });
      verdict = 'refuted';
      reason = 'a negative weight breaks normalizability (witness box)';
    } else reason = 'a negative weight is outside the composition rules and no witness of infinite mass was found; analyse the sum directly with emcert check --energy ... --weights';
  } else {
    const k = deriveComposition(components, weights);
    hypotheses.push(record('smoothness', Number.isFinite(k.smoothness) ? 'holds' : 'unknown', { upper: finiteOrNull(k.smoothness) }, { from: 'components' }));
    constants.smoothness = Number.isFinite(k.smoothness) ? { upper: k.smoothness } : { upper: null, reason: 'some component has no finite smoothness bound' };
    if (k.alpha !== null && k.alpha > 0) {
      hypotheses.push(record('lsi', 'holds', { m: k.m, osc: k.osc, infW: k.infW, alpha: k.alpha, minU: k.minU }, { from: 'components' }));
      hypotheses.push(record('normalizability', 'holds', {}, { from: 'lsi' }, 'sum w_i m_i > 0 and finite osc imply Z < infinity'));
      constants.lsi = { lower: k.alpha };
      if (Number.isFinite(k.smoothness) && k.minU !== null) {
        const kl = checkKl0Bound({ model: energy.model, temperature: T, m: k.m!, infW: k.infW!, smoothness: k.smoothness, init, minU: k.minU });
        if (kl.ok) {
          hypotheses.push(record('kl0', 'holds', { upper: kl.value.upper, logZUpper: kl.value.logZUpper }, { init }));
          constants.kl0 = { upper: kl.value.upper };
        } else constants.kl0 = { upper: null, reason: kl.reason };
      }
      const input: StoppingInput = {
        dim: d,
        temperature: T,
        epsilon,
        init,
        alpha: k.alpha,
        smoothness: k.smoothness,
        kl0: constants.kl0.upper ?? Infinity,
        ...(k.allConvex ? { strongConvexity: k.m! } : {}),
      };
      const routes = proposeStoppingRoutes(input);
      const best = bestRoute(routes);
      stopping = best
        ? { epsilon, stepSize: best.stepSize!, h: best.h!, steps: best.steps!, route: best.route, theorem: best.theorem, routes }
        : { epsilon, stepSize: null, h: null, steps: null, route: null, theorem: null, reason: 'no stopping route applies to the derived constants', routes };
      verdict = 'certified';
      reason = `derived from ${components.length} component certificates: LSI(${k.alpha.toPrecision(4)})` + (best ? `, ${best.steps} ULA steps of eta = ${best.stepSize}` : '');
    } else {
      hypotheses.push(record('lsi', 'unknown', { alpha: null }, { from: 'components' }, k.reason));
      reason = `the composition rules give no LSI constant: ${k.reason}`;
    }
  }
  return {
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
    derivedFrom: { rule, weights: [...weights], components: [...components] },
    tool: { name: 'emcert', version: VERSION },
    timings: { totalMs: Date.now() - started },
  };
}

function dedupe<T extends { path: string; sha256: string }>(files: T[]): T[] {
  return files.filter((f, i) => files.findIndex((g) => g.path === f.path && g.sha256 === f.sha256) === i);
}
