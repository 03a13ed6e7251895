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
    expect(exactProduct(2 ** 512, 2 ** 512)).toBe(false); // overflows although 2^1024 is a power of two
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

describe('sameModel, every field', () => {
  const expr = (source: string, dim = 2): EnergyModel => ({ kind: 'expression', dim, source });
  const mlp = net as Extract<EnergyModel, { kind: 'mlp' }>;
  const withLayer = (i: number, change: object): EnergyModel => ({ ...mlp, layers: mlp.layers.map((l, k) => (k === i ? { ...l, ...change } : l)) });

  it('compares kind, dim and the contents of each kind (copies are equal)', () => {
    expect(sameModel(expr('x1^2'), expr('x1^2'))).toBe(true);
    expect(sameModel(expr('x1^2'), expr('x1^2 '))).toBe(false);
    expect(sameModel(expr('x1^2'), expr('x1^2', 3))).toBe(false);
    expect(sameModel(expr('x1^2'), reg)).toBe(false);
    expect(sameModel(reg, { ...reg, center: [0, 0] } as EnergyModel)).toBe(true);
    expect(sameModel(reg, { ...reg, lambda: 0.2 } as EnergyModel)).toBe(false);
    expect(sameModel(reg, { ...reg, center: [0, 1] } as EnergyModel)).toBe(false);
    expect(sameModel(reg, { ...reg, center: [0] } as EnergyModel)).toBe(false);
    // -0 and 0 are different doubles (Object.is): weights are compared bit for bit.
    expect(sameModel(reg, { ...reg, center: [0, -0] } as EnergyModel)).toBe(false);
    expect(sameModel(net, { ...mlp, layers: mlp.layers.map((l) => ({ ...l, weight: Float64Array.from(l.weight), bias: Float64Array.from(l.bias) })) })).toBe(true);
    expect(sameModel(net, { ...mlp, layers: mlp.layers.slice(0, 1) })).toBe(false);
    expect(sameModel(net, withLayer(0, { activation: 'identity' }))).toBe(false);
    expect(sameModel(net, withLayer(1, { bias: Float64Array.of(1) }))).toBe(false);
    expect(sameModel(net, withLayer(0, { inDim: 3 }))).toBe(false);
    expect(sameModel(net, withLayer(1, { outDim: 2 }))).toBe(false);
    const s = (w: number, m: EnergyModel, more: EnergyModel[] = []): EnergyModel => ({ kind: 'sum', dim: 2, terms: [{ weight: w, model: m }, ...more.map((x) => ({ weight: 1, model: x }))] });
    expect(sameModel(s(2, reg), s(2, { ...reg } as EnergyModel))).toBe(true);
    expect(sameModel(s(2, reg), s(3, reg))).toBe(false);
    expect(sameModel(s(2, reg), s(2, net))).toBe(false);
    expect(sameModel(s(2, reg), s(2, reg, [net]))).toBe(false);
  });
});

describe('flattenSum and differenceModel', () => {
  it('keeps a nested sum whole when the weight product is not exact', () => {
    const inner: EnergyModel = { kind: 'sum', dim: 2, terms: [{ weight: 3, model: reg }] };
    const outer: EnergyModel = { kind: 'sum', dim: 2, terms: [{ weight: 0.1, model: inner }] };
    // 0.1 * 3 is not a double: the term stays as 0.1 * (sum of one term: 3 * reg).
    expect(flattenSum(outer)).toEqual([{ weight: 0.1, model: { kind: 'sum', dim: 2, terms: [{ weight: 3, model: reg }] } }]);
    // With an exact product (0.5 * 3) it is flattened to 1.5 * reg.
    expect(flattenSum({ kind: 'sum', dim: 2, terms: [{ weight: 0.5, model: inner }] })).toEqual([{ weight: 1.5, model: reg }]);
    // A plain term with an inexact product w * t.weight is wrapped, keeping w outside.
    expect(flattenSum({ kind: 'sum', dim: 2, terms: [{ weight: 3, model: reg }] }, 0.1)).toEqual([{ weight: 0.1, model: { kind: 'sum', dim: 2, terms: [{ weight: 3, model: reg }] } }]);
  });

  it('E - W appends -W when nothing cancels, and cancels only one copy', () => {
    expect(differenceModel(reg, net)).toEqual({ kind: 'sum', dim: 2, terms: [{ weight: 1, model: reg }, { weight: -1, model: net }] });
    const twice: EnergyModel = { kind: 'sum', dim: 2, terms: [{ weight: 1, model: net }, { weight: 1, model: net }] };
    expect(differenceModel(twice, net)).toEqual({ kind: 'sum', dim: 2, terms: [{ weight: 1, model: net }] });
  });
});

describe('exactProduct at the extremes', () => {
  it('zero, overflow, underflow, subnormal results and huge factors are judged exactly', () => {
    expect(exactProduct(0, 5)).toBe(true);
    expect(exactProduct(5, 0)).toBe(true);
    expect(exactProduct(1e200, 1e200)).toBe(false); // overflows
    expect(exactProduct(2 ** -500, 2 ** -500)).toBe(true); // 2^-1000, a normal double
    expect(exactProduct(2 ** -537, 2 ** -537)).toBe(true); // 2^-1074, the smallest subnormal
    expect(exactProduct(2 ** -538, 2 ** -537)).toBe(false); // 2^-1075 rounds to 0
    expect(exactProduct(3 * 2 ** -540, 2 ** -534)).toBe(true); // 3 * 2^-1074: three subnormal ulps
    expect(exactProduct(3 * 2 ** -540, 2 ** -535)).toBe(false); // 3 * 2^-1075 rounds to 2^-1073
    expect(exactProduct(2 ** 996, 2 ** -100)).toBe(true);
    expect(exactProduct(-3, 0.5)).toBe(true);
    expect(exactProduct(1 + 2 ** -52, 1 + 2 ** -52)).toBe(false);
  });
});

