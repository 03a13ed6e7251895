// Directed rounding for IEEE-754 binary64 without access to the FPU rounding mode.
//
// JavaScript only rounds to nearest. Every basic operation (+ - * / sqrt) is correctly rounded,
// so its exact result lies within half an ulp of the double returned: stepping one ulp outward
// (nextDown for a lower bound, nextUp for an upper bound) therefore always encloses it.
// Transcendental functions from Math.* are not correctly rounded; they are widened by
// `mathLo`/`mathHi` with the margin justified in proofs/interval-arithmetic.md.

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
// Which 32-bit half holds the sign and exponent depends on the platform's byte order.
f64[0] = 1;
const HIGH = u32[1] === 0x3ff00000 ? 1 : 0;
const LOW = 1 - HIGH;

/**
 * 2^k, exactly, for an integer k in [-1074, 1023], built from its bit pattern: the kernel does
 * not use `**` or Math.pow on numbers (neither is specified to be exact).
 */
export function powerOfTwo(k: number): number {
  if (!Number.isInteger(k) || k < -1074 || k > 1023) throw new RangeError(`powerOfTwo: 2^${k} is not a finite non-zero double`);
  if (k >= -1022) {
    u32[HIGH] = (k + 1023) * 0x100000; // biased exponent in bits 52..62, fraction 0
    u32[LOW] = 0;
  } else {
    const bit = k + 1074; // subnormal: 2^k = 2^bit * 2^-1074, a single fraction bit
    // Stryker disable next-line ArithmeticOperator: equivalent, JavaScript shift counts are taken mod 32 (bit + 32 = bit - 32 mod 32)
    u32[HIGH] = bit >= 32 ? 1 << (bit - 32) : 0;
    u32[LOW] = bit < 32 ? (bit === 31 ? 0x80000000 : 1 << bit) : 0;
  }
  return f64[0]!;
}

/** Increments the magnitude of the double stored in f64 by one unit in the last place. */
function stepMagnitudeUp(): void {
  const low = u32[LOW]!;
  if (low === 0xffffffff) {
    u32[LOW] = 0;
    u32[HIGH] = u32[HIGH]! + 1;
  } else {
    u32[LOW] = low + 1;
  }
}

/** Decrements the magnitude of the (non-zero) double stored in f64 by one unit in the last place. */
function stepMagnitudeDown(): void {
  const low = u32[LOW]!;
  if (low === 0) {
    u32[LOW] = 0xffffffff;
    u32[HIGH] = u32[HIGH]! - 1;
  } else {
    u32[LOW] = low - 1;
  }
}

/** The smallest double strictly greater than x (IEEE 754 nextUp); nextUp(-Infinity) = -MAX_VALUE. */
export function nextUp(x: number): number {
  if (x !== x || x === Infinity) return x;
  if (x === 0) return Number.MIN_VALUE;
  f64[0] = x;
  if (x > 0) stepMagnitudeUp();
  else stepMagnitudeDown();
  return f64[0]!;
}

/** The largest double strictly less than x (IEEE 754 nextDown); nextDown(Infinity) = MAX_VALUE. */
export function nextDown(x: number): number {
  return -nextUp(-x);
}

/**
 * Relative margin for Math.* transcendentals: 2^-50 = 4 * 2^-52, i.e. four ulps of the result.
 * fdlibm (which V8 ports for exp, log, log1p, expm1, sin, cos, tanh) documents errors below
 * 1 ulp; the largest error measured on this machine is about 2 ulp (Math.tanh). See proofs/.
 */
export const MATH_RELATIVE_MARGIN = powerOfTwo(-50);
/** Absolute floor of the margin, covering results in the subnormal range (ulp = 2^-1074). */
export const MATH_ABSOLUTE_MARGIN = powerOfTwo(-1060);

/** Math.f returned Infinity: the exact value is at least MAX_VALUE less the margin. */
const OVERFLOW_FLOOR = nextDown(Number.MAX_VALUE - Number.MAX_VALUE * MATH_RELATIVE_MARGIN);

/**
 * A lower bound of the exact f(x) given y = Math.f(x), valid when |y - f(x)| <= 3 ulp(f(x)).
 * An infinite y (overflow) gives the finite bound OVERFLOW_FLOOR on the inner side.
 */
export function mathLo(y: number): number {
  if (y === Infinity) return OVERFLOW_FLOOR;
  if (y === -Infinity) return -Infinity;
  return nextDown(y - (Math.abs(y) * MATH_RELATIVE_MARGIN + MATH_ABSOLUTE_MARGIN));
}

/** An upper bound of the exact f(x) given y = Math.f(x); see mathLo. */
export function mathHi(y: number): number {
  if (y === -Infinity) return -OVERFLOW_FLOOR;
  if (y === Infinity) return Infinity;
  return nextUp(y + (Math.abs(y) * MATH_RELATIVE_MARGIN + MATH_ABSOLUTE_MARGIN));
}

