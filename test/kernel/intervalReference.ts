// High-precision references for the kernel's interval tests: exact decimal values of doubles and
// enclosure checks that never call the Math.* function under test.

import { Decimal } from 'decimal.js';
import type { Interval } from '../../src/kernel/interval.js';

/** decimal.js at 60 significant digits for transcendental references. */
export const D60 = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -9e15, toExpPos: 9e15, minE: -9e15, maxE: 9e15 });
/** decimal.js with enough digits to hold any double and any sum/product of two doubles exactly. */
export const DEXACT = Decimal.clone({ precision: 1200, toExpNeg: -9e15, toExpPos: 9e15, minE: -9e15, maxE: 9e15 });

const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);

/** The exact value of a finite double as a decimal (Decimal(number) would use the shortest round-trip text). */
export function exactDecimal(x: number): Decimal {
  if (!Number.isFinite(x)) throw new Error(`exactDecimal: ${x} is not finite`);
  if (x === 0) return new DEXACT(0);
  f64[0] = x;
  const bits = i64[0]!;
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & ((1n << 52n) - 1n);
  let exponent: number;
  if (biased === 0) exponent = -1074;
  else {
    mantissa |= 1n << 52n;
    exponent = biased - 1075;
  }
  // m * 2^e = m * 5^-e * 10^e for e < 0: exact digits from BigInt arithmetic.
  const digits = exponent >= 0 ? (mantissa << BigInt(exponent)).toString() : `${(mantissa * 5n ** BigInt(-exponent)).toString()}e${exponent}`;
  return new DEXACT(bits < 0n ? `-${digits}` : digits);
}

/** x as a D60 number (its digits kept exactly; D60 rounds only the results of operations). */
export function d60(x: number): Decimal {
  return new D60(exactDecimal(x));
}

/** Whether the real number r (a Decimal) lies in the interval a. */
export function encloses(a: Interval, r: Decimal): boolean {
  const aboveLo = a.lo === -Infinity || (a.lo !== Infinity && exactDecimal(a.lo).lte(r));
  const belowHi = a.hi === Infinity || (a.hi !== -Infinity && exactDecimal(a.hi).gte(r));
  return aboveLo && belowHi;
}

/** A readable failure message with the worst violation. */
export function describeMiss(what: string, a: Interval, r: Decimal): string {
  return `${what}: exact ${r.toSignificantDigits(25).toString()} not in [${a.lo}, ${a.hi}]`;
}

/** Points inside a (bounded part of an unbounded interval included), deterministic. */
export function samplePoints(a: Interval, count: number): number[] {
  const lo = a.lo === -Infinity ? Math.min(-50, a.hi - 50) : a.lo;
  const hi = a.hi === Infinity ? Math.max(50, lo + 50) : a.hi;
  const points = [lo, hi];
  for (let i = 1; i < count - 1; i++) points.push(lo + ((hi - lo) * i) / (count - 1));
  return points.map((x) => Math.min(hi, Math.max(lo, x))).filter((x) => Number.isFinite(x));
}
