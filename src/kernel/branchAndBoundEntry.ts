// One entry of a tightened enclosure: the branch and bound of one objective, as a pure function of
// (model, box, objective, options). Both the serial loop and the worker threads run exactly this,
// so a result does not depend on which thread computed it or how many threads there were.
import type { Interval } from './interval.js';
import type { Box } from './box.js';
import type { EnergyModel } from './model.js';
import { boundRange, type RangeOptions } from './branchAndBound.js';
import { objectiveEnclosure, type Objective } from './branchAndBoundObjective.js';
import { compileModelEnclosure, type CompiledEnclosure } from './enclosure.js';

export interface EntryOptions extends RangeOptions {
  readonly temperature?: number | Interval;
}

export interface EntryResult {
  /** lo <= the entry's min over the box, hi >= its max. */
  readonly range: Interval;
  readonly converged: boolean;
  readonly evaluations: number;
}

/** The objectives of a full enclosure, in output order: value, gradient, Hessian upper triangle (row-major). */
export function enclosureObjectives(d: number): Objective[] {
  const objectives: Objective[] = [{ kind: 'value' }];
  for (let a = 0; a < d; a++) objectives.push({ kind: 'gradient', index: a });
  for (let a = 0; a < d; a++) for (let b = a; b < d; b++) objectives.push({ kind: 'hessian', row: a, col: b });
  return objectives;
}

export function boundEntry(compiled: CompiledEnclosure, box: Box, objective: Objective, options: EntryOptions): EntryResult {
  const r = boundRange(objectiveEnclosure(compiled, objective, options.temperature ?? 1), box, options);
  return { range: { lo: r.min.lo, hi: r.max.hi }, converged: r.converged, evaluations: r.evaluations };
}

/** Compiles `model` (for callers that hold a model rather than a compiled enclosure, such as a worker). */
export function compileForEntries(model: EnergyModel): CompiledEnclosure {
  return compileModelEnclosure(model);
}
