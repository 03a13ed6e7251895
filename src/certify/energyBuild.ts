// One way to turn energy terms into a float Energy for producers. Expressions in a weighted sum
// are lifted to the sum's dimension (the sum is then analysed directly, and the certificate records
// that dimension, which verify rebuilds every term at); model files keep theirs.
import { loadEnergy, sumEnergy } from '../energy/spec.js';
import { expressionEnergy } from '../energy/expression.js';
import type { Energy } from '../energy/types.js';
import { InputError } from '../util/errors.js';
import { describeSum, EXPRESSION_PREFIX, type EnergyTerm } from '../verify/model.js';

export { describeSum, type EnergyTerm };

export function buildEnergy(terms: readonly EnergyTerm[]): Energy {
  if (terms.length === 0) throw new InputError('energy: no terms');
  if (terms.length === 1 && terms[0]!.weight === 1) return loadEnergy(terms[0]!.spec);
  const loaded = terms.map((t) => loadEnergy(t.spec));
  const dim = Math.max(...loaded.map((e) => e.dim));
  const lifted = loaded.map((e, i) => {
    const spec = terms[i]!.spec;
    return e.dim < dim && spec.startsWith(EXPRESSION_PREFIX) ? expressionEnergy(spec.slice(EXPRESSION_PREFIX.length), { dim, label: spec }) : e;
  });
  return sumEnergy(lifted.map((energy, i) => ({ weight: terms[i]!.weight, energy })), describeSum(terms));
}
