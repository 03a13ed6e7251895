// Every entry of the enclosure (value, gradient, Hessian) tightened by its own branch and bound:
// what `emcert bounds` prints and what producers use when one plain enclosure is too loose.
import type { Interval } from './interval.js';
import type { Box } from './box.js';
import type { RangeOptions } from './branchAndBound.js';
import { describeObjective, type Objective } from './branchAndBoundObjective.js';
import { boundEntry, enclosureObjectives, type EntryResult } from './branchAndBoundEntry.js';
import type { CompiledEnclosure } from './enclosure.js';

export interface TightenedEntry {
  readonly objective: Objective;
  /** lo <= the entry's min over the box, hi >= its max. */
  readonly range: Interval;
  readonly converged: boolean;
  readonly evaluations: number;
}

export interface TightenedEnclosure {
  readonly value: Interval;
  readonly gradient: Interval[];
  readonly hessian: Interval[][];
  /** Every entry that was bounded (the Hessian's upper triangle), with its convergence. */
  readonly entries: TightenedEntry[];
}

/** Runs branch and bound on E/T's value, each gradient component and each Hessian entry (a <= b) over `box`. */
export function tightenedEnclosure(
  compiled: CompiledEnclosure,
  box: Box,
  options: RangeOptions & { readonly temperature?: number | Interval; readonly onEntry?: (done: number, total: number) => void } = {},
): TightenedEnclosure {
  const d = compiled.dim;
  const objectives = enclosureObjectives(d);
  const results = objectives.map((objective, i) => {
    const r = boundEntry(compiled, box, objective, options);
    options.onEntry?.(i + 1, objectives.length);
    return r;
  });
  return assembleEnclosure(d, objectives, results);
}

/** The enclosure from per-entry results in the order of enclosureObjectives(d). */
export function assembleEnclosure(d: number, objectives: readonly Objective[], results: readonly EntryResult[]): TightenedEnclosure {
  const entries: TightenedEntry[] = objectives.map((objective, i) => ({ objective, ...results[i]! }));
  const find = (name: string): Interval => entries.find((e) => describeObjective(e.objective) === name)!.range;
  return {
    value: entries[0]!.range,
    gradient: Array.from({ length: d }, (_, a) => find(`gradient[${a}]`)),
    hessian: Array.from({ length: d }, (_, a) => Array.from({ length: d }, (_, b) => find(`hessian[${Math.min(a, b)}][${Math.max(a, b)}]`))),
    entries,
  };
}