/** Lower bound of an exact result whose correctly rounded value is r (one ulp down; 0 stays exact only if the caller knows). */
export function roundDown(r: number): number {
  return nextDown(r);
}

/** Upper bound of an exact result whose correctly rounded value is r. */
export function roundUp(r: number): number {
  return nextUp(r);
}

// ---- Tight directed rounding of + - * / ------------------------------------------------------
// The error-free transformations TwoSum (Knuth) and TwoProduct (Dekker, Veltkamp splitting)
// give the exact rounding error of a correctly rounded operation, so a bound moves by one ulp
// only on the side where the exact result actually lies (and not at all when it is exact).
// Outside the ranges where these transformations are exact (overflow; Dekker's splitting above
// 2^995; results near underflow) they fall back to one ulp outward on both sides.

const SPLITTER = 134217729; // 2^27 + 1
const SPLIT_LIMIT = powerOfTwo(995);
const PRODUCT_FLOOR = powerOfTwo(-960);
const NORMAL_FLOOR = powerOfTwo(-1022);

/** Sign of (a + b) - fl(a + b), exact whenever s is finite. */
function sumErrorSign(a: number, b: number, s: number): number {
  const bb = s - a;
  const err = a - (s - bb) + (b - bb);
  return err > 0 ? 1 : err < 0 ? -1 : 0;
}

/** The exact error e = x*y - fl(x*y) (Dekker), valid in the guarded range; NaN outside it. */
function productError(x: number, y: number, p: number): number {
  const ap = Math.abs(p);
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  if (!(ap >= PRODUCT_FLOOR && ap <= SPLIT_LIMIT && ax <= SPLIT_LIMIT && ay <= SPLIT_LIMIT && ax >= NORMAL_FLOOR && ay >= NORMAL_FLOOR)) {
    return NaN;
  }
  let t = SPLITTER * x;
  const xh = t - (t - x);
  const xl = x - xh;
  t = SPLITTER * y;
  const yh = t - (t - y);
  const yl = y - yh;
  return xh * yh - p + xh * yl + xl * yh + xl * yl;
}

export function addLo(a: number, b: number): number {
  const s = a + b;
  if (!Number.isFinite(s)) return s === Infinity ? Number.MAX_VALUE : s;
  return sumErrorSign(a, b, s) < 0 ? nextDown(s) : s;
}

export function addHi(a: number, b: number): number {
  const s = a + b;
  if (!Number.isFinite(s)) return s === -Infinity ? -Number.MAX_VALUE : s;
  return sumErrorSign(a, b, s) > 0 ? nextUp(s) : s;
}

/** Lower bound of x*y for finite or infinite factors, 0 * Infinity = 0 (interval convention). */
export function mulLo(x: number, y: number): number {
  if (x === 0 || y === 0) return 0;
  const p = x * y;
  if (!Number.isFinite(p)) return p === Infinity && Number.isFinite(x) && Number.isFinite(y) ? Number.MAX_VALUE : p;
  const e = productError(x, y, p);
  if (e === 0 || e > 0) return p;
  return nextDown(p);
}

export function mulHi(x: number, y: number): number {
  if (x === 0 || y === 0) return 0;
  const p = x * y;
  if (!Number.isFinite(p)) return p === -Infinity && Number.isFinite(x) && Number.isFinite(y) ? -Number.MAX_VALUE : p;
  const e = productError(x, y, p);
  if (e === 0 || e < 0) return p;
  return nextUp(p);
}

/** Sign of x/y - fl(x/y) for finite x, non-zero finite y; NaN outside the guarded range. */
function quotientErrorSign(x: number, y: number, q: number): number {
  const e = productError(q, y, q * y);
  if (Number.isNaN(e)) return NaN;
  // x - q*y = (x - p) - e with p = fl(q*y); x - p is exact (Sterbenz: p is within a factor 2 of x).
  const r = x - q * y - e;
  const s = r > 0 ? 1 : r < 0 ? -1 : 0;
  return y > 0 ? s : -s;
}

/** Lower bound of x/y (y non-zero; infinite operands follow IEEE limits). */
export function divLo(x: number, y: number): number {
  if (x === 0) return 0;
  const q = x / y;
  if (q === Infinity && Number.isFinite(x)) return Number.MAX_VALUE;
  if (!Number.isFinite(q) || !Number.isFinite(x) || !Number.isFinite(y)) return q;
  const s = quotientErrorSign(x, y, q);
  return s >= 0 ? q : nextDown(q);
}

export function divHi(x: number, y: number): number {
  if (x === 0) return 0;
  const q = x / y;
  if (q === -Infinity && Number.isFinite(x)) return -Number.MAX_VALUE;
  if (!Number.isFinite(q) || !Number.isFinite(x) || !Number.isFinite(y)) return q;
  const s = quotientErrorSign(x, y, q);
  return s <= 0 ? q : nextUp(q);
}
