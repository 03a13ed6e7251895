// The kernel's interval arithmetic: one import point for every other kernel module.
// Type and exact-operation layer in intervalCore.ts, elementary functions in elementary.ts,
// decimal literals in decimal.ts, directed rounding in rounding.ts.
// Soundness argument: proofs/interval-arithmetic.md.

export {
  type Interval,
  EmptyIntervalError,
  IntervalDomainError,
  interval,
  point,
  ENTIRE,
  ZERO,
  ONE,
  neg,
  add,
  sub,
  addScalar,
  mul,
  scale,
  recip,
  div,
  sqr,
  powInt,
  sqrt,
  abs,
  min,
  max,
  hull,
  intersect,
  width,
  midpoint,
  contains,
  isPoint,
  isBounded,
} from './intervalCore.js';
export { exp, expm1, log, log1p, tanh, sigmoid, softplus, pow, sin, cos } from './elementary.js';
export { decimalInterval } from './decimal.js';
export { nextUp, nextDown } from './rounding.js';
