// Loading a network energy from model.json + safetensors as a float64 evaluator. Reading and
// validating the files (tensor names, shapes, finiteness) is readModel.ts's job.
import { QuadraticEnergy } from '../quadratic.js';
import { SumEnergy } from '../sum.js';
import type { Energy } from '../types.js';
import type { ModelManifest, SamplingDefaults } from './manifest.js';
import { MlpEnergy } from './mlp.js';
import { readModelFile } from './readModel.js';

export interface LoadedModel {
  /** The network, or [network, regularizer] summed with weights 1 when model.json has a regularizer. */
  readonly energy: Energy;
  readonly manifest: ModelManifest;
  /** model.json's `sampling` block: defaults for `emcert sample`. */
  readonly sampling?: SamplingDefaults;
  /** model.json's top-level temperature. */
  readonly temperature?: number;
  /** The stored dtypes of the weight tensors. */
  readonly dtypes: readonly string[];
}

/** `path` is a model.json, or a directory holding one. */
export function loadModelFile(path: string): LoadedModel {
  const read = readModelFile(path);
  const { file, manifest, layers } = read;
  const files = read.files.map((f) => ({ ...f }));
  const temperature = manifest.temperature;
  const network = new MlpEnergy(layers, { dim: manifest.inputDim, spec: file, files, ...(temperature !== undefined && !manifest.regularizer ? { temperature } : {}) });
  const energy: Energy = manifest.regularizer
    ? new SumEnergy(
        [
          { weight: 1, energy: network },
          { weight: 1, energy: new QuadraticEnergy(manifest.regularizer.lambda, manifest.regularizer.center) },
        ],
        file,
        temperature,
      )
    : network;
  return {
    energy,
    manifest,
    ...(manifest.sampling ? { sampling: manifest.sampling } : {}),
    ...(manifest.temperature !== undefined ? { temperature: manifest.temperature } : {}),
    dtypes: read.dtypes,
  };
}
