// Re-writing a model in the emcert format (for example a checkpoint, or float64 -> float32): the
// network, regularizer, temperature, sampling block and metadata carry over unchanged.
import { resolve, dirname, join } from 'node:path';
import { statSync } from 'node:fs';
import type { EnergyModel, MlpLayer } from '../kernel/model.js';
import { loadModelFile } from '../energy/network/load.js';
import { saveMlpModel, type SavedModel } from '../energy/network/save.js';
import { InputError } from '../util/errors.js';

/** The network layers of a loaded model's energy (the mlp term, with or without the regularizer). */
export function networkLayers(model: EnergyModel): readonly MlpLayer[] | undefined {
  if (model.kind === 'mlp') return model.layers;
  if (model.kind === 'sum') for (const t of model.terms) if (t.model.kind === 'mlp' && t.weight === 1) return t.model.layers;
  return undefined;
}

function modelDir(path: string): string {
  try {
    if (statSync(path).isDirectory()) return resolve(path);
  } catch {
    // the loader reports a missing file
  }
  return dirname(resolve(path));
}

/** `checkOut` runs after the input checks and before anything is read or written (the CLI refuses a
 *  non-empty --out there unless --force). */
export function exportModel(
  spec: string,
  outDir: string,
  dtype: 'float32' | 'float64',
  opts: { checkOut?: (outDir: string) => void } = {},
): SavedModel & { from: readonly string[] } {
  if (spec.startsWith('expr:')) throw new InputError(`--energy ${spec}: export writes network models; this is an expression (nothing to export)`);
  if (modelDir(spec) === resolve(outDir)) throw new InputError(`--out ${outDir}: is the directory of the input model (choose another directory)`);
  opts.checkOut?.(outDir);
  const loaded = loadModelFile(spec);
  const layers = networkLayers(loaded.energy.model);
  if (!layers) throw new InputError(`--energy ${spec}: no network found in the model`);
  const m = loaded.manifest;
  const saved = saveMlpModel(outDir, {
    layers,
    ...(m.regularizer ? { regularizer: { lambda: m.regularizer.lambda, center: m.regularizer.center } } : {}),
    ...(m.temperature !== undefined ? { temperature: m.temperature } : {}),
    ...(m.sampling ? { sampling: m.sampling } : {}),
    dtype,
    metadata: { ...(m.metadata ?? {}), exportedFrom: join(modelDir(spec), 'model.json'), exportedDtype: dtype },
  });
  return { ...saved, from: loaded.dtypes };
}
