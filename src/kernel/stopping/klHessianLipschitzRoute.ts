// The kernel re-check of a kl-hessian-lipschitz route (proofs/stopping-kl-hessian-lipschitz.md):
// M is re-derived over the stored grid cover, grad f(center) is enclosed, and the bound is evaluated
// at the stored (h, N) in interval arithmetic.
import type { Interval } from '../interval.js';
import { enclosePotential } from '../checks/common.js';
import { checkHessianLipschitz } from '../checks/hessianLipschitz.js';
import {
  klHessianLipschitzBound,
  klHessianLipschitzInapplicable,
  klHessianLipschitzStepProblem,
  type KlHessianLipschitzConstants,
} from './klHessianLipschitz.js';
import type { RouteCheck, StoppingInput, StoppingRoute } from './types.js';

function fail(reason: string): RouteCheck {
  return { ok: false, reason };
}

export function checkKlHessianLipschitz(route: StoppingRoute, input: StoppingInput, h: Interval, steps: number): RouteCheck {
  if (input.preconditioner !== undefined) return fail('kl-hessian-lipschitz is proven for plain ULA, not preconditioned ULA');
  if (input.model === undefined) return fail('kl-hessian-lipschitz needs the energy model');
  if (input.model.dim !== input.dim) return fail(`the model has dimension ${input.model.dim}, not ${input.dim}`);
  if (input.strongConvexity === undefined) return fail('kl-hessian-lipschitz needs a certified m > 0 with hess f >= m I');
  const ev = route.hessianLipschitz;
  if (ev === undefined || ev === null || typeof ev !== 'object') return fail('kl-hessian-lipschitz needs its hessianLipschitz evidence');
  if (!Array.isArray(ev.center) || ev.center.length !== input.dim || !ev.center.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    return fail(`hessianLipschitz.center: expected ${input.dim} finite numbers`);
  }
  const m = checkHessianLipschitz(input.model, input.temperature, ev.breaks);
  if (!m.ok) return fail(m.reason);
  if (!(ev.upper >= m.value.upper) || !Number.isFinite(ev.upper)) return fail(`hessianLipschitz.upper = ${ev.upper} is below the kernel's bound ${m.value.upper} on sup |D^3 f|_F`);
  const gradient = enclosePotential(input.model, input.temperature, ev.center.map((x) => ({ lo: x, hi: x }))).gradient;
  const constants: KlHessianLipschitzConstants = {
    dim: input.dim,
    alpha: input.alpha,
    smoothness: input.smoothness,
    strongConvexity: input.strongConvexity,
    hessianLipschitz: ev.upper,
    kl0: input.kl0,
    init: input.init,
    center: ev.center,
    gradientAtCenter: gradient,
  };
  const why = klHessianLipschitzInapplicable(constants) ?? klHessianLipschitzStepProblem(constants, h);
  if (why !== null) return fail(why);
  const bound = klHessianLipschitzBound(constants, h, steps);
  if (!(bound.hi <= input.epsilon)) return fail(`kl-hessian-lipschitz bound after ${steps} steps is ${bound.hi} > epsilon = ${input.epsilon}`);
  return { ok: true };
}
