// The trusted re-check of a stopping route: re-derive the route's guarantee KL(rho_N || pi) <= eps
// at the stored step size and step count with interval arithmetic. Nothing is searched here.
import { mul, point, type Interval } from '../interval.js';
import { encloseGaussianUlaKl } from './gaussianUla.js';
import { encloseGaussianPreconditionedUlaKl } from './gaussianUlaPreconditioned.js';
import { invalidFactor } from '../checks/preconditioned.js';
import { gridPropagationBounds } from './gridPropagation.js';
import { checkKlHessianLipschitz } from './klHessianLipschitzRoute.js';
import { checkLocalisationRoute } from './localisationRoute.js';
import { ROUTE_THEOREMS, type RouteCheck, type StoppingInput, type StoppingRoute } from './types.js';
import {
  vempalaWibisonoBound,
  vempalaWibisonoInapplicable,
  vempalaWibisonoMaxStep,
  vempalaWibisonoSeedStep,
} from './vempalaWibisono.js';

function fail(reason: string): RouteCheck {
  return { ok: false, reason };
}

/** Checks the fields every route shares and returns the enclosure of h = eta * T (the true f-unit step). */
function commonChecks(route: StoppingRoute, input: StoppingInput): Interval | string {
  if (!Object.prototype.hasOwnProperty.call(ROUTE_THEOREMS, route.route)) return `unknown route '${String(route.route)}'`;
  if (route.theorem !== ROUTE_THEOREMS[route.route]) {
    return `route '${route.route}' must cite ${ROUTE_THEOREMS[route.route]}, not '${route.theorem}'`;
  }
  if (route.applies !== true) return `route '${route.route}' is marked as not applicable`;
  const metric = route.route === 'grid-propagation' || route.route === 'localisation' ? 'TV' : 'KL';
  if ((route.metric ?? 'KL') !== metric) return `route '${route.route}' bounds ${metric}, not ${String(route.metric)}`;
  if (!Number.isInteger(input.dim) || input.dim < 1) return `dim = ${input.dim}: expected a positive integer`;
  if (!(input.temperature > 0) || !Number.isFinite(input.temperature)) return `temperature = ${input.temperature}: expected > 0`;
  if (!(input.epsilon > 0) || !Number.isFinite(input.epsilon)) return `epsilon = ${input.epsilon}: expected > 0`;
  if (input.preconditioner !== undefined) {
    const bad = invalidFactor(input.preconditioner, input.dim);
    if (bad) return bad;
  }
  const { stepSize, h, steps } = route;
  // undefined fails each test below (!(undefined > 0), !Number.isSafeInteger(undefined), !(undefined >= x)),
  // so no separate `=== undefined` test is needed (it would be an untestable duplicate).
  if (!(stepSize! > 0) || !Number.isFinite(stepSize)) return `stepSize = ${stepSize}: expected a finite number > 0`;
  if (!Number.isSafeInteger(steps) || steps! < 0) return `steps = ${steps}: expected an integer >= 0`;
  // The engine runs eta = stepSize at temperature T; in f-units that is h = eta * T exactly.
  const hTrue = mul(point(stepSize!), point(input.temperature));
  if (!(h! >= hTrue.lo && h! <= hTrue.hi)) {
    return `h = ${h} is not stepSize * temperature = ${stepSize} * ${input.temperature}`;
  }
  return hTrue;
}

/**
 * ok only if the route's guarantee KL(rho_steps || pi) <= epsilon is re-derived here at the stored
 * stepSize and steps. An interval operation that throws (a domain error from tampered evidence)
 * is a failed check, never an accepted one.
 */
export function checkStoppingRoute(route: StoppingRoute, input: StoppingInput): RouteCheck {
  try {
    return checkUnguarded(route, input);
  } catch (e) {
    return fail(`route '${String(route.route)}': ${e instanceof Error ? e.message : String(e)}`);
  }
}

