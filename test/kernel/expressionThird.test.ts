// Third-derivative enclosures of expressions (src/kernel/expression/third.ts, thirdRules.ts,
// compositeThird.ts, compileExpressionThird, thirdDerivativeEnclosure): every entry must contain
// the 60-digit value of mathjs's symbolic third derivative (random expressions, random boxes,
// unbounded ones included) or of closed forms written here; the composite forms' h''' must be tight
// to one rounding; the energies must have finite enclosures on the whole plane that contain
// a dense sample and match the closed-form sup of the Frobenius norm.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { compileExpressionThird } from '../../src/kernel/expression.js';
import { gaussThird, logPlusSquareThird, sqrtPlusSquareThird } from '../../src/kernel/expression/compositeThird.js';
import { UNARY_FUNCTIONS } from '../../src/kernel/expression/functions.js';
import { UNARY_THIRD } from '../../src/kernel/expression/thirdRules.js';
import { triples } from '../../src/kernel/expression/third.js';
import { thirdDerivativeEnclosure } from '../../src/kernel/thirdDerivative.js';
import { tri3Index } from '../../src/kernel/network.js';
import { interval, IntervalDomainError, nextDown, nextUp, point, type Interval } from '../../src/kernel/interval.js';
import type { EnergyModel } from '../../src/kernel/model.js';
import { D60, d60, encloses, exactDecimal } from './intervalReference.js';
import { referenceThird } from './expressionReference.js';
import { containsReference, coordinate, expressionArbitrary, pointsIn, type Expr, type Grammar } from './expressionArbitraries.js';

const inf = Infinity;
const R: Interval = { lo: -inf, hi: inf };

// ---- random expressions against mathjs's symbolic third derivatives ---------------------------

// The grammar of test/kernel/expression.test.ts without abs (mathjs cannot differentiate sign).
const unary: ((a: Expr) => Expr)[] = [
  (a) => ({ k: `-(${a.k})`, r: `-(${a.r})` }),
  (a) => ({ k: `exp(${a.k})`, r: `exp(${a.r})` }),
  (a) => ({ k: `tanh(${a.k})`, r: `tanh(${a.r})` }),
  (a) => ({ k: `sigmoid(${a.k})`, r: `1 / (1 + exp(-(${a.r})))` }),
  (a) => ({ k: `softplus(${a.k})`, r: `log(1 + exp(${a.r}))` }),
  (a) => ({ k: `sin(${a.k})`, r: `sin(${a.r})` }),
  (a) => ({ k: `cos(${a.k})`, r: `cos(${a.r})` }),
  (a) => ({ k: `log(1 + (${a.k})^2)`, r: `log(1 + (${a.r})^2)` }),
  (a) => ({ k: `sqrt((${a.k})^2 + 0.5)`, r: `sqrt((${a.r})^2 + 0.5)` }),
  (a) => ({ k: `exp(-(${a.k})^2)`, r: `exp(-(${a.r})^2)` }),
  (a) => ({ k: `((${a.k})^2 + 1)^1.5`, r: `((${a.r})^2 + 1)^1.5` }),
  (a) => ({ k: `((${a.k})^2 + 0.1)^(-0.5)`, r: `((${a.r})^2 + 0.1)^(-0.5)` }),
  (a) => ({ k: `(${a.k})*(${a.k})`, r: `(${a.r})*(${a.r})` }),
  (a) => ({ k: `sqrt(${a.k})`, r: `sqrt(${a.r})` }), // may leave the domain: a refusal is allowed
  (a) => ({ k: `log(${a.k})`, r: `log(${a.r})` }),
];
const powers = fc.constantFrom(0, 1, 2, 3, 4, 5, -1, -2);
const binary: ((a: Expr, b: Expr) => Expr)[] = [
  (a, b) => ({ k: `(${a.k}) + (${b.k})`, r: `(${a.r}) + (${b.r})` }),
  (a, b) => ({ k: `(${a.k}) - (${b.k})`, r: `(${a.r}) - (${b.r})` }),
  (a, b) => ({ k: `(${a.k}) * (${b.k})`, r: `(${a.r}) * (${b.r})` }),
  (a, b) => ({ k: `(${a.k}) / (1 + (${b.k})^2)`, r: `(${a.r}) / (1 + (${b.r})^2)` }),
  (a, b) => ({ k: `(${a.k}) / (${b.k})`, r: `(${a.r}) / (${b.r})` }),
  (a, b) => ({ k: `(${a.k}) / 3`, r: `(${a.r}) / 3 + 0 * (${b.r})` }),
  (a, b) => ({ k: `((${a.k})^2 + 1)^(sin(${b.k}))`, r: `((${a.r})^2 + 1)^(sin(${b.r}))` }),
];

