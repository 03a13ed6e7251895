// The exact value of a double as a decimal.js number (new Decimal(x) would read the shortest
// round-trip text of x, which differs from the double by up to half an ulp).
import { Decimal } from 'decimal.js';

const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);
const EXACT = Decimal.clone({ precision: 1200, toExpNeg: -9e15, toExpPos: 9e15, minE: -9e15, maxE: 9e15 });

export function exactDecimalString(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`exactDecimalString: ${x} is not finite`);
  if (x === 0) return '0';
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
  // m 2^e = m 5^-e 10^e for e < 0, digits from BigInt arithmetic.
  const digits = exponent >= 0 ? (mantissa << BigInt(exponent)).toString() : `${(mantissa * 5n ** BigInt(-exponent)).toString()}e${exponent}`;
  return new EXACT(bits < 0n ? `-${digits}` : digits).toString();
}
