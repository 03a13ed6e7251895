// Writing a network energy in the model format (model.json + weights.safetensors), each file
// atomically. The weights file is written first, so a model.json never names a missing file.
import { join } from 'node:path';
import type { MlpLayer } from '../../kernel/model.js';
import { writeFileAtomic } from '../../util/files.js';
import { MODEL_FORMAT, parseManifest, type QuadraticRegularizer, type SamplingDefaults } from './manifest.js';
import { writeSafetensors, type TensorDtype, type TensorToWrite } from './safetensors.js';

export interface SaveMlpOptions {
  readonly layers: readonly MlpLayer[];
  readonly regularizer?: { readonly lambda: number; readonly center: readonly number[] };
  readonly temperature?: number;
  readonly sampling?: SamplingDefaults;
  /** 'float32' (default) or 'float64'. float32 rounds each weight to the nearest float32. */
  readonly dtype?: 'float32' | 'float64';
  /** Free-form provenance (training settings, data set, seed...). */
  readonly metadata?: Record<string, unknown>;
}

export interface SavedModel {
  readonly modelPath: string;
  readonly weightsPath: string;
}

/** Writes `dir/model.json` and `dir/weights.safetensors`, tensors named like PyTorch's nn.Sequential
 *  (`{2i}.weight`, `{2i}.bias`: a Linear at every even index with its activation after it). */
export function saveMlpModel(dir: string, options: SaveMlpOptions): SavedModel {
  const { layers } = options;
  if (layers.length === 0) throw new Error('saveMlpModel: no layers');
  const dtype: TensorDtype = (options.dtype ?? 'float32') === 'float64' ? 'F64' : 'F32';
  const tensors = new Map<string, TensorToWrite>();
  const entries = layers.map((l, i) => {
    const name = `${2 * i}`;
    tensors.set(`${name}.weight`, { shape: [l.outDim, l.inDim], data: l.weight });
    tensors.set(`${name}.bias`, { shape: [l.outDim], data: l.bias });
    return { weight: `${name}.weight`, bias: `${name}.bias`, activation: l.activation };
  });
  const regularizer: QuadraticRegularizer | undefined = options.regularizer
    ? { type: 'quadratic', lambda: options.regularizer.lambda, center: [...options.regularizer.center] }
    : undefined;
  const manifest = {
    format: MODEL_FORMAT,
    inputDim: layers[0]!.inDim,
    weights: 'weights.safetensors',
    layers: entries,
    ...(regularizer ? { regularizer } : {}),
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    ...(options.sampling ? { sampling: { ...options.sampling } } : {}),
    ...(options.metadata ? { metadata: options.metadata } : {}),
  };
  const modelPath = join(dir, 'model.json');
  // Refuse to write what the loader would refuse (shapes aside, which the writer builds itself).
  parseManifest(JSON.parse(JSON.stringify(manifest)), modelPath);
  for (const [name, t] of tensors)
    for (let i = 0; i < t.data.length; i++)
      if (!Number.isFinite(t.data[i]!)) throw new Error(`saveMlpModel: tensor ${name} holds ${t.data[i]} at index ${i}`);
  const weightsPath = join(dir, 'weights.safetensors');
  writeFileAtomic(weightsPath, writeSafetensors(tensors, dtype));
  writeFileAtomic(modelPath, JSON.stringify(manifest, null, 2) + '\n');
  return { modelPath, weightsPath };
}