function checkUnguarded(route: StoppingRoute, input: StoppingInput): RouteCheck {
  const common = commonChecks(route, input);
  if (typeof common === 'string') return fail(common);
  const h = common;
  const steps = route.steps!;
  switch (route.route) {
    case 'vempala-wibisono-seed':
    case 'vempala-wibisono-optimised': {
      const constants = { dim: input.dim, alpha: input.alpha, smoothness: input.smoothness, kl0: input.kl0 };
      const why = vempalaWibisonoInapplicable(constants);
      if (why !== null) return fail(why);
      // LSI(alpha) and |hess f| <= L force alpha <= L (proofs/stopping-vempala-wibisono.md, step 4); the
      // proof uses it, so inconsistent constants are refused rather than trusted.
      if (!(input.alpha <= input.smoothness)) return fail(`alpha = ${input.alpha} > L = ${input.smoothness}: inconsistent constants`);
      const hMax = vempalaWibisonoMaxStep(constants);
      if (!(h.hi <= hMax.lo)) return fail(`h = ${route.h} exceeds alpha / (4 L^2) = ${hMax.lo}`);
      if (route.route === 'vempala-wibisono-seed') {
        // The seed route is the fixed choice h = min(alpha/(4L^2), alpha eps/(16 d L^2))
        // (proofs/stopping-vempala-wibisono.md: the bias c h is then <= eps/2); the
        // producer shrinks it by at most 1e-9 for rounding. Another step is another route.
        const seed = vempalaWibisonoSeedStep(constants, input.epsilon);
        if (!(h.hi <= seed.hi && h.lo >= seed.lo * (1 - 1e-9))) {
          return fail(`h = ${route.h} is not the seed's min(alpha/(4L^2), alpha eps/(16 d L^2)) = ${seed.lo}`);
        }
      }
      const bound = vempalaWibisonoBound(constants, h, steps);
      if (!(bound.hi <= input.epsilon)) {
        return fail(`Vempala-Wibisono bound after ${steps} steps is ${bound.hi} > epsilon = ${input.epsilon}`);
      }
      return { ok: true };
    }
    case 'exact-gaussian': {
      if (input.quadratic === undefined) return fail('exact-gaussian needs proven quadratic evidence for f');
      if (input.quadratic.hessian.length !== input.dim) return fail(`quadratic evidence has dimension ${input.quadratic.hessian.length}, not ${input.dim}`);
      if (!(input.init.std >= 0) || !Number.isFinite(input.init.std) || !Number.isFinite(input.init.mean)) {
        return fail(`init normal:${input.init.mean},${input.init.std} is not a finite Gaussian start`);
      }
      const enclosed = input.preconditioner
        ? encloseGaussianPreconditionedUlaKl(input.quadratic, input.preconditioner, input.init, h, steps)
        : encloseGaussianUlaKl(input.quadratic, input.init, h, steps);
      if (!enclosed.ok) return fail(enclosed.reason);
      if (!(enclosed.kl.hi <= input.epsilon)) {
        return fail(`exact Gaussian KL after ${steps} steps is at most ${enclosed.kl.hi}, not <= epsilon = ${input.epsilon}`);
      }
      return { ok: true };
    }
    case 'grid-propagation': {
      // proofs/stopping-grid-propagation.md: the whole propagation is re-run (it is deterministic).
      if (input.model === undefined) return fail('grid-propagation needs the energy model');
      if (input.model.dim !== input.dim) return fail(`the model has dimension ${input.model.dim}, not ${input.dim}`);
      const eps = input.tvEpsilon;
      if (!(eps! > 0) || !Number.isFinite(eps)) return fail(`tvEpsilon = ${eps}: expected a finite number > 0`);
      if (input.preconditioner !== undefined) return fail('grid-propagation is proven for plain ULA, not preconditioned ULA');
      if (route.grid === undefined) return fail('grid-propagation needs its grid');
      if (steps < 1) return fail('grid-propagation needs at least one step');
      const r = gridPropagationBounds(input.model, input.temperature, input.init, h, steps, route.grid, 'last');
      if (!r.ok) return fail(r.reason);
      const bound = r.tv[steps]!;
      if (!(bound <= eps!)) return fail(`grid-propagation bound on TV after ${steps} steps is ${bound} > tvEpsilon = ${eps}`);
      if (!(route.tvBound! >= bound)) return fail(`stored tvBound ${route.tvBound} is below the re-derived bound ${bound}`);
      return { ok: true };
    }
    case 'kl-hessian-lipschitz':
      return checkKlHessianLipschitz(route, input, h, steps);
    case 'localisation':
      return checkLocalisationRoute(route, input, h, steps);
  }
}
