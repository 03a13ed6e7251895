// `--preconditioner FILE|auto` for sample and check: the lower-triangular factor C of P = C C^T.
// FILE is JSON: either the matrix P itself (d x d, symmetric positive definite; C is its float
// Cholesky factor) or {"factor": C} with C lower-triangular and a positive diagonal, used exactly.
// `auto`: P = (hess f)^-1 at a float minimiser of E, started from the initial mean (untrusted choice).
import type { Energy } from '../energy/types.js';
import { autoFactor, factorOfMatrix, factorProblem, type Factor } from '../langevin/preconditioner.js';
import { InputError } from '../util/errors.js';
import { readFileOrThrow } from '../util/files.js';

export const PRECONDITIONER_HELP =
  "FILE (JSON: a d x d symmetric positive-definite matrix P, or {\"factor\": C} with P = C C^T, C lower-triangular) or auto (P = inverse Hessian of E/T at the mode)";

export function resolvePreconditioner(value: string, energy: Energy, temperature: number, initMean: number): Factor {
  const d = energy.dim;
  if (value === 'auto') {
    const f = autoFactor(energy, temperature, new Float64Array(d).fill(initMean));
    if (!f) throw new InputError('--preconditioner auto: the Hessian of E/T at the mode found is not positive definite; give a FILE');
    return f;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileOrThrow(value, '--preconditioner').toString('utf8'));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`--preconditioner ${value}: not valid JSON (${(e as Error).message})`);
  }
  if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && 'factor' in parsed) {
    const c = (parsed as { factor: unknown }).factor;
    const bad = factorProblem(c, d);
    if (bad) throw new InputError(`--preconditioner ${value}: factor: ${bad}`);
    const m = c as number[][];
    for (let i = 0; i < d; i++) {
      if (!(m[i]![i]! > 0)) throw new InputError(`--preconditioner ${value}: factor: diagonal entry (${i + 1}, ${i + 1}) must be > 0`);
      for (let j = i + 1; j < d; j++) if (m[i]![j] !== 0) throw new InputError(`--preconditioner ${value}: factor: entry (${i + 1}, ${j + 1}) must be 0 (C is lower-triangular)`);
    }
    return m.map((row) => [...row]);
  }
  const f = factorOfMatrix(parsed, d);
  if (typeof f === 'string') throw new InputError(`--preconditioner ${value}: ${f}`);
  return f;
}
