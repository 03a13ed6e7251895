// The energies' public surface (the tfjs evaluator lives in ./tfjs.ts, imported on its own
// because loading tfjs takes a while and most commands never need it).
export type { Energy, EnergyFile, GradientOracle } from './types.js';
export { PointwiseEnergy } from './base.js';
export { ExpressionEnergy, expressionEnergy, type ExpressionOptions } from './expression.js';
export { QuadraticEnergy, quadraticEnergy } from './quadratic.js';
export { SumEnergy, sumEnergy, type WeightedEnergy } from './sum.js';
export { MlpEnergy } from './network/mlp.js';
export { loadModelFile, type LoadedModel } from './network/load.js';
export { saveMlpModel, type SaveMlpOptions, type SavedModel } from './network/save.js';
export { MODEL_FORMAT, type ModelManifest, type SamplingDefaults, type SamplerName } from './network/manifest.js';
export { readSafetensors, writeSafetensors, type Tensor } from './network/safetensors.js';
export { energyFromModel, loadEnergy, loadEnergySpec, type LoadedEnergy } from './spec.js';