// mathjs's unsimplified third derivatives grow fast with the expression's length.
const grammar: Grammar = { unary, binary, powers, maxLength: 70 };

// Point boxes make the enclosures a few roundings wide, so a missing or wrong term in a rule shows.
const pointCoordinate = fc.double({ min: -3, max: 3, noNaN: true }).map((a) => point(a));

describe('third derivatives of random expressions contain the symbolic ones', () => {
  for (const [dim, kind] of [[1, 'boxes'], [2, 'boxes'], [3, 'boxes'], [1, 'points'], [2, 'points'], [3, 'points']] as const) {
    it(`random expressions in ${dim} variable(s) on random ${kind}`, () => {
      let evaluated = 0;
      let refused = 0;
      fc.assert(
        fc.property(expressionArbitrary(dim, grammar), fc.array(kind === 'boxes' ? coordinate : pointCoordinate, { minLength: dim, maxLength: dim }), fc.double({ min: 0, max: 1, noNaN: true }), (expr, box, fraction) => {
          let third: Interval[];
          try {
            third = compileExpressionThird(expr.k, dim)(box);
          } catch (e) {
            if (e instanceof IntervalDomainError) {
              refused++;
              return true; // refusing a box where a function leaves its domain is sound
            }
            throw e;
          }
          evaluated++;
          const ref = referenceThird(expr.r, dim);
          for (const p of pointsIn(box, [0, 1, fraction])) {
            for (const [key, exact] of ref) {
              const [a, b, c] = key.split(',').map(Number) as [number, number, number];
              const enc = third[tri3Index(dim, a, b, c)]!;
              const r = exact(p);
              if (!r.isFinite()) continue; // the reference itself is undefined there (a pole)
              if (!containsReference(enc, r)) {
                throw new Error(`${expr.k} on ${JSON.stringify(box)} at ${JSON.stringify(p)}: third[${key}] exact ${r.toSignificantDigits(20)} not in [${enc.lo}, ${enc.hi}]`);
              }
            }
          }
          return true;
        }),
        { numRuns: dim === 1 ? 40 : dim === 2 ? 25 : 15 },
      );
      expect(evaluated).toBeGreaterThan(2 * refused);
    }, 120_000);
  }

  it('the packed order of the rules is tri3Index (the order thirdDerivativeEnclosure reads)', () => {
    for (let d = 1; d <= 6; d++) {
      const { i, j, k } = triples(d);
      expect(i.length).toBe((d * (d + 1) * (d + 2)) / 6);
      for (let u = 0; u < i.length; u++) {
        expect(i[u]! <= j[u]! && j[u]! <= k[u]!).toBe(true);
        expect(tri3Index(d, k[u]!, i[u]!, j[u]!)).toBe(u);
      }
    }
  });

  it('every unary function the parser accepts has a third-derivative rule', () => {
    expect(Object.keys(UNARY_THIRD).sort()).toEqual(Object.keys(UNARY_FUNCTIONS).sort());
  });

  it('abs: zero away from the kink, unknown (infinite) where the range reaches it', () => {
    const f = compileExpressionThird('abs(x1 - 1) * 2', 1);
    expect(f([interval(2, 5)])[0]).toEqual({ lo: 0, hi: 0 });
    expect(f([interval(0, 2)])[0]).toEqual({ lo: -inf, hi: inf });
  });

  it('polynomials are exact: (x1^3)\'\'\' = 6, (x1^2 x2)_112 = 2, quadratics 0', () => {
    const t = compileExpressionThird('x1^3 + x1*x1*x2 + 0.5*(x1^2 + 3*x2^2)', 2)([interval(-2, 3), R]);
    expect(t[tri3Index(2, 0, 0, 0)]).toEqual({ lo: 6, hi: 6 });
    expect(t[tri3Index(2, 0, 0, 1)]).toEqual({ lo: 2, hi: 2 });
    expect(t[tri3Index(2, 0, 1, 1)]).toEqual({ lo: 0, hi: 0 });
    expect(t[tri3Index(2, 1, 1, 1)]).toEqual({ lo: 0, hi: 0 });
  });
});

