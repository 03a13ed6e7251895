// Writing a trained energy (model.json + weights.safetensors through the energies module's
// saveMlpModel), with the regularizer, the temperature, the sampling block and the provenance.
import type { MlpLayer } from '../kernel/model.js';
import { saveMlpModel, type SavedModel } from '../energy/network/save.js';
import { samplingBlockFor, type TrainConfig } from './config.js';

export function saveTrainedModel(dir: string, layers: readonly MlpLayer[], config: TrainConfig, extra: Record<string, unknown> = {}): SavedModel {
  return saveMlpModel(dir, {
    layers,
    regularizer: { lambda: config.lambda, center: [0, 0] },
    // The Gibbs measure the sampling block targets is exp(-E / samplingTemperature).
    temperature: config.samplingTemperature,
    sampling: samplingBlockFor(config),
    dtype: 'float32',
    metadata: { trainedBy: 'emcert train (Energy Matching)', ...configRecord(config), ...extra },
  });
}

/** The settings as plain JSON (for the model's metadata and the training log). */
export function configRecord(config: TrainConfig): Record<string, unknown> {
  return { ...config, hidden: [...config.hidden] };
}
