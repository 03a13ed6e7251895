// Small shared pieces of the hypothesis checks: f = E / T in interval arithmetic, and the
// shape every check returns (what it re-derived, and whether the stored evidence was usable).
import { div, point, type Interval } from '../interval.js';
import type { EnergyModel } from '../model.js';
import { encloseModel } from '../enclosure.js';
import type { Box } from './cover.js';

export type CheckOutcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export interface PotentialEnclosure {
  readonly value: Interval;
  readonly gradient: Interval[];
  readonly hessian: Interval[][];
}

/** Enclosures of f = E / T (and its derivatives) over a box. T is divided in interval arithmetic,
 *  so a temperature that is not a power of two is still handled soundly. */
export function enclosePotential(model: EnergyModel, temperature: number, box: Box): PotentialEnclosure {
  const e = encloseModel(model, box as Interval[]);
  const t = point(temperature);
  return {
    value: div(e.value, t),
    gradient: e.gradient.map((g) => div(g, t)),
    hessian: e.hessian.map((row) => row.map((h) => div(h, t))),
  };
}

export function validTemperature(temperature: number): string | undefined {
  if (!(Number.isFinite(temperature) && temperature > 0)) return `temperature ${temperature}: must be a positive finite number`;
  return undefined;
}

export function hasNaN(x: Interval): boolean {
  return Number.isNaN(x.lo) || Number.isNaN(x.hi);
}

/** Runs an enclosure; an enclosure that throws (a domain error, an empty Hessian entry) proves
 *  nothing, so the caller gets undefined and treats the box as unbounded. */
export function tryEnclose<R>(f: () => R): R | undefined {
  let result: R | undefined;
  try {
    result = f();
  } catch {
    // result stays undefined
  }
  return result;
}
