// Loading a network energy from model.json + safetensors: every tensor named by the manifest must
// exist, have the shape that chains inputDim -> ... -> 1, and hold only finite numbers.
import { statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { MlpLayer } from '../../kernel/model.js';
import { InputError } from '../../util/errors.js';
import { readFileOrThrow, sha256Hex } from '../../util/files.js';
import { QuadraticEnergy } from '../quadratic.js';
import { SumEnergy } from '../sum.js';
import type { Energy } from '../types.js';
import { parseManifest, type ModelManifest, type SamplingDefaults } from './manifest.js';
import { MlpEnergy } from './mlp.js';
import { readSafetensors, type Tensor } from './safetensors.js';

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
  let file = path;
  try {
    if (statSync(path).isDirectory()) file = join(path, 'model.json');
  } catch {
    // readFileOrThrow below reports the missing file.
  }
  const manifestBytes = readFileOrThrow(file, 'model file');
  let doc: unknown;
  try {
    doc = JSON.parse(manifestBytes.toString('utf8'));
  } catch (e) {
    throw new InputError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const manifest = parseManifest(doc, file);
  // Kept relative when the model path is, so certificates record paths that work in any clone.
  const weightsPath = isAbsolute(manifest.weights) ? manifest.weights : join(dirname(file), manifest.weights);
  const weightBytes = readFileOrThrow(weightsPath, `weights file (named by ${file})`);
  const tensors = readSafetensors(weightBytes, weightsPath);

  const get = (name: string, where: string): Tensor => {
    const t = tensors.get(name);
    if (t === undefined) {
      const known = [...tensors.keys()].slice(0, 12).join(', ');
      throw new InputError(`${file}: ${where}: tensor ${JSON.stringify(name)} is missing from ${weightsPath} (it has: ${known || 'no tensors'})`);
    }
    for (let i = 0; i < t.data.length; i++)
      if (!Number.isFinite(t.data[i]!))
        throw new InputError(`${weightsPath}: tensor ${JSON.stringify(name)} holds ${t.data[i]} at flat index ${i} (weights must be finite)`);
    return t;
  };

  const layers: MlpLayer[] = [];
  let width = manifest.inputDim;
  const dtypes = new Set<string>();
  manifest.layers.forEach((entry, i) => {
    const where = `layers[${i}]`;
    const w = get(entry.weight, `${where}.weight`);
    const b = get(entry.bias, `${where}.bias`);
    dtypes.add(w.dtype).add(b.dtype);
    const feeds = i === 0 ? `inputDim ${width}` : `layers[${i - 1}] outputs ${width} values`;
    if (w.shape.length !== 2 || w.shape[1] !== width)
      throw new InputError(`${file}: ${where}.weight ${JSON.stringify(entry.weight)} has shape [${w.shape.join(', ')}], expected [out, ${width}] ([out, in], PyTorch layout) since ${feeds}`);
    const out = w.shape[0]!;
    if (b.shape.length !== 1 || b.shape[0] !== out)
      throw new InputError(`${file}: ${where}.bias ${JSON.stringify(entry.bias)} has shape [${b.shape.join(', ')}], expected [${out}] to match ${where}.weight`);
    if (out === 0) throw new InputError(`${file}: ${where}.weight has no output rows`);
    layers.push({ inDim: width, outDim: out, weight: w.data, bias: b.data, activation: entry.activation });
    width = out;
  });
  if (width !== 1)
    throw new InputError(`${file}: layers[${manifest.layers.length - 1}] outputs ${width} values; an energy needs a scalar (last layer [1, in])`);

  const files = [
    { path: file, sha256: sha256Hex(manifestBytes) },
    { path: weightsPath, sha256: sha256Hex(weightBytes) },
  ];
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
    dtypes: [...dtypes],
  };
}
