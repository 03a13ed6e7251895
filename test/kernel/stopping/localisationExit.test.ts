// The drift check and the exit bound of the localisation route: the drift's threshold is tight to one
// rounding (b = the re-derived excess passes, one ulp below fails), the drift excess is above the true
// E[Phi(X')|x] - Phi(x) (60-digit decimal at sample points), and the exit bound is the formula of
// Lemma 4 evaluated in decimals, rounded up by at most a few ulps; a ULA simulation never exceeds it.
import { describe, expect, it } from 'vitest';
import { checkLyapunovDrift, driftExcess } from '../../../src/kernel/stopping/localisationDrift.js';
import { exitProbabilityBound, lyapunovOutsideInf } from '../../../src/kernel/stopping/localisationExit.js';
import { bisectionGrid } from '../../../src/certify/stopping/localisation.js';
import { nextDown, point } from '../../../src/kernel/interval.js';
import type { EnergyModel } from '../../../src/kernel/model.js';
import { D60, d60, exactDecimal } from '../intervalReference.js';

const quartic: EnergyModel = { kind: 'expression', dim: 1, source: '0.5*x1^2 + 0.1*x1^4' };
const region = [{ lo: -3, hi: 3 }];
const lyapunov = { center: [0], s: [0.3] };
const h = point(0.01);

describe('checkLyapunovDrift', () => {
  const boxes = bisectionGrid(region, 6);
  const { worstExcess } = driftExcess(quartic, 1, h, lyapunov, boxes);

  it('accepts b equal to the re-derived excess and refuses one ulp less', () => {
    expect(worstExcess).toBeGreaterThan(0);
    expect(checkLyapunovDrift(quartic, 1, h, { region, boxes, lyapunov, b: worstExcess }).ok).toBe(true);
    const r = checkLyapunovDrift(quartic, 1, h, { region, boxes, lyapunov, b: nextDown(worstExcess) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/> b =/);
  });

  it('the excess is above E[Phi(X\')|x] - Phi(x) at every sample point (decimal reference)', () => {
    let sup = new D60(-Infinity);
    for (let k = 0; k <= 600; k++) {
      const x = -3 + k * 0.01;
      const g = d60(x).plus(d60(0.4).times(d60(x).pow(3)));
      const oneMinus = new D60(1).minus(d60(0.3).times(d60(0.01)).times(4));
      const mu = d60(x).minus(d60(0.01).times(g));
      const moment = d60(0.3).times(mu.pow(2)).div(oneMinus).exp().div(oneMinus.sqrt());
      const excess = moment.minus(d60(0.3).times(d60(x).pow(2)).exp());
      if (excess.gt(sup)) sup = excess;
    }
    expect(exactDecimal(worstExcess).gte(sup)).toBe(true);
    // ... and not absurdly above it (the ratio form keeps the check usable on coarse boxes).
    expect(worstExcess).toBeLessThan(sup.toNumber() * 3);
  });

  it('refuses a cover with a gap, a step with 4 s h >= 1 proven false, and a bad Lyapunov function', () => {
    expect(checkLyapunovDrift(quartic, 1, h, { region, boxes: boxes.slice(1), lyapunov, b: 1e9 }).ok).toBe(false);
    const r = checkLyapunovDrift(quartic, 1, point(1), { region, boxes, lyapunov, b: 1e300 });
    expect(r.ok).toBe(false);
    expect(checkLyapunovDrift(quartic, 1, h, { region, boxes, lyapunov: { center: [0], s: [0] }, b: 1e9 }).ok).toBe(false);
    expect(checkLyapunovDrift(quartic, 1, h, { region, boxes, lyapunov: { center: [0, 0], s: [0.3, 0.3] }, b: 1e9 }).ok).toBe(false);
  });
});

describe('exitProbabilityBound', () => {
  const init = { mean: 0, std: 1 };
  it('is the decimal formula rho_0(K^c) + (w_0 + (N - 1) b) / Phi_out, rounded up by a few ulps', () => {
    const r = exitProbabilityBound({ region, lyapunov, b: 1e-4, init, steps: 1000 });
    // Phi_out = e^{0.3 * 9}; w_0 = (1 - 0.6)^{-1/2} (whole-line moment, 2 s sigma^2 = 0.6 < 1).
    const phiOut = new D60(2.7).exp();
    const w0 = new D60(0.4).sqrt().pow(-1);
    const later = w0.plus(d60(1e-4).times(999)).div(phiOut);
    const startOutside = exactDecimal(r.startOutside);
    const total = startOutside.plus(later);
    expect(exactDecimal(r.exit).gte(total)).toBe(true);
    expect(exactDecimal(r.exit).lte(total.times(1 + 1e-12))).toBe(true);
    // rho_0(K^c) for N(0, 1) and [-3, 3]: 2 Q(3) = 0.0026997960632601866...
    expect(r.startOutside).toBeGreaterThanOrEqual(0.0026997960632601866);
    expect(r.startOutside).toBeLessThan(0.0026997960632602 * (1 + 1e-11));
    expect(exactDecimal(r.outsideInf).lte(phiOut)).toBe(true);
  });

  it('is 0 for N = 0 and grows linearly in N', () => {
    expect(exitProbabilityBound({ region, lyapunov, b: 1e-4, init, steps: 0 }).exit).toBe(0);
    const a = exitProbabilityBound({ region, lyapunov, b: 1e-6, init, steps: 101 }).exit;
    const b = exitProbabilityBound({ region, lyapunov, b: 1e-6, init, steps: 201 }).exit;
    expect(b).toBeGreaterThan(a);
  });

  it('Phi_out is the smallest s_j d_j^2 over the axes (an off-centre c is nearer one face)', () => {
    const v = lyapunovOutsideInf([{ lo: -3, hi: 3 }, { lo: -1, hi: 5 }], { center: [0, 0.5], s: [0.3, 2] });
    // axis 0: 0.3 * 9 = 2.7; axis 1: 2 * 1.5^2 = 4.5.
    expect(exactDecimal(v).lte(new D60(2.7).exp())).toBe(true);
    expect(v).toBeGreaterThan(Math.exp(2.7) * (1 - 1e-12));
  });

  it('a ULA simulation of the quartic chain leaves K no more often than the bound says', () => {
    // K = [-1.5, 1.5] is small enough that exits happen; the bound must be above the observed frequency.
    const small = [{ lo: -1.5, hi: 1.5 }];
    const boxes = bisectionGrid(small, 6);
    const hh = 0.05;
    const b = driftExcess(quartic, 1, point(hh), lyapunov, boxes).worstExcess;
    const steps = 40;
    const bound = exitProbabilityBound({ region: small, lyapunov, b, init, steps }).exit;
    let seed = 12345;
    const uniform = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) + 0.5) / 2147483648;
    const normal = (): number => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    let exits = 0;
    const runs = 4000;
    for (let r = 0; r < runs; r++) {
      let x = normal();
      for (let k = 0; k < steps; k++) {
        if (x < -1.5 || x > 1.5) { exits++; break; }
        x = x - hh * (x + 0.4 * x ** 3) + Math.sqrt(2 * hh) * normal();
      }
    }
    expect(exits / runs).toBeLessThan(bound);
  });
});
