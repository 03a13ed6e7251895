// The registry of unary functions an expression may call: for each, phi, phi' and phi'' over an
// interval (the range of the argument), fed to the chain rule in dual.ts. Each rule carries its
// one-line derivative.

import { activationEnclosure } from '../activations.js';
import { cos, exp, log, sin } from '../elementary.js';
import { abs, ENTIRE, interval, mul, neg, ONE, point, recip, scale, sqr, sqrt, ZERO, type Interval } from '../intervalCore.js';

export interface UnaryEnclosure {
  readonly value: Interval;
  readonly d1: Interval;
  readonly d2: Interval;
}

export type UnaryRule = (u: Interval) => UnaryEnclosure;

const MINUS_QUARTER = point(-0.25);

export const UNARY_FUNCTIONS: Readonly<Record<string, UnaryRule>> = {
  // d/du exp(u) = exp(u)
  exp: (u) => {
    const e = exp(u);
    return { value: e, d1: e, d2: e };
  },
  // d/du log(u) = 1/u, d2 = -1/u^2 (IntervalDomainError unless u >= 0 on the box)
  log: (u) => {
    const r = recip(u);
    return { value: log(u), d1: r, d2: neg(sqr(r)) };
  },
  // d/du sqrt(u) = 1 / (2 sqrt u), d2 = -1 / (4 u sqrt u)
  sqrt: (u) => {
    const s = sqrt(u);
    return { value: s, d1: scale(recip(s), 0.5), d2: mul(MINUS_QUARTER, recip(mul(u, s))) };
  },
  // tanh' = 1 - tanh^2, sigmoid' = sigmoid (1 - sigmoid), softplus' = sigmoid: exact ranges from activations.ts
  tanh: (u) => activationEnclosure('tanh', u),
  sigmoid: (u) => activationEnclosure('sigmoid', u),
  softplus: (u) => activationEnclosure('softplus', u),
  // sin' = cos, sin'' = -sin
  sin: (u) => {
    const s = sin(u);
    return { value: s, d1: cos(u), d2: neg(s) };
  },
  // cos' = -sin, cos'' = -cos
  cos: (u) => {
    const c = cos(u);
    return { value: c, d1: neg(sin(u)), d2: neg(c) };
  },
  // |u|' = sign(u); |u|'' = 0 away from 0. Where the range of u contains 0 the second derivative
  // does not exist (a kink): the Hessian enclosure is then ENTIRE, the gradient uses [-1, 1].
  abs: (u) => {
    if (u.lo > 0) return { value: u, d1: ONE, d2: ZERO };
    if (u.hi < 0) return { value: neg(u), d1: point(-1), d2: ZERO };
    return { value: abs(u), d1: interval(-1, 1), d2: ENTIRE };
  },
};
