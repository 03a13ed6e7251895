// Producer helper (untrusted): the quadratic regulariser of an energy, whose growth the Lyapunov tail
// (lyapunovTail.ts) needs and whose presence lets the network grid's cut rounds leave the unbounded
// frame sets out of their objective (networkGrid.ts).
import type { Energy } from '../energy/types.js';
import { flattenSum } from '../kernel/checks/sumModel.js';

/** The regulariser's centre and lambda times its weight, or why there is none (the tail needs its growth). */
export function regulariser(energy: Energy): { center: number[]; lambda: number } | string {
  const q = flattenSum(energy.model).filter((t) => t.model.kind === 'quadratic');
  if (q.length !== 1) return q.length === 0 ? 'no quadratic regulariser: the drift condition needs its growth' : 'more than one quadratic term';
  const t = q[0]!;
  if (t.model.kind !== 'quadratic' || !(t.weight * t.model.lambda > 0)) return 'the regulariser is not confining';
  return { center: [...t.model.center], lambda: t.weight * t.model.lambda };
}
