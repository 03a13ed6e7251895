// Parsers for command-line values. Each failure is an InputError naming the option and the value.
// Numbers that enter a rigorous claim (box endpoints, KL targets) are read as exact decimals and
// rounded outward with the kernel's decimalInterval: Number("0.1") is above one tenth, so a box
// [Number(lo), Number(hi)] could miss the point the user wrote.
import { Decimal } from 'decimal.js';
import { decimalInterval } from '../kernel/decimal.js';
import { InputError } from '../util/errors.js';

export function parseFiniteNumber(option: string, text: string): number {
  const t = String(text).trim();
  const x = t === '' ? NaN : Number(t);
  if (!Number.isFinite(x)) throw new InputError(`${option} ${JSON.stringify(text)}: expected a finite number`);
  return x;
}

export function parsePositiveNumber(option: string, text: string): number {
  const x = parseFiniteNumber(option, text);
  if (!(x > 0)) throw new InputError(`${option} ${text}: must be positive`);
  return x;
}

export function parseNonNegativeInteger(option: string, text: string): number {
  const x = parseFiniteNumber(option, text);
  if (!Number.isInteger(x) || x < 0) throw new InputError(`${option} ${text}: expected a non-negative integer`);
  return x;
}

export function parsePositiveInteger(option: string, text: string): number {
  const x = parseNonNegativeInteger(option, text);
  if (x === 0) throw new InputError(`${option} ${text}: must be at least 1`);
  return x;
}

/** The most threads any command accepts (a guard against a typo starting thousands of threads). */
export const MAX_THREADS = 256;

/** --threads: a positive integer, at most MAX_THREADS. */
export function parseThreads(option: string, text: string): number {
  const x = parsePositiveInteger(option, text);
  if (x > MAX_THREADS) throw new InputError(`${option} ${text}: at most ${MAX_THREADS}`);
  return x;
}

export interface GaussianInit {
  readonly mean: number;
  readonly std: number;
}

/** `normal:MEAN,STD`: every coordinate starts at N(MEAN, STD^2). */
export function parseInit(option: string, text: string): GaussianInit {
  const m = /^normal:([^,]+),([^,]+)$/.exec(String(text).trim());
  if (!m) throw new InputError(`${option} ${JSON.stringify(text)}: expected normal:MEAN,STD (for example normal:0,1)`);
  const mean = parseFiniteNumber(`${option} mean`, m[1]!);
  const std = parseFiniteNumber(`${option} std`, m[2]!);
  if (!(std > 0)) throw new InputError(`${option} ${text}: STD must be positive`);
  return { mean, std };
}

const DECIMAL_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The decimal the text denotes, for exact comparisons (decimal.js keeps every digit given). */
function exactDecimal(option: string, text: string): Decimal {
  const t = String(text).trim();
  if (!DECIMAL_TEXT.test(t)) throw new InputError(`${option} ${JSON.stringify(text)}: expected a decimal number (like 0.1, -2, 3e-4)`);
  return new Decimal(t);
}

export interface DecimalEnclosure {
  /** The largest double <= the decimal. */
  readonly lo: number;
  /** The smallest double >= the decimal (Infinity beyond the largest double). */
  readonly hi: number;
  /** The text as given (trimmed), to record what the user asked for. */
  readonly text: string;
}

/** The tightest double interval containing the decimal written on the command line. */
export function parseDecimalEnclosure(option: string, text: string): DecimalEnclosure {
  const t = String(text).trim();
  exactDecimal(option, t);
  try {
    const { lo, hi } = decimalInterval(t);
    return { lo, hi, text: t };
  } catch {
    throw new InputError(`${option} ${JSON.stringify(text)}: the exponent is out of range`);
  }
}

/**
 * The largest double <= the decimal, which must be positive: a claim "KL <= eps" with a smaller
 * eps is stronger, so rounding eps down is sound (rounding to nearest may round up).
 */
export function parseEpsilonDown(option: string, text: string): number {
  const { lo, hi } = parseDecimalEnclosure(option, text);
  if (!(hi > 0)) throw new InputError(`${option} ${text}: must be positive`);
  if (!(lo > 0)) throw new InputError(`${option} ${text}: is below the smallest positive double (${Number.MIN_VALUE})`);
  return lo;
}

/** A TV target in (0, 1), rounded down like parseEpsilonDown (TV <= 1 always holds, so 1 asks nothing). */
export function parseTvEpsilon(option: string, text: string): number {
  const eps = parseEpsilonDown(option, text);
  if (!(eps < 1)) throw new InputError(`${option} ${text}: must be below 1 (a total variation distance is at most 1)`);
  return eps;
}

/**
 * `LO1:HI1,LO2:HI2,...`; `x:x` is a point; `inf`/`-inf` are allowed as the upper/lower end.
 * Each end is rounded outward (LO down, HI up), so the box of doubles contains the decimal box.
 */
export function parseBox(option: string, text: string): [number, number][] {
  const parts = String(text).trim().split(',');
  return parts.map((part, i) => {
    const m = /^\s*([^:]+):([^:]+)\s*$/.exec(part);
    const where = `${option} ${JSON.stringify(text)}: coordinate ${i + 1}`;
    if (!m) throw new InputError(`${where} ${JSON.stringify(part)} is not LO:HI`);
    const infinity = (s: string): number | null => {
      const t = s.trim().toLowerCase();
      if (t === 'inf' || t === '+inf' || t === 'infinity' || t === '+infinity') return Infinity;
      if (t === '-inf' || t === '-infinity') return -Infinity;
      return null;
    };
    const loInfinite = infinity(m[1]!);
    const hiInfinite = infinity(m[2]!);
    // A box coordinate must contain a real number: [inf, inf] and [-inf, -inf] contain none.
    if (loInfinite === Infinity) throw new InputError(`${where} has LO = inf (the coordinate would contain no real number)`);
    if (hiInfinite === -Infinity) throw new InputError(`${where} has HI = -inf (the coordinate would contain no real number)`);
    const endpointOption = (which: string): string => `${where} ${which}`;
    const loDecimal = loInfinite === null ? exactDecimal(endpointOption('LO'), m[1]!) : null;
    const hiDecimal = hiInfinite === null ? exactDecimal(endpointOption('HI'), m[2]!) : null;
    if (loDecimal !== null && hiDecimal !== null && loDecimal.gt(hiDecimal))
      throw new InputError(`${where} has LO ${m[1]!.trim()} > HI ${m[2]!.trim()}`);
    const lo = loInfinite ?? parseDecimalEnclosure(endpointOption('LO'), m[1]!).lo;
    const hi = hiInfinite ?? parseDecimalEnclosure(endpointOption('HI'), m[2]!).hi;
    return [lo, hi] as [number, number];
  });
}

/** `W1,W2,...` as finite numbers (signs allowed: the checker refutes what breaks normalizability). */
export function parseWeights(option: string, text: string, expected?: number): number[] {
  const ws = String(text).split(',').map((w, i) => parseFiniteNumber(`${option} weight ${i + 1}`, w));
  if (expected !== undefined && ws.length !== expected)
    throw new InputError(`${option} ${text}: got ${ws.length} weights for ${expected} energies`);
  return ws;
}
