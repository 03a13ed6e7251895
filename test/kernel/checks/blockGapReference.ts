// Decimal reference for the block-chain tests: the defining inequality (1) of
// proofs/poincare-decomposition.md at a vector x.
import { D, type Dec } from '../integration/reference.js';
import type { BlockEdge } from '../../../src/kernel/checks/blockGap.js';

/** Left side minus t times the right side of (1) at x, in decimals (>= 0 when t is a valid bound). */
export function inequalitySlack(q: readonly number[], edges: readonly BlockEdge[], t: number, x: readonly number[]): Dec {
  let lhs = new D(0);
  for (const e of edges) lhs = lhs.plus(new D(e.weight).times(new D(x[e.i]!).minus(x[e.j]!).pow(2)));
  let sq = new D(0), sqx = new D(0);
  q.forEach((v, i) => { sq = sq.plus(v); sqx = sqx.plus(new D(v).times(x[i]!)); });
  const c = sqx.div(sq);
  let rhs = new D(0);
  q.forEach((v, i) => { rhs = rhs.plus(new D(v).times(new D(x[i]!).minus(c).pow(2))); });
  return lhs.minus(rhs.times(t));
}
