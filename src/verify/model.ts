// Rebuilding the certified energy as kernel data from a certificate's terms: expressions become
// expression models at the certificate's dimension, model files are read (manifest, safetensors)
// without building any float evaluator, and every file read must carry the sha256 the
// certificate records. Relative paths are relative to the certificate's own directory.
import { isAbsolute, join } from 'node:path';
import { compileExpressionEnclosure } from '../kernel/expression.js';
import type { EnergyModel } from '../kernel/model.js';
import { networkModel, readModelFile, type ModelFileRecord } from '../energy/network/readModel.js';
import { isExpectedError } from '../util/errors.js';
import { readFileOrThrow, sha256Hex } from '../util/files.js';
import type { Checks } from './checks.js';
import type { Certificate } from './certificate.js';

export interface EnergyTerm {
  readonly spec: string;
  readonly weight: number;
}

export const EXPRESSION_PREFIX = 'expr:';

/** The certificate's `energy.spec`: the single spec, or `w * [spec] + ...` for a weighted sum. */
export function describeSum(terms: readonly EnergyTerm[]): string {
  if (terms.length === 1 && terms[0]!.weight === 1) return terms[0]!.spec;
  return terms.map((t) => `${t.weight} * [${t.spec}]`).join(' + ');
}

/** A path stored in a certificate, resolved against the certificate's directory (or the working directory). */
export function resolveStoredPath(path: string, baseDir: string | undefined): string {
  return isAbsolute(path) || baseDir === undefined ? path : join(baseDir, path);
}

export interface KernelEnergy {
  readonly model: EnergyModel;
  /** Every file read, as resolved paths with the sha256 of the bytes parsed. */
  readonly files: readonly ModelFileRecord[];
}

/**
 * The kernel model of sum_i w_i E_i at dimension `dim`: one term of weight 1 is the term's own
 * model; otherwise a sum. Throws InputError (bad file, bad expression) or a plain Error.
 */
export function kernelEnergyFromTerms(terms: readonly EnergyTerm[], dim: number, baseDir?: string): KernelEnergy {
  if (terms.length === 0) throw new Error('energy: no terms');
  const files: ModelFileRecord[] = [];
  const termModel = (spec: string): EnergyModel => {
    if (spec.startsWith(EXPRESSION_PREFIX)) {
      const source = spec.slice(EXPRESSION_PREFIX.length);
      // Compiling checks the syntax and that only x1..x{dim} occur.
      compileExpressionEnclosure(source, dim);
      return { kind: 'expression', dim, source };
    }
    const read = readModelFile(resolveStoredPath(spec, baseDir));
    files.push(...read.files);
    const model = networkModel(read);
    if (model.dim !== dim) throw new Error(`${spec} has input dimension ${model.dim}, the certificate says ${dim}`);
    return model;
  };
  if (terms.length === 1 && terms[0]!.weight === 1) return { model: termModel(terms[0]!.spec), files };
  const model: EnergyModel = { kind: 'sum', dim, terms: terms.map((t) => ({ weight: t.weight, model: termModel(t.spec) })) };
  return { model, files };
}

/** What a certificate (of any kind) records about its energy. */
export interface RecordedEnergy {
  readonly spec: string;
  readonly dim: number;
  readonly terms: readonly EnergyTerm[];
  readonly files: readonly { readonly path: string; readonly sha256: string }[];
}

/**
 * Checks every recorded file's sha256 and rebuilds the kernel model; null (with a failed check) on
 * any mismatch, any unreadable file, or a file the rebuilt energy reads that is not recorded.
 */
export function rebuildModel(cert: { readonly energy: RecordedEnergy }, c: Checks, baseDir?: string): EnergyModel | null {
  for (const f of cert.energy.files) {
    let digest: string;
    try {
      digest = sha256Hex(readFileOrThrow(resolveStoredPath(f.path, baseDir), 'energy file'));
    } catch (e) {
      c.fail(`energy file ${f.path}`, (e as Error).message);
      c.inputProblem ??= (e as Error).message;
      return null;
    }
    if (!c.expect(digest === f.sha256, `energy file ${f.path}`, `sha256 ${digest} matches`, `sha256 is ${digest}, the certificate records ${f.sha256} (the file changed)`)) return null;
  }
  if (!c.equal('energy.spec', cert.energy.spec, describeSum(cert.energy.terms))) return null;
  let rebuilt: KernelEnergy;
  try {
    rebuilt = kernelEnergyFromTerms(cert.energy.terms, cert.energy.dim, baseDir);
  } catch (e) {
    if (!isExpectedError(e) && !(e instanceof Error)) throw e;
    c.fail('energy', (e as Error).message);
    return null;
  }
  const recorded = new Set(cert.energy.files.map((f) => f.sha256));
  const unrecorded = rebuilt.files.filter((f) => !recorded.has(f.sha256));
  if (unrecorded.length > 0) {
    c.fail('energy', `the energy reads ${unrecorded.map((f) => f.path).join(', ')} which the certificate does not record with this sha256`);
    return null;
  }
  c.pass('energy', `rebuilt ${cert.energy.spec} (dimension ${cert.energy.dim})`);
  return rebuilt.model;
}
