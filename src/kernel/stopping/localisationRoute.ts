// The localisation route inside checkStoppingRoute (proofs/stopping-localisation.md): TV(rho_N, pi) is
// re-derived from the stored evidence at the enclosure of h = eta * T and compared with tvEpsilon and
// the stored tvBound. Nothing is searched.
import type { Interval } from '../interval.js';
import { localisationTvBound } from './localisation.js';
import type { RouteCheck, StoppingInput, StoppingRoute } from './types.js';

export function checkLocalisationRoute(route: StoppingRoute, input: StoppingInput, h: Interval, steps: number): RouteCheck {
  const fail = (reason: string): RouteCheck => ({ ok: false, reason });
  if (input.model === undefined) return fail('localisation needs the energy model');
  if (input.model.dim !== input.dim) return fail(`the model has dimension ${input.model.dim}, not ${input.dim}`);
  const eps = input.tvEpsilon;
  if (!(eps! > 0) || !Number.isFinite(eps)) return fail(`tvEpsilon = ${eps}: expected a finite number > 0`);
  if (input.preconditioner !== undefined) return fail('localisation is proven for plain ULA, not preconditioned ULA');
  if (route.localisation === undefined) return fail('localisation needs its evidence');
  if (!(input.init.std > 0) || !Number.isFinite(input.init.std) || !Number.isFinite(input.init.mean)) {
    return fail(`init normal:${input.init.mean},${input.init.std}: expected a finite Gaussian start with std > 0`);
  }
  const r = localisationTvBound(input.model, input.temperature, input.init, h, steps, route.localisation);
  if (!r.ok) return fail(`localisation: ${r.reason}`);
  if (!(r.value.tv <= eps!)) return fail(`localisation bound on TV after ${steps} steps is ${r.value.tv} > tvEpsilon = ${eps}`);
  if (!(route.tvBound! >= r.value.tv)) return fail(`stored tvBound ${route.tvBound} is below the re-derived bound ${r.value.tv}`);
  return { ok: true };
}
