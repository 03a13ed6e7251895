// Parsers for command-line values. Each failure is an InputError naming the option and the value.
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

/** `LO1:HI1,LO2:HI2,...`; `x:x` is a point; `inf`/`-inf` are allowed endpoints. */
export function parseBox(option: string, text: string): [number, number][] {
  const parts = String(text).trim().split(',');
  return parts.map((part, i) => {
    const m = /^\s*([^:]+):([^:]+)\s*$/.exec(part);
    if (!m) throw new InputError(`${option} ${JSON.stringify(text)}: coordinate ${i + 1} ${JSON.stringify(part)} is not LO:HI`);
    const end = (s: string): number => {
      const t = s.trim().toLowerCase();
      if (t === 'inf' || t === '+inf' || t === 'infinity' || t === '+infinity') return Infinity;
      if (t === '-inf' || t === '-infinity') return -Infinity;
      const x = t === '' ? NaN : Number(t);
      if (!Number.isFinite(x)) throw new InputError(`${option} ${JSON.stringify(text)}: coordinate ${i + 1} endpoint ${JSON.stringify(s)} is not a number`);
      return x;
    };
    const lo = end(m[1]!);
    const hi = end(m[2]!);
    if (lo > hi) throw new InputError(`${option} ${JSON.stringify(text)}: coordinate ${i + 1} has LO ${lo} > HI ${hi}`);
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
