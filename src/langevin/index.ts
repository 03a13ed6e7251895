// The Langevin engine: ULA, MALA and the gradient flow as init/step kernels over batched typed
// arrays, and runChain to drive them. Sampling, training and the checker's empirical runs share it.
export type { ChainState, SamplerKernel, SamplerName, StepInfo, StepParams, StepResult } from './types.js';
export { SAMPLER_NAMES } from './types.js';
export { allocateState, cloneState, evaluateState } from './state.js';
export { ulaMove, ulaLogProposalDensity } from './ulaMove.js';
export { ulaKernel } from './ula.js';
export { malaKernel } from './mala.js';
export { gradientFlowKernel } from './flow.js';
export { preconditionedUlaKernel, preconditionedUlaMove } from './preconditionedUla.js';
export { autoFactor, choleskyFactor, factorOfMatrix, type Factor } from './preconditioner.js';
export { isSamplerName, samplerKernel } from './kernels.js';
export { assertMoved, BLOW_UP_FACTOR, BlowUpWatch, findNonFinite, MIN_ACCEPTANCE } from './divergence.js';
export { initialPositions, type GaussianInitSpec } from './init.js';
export { runChain, meanOf, type ChainStats, type RunChainOptions, type RunChainResult } from './run.js';

// Short names, as the architecture notes call them.
export { ulaKernel as ula } from './ula.js';
export { malaKernel as mala } from './mala.js';
export { gradientFlowKernel as gradientFlow } from './flow.js';

// Fast float64 oracles and the samples file format.
export { batchedOracle, oracleForModel } from './oracles/batched.js';
export { mlpBatchOracle } from './oracles/mlpBatch.js';
export { readSamplesFile, samplesFormatOf, samplesToCsv, samplesToJson, type SamplesData, type SamplesFormat } from './samplesFile.js';
// The engine on several threads (worker threads; float64 or one ONNX Runtime session per thread) and
// the choice of engine the CLI makes (--backend, --threads).
export { createParallelOracle, type ParallelOracle, type ParallelOracleOptions } from './oracles/parallel.js';
export { selectOracle, type OracleBackend, type SelectedOracle, type SelectOracleOptions } from './oracles/select.js';
