// One way to turn a certificate's energy terms into an Energy, shared by check and verify so the
// rebuilt model is structurally identical to the certified one.
import { loadEnergy, sumEnergy } from '../energy/spec.js';
import type { Energy } from '../energy/types.js';
import { InputError } from '../util/errors.js';

export interface EnergyTerm {
  readonly spec: string;
  readonly weight: number;
}

export function buildEnergy(terms: readonly EnergyTerm[]): Energy {
  if (terms.length === 0) throw new InputError('energy: no terms');
  if (terms.length === 1 && terms[0]!.weight === 1) return loadEnergy(terms[0]!.spec);
  return sumEnergy(terms.map((t) => ({ weight: t.weight, energy: loadEnergy(t.spec) })), describeSum(terms));
}

export function describeSum(terms: readonly EnergyTerm[]): string {
  if (terms.length === 1 && terms[0]!.weight === 1) return terms[0]!.spec;
  return terms.map((t) => `${t.weight} * [${t.spec}]`).join(' + ');
}