describe('sumModel: more boundaries', () => {
  it('an inexact weight product on a nested sum keeps it whole (no rounded weight 0.1 * 3)', () => {
    const inner: EnergyModel = { kind: 'sum', dim: 2, terms: [{ weight: 1, model: reg }] };
    const mid: EnergyModel = { kind: 'sum', dim: 2, terms: [{ weight: 3, model: inner }] };
    expect(flattenSum(mid, 0.1)).toEqual([{ weight: 0.1, model: { kind: 'sum', dim: 2, terms: [{ weight: 3, model: inner }] } }]);
  });

  it('sameModel: different kinds never compare fields, terms are compared one by one, lengths both ways', () => {
    const sum: EnergyModel = { kind: 'sum', dim: 2, terms: [] };
    expect(sameModel(net, sum)).toBe(false);
    expect(sameModel(sum, net)).toBe(false);
    const s = (...models: EnergyModel[]): EnergyModel => ({ kind: 'sum', dim: 2, terms: models.map((model) => ({ weight: 1, model })) });
    expect(sameModel(s(reg, net), s(reg, reg))).toBe(false);
    expect(sameModel(s(net, reg), s(reg, reg))).toBe(false);
    const short = { kind: 'quadratic', dim: 2, lambda: 0.1, center: [0] } as EnergyModel;
    expect(sameModel(short, reg)).toBe(false);
    expect(sameModel(reg, short)).toBe(false);
  });

  it('exactProduct at powers of two near the extremes, and products that need 53 or 54 bits', () => {
    expect(exactProduct(2 ** -450, 2 ** -450)).toBe(true);
    expect(exactProduct(2 ** -100, 2 ** 995)).toBe(true);
    expect(exactProduct(2 ** 995, 2 ** -100)).toBe(true);
    // (1 + 2^-26)^2 = 1 + 2^-25 + 2^-52 is a double (53 bits); (1 + 2^-26)(1 + 2^-27) needs 54.
    expect(exactDecimal((1 + 2 ** -26) * (1 + 2 ** -26)).equals(exactDecimal(1 + 2 ** -26).times(exactDecimal(1 + 2 ** -26)))).toBe(true);
    expect(exactProduct(1 + 2 ** -26, 1 + 2 ** -26)).toBe(true);
    expect(exactProduct(1 + 2 ** -26, 1 + 2 ** -27)).toBe(false);
  });
});

describe('differenceModel: the split form only when it cancels more', () => {
  const terms = (u: EnergyModel): [number, string][] =>
    u.kind === 'sum' ? u.terms.map((t) => [t.weight, t.model.kind === 'expression' ? t.model.source : t.model.kind]) : [];
  const expr = (source: string): EnergyModel => ({ kind: 'expression', dim: 2, source });
  const sum = (...models: EnergyModel[]): EnergyModel => ({ kind: 'sum', dim: 2, terms: models.map((model) => ({ weight: 1, model })) });

  it('keeps E whole when the whole terms already cancel', () => {
    // W = the regularizer cancels as a whole term; the expression is not re-read as x1 ^ 2 and x2 ^ 2.
    expect(terms(differenceModel(sum(expr('x1^2 + x2^2'), reg), reg))).toEqual([[1, 'x1^2 + x2^2']]);
  });

  it('passes non-expression terms through the split unchanged', () => {
    // sin(x2) cancels only after x1^2 + sin(x2) is split; the regularizer stays a quadratic term.
    expect(terms(differenceModel(sum(reg, expr('x1^2 + sin(x2)')), expr('sin(x2)')))).toEqual([
      [1, 'quadratic'],
      [1, 'x1 ^ 2'],
    ]);
  });

  it('keeps E whole, without throwing, when an expression of E or of W cannot be split', () => {
    // 2^-x1 does not re-parse as one term (additiveTerms gives null): no split, -W is appended.
    expect(terms(differenceModel(expr('x1^2 + 2^-x1'), expr('x1^2')))).toEqual([
      [1, 'x1^2 + 2^-x1'],
      [-1, 'x1^2'],
    ]);
    expect(terms(differenceModel(expr('x1^2 + x2^2'), expr('x1^2 + 2^-x1')))).toEqual([
      [1, 'x1^2 + x2^2'],
      [-1, 'x1^2 + 2^-x1'],
    ]);
  });
});

describe('exactProduct with one subnormal factor (the alignment branch)', () => {
  it('agrees with exact decimal multiplication', () => {
    const subnormal = fc.integer({ min: 1, max: 2 ** 30 }).map((k) => k * 2 ** -1074);
    const normal = fc.double({ min: 2 ** 10, max: 2 ** 1000, noNaN: true });
    fc.assert(
      fc.property(subnormal, normal, fc.boolean(), (s, n, neg) => {
        const a = neg ? -s : s;
        const exact = exactDecimal(a * n).equals(exactDecimal(a).times(exactDecimal(n))) && Number.isFinite(a * n);
        expect(exactProduct(a, n)).toBe(exact);
        expect(exactProduct(n, a)).toBe(exact);
      }),
      { seed: 20261206, numRuns: 300 },
    );
  });
});
