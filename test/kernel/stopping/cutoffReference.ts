// The cut-off of the localisation route written out independently in 60-digit decimals (Lemma 5 of
// proofs/stopping-localisation.md): c = 1 on [a, b], 0 outside [a - w, b + w], S((x - a + w) / w) on the
// left transition, S((b + w - x) / w) on the right, S(u) = u^3 (10 - 15 u + 6 u^2).
import type { Decimal } from 'decimal.js';
import type { AxisCutoff } from '../../../src/kernel/stopping/localisationCutoff.js';
import { D60, d60 } from '../intervalReference.js';

/** S, S', S'' at u. */
export function smoothstepReference(u: Decimal): [Decimal, Decimal, Decimal] {
  return [
    u.pow(3).times(new D60(10).minus(u.times(15)).plus(u.pow(2).times(6))),
    u.pow(2).times(new D60(1).minus(u).pow(2)).times(30),
    u.times(new D60(1).minus(u)).times(new D60(1).minus(u.times(2))).times(60),
  ];
}

/** c, c', c'' of the cut-off at x. */
export function cutoffReference(x: Decimal, c: AxisCutoff): [Decimal, Decimal, Decimal] {
  const a = d60(c.lo), b = d60(c.hi), w = d60(c.width);
  if (x.lte(a.minus(w)) || x.gte(b.plus(w))) return [new D60(0), new D60(0), new D60(0)];
  if (x.gte(a) && x.lte(b)) return [new D60(1), new D60(0), new D60(0)];
  if (x.lt(a)) {
    const [s, s1, s2] = smoothstepReference(x.minus(a).plus(w).div(w));
    return [s, s1.div(w), s2.div(w.pow(2))];
  }
  const [s, s1, s2] = smoothstepReference(b.plus(w).minus(x).div(w));
  return [s, s1.neg().div(w), s2.div(w.pow(2))];
}
