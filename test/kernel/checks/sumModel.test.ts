import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal as DecimalBase } from 'decimal.js';

const Decimal = DecimalBase.clone({ precision: 2000 });

/** The exact value of a double (Decimal(x) would read its shortest decimal string instead). */
function exactDecimal(x: number): InstanceType<typeof Decimal> {
  if (x === 0) return new Decimal(0);
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const sign = hi >>> 31 ? -1 : 1;
  const e = (hi >>> 20) & 0x7ff;
  const frac = new Decimal(hi & 0xfffff).times(2 ** 32).plus(lo);
  const mant = e === 0 ? frac : frac.plus(new Decimal(2).pow(52));
  return mant.times(new Decimal(2).pow((e === 0 ? 1 : e) - 1075)).times(sign);
}
import { differenceModel, exactProduct, flattenSum, sameModel } from '../../../src/kernel/checks/sumModel.js';
import type { EnergyModel } from '../../../src/kernel/model.js';

const net: EnergyModel = {
  kind: 'mlp',
  dim: 2,
  layers: [
    { inDim: 2, outDim: 2, weight: Float64Array.of(1, 2, 3, 4), bias: Float64Array.of(0, 1), activation: 'tanh' },
    { inDim: 2, outDim: 1, weight: Float64Array.of(0.5, -0.5), bias: Float64Array.of(0), activation: 'identity' },
  ],
};
const reg: EnergyModel = { kind: 'quadratic', dim: 2, lambda: 0.1, center: [0, 0] };

describe('exactProduct', () => {
  it('agrees with exact decimal multiplication', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e100, max: 1e100 }), fc.integer({ min: -4096, max: 4096 }).map((k) => k / 64)), fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e100, max: 1e100 }), fc.integer({ min: -4096, max: 4096 }).map((k) => k / 16)), (a, b) => {
        const exact = exactDecimal(a).times(exactDecimal(b));
        const p = a * b;
        const claimed = exactProduct(a, b);
        const isExact = Number.isFinite(p) && exactDecimal(p).equals(exact);
        if (claimed) expect(isExact).toBe(true); // sound: never claims an inexact product
        if (isExact) expect(claimed).toBe(true); // complete: every exact product is recognised
      }),
      { numRuns: 2000, seed: 7 },
    );
    // Near underflow and overflow, where a two-product split loses bits (compose --weights 1e-300 was refused).
    const tiny = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e-290, max: 1e-290 }), fc.constantFrom(5e-324, -5e-324, 2.2250738585072014e-308, 1e308, 0.5, 2, 1, 3));
    fc.assert(
      fc.property(tiny, tiny, (a, b) => {
        const p = a * b;
        const isExact = Number.isFinite(p) && (p !== 0 || a === 0 || b === 0) && exactDecimal(p).equals(exactDecimal(a).times(exactDecimal(b)));
        expect(exactProduct(a, b)).toBe(isExact);
      }),
      { numRuns: 2000, seed: 11 },
    );
    expect(exactProduct(1e-300, 1)).toBe(true);
    expect(exactProduct(5e-324, 2)).toBe(true);
    expect(exactProduct(5e-324, 0.5)).toBe(false); // rounds to 0 (or to the subnormal grid)
    expect(exactProduct(1e-300, 1e-300)).toBe(false); // underflows to 0
    expect(exactProduct(0.1, 3)).toBe(false); // 0.1 * 3 rounds
    expect(exactProduct(0.5, 3)).toBe(true);
  });
});

describe('differenceModel', () => {
  it('cancels the network term of network + regularizer exactly', () => {
    const e: EnergyModel = { kind: 'sum', dim: 2, terms: [{ weight: 1, model: net }, { weight: 1, model: reg }] };
    const u = differenceModel(e, net);
    expect(u.kind).toBe('sum');
    expect(flattenSum(u)).toEqual([{ weight: 1, model: reg }]);
  });

  it('cancels through a weighted outer sum when the weights multiply exactly', () => {
    const inner: EnergyModel = { kind: 'sum', dim: 2, terms: [{ weight: 1, model: net }, { weight: 1, model: reg }] };
    const e: EnergyModel = { kind: 'sum', dim: 2, terms: [{ weight: 0.5, model: inner }] };
    const w: EnergyModel = { kind: 'sum', dim: 2, terms: [{ weight: 0.5, model: net }] };
    expect(flattenSum(differenceModel(e, w))).toEqual([{ weight: 0.5, model: reg }]);
  });

  it('keeps both terms when the weights differ (no false cancellation)', () => {
    const e: EnergyModel = { kind: 'sum', dim: 2, terms: [{ weight: 1, model: net }] };
    const w: EnergyModel = { kind: 'sum', dim: 2, terms: [{ weight: 1 + 2 ** -52, model: net }] };
    expect(flattenSum(differenceModel(e, w))).toHaveLength(2);
  });

  it('sameModel notices a one-ulp weight change', () => {
    const w2 = Float64Array.from(net.kind === 'mlp' ? net.layers[0]!.weight : []);
    w2[0] = 1 + 2 ** -52;
    const other: EnergyModel = { ...net, layers: [{ ...(net as Extract<EnergyModel, { kind: 'mlp' }>).layers[0]!, weight: w2 }, (net as Extract<EnergyModel, { kind: 'mlp' }>).layers[1]!] } as EnergyModel;
    expect(sameModel(net, net)).toBe(true);
    expect(sameModel(net, other)).toBe(false);
  });
});
