// Sampler kernels by name: the one place that maps `--sampler` to a kernel.
import type { GradientOracle } from '../energy/types.js';
import { gradientFlowKernel } from './flow.js';
import { malaKernel } from './mala.js';
import type { SamplerKernel, SamplerName } from './types.js';
import { SAMPLER_NAMES } from './types.js';
import { ulaKernel } from './ula.js';

export function isSamplerName(name: string): name is SamplerName {
  return (SAMPLER_NAMES as readonly string[]).includes(name);
}

export function samplerKernel(name: SamplerName, oracle: GradientOracle): SamplerKernel {
  switch (name) {
    case 'ula':
      return ulaKernel(oracle);
    case 'mala':
      return malaKernel(oracle);
    case 'flow':
      return gradientFlowKernel(oracle);
    default:
      throw new RangeError(`samplerKernel: unknown sampler ${JSON.stringify(name)} (expected ${SAMPLER_NAMES.join(', ')})`);
  }
}
