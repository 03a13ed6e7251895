// The float64 gradient oracle the engine uses for an Energy: a layer-major batched evaluator when
// the energy is built from networks and quadratic terms (the model format's shape), else the
// Energy's own batched method. Both compute the same exact float64 formulas; only the order of
// the additions in the matrix products differs (agreement to a few ulps, tested).
import type { EnergyModel } from '../../kernel/model.js';
import type { Energy, GradientOracle } from '../../energy/types.js';
import { mlpBatchOracle } from './mlpBatch.js';

export function batchedOracle(energy: Energy): GradientOracle {
  return oracleForModel(energy.model) ?? energy;
}

/** A batched oracle for an mlp / quadratic / weighted-sum model, or undefined for anything else. */
export function oracleForModel(model: EnergyModel): GradientOracle | undefined {
  switch (model.kind) {
    case 'mlp':
      return mlpBatchOracle(model.dim, model.layers);
    case 'quadratic':
      return quadraticOracle(model.dim, model.lambda, model.center);
    case 'sum': {
      const parts: { weight: number; oracle: GradientOracle }[] = [];
      for (const t of model.terms) {
        const o = oracleForModel(t.model);
        if (!o || t.model.dim !== model.dim) return undefined;
        parts.push({ weight: t.weight, oracle: o });
      }
      return weightedSumOracle(model.dim, parts);
    }
    case 'expression':
      return undefined;
  }
}

function quadraticOracle(dim: number, lambda: number, center: readonly number[]): GradientOracle {
  const c = Float64Array.from(center);
  return {
    dim,
    valueAndGradientBatch(xs, n, values, grads) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < dim; j++) {
          const r = xs[i * dim + j]! - c[j]!;
          s += r * r;
          grads[i * dim + j] = lambda * r; // d/dx_j (lambda/2)|x - c|^2 = lambda (x_j - c_j)
        }
        values[i] = 0.5 * lambda * s;
      }
    },
  };
}

/** sum_t w_t E_t, each term evaluated into scratch that grows with the batch and is then reused. */
function weightedSumOracle(dim: number, parts: readonly { weight: number; oracle: GradientOracle }[]): GradientOracle {
  let v = new Float64Array(0);
  let g = new Float64Array(0);
  return {
    dim,
    valueAndGradientBatch(xs, n, values, grads) {
      if (v.length < n) {
        v = new Float64Array(n);
        g = new Float64Array(n * dim);
      }
      values.fill(0, 0, n);
      grads.fill(0, 0, n * dim);
      for (const { weight, oracle } of parts) {
        oracle.valueAndGradientBatch(xs, n, v, g);
        for (let i = 0; i < n; i++) values[i] += weight * v[i]!;
        for (let k = 0; k < n * dim; k++) grads[k] += weight * g[k]!;
      }
    },
  };
}
