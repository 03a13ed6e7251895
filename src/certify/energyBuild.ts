// One way to turn a certificate's energy terms into an Energy, shared by check and verify so the
// rebuilt model is structurally identical to the certified one.
import { loadEnergy, sumEnergy } from '../energy/spec.js';
import { expressionEnergy } from '../energy/expression.js';
import type { Energy } from '../energy/types.js';
import { InputError } from '../util/errors.js';

export interface EnergyTerm {
  readonly spec: string;
  readonly weight: number;
}

export function buildEnergy(terms: readonly EnergyTerm[]): Energy {
  if (terms.length === 0) throw new InputError('energy: no terms');
  if (terms.length === 1 && terms[0]!.weight === 1) return loadEnergy(terms[0]!.spec);
  // An expression that does not use every coordinate (x1^2 next to x1^2 + x2^2) is lifted to the
  // sum's dimension; model files keep theirs (a mismatch is then reported by sumEnergy).
  const loaded = terms.map((t) => loadEnergy(t.spec));
  const dim = Math.max(...loaded.map((e) => e.dim));
  const lifted = loaded.map((e, i) => {
    const spec = terms[i]!.spec;
    return e.dim < dim && spec.startsWith('expr:') ? expressionEnergy(spec.slice(5), { dim, label: spec }) : e;
  });
  return sumEnergy(lifted.map((energy, i) => ({ weight: terms[i]!.weight, energy })), describeSum(terms));
}

export function describeSum(terms: readonly EnergyTerm[]): string {
  if (terms.length === 1 && terms[0]!.weight === 1) return terms[0]!.spec;
  return terms.map((t) => `${t.weight} * [${t.spec}]`).join(' + ');
}
