// model.json (format "emcert-mlp@1"): strict validation of the document, with the path into it in
// every message. Tensors are checked against it in load.ts.
import type { Activation } from '../../kernel/model.js';
import { InputError } from '../../util/errors.js';
import { ACTIVATIONS, isActivation } from '../../kernel/model.js';
// The engine's sampler names: a model's sampling block may name any of them.
import { SAMPLER_NAMES as SAMPLERS, type SamplerName } from '../../langevin/types.js';
export type { SamplerName };

export const MODEL_FORMAT = 'emcert-mlp@1';

/** Defaults for `emcert sample` stored with a model. */
export interface SamplingDefaults {
  readonly sampler: SamplerName;
  /** The engine's eta in x' = x - eta grad E + sqrt(2 eta T) xi. */
  readonly stepSize: number;
  readonly steps: number;
  /** `normal:MEAN,STD`, as on the command line. */
  readonly init: string;
  /** When the block omits it, the model's top-level temperature (the loader refuses if neither is given). */
  readonly temperature: number;
  readonly particles?: number;
}

export interface QuadraticRegularizer {
  readonly type: 'quadratic';
  readonly lambda: number;
  readonly center: readonly number[];
}

export interface LayerEntry {
  readonly weight: string;
  readonly bias: string;
  readonly activation: Activation;
}

export interface ModelManifest {
  readonly format: typeof MODEL_FORMAT;
  readonly inputDim: number;
  readonly weights: string;
  readonly layers: readonly LayerEntry[];
  readonly regularizer?: QuadraticRegularizer;
  readonly temperature?: number;
  readonly sampling?: SamplingDefaults;
  readonly metadata?: Record<string, unknown>;
}

const TOP_KEYS = new Set(['format', 'inputDim', 'weights', 'layers', 'regularizer', 'temperature', 'sampling', 'metadata']);
const SAMPLING_KEYS = new Set(['sampler', 'stepSize', 'steps', 'init', 'temperature', 'particles']);

type Json = Record<string, unknown>;

