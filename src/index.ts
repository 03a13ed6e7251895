// emcert's library surface. Producers (certify, sample, train) and the trusted kernel are exported
// side by side but stay separate modules: verifyCertificate replays only src/kernel/.
// tfjs is not imported here (it takes a while to load); src/energy/tfjs.ts has the float32
// batched oracle. The sampler names are the Langevin engine's (the model file's are the same).
export * from './energy/index.js';
export * from './langevin/index.js';
export { type SamplerName } from './langevin/index.js';
export * from './certify/index.js';
export * from './diagnostics/index.js';
export { createRng, rngFromState, type Rng } from './random/rng.js';
export { InputError, RunError, isExpectedError } from './util/errors.js';
export { VERSION } from './version.js';

// The kernel's interval arithmetic and enclosures, for users who want to bound their own models.
export * as interval from './kernel/interval.js';
export { compileModelEnclosure, encloseModel, type ModelEnclosure } from './kernel/enclosure.js';
export { thirdDerivativeEnclosure } from './kernel/thirdDerivative.js';
export { tightenedEnclosure, type TightenedEnclosure } from './kernel/branchAndBoundEnclosure.js';
export type { EnergyModel } from './kernel/model.js';

// Types that appear in the signatures above, so that users can name them (type-only: no module is loaded).
export type { CompiledEnclosure } from './kernel/enclosure.js';
export type { Box } from './kernel/box.js';
export type { RangeOptions } from './kernel/branchAndBound.js';
export type { MlpLayer } from './kernel/model.js';
export type { EnergyInfo } from './energy/base.js';
export type { MlpInfo } from './energy/network/mlp.js';
export type { TensorDtype, TensorToWrite } from './energy/network/safetensors.js';