// ---- the composite forms' h''' ------------------------------------------------------------------

type Ref = (c: Decimal, u: Decimal) => Decimal;
const sqrtRef: Ref = (c, u) => c.times(u).times(-3).div(c.plus(u.times(u)).pow(2.5));
const logRef: Ref = (c, u) => u.times(4).times(u.times(u).minus(c.times(3))).div(c.plus(u.times(u)).pow(3));
const gaussRef: Ref = (c, u) => {
  const cu2 = c.times(u.times(u));
  // beyond c u^2 = 1e6 the value is below 10^-400000 in size, with the sign of -u
  if (cu2.gt(1e6)) return new D60(10).pow(-400000).times(u.isNegative() ? 1 : -1);
  return c.times(c).times(4).times(u).times(new D60(3).minus(cu2.times(2))).times(cu2.neg().exp());
};
type Crit = (c: Decimal) => Decimal[];
const sqrt2 = new D60(2).sqrt();
const sqrt6 = new D60(6).sqrt();
const RULES: [string, (c: number, u: Interval) => Interval, Ref, Crit][] = [
  ['sqrt(c + u^2)', sqrtPlusSquareThird, sqrtRef, (c) => [c.sqrt().div(2)]],
  ['log(c + u^2)', logPlusSquareThird, logRef, (c) => [c.sqrt().times(sqrt2.minus(1)), c.sqrt().times(sqrt2.plus(1))]],
  ['exp(-c u^2)', gaussThird, gaussRef, (c) => [new D60(3).minus(sqrt6).div(c.times(2)).sqrt(), new D60(3).plus(sqrt6).div(c.times(2)).sqrt()]],
];
const CS = [1, 0.5, 3, 0.1, 2 ** -20, 1e6];

function intervalsFor(c: number): Interval[] {
  const r = Math.sqrt(c);
  const out: Interval[] = [R, { lo: 0, hi: inf }, { lo: -inf, hi: 0 }, { lo: 0, hi: 0 }, { lo: 1, hi: inf }, { lo: -inf, hi: -1 }, { lo: -2, hi: 3 }];
  for (const k of [0.5, Math.SQRT2 - 1, Math.SQRT2 + 1, Math.sqrt((3 - Math.sqrt(6)) / 2) / c, Math.sqrt((3 + Math.sqrt(6)) / 2) / c]) {
    const x = k * r;
    out.push({ lo: 0.5 * x, hi: 2 * x }, { lo: -2 * x, hi: -0.5 * x }, { lo: x, hi: x }, { lo: -x, hi: -x });
  }
  out.push({ lo: 1e-300, hi: 1e-200 }, { lo: 1e150, hi: 1e300 }, { lo: -1e300, hi: -1e150 }, { lo: 0.1, hi: 0.3 }, { lo: 7, hi: 7 }, { lo: 20 / r, hi: 40 / r }, { lo: -0.3, hi: 0.7 });
  return out;
}

function referencePoints(u: Interval, c: number, crit: Crit): Decimal[] {
  const lo = u.lo === -inf ? Math.min(-1e8, u.hi - 1e8) : u.lo;
  const hi = u.hi === inf ? Math.max(1e8, lo + 1e8) : u.hi;
  const pts: Decimal[] = [];
  for (let i = 0; i < 41; i++) pts.push(d60(Math.min(hi, Math.max(lo, lo + ((hi - lo) * i) / 40))));
  for (const x of [0, 1, -1, 1e-3, -1e-3, 1e4, -1e4, 1e12, -1e12]) if (x >= lo && x <= hi) pts.push(d60(x));
  for (const x of crit(d60(c))) {
    for (const s of [x, x.neg()]) {
      if ((u.lo === -inf || d60(u.lo).lte(s)) && (u.hi === inf || d60(u.hi).gte(s))) pts.push(s);
    }
  }
  return pts;
}

/** r in a up to a relative 1e-50 (the 60-digit reference's own rounding). */
function enclosesRef(a: Interval, r: Decimal): boolean {
  const slack = r.abs().times('1e-50');
  return encloses(a, r.minus(slack)) || encloses(a, r.plus(slack)) || encloses(a, r);
}

