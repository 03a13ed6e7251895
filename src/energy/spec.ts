// From what the user typed (`expr:...` or a model.json path) or from plain model data to a float64
// Energy. `energyFromModel` is what certificate producers and `verify` use to rebuild an energy.
import type { EnergyModel } from '../kernel/model.js';
import { InputError } from '../util/errors.js';
import { expressionEnergy } from './expression.js';
import { loadModelFile } from './network/load.js';
import type { SamplingDefaults } from './network/manifest.js';
import { MlpEnergy } from './network/mlp.js';
import { QuadraticEnergy } from './quadratic.js';
import { SumEnergy, type WeightedEnergy } from './sum.js';
import type { Energy } from './types.js';

export { sumEnergy } from './sum.js';

export interface LoadedEnergy {
  readonly energy: Energy;
  /** Present for a model file with a `sampling` block. */
  readonly sampling?: SamplingDefaults;
  /** A model file's top-level temperature. */
  readonly temperature?: number;
}

const EXPR_PREFIX = 'expr:';

/** Loads an energy and, for model files, their stored defaults. */
export function loadEnergySpec(spec: string): LoadedEnergy {
  if (spec.startsWith(EXPR_PREFIX)) return { energy: expressionEnergy(spec.slice(EXPR_PREFIX.length), { label: spec }) };
  if (spec.trim() === '') throw new InputError('energy spec is empty (use expr:<expression in x1..xd> or a model.json path)');
  try {
    const loaded = loadModelFile(spec);
    return {
      energy: loaded.energy,
      ...(loaded.sampling ? { sampling: loaded.sampling } : {}),
      ...(loaded.temperature !== undefined ? { temperature: loaded.temperature } : {}),
    };
  } catch (e) {
    // `x1^2` without the prefix reads as a missing file: say what was probably meant.
    if (e instanceof InputError && /no such file/.test(e.message) && e.message.startsWith(spec) && !/[\\/]|\.json$/.test(spec))
      throw new InputError(`${e.message} (an expression needs the prefix expr:, for example expr:${spec})`);
    throw e;
  }
}

/** `expr:<mathjs expression in x1..xd>` or a path to a model.json (or its directory). */
export function loadEnergy(spec: string): Energy {
  return loadEnergySpec(spec).energy;
}

/** Rebuilds a float64 Energy from plain model data (no files are read). */
export function energyFromModel(model: EnergyModel, spec?: string): Energy {
  switch (model.kind) {
    case 'expression':
      return expressionEnergy(model.source, { dim: model.dim, label: spec ?? `expr:${model.source}` });
    case 'mlp':
      return new MlpEnergy(model.layers, { dim: model.dim, spec: spec ?? `mlp(${model.layers.map((l) => l.outDim).join('x')})` });
    case 'quadratic':
      if (model.center.length !== model.dim) throw new InputError(`quadratic model: center has ${model.center.length} entries for dimension ${model.dim}`);
      return new QuadraticEnergy(model.lambda, model.center, spec);
    case 'sum': {
      const terms: WeightedEnergy[] = model.terms.map((t) => ({ weight: t.weight, energy: energyFromModel(t.model) }));
      return new SumEnergy(terms, spec);
    }
  }
}