export function parseManifest(doc: unknown, file: string): ModelManifest {
  const fail = (where: string, what: string): never => {
    throw new InputError(`${file}: ${where}: ${what}`);
  };
  const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
  const finite = (v: unknown, where: string): number =>
    typeof v === 'number' && Number.isFinite(v) ? v : fail(where, `expected a finite number, got ${JSON.stringify(v)}`);
  const positive = (v: unknown, where: string): number => {
    const x = finite(v, where);
    return x > 0 ? x : fail(where, `must be positive, got ${x}`);
  };
  const positiveInt = (v: unknown, where: string): number =>
    Number.isSafeInteger(v) && (v as number) >= 1 ? (v as number) : fail(where, `expected a positive integer, got ${JSON.stringify(v)}`);
  const text = (v: unknown, where: string): string =>
    typeof v === 'string' && v !== '' ? v : fail(where, `expected a non-empty string, got ${JSON.stringify(v)}`);
  const noUnknownKeys = (o: Json, allowed: Set<string>, where: string): void => {
    const extra = Object.keys(o).filter((k) => !allowed.has(k));
    if (extra.length > 0) fail(where, `unknown field(s) ${extra.map((k) => JSON.stringify(k)).join(', ')}`);
  };

  if (!isObject(doc)) return fail('document', 'expected a JSON object');
  if (doc.format !== MODEL_FORMAT)
    fail('format', `expected ${JSON.stringify(MODEL_FORMAT)}, got ${JSON.stringify(doc.format)}`);
  noUnknownKeys(doc, TOP_KEYS, 'document');
  const inputDim = positiveInt(doc.inputDim, 'inputDim');
  const weights = text(doc.weights, 'weights');
  if (!Array.isArray(doc.layers) || doc.layers.length === 0) fail('layers', 'expected a non-empty list of layers');
  const badActivations: string[] = [];
  const layers = (doc.layers as unknown[]).map((l, i): LayerEntry => {
    const where = `layers[${i}]`;
    if (!isObject(l)) return fail(where, 'expected an object {weight, bias, activation}');
    noUnknownKeys(l, new Set(['weight', 'bias', 'activation']), where);
    if (!isActivation(l.activation)) badActivations.push(`${where}.activation ${JSON.stringify(l.activation)}`);
    return { weight: text(l.weight, `${where}.weight`), bias: text(l.bias, `${where}.bias`), activation: l.activation as Activation };
  });
  // Report every unknown activation at once.
  if (badActivations.length > 0)
    fail(badActivations.join(', '), `unknown activation (known: ${ACTIVATIONS.join(', ')})`);

  let regularizer: QuadraticRegularizer | undefined;
  if (doc.regularizer !== undefined) {
    const r = doc.regularizer;
    if (!isObject(r)) return fail('regularizer', 'expected an object {type, lambda, center}');
    noUnknownKeys(r, new Set(['type', 'lambda', 'center']), 'regularizer');
    if (r.type !== 'quadratic') fail('regularizer.type', `expected "quadratic", got ${JSON.stringify(r.type)}`);
    const lambda = finite(r.lambda, 'regularizer.lambda');
    if (lambda < 0) fail('regularizer.lambda', `must be non-negative, got ${lambda}`);
    if (!Array.isArray(r.center) || r.center.length !== inputDim)
      fail('regularizer.center', `expected a list of ${inputDim} numbers (inputDim), got ${JSON.stringify(r.center)}`);
    const center = (r.center as unknown[]).map((c, j) => finite(c, `regularizer.center[${j}]`));
    regularizer = { type: 'quadratic', lambda, center };
  }

  const temperature = doc.temperature === undefined ? undefined : positive(doc.temperature, 'temperature');

  let sampling: SamplingDefaults | undefined;
  if (doc.sampling !== undefined) {
    const s = doc.sampling;
    if (!isObject(s)) return fail('sampling', 'expected an object {sampler, stepSize, steps, init, temperature, particles?}');
    noUnknownKeys(s, SAMPLING_KEYS, 'sampling');
    if (!(SAMPLERS as readonly unknown[]).includes(s.sampler))
      fail('sampling.sampler', `expected one of ${SAMPLERS.join(', ')}, got ${JSON.stringify(s.sampler)}`);
    const init = text(s.init, 'sampling.init');
    const m = /^normal:([^,]+),([^,]+)$/.exec(init);
    if (!m || !Number.isFinite(Number(m[1])) || !(Number(m[2]) > 0) || !Number.isFinite(Number(m[2])))
      fail('sampling.init', `expected "normal:MEAN,STD" with STD > 0, got ${JSON.stringify(init)}`);
    let t: number;
    if (s.temperature !== undefined) t = positive(s.temperature, 'sampling.temperature');
    else if (temperature !== undefined) t = temperature;
    else return fail('sampling.temperature', 'missing (and the model has no top-level temperature)');
    sampling = {
      sampler: s.sampler as SamplerName,
      stepSize: positive(s.stepSize, 'sampling.stepSize'),
      steps: positiveInt(s.steps, 'sampling.steps'),
      init,
      temperature: t,
      ...(s.particles !== undefined ? { particles: positiveInt(s.particles, 'sampling.particles') } : {}),
    };
  }

  let metadata: Record<string, unknown> | undefined;
  if (doc.metadata !== undefined) {
    if (!isObject(doc.metadata)) fail('metadata', 'expected an object');
    metadata = doc.metadata as Record<string, unknown>;
  }
  return {
    format: MODEL_FORMAT, inputDim, weights, layers,
    ...(regularizer ? { regularizer } : {}),
    ...(temperature !== undefined ? { temperature } : {}),
    ...(sampling ? { sampling } : {}),
    ...(metadata ? { metadata } : {}),
  };
}