describe("composite forms' third derivatives h''' (sqrt(c + u^2), log(c + u^2), exp(-c u^2))", () => {
  const cases: { what: string; name: string; enclosure: Interval; reference: Decimal }[] = [];
  for (const [name, rule, ref, crit] of RULES) {
    for (const c of CS) {
      for (const u of intervalsFor(c)) {
        const e = rule(c, u);
        for (const x of referencePoints(u, c, crit)) {
          cases.push({ what: `${name} c=${c} u=[${u.lo}, ${u.hi}] at ${x.toSignificantDigits(8).toString()}`, name, enclosure: e, reference: ref(d60(c), x) });
        }
      }
    }
  }

  it('contain the 60-digit closed forms at points inside and at the exact extreme points', () => {
    const misses = cases.filter((k) => !enclosesRef(k.enclosure, k.reference)).slice(0, 5).map((k) => `${k.what}: exact ${k.reference.toSignificantDigits(25).toExponential()} not in [${k.enclosure.lo}, ${k.enclosure.hi}]`);
    expect(misses.slice(0, 5)).toEqual([]);
    expect(cases.length).toBeGreaterThan(10000);
  });

  it('are tight: moving a bound in by one rounding loses some reference value', () => {
    for (const [name] of RULES) {
      for (const side of ['lo', 'hi'] as const) {
        const broken = cases.filter((k) => k.name === name).some((k) => {
          const e = k.enclosure;
          if (!Number.isFinite(e[side])) return false;
          const shrunk = side === 'lo' ? { lo: nextUp(e.lo), hi: e.hi } : { lo: e.lo, hi: nextDown(e.hi) };
          return shrunk.lo <= shrunk.hi && !enclosesRef(shrunk, k.reference);
        });
        expect(broken, `${name} ${side}`).toBe(true);
      }
    }
  });

  it('on the whole line: finite, the closed-form extreme values to a few ulps', () => {
    // sqrt(1 + u^2)''' extremes -+(3/2)(4/5)^(5/2) at u = +-1/2
    const s = sqrtPlusSquareThird(1, R);
    const sMax = new D60(1.5).times(new D60(0.8).pow(2.5));
    expect(encloses(s, sMax) && encloses(s, sMax.neg())).toBe(true);
    expect(exactDecimal(s.hi).minus(sMax).toNumber()).toBeLessThan(4e-16);
    // log(1 + u^2)''' extreme at u = +-(sqrt 2 - 1)
    const l = logPlusSquareThird(1, R);
    const t = sqrt2.minus(1);
    const lMax = logRef(new D60(1), t).abs();
    expect(encloses(l, lMax) && encloses(l, lMax.neg())).toBe(true);
    expect(exactDecimal(l.hi).minus(lMax).toNumber()).toBeLessThan(1e-14);
    // exp(-u^2)''' extremes at u^2 = (3 -+ sqrt 6)/2
    const g = gaussThird(1, R);
    const gMax = gaussRef(new D60(1), new D60(3).minus(sqrt6).div(2).sqrt()).abs();
    expect(encloses(g, gMax) && encloses(g, gMax.neg())).toBe(true);
    expect(exactDecimal(g.hi).minus(gMax).toNumber()).toBeLessThan(1e-14);
  });
});

// ---- the energies on the whole plane ----------------------------------------------------

/** Frobenius norm from above of a full d x d x d tensor of enclosures (max |end| per entry). */
function frobeniusHi(t: Interval[][][]): number {
  let s = 0;
  for (const m of t) for (const row of m) for (const e of row) s += Math.max(e.lo * e.lo, e.hi * e.hi);
  return Math.sqrt(s);
}

const ENERGIES: { source: string; supFrobenius: Decimal; slack: number }[] = [
  // 0.5 h'''(s) (1,1)^(x3): sup = 0.5 (3/2)(4/5)^(5/2) * 2^(3/2)
  { source: '0.5*x1^2 + x2^2 + 0.5*sqrt(1 + (x1 + x2)^2)', supFrobenius: new D60(0.75).times(new D60(0.8).pow(2.5)).times(new D60(8).sqrt()), slack: 1e-14 },
  // 2 sigmoid''(s) (2,-1)^(x3): sup = 2 (1/(6 sqrt 3)) 5^(3/2)
  { source: '0.5*(x1^2 + x2^2) + 2*softplus(2*x1 - x2)', supFrobenius: new D60(2).div(new D60(3).sqrt().times(6)).times(new D60(125).sqrt()), slack: 1e-14 },
  // 0.5 h'''(x1) e1^(x3), h''' of log(1 + u^2) at u = sqrt 2 - 1
  { source: '0.5*x1^2 + 0.5*x2^2 + 0.5*log(1 + x1^2)', supFrobenius: logRef(new D60(1), sqrt2.minus(1)).abs().div(2), slack: 1e-14 },
  // |T|_F^2 = 1161 cos^2(3x1) cos^2(2x2) + 1036 sin^2(3x1) sin^2(2x2) <= 1161; entrywise maxima give
  // sqrt(27^2 + 3 18^2 + 3 12^2 + 8^2) = sqrt(2197): the interval tensor forgets that the entries
  // cannot all peak at one point.
  { source: 'x1^2 + x2^2 + sin(3*x1)*cos(2*x2)', supFrobenius: new D60(1161).sqrt(), slack: 13 },
];

