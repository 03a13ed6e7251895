// Reading a network model (model.json + safetensors) into plain kernel data, with the sha256 of
// every file read. No float evaluator is built here: `verify` uses this to rebuild what the kernel
// encloses, and the float loader (load.ts) wraps the same layers in an evaluator.
import { statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { EnergyModel, MlpLayer } from '../../kernel/model.js';
import { InputError } from '../../util/errors.js';
import { readFileOrThrow, sha256Hex } from '../../util/files.js';
import { parseManifest, type ModelManifest } from './manifest.js';
import { readSafetensors, type Tensor } from './safetensors.js';

export interface ModelFileRecord {
  readonly path: string;
  readonly sha256: string;
}

export interface ReadModel {
  /** The model.json actually read (a directory argument resolves to DIR/model.json). */
  readonly file: string;
  readonly manifest: ModelManifest;
  readonly layers: readonly MlpLayer[];
  /** model.json then the weights file, each with the sha256 of the bytes parsed. */
  readonly files: readonly ModelFileRecord[];
  readonly dtypes: readonly string[];
}

/** `path` is a model.json, or a directory holding one. */
export function readModelFile(path: string): ReadModel {
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

  return {
    file,
    manifest,
    layers,
    files: [
      { path: file, sha256: sha256Hex(manifestBytes) },
      { path: weightsPath, sha256: sha256Hex(weightBytes) },
    ],
    dtypes: [...dtypes],
  };
}

/** The kernel model of a read network: the MLP, plus the quadratic regularizer (weight 1) when declared. */
export function networkModel(read: ReadModel): EnergyModel {
  const mlp: EnergyModel = { kind: 'mlp', dim: read.manifest.inputDim, layers: read.layers };
  const reg = read.manifest.regularizer;
  if (!reg) return mlp;
  return {
    kind: 'sum',
    dim: read.manifest.inputDim,
    terms: [
      { weight: 1, model: mlp },
      { weight: 1, model: { kind: 'quadratic', dim: read.manifest.inputDim, lambda: reg.lambda, center: reg.center } },
    ],
  };
}
