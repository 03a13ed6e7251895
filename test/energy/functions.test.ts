// The functions an expression energy may call (float: sampling, codegen, symbolic derivatives)
// and those the kernel encloses (intervals: certificates) are one list; for each, the float
// value, gradient and Hessian must lie in (or within rounding of) the kernel's enclosure.
import { describe, expect, it } from 'vitest';
import { expressionEnergy } from '../../src/energy/expression.js';
import { USER_FUNCTIONS } from '../../src/energy/expression/parse.js';
import { encloseExpression } from '../../src/kernel/expression.js';
import { UNARY_FUNCTIONS } from '../../src/kernel/expression/functions.js';
import { point, type Interval } from '../../src/kernel/interval.js';

/** Within the enclosure up to a relative float slack (the float side is not outward rounded). */
function near(x: number, r: Interval): boolean {
  const slack = 1e-12 * Math.max(1, Math.abs(x));
  return r.lo - slack <= x && x <= r.hi + slack;
}

describe('expression function allow-lists', () => {
  it('the energy parser accepts exactly the functions the kernel encloses', () => {
    expect([...USER_FUNCTIONS].sort()).toEqual(Object.keys(UNARY_FUNCTIONS).sort());
  });

  for (const name of Object.keys(UNARY_FUNCTIONS)) {
    it(`${name}: float value, gradient and Hessian agree with the kernel enclosure`, () => {
      // 0.7 + x1^2 keeps log and sqrt in their domain and abs away from its kink.
      const source = `${name}(0.7 + x1^2) * x2`;
      const energy = expressionEnergy(source, { dim: 2 });
      const x = Float64Array.from([0.3, -1.1]);
      const g = new Float64Array(2);
      const h = new Float64Array(4);
      const value = energy.valueAndGradientAt(x, 0, g, 0);
      energy.hessianAt(x, 0, h, 0);
      const k = encloseExpression(source, 2, [point(0.3), point(-1.1)]);
      expect(near(value, k.value), `value ${value} vs [${k.value.lo}, ${k.value.hi}]`).toBe(true);
      for (let i = 0; i < 2; i++) {
        expect(near(g[i]!, k.gradient[i]!), `gradient ${i}`).toBe(true);
        for (let j = 0; j < 2; j++) expect(near(h[2 * i + j]!, k.hessian[i]![j]!), `hessian ${i}${j}`).toBe(true);
      }
    });
  }
});

describe('one home for the float activation formulas', () => {
  it('expression energies use the network activations\' sigmoid and softplus', async () => {
    const codegen = await import('../../src/energy/expression/codegen.js');
    const activations = await import('../../src/energy/network/activations.js');
    expect(codegen.sigmoid).toBe(activations.logistic);
    expect(codegen.softplus).toBe(activations.softplus);
  });
});
