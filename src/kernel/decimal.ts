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

/** 10^k for k >= 0, exact (BigInt; number powers are not used in the kernel). */
function powerOfTen(k: number): bigint {
  return 10n ** BigInt(k);
}

/** 2^k for k >= 0, exact. */
function powerOfTwo(k: number): bigint {
  return 1n << BigInt(k);
}

/** Sign of (digits * 10^exponent10 - mantissa * 2^exponent2) for non-negative integers. */
function compareExact(digits: bigint, exponent10: number, mantissa: bigint, exponent2: number): number {
  let left = digits;
  let right = mantissa;
  if (exponent10 >= 0) left *= powerOfTen(exponent10);
  else right *= powerOfTen(-exponent10);
  if (exponent2 >= 0) right *= powerOfTwo(exponent2);
  else left *= powerOfTwo(-exponent2);
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

/**
 * The tightest double interval containing the integer k: Number(k) rounds to nearest (ECMA-262
 * Number(bigint)), and BigInt(Number(k)) is exact, so one comparison decides the side.
 */
export function integerInterval(k: bigint): Interval {
  const magnitude = k < 0n ? -k : k;
  const x = Number(magnitude);
  let lo: number;
  let hi: number;
  if (x === Infinity) {
    lo = Number.MAX_VALUE;
    hi = Infinity;
  } else {
    const nearest = BigInt(x);
    lo = nearest > magnitude ? nextDown(x) : x;
    hi = nearest < magnitude ? nextUp(x) : x;
  }
  return k < 0n ? { lo: -hi, hi: -lo } : { lo, hi };
}

/**
 * The integer written as the decimal literal ("12", "1.5e3", "-4.00"), exactly, or null when the
 * literal is not an integer or has more than maxDigits digits before the point (callers then
 * treat it as a real constant, enclosed by decimalInterval).
 */
export function decimalInteger(text: string, maxDigits = 400): bigint | null {
  const match = DECIMAL.exec(text.trim());
  if (match === null || (match[2] === '' && (match[3] ?? '') === '')) return null;
  const fractionDigits = match[3] ?? '';
  let digits = BigInt((match[2] ?? '') + fractionDigits || '0');
  if (digits === 0n) return 0n;
  const exponentText = match[4] ?? '0';
  if (exponentText.replace(/^[+-]/, '').length > 6) return null;
  let exponent10 = Number(exponentText) - fractionDigits.length;
  while (exponent10 < 0 && digits % 10n === 0n) {
    digits /= 10n;
    exponent10++;
  }
  if (exponent10 < 0 || digits.toString().length + exponent10 > maxDigits) return null;
  const value = digits * powerOfTen(exponent10);
  return match[1] === '-' ? -value : value;
}

/**
 * The exact decimal expansion of a finite double (every binary64 value is a finite decimal:
 * m 2^-k = m 5^k 10^-k). Used to show what a double really is, e.g. 0.1 ->
 * "0.1000000000000000055511151231257827021181583404541015625".
 */
export function exactDecimalString(x: number): string {
  if (!Number.isFinite(x)) throw new EmptyIntervalError(`exactDecimalString: ${x} is not finite`);
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const sign = x < 0 ? '-' : '';
  const { mantissa, exponent } = binaryParts(x);
  if (exponent >= 0) return sign + (mantissa * powerOfTwo(exponent)).toString();
  // mantissa / 2^k = mantissa 5^k / 10^k: k fractional digits.
  const k = -exponent;
  const scaled = (mantissa * 5n ** BigInt(k)).toString().padStart(k + 1, '0');
  const integerPart = scaled.slice(0, scaled.length - k);
  const fraction = scaled.slice(scaled.length - k).replace(/0+$/, '');
  return sign + integerPart + (fraction === '' ? '' : `.${fraction}`);
}