describe('the issue energies: finite third-derivative enclosures on R^2', () => {
  for (const { source, supFrobenius, slack } of ENERGIES) {
    it(source, () => {
      const model: EnergyModel = { kind: 'expression', dim: 2, source };
      const t = thirdDerivativeEnclosure(model, [R, R]);
      const f = frobeniusHi(t);
      expect(Number.isFinite(f)).toBe(true);
      expect(exactDecimal(f).gte(supFrobenius)).toBe(true); // sound for the sup
      expect(f - supFrobenius.toNumber()).toBeLessThan(slack); // and tight where the tensor is rank one
      // every entry contains the 60-digit symbolic third derivative on a dense grid of the plane
      const ref = referenceThird(source.replace('softplus(2*x1 - x2)', 'log(1 + exp(2*x1 - x2))'), 2);
      const grid = [-40, -2.5, -1, -0.5, 0, 0.25, 0.5, 1.3, 3, 50];
      let sampledFrobenius = 0;
      let checked = 0;
      for (const x1 of grid) for (const x2 of grid) {
        let sq = 0;
        // the distinct entries (0,0,0), (0,0,1), (0,1,1), (1,1,1) appear 1, 3, 3, 1 times in the tensor
        for (const [a, b, c, times] of [[0, 0, 0, 1], [0, 0, 1, 3], [0, 1, 1, 3], [1, 1, 1, 1]] as const) {
          const r = ref.get(`${a},${b},${c}`)!([x1, x2]);
          if (!r.isFinite()) continue; // mathjs's x^(n-k) derivatives give 0^(-1) * 0 at a coordinate 0
          checked++;
          for (const [p, q, s] of [[a, b, c], [c, b, a], [b, c, a]] as const) {
            expect(containsReference(t[p]![q]![s]!, r), `${source} T[${p}][${q}][${s}] at (${x1}, ${x2})`).toBe(true);
          }
          sq += times * r.toNumber() ** 2;
        }
        sampledFrobenius = Math.max(sampledFrobenius, Math.sqrt(sq));
      }
      expect(f).toBeGreaterThanOrEqual(sampledFrobenius);
      expect(checked).toBeGreaterThan(0.8 * 4 * grid.length ** 2);
    }, 60_000);
  }

  it('sums mixing expressions, quadratics and a cubic add weight times each tensor', () => {
    const e = { kind: 'expression' as const, dim: 2, source: '0.5*sqrt(1 + (x1 + x2)^2)' };
    const sum: EnergyModel = { kind: 'sum', dim: 2, terms: [{ weight: 2, model: e }, { weight: 1, model: { kind: 'quadratic', dim: 2, lambda: 3, center: [0, 1] } }, { weight: -0.5, model: { kind: 'expression', dim: 2, source: 'x1^3' } }] };
    const box = [interval(-1, 2), R];
    const one = thirdDerivativeEnclosure(e, box);
    const s = thirdDerivativeEnclosure(sum, box);
    expect(s[0]![1]![1]).toEqual({ lo: 2 * one[0]![1]![1]!.lo, hi: 2 * one[0]![1]![1]!.hi });
    expect(s[0]![0]![0]!.lo).toBeLessThanOrEqual(2 * one[0]![0]![0]!.lo - 3);
    expect(s[0]![0]![0]!.hi).toBeGreaterThanOrEqual(2 * one[0]![0]![0]!.hi - 3);
    expect(s[0]![0]![0]!.hi).toBeLessThan(2 * one[0]![0]![0]!.hi - 3 + 1e-14);
  });
});
