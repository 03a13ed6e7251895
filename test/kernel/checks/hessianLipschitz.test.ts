// checkHessianLipschitz (proofs/stopping-kl-hessian-lipschitz.md, section 6): M must bound the 60-digit
// Frobenius norm of D^3 f at sampled points everywhere (incl. far out, in the unbounded cells), stay
// below the closed-form bound sum_k 2 |v_k| |w_k|^3 / T of a one-layer tanh network, and refuse what it cannot bound.
import { describe, expect, it } from 'vitest';
import { checkHessianLipschitz, MAX_HESSIAN_LIPSCHITZ_CELLS } from '../../../src/kernel/checks/hessianLipschitz.js';
import type { EnergyModel, MlpLayer } from '../../../src/kernel/model.js';
import { referenceMlp } from '../networkReference.js';
import { createRng } from '../../../src/random/rng.js';

const layers: MlpLayer[] = [
  { inDim: 2, outDim: 4, weight: Float64Array.of(1, -0.5, 0.25, 1, -1, 0.5, 0.75, -0.25), bias: Float64Array.of(0, 0.5, -0.5, 0), activation: 'tanh' },
  { inDim: 4, outDim: 1, weight: Float64Array.of(0.5, -0.5, 1, 0.25), bias: Float64Array.of(0), activation: 'identity' },
];
const net: EnergyModel = { kind: 'mlp', dim: 2, layers };
const withQuadratic: EnergyModel = { kind: 'sum', dim: 2, terms: [{ weight: 1, model: net }, { weight: 1, model: { kind: 'quadratic', dim: 2, lambda: 3, center: [0, 0] } }] };

/** sum_k 2 |v_k| |w_k|^3: |tanh'''| <= 2 and the triangle inequality on sum_k v_k tanh'''(z_k) w_k (x) w_k (x) w_k. */
function closedFormBound(): number {
  let s = 0;
  for (let k = 0; k < 4; k++) {
    const w = Math.hypot(layers[0]!.weight[2 * k]!, layers[0]!.weight[2 * k + 1]!);
    s += 2 * Math.abs(layers[1]!.weight[k]!) * w ** 3;
  }
  return s;
}

function sampledFrobenius(x: number[]): number {
  const t = referenceMlp(layers, x).third;
  let s = 0;
  for (const p of t) for (const r of p) for (const e of r) s += e.toNumber() ** 2;
  return Math.sqrt(s);
}

describe('checkHessianLipschitz', () => {
  it('bounds the sampled Frobenius norms of D^3 f, near and far, and the closed form bounds it', () => {
    const breaks = [[-2, -1, 0, 1, 2], [-3, 0, 3]];
    const whole = checkHessianLipschitz(withQuadratic, 1, [[], []]);
    const grid = checkHessianLipschitz(withQuadratic, 1, breaks);
    if (!whole.ok || !grid.ok) throw new Error('refused');
    expect(grid.value.upper).toBeLessThanOrEqual(whole.value.upper);
    expect(whole.value.upper).toBeLessThanOrEqual(closedFormBound() * (1 + 1e-12));
    const rng = createRng(11);
    let worst = 0;
    for (let i = 0; i < 60; i++) {
      const scale = i < 40 ? 2 : 200;
      const x = [(rng.uniform() - 0.5) * scale, (rng.uniform() - 0.5) * scale];
      worst = Math.max(worst, sampledFrobenius(x));
    }
    expect(worst).toBeGreaterThan(0.3); // the samples see real third derivatives
    expect(grid.value.upper).toBeGreaterThanOrEqual(worst);
  }, 60_000);

  it('divides by the temperature (rounded up) and is 0 for a quadratic', () => {
    const one = checkHessianLipschitz(withQuadratic, 1, [[], []]);
    const three = checkHessianLipschitz(withQuadratic, 3, [[], []]);
    if (!one.ok || !three.ok) throw new Error('refused');
    expect(three.value.upper).toBeGreaterThanOrEqual(one.value.upper / 3);
    expect(three.value.upper).toBeLessThan((one.value.upper / 3) * (1 + 1e-12));
    expect(checkHessianLipschitz({ kind: 'quadratic', dim: 3, lambda: 2, center: [0, 1, 2] }, 1, [[], [0], [1, 2]])).toEqual({ ok: true, value: { upper: 0 } });
  });

  it('refuses relu, bad temperatures and bad or too many breakpoints', () => {
    const relu: EnergyModel = { kind: 'mlp', dim: 2, layers: layers.map((l) => ({ ...l, activation: l.activation === 'tanh' ? 'relu' : l.activation })) };
    expect(checkHessianLipschitz(relu, 1, [[], []])).toMatchObject({ ok: false, reason: expect.stringMatching(/relu/) });
    expect(checkHessianLipschitz(net, 0, [[], []])).toMatchObject({ ok: false, reason: expect.stringMatching(/temperature/) });
    expect(checkHessianLipschitz(net, 1, [[]])).toMatchObject({ ok: false, reason: expect.stringMatching(/expected 2 breakpoint lists/) });
    expect(checkHessianLipschitz(net, 1, [[1, 1], []])).toMatchObject({ ok: false, reason: expect.stringMatching(/strictly increasing/) });
    expect(checkHessianLipschitz(net, 1, [[0, Infinity], []])).toMatchObject({ ok: false, reason: expect.stringMatching(/finite/) });
    expect(checkHessianLipschitz(net, 1, [[NaN], []])).toMatchObject({ ok: false, reason: expect.stringMatching(/finite/) });
    expect(checkHessianLipschitz(net, 1, [null as never, []])).toMatchObject({ ok: false, reason: expect.stringMatching(/not a list/) });
    const many = Array.from({ length: 64 }, (_, i) => i);
    expect(checkHessianLipschitz(net, 1, [many, many])).toMatchObject({ ok: false, reason: expect.stringMatching(new RegExp(`more than ${MAX_HESSIAN_LIPSCHITZ_CELLS}`)) });
  });
});
