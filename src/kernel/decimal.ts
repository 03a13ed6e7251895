// Tight enclosures of decimal literals. "0.1" is not a double: JavaScript's Number() rounds the
// decimal to the nearest double x, so the decimal lies in [nextDown(x), x] or [x, nextUp(x)].
// Which one (or [x, x] when the decimal is exactly representable) is decided by comparing the
// decimal with x exactly in BigInt arithmetic.

import { EmptyIntervalError, type Interval } from './intervalCore.js';
import { nextDown, nextUp } from './rounding.js';

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);

/** A finite non-zero double as mantissa * 2^exponent with integer mantissa (exact). */
function binaryParts(x: number): { mantissa: bigint; exponent: number } {
  f64[0] = Math.abs(x);
  const bits = i64[0]!;
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  if (biased === 0) return { mantissa: fraction, exponent: -1074 };
  return { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}

/** Sign of (digits * 10^exponent10 - mantissa * 2^exponent2) for non-negative integers. */
function compareExact(digits: bigint, exponent10: number, mantissa: bigint, exponent2: number): number {
  let left = digits;
  let right = mantissa;
  if (exponent10 >= 0) left *= 10n ** BigInt(exponent10);
  else right *= 10n ** BigInt(-exponent10);
  if (exponent2 >= 0) right *= 2n ** BigInt(exponent2);
  else left *= 2n ** BigInt(-exponent2);
  return left === right ? 0 : left < right ? -1 : 1;
}

/**
 * The tightest double interval containing the real number written as a decimal literal
 * ("0.1", "-2.5e-3", "7"). Throws EmptyIntervalError for text that is not a finite decimal.
 */
export function decimalInterval(text: string): Interval {
  const match = DECIMAL.exec(text.trim());
  if (match === null || (match[2] === '' && (match[3] ?? '') === '')) {
    throw new EmptyIntervalError(`decimalInterval: "${text}" is not a decimal literal`);
  }
  const negative = match[1] === '-';
  const fractionDigits = match[3] ?? '';
  const digits = BigInt((match[2] ?? '') + fractionDigits || '0');
  const exponentText = match[4] ?? '0';
  if (exponentText.replace(/^[+-]/, '').length > 6) {
    throw new EmptyIntervalError(`decimalInterval: "${text}" has an exponent out of range`);
  }
  const exponent10 = Number(exponentText) - fractionDigits.length;
  const x = Math.abs(Number(text.trim()));
  let lo: number;
  let hi: number;
  if (digits === 0n) {
    lo = 0;
    hi = 0;
  } else if (x === Infinity) {
    lo = Number.MAX_VALUE;
    hi = Infinity;
  } else if (x === 0) {
    lo = 0;
    hi = Number.MIN_VALUE;
  } else {
    const { mantissa, exponent } = binaryParts(x);
    const order = compareExact(digits, exponent10, mantissa, exponent);
    lo = order < 0 ? nextDown(x) : x;
    hi = order > 0 ? nextUp(x) : x;
  }
  return negative ? { lo: -hi, hi: -lo } : { lo, hi };
}
