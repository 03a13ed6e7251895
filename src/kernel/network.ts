// Forward-mode interval propagation of an MLP's value, Jacobian (w.r.t. the input x) and Hessian
// over a box (proofs/enclosures.md, section 2). Per layer, with Jz = W J and Hz_k = sum_j W_kj H_j:
//   z = W h + b;  h'_k = act(z_k);  J'_k = act'(z_k) Jz_k;  H'_k = act''(z_k) Jz_k Jz_k^T + act'(z_k) Hz_k.
// Each activation contributes enclosures of act, act', act'' on the pre-activation interval z_k.
// State lives in flat lo/hi Float64Arrays (upper triangle of each Hessian) and every sum and product
// is rounded outward (networkRounding.ts), so no Interval objects are allocated in the inner loops.
import { activationEnclosure, activationFirstOrder } from './activations.js';
import { sigmoidRanges, tanhRanges } from './networkActivations.js';
import type { Interval } from './interval.js';
import type { MlpLayer } from './model.js';
import { mulHi, mulLo, roundDown, roundUp, scaleHi, scaleLo, sqrHi, sqrLo } from './networkRounding.js';

/** Enclosures of E, grad E and the upper triangle of hess E (row-major pairs a <= b), as flat lo/hi. */
export interface FlatEnclosure {
  valueLo: number;
  valueHi: number;
  readonly gradLo: Float64Array;
  readonly gradHi: Float64Array;
  /** Index of (a, b), a <= b, is triIndex(d, a, b). */
  readonly hessLo: Float64Array;
  readonly hessHi: Float64Array;
}

export function triIndex(d: number, a: number, b: number): number {
  return a <= b ? a * d - (a * (a - 1)) / 2 + (b - a) : triIndex(d, b, a);
}

export function createFlatEnclosure(d: number): FlatEnclosure {
  const nt = (d * (d + 1)) / 2;
  return {
    valueLo: 0,
    valueHi: 0,
    gradLo: new Float64Array(d),
    gradHi: new Float64Array(d),
    hessLo: new Float64Array(nt),
    hessHi: new Float64Array(nt),
  };
}

/** Checks the layer shapes once: a chain from `dim` inputs to one output, finite weights. */
export function validateMlpLayers(dim: number, layers: readonly MlpLayer[]): void {
  if (layers.length === 0) throw new Error('mlp model: no layers');
  let width = dim;
  layers.forEach((layer, i) => {
    if (layer.inDim !== width) throw new Error(`mlp model: layers[${i}].inDim is ${layer.inDim}, expected ${width}`);
    if (layer.weight.length !== layer.outDim * layer.inDim)
      throw new Error(`mlp model: layers[${i}].weight has ${layer.weight.length} entries, expected ${layer.outDim * layer.inDim}`);
    if (layer.bias.length !== layer.outDim)
      throw new Error(`mlp model: layers[${i}].bias has ${layer.bias.length} entries, expected ${layer.outDim}`);
    for (const w of layer.weight) if (!Number.isFinite(w)) throw new Error(`mlp model: layers[${i}].weight has a non-finite entry`);
    for (const w of layer.bias) if (!Number.isFinite(w)) throw new Error(`mlp model: layers[${i}].bias has a non-finite entry`);
    width = layer.outDim;
  });
  if (width !== 1) throw new Error(`mlp model: the last layer has ${width} outputs, expected 1`);
}

/** Propagates one box through the network. Buffers are reused between calls (not re-entrant). */
export type FlatNetworkEnclosure = (boxLo: Float64Array, boxHi: Float64Array, out: FlatEnclosure) => void;

export function compileNetworkEnclosure(dim: number, layers: readonly MlpLayer[]): FlatNetworkEnclosure {
  validateMlpLayers(dim, layers);
  const d = dim;
  const nt = (d * (d + 1)) / 2;
  const maxWidth = Math.max(d, ...layers.map((l) => l.outDim));
  // Current layer's outputs h, their Jacobian rows J (m x d) and Hessians H (m x nt); next layer's z.
  let hLo = new Float64Array(maxWidth), hHi = new Float64Array(maxWidth);
  let jLo = new Float64Array(maxWidth * d), jHi = new Float64Array(maxWidth * d);
  let sLo = new Float64Array(maxWidth * nt), sHi = new Float64Array(maxWidth * nt);
  let hLo2 = new Float64Array(maxWidth), hHi2 = new Float64Array(maxWidth);
  let jLo2 = new Float64Array(maxWidth * d), jHi2 = new Float64Array(maxWidth * d);
  let sLo2 = new Float64Array(maxWidth * nt), sHi2 = new Float64Array(maxWidth * nt);
  // Tri index -> (a, b) for the outer product Jz_k Jz_k^T.
  const triA = new Int32Array(nt), triB = new Int32Array(nt);
  for (let a = 0; a < d; a++) for (let b = a; b < d; b++) { triA[triIndex(d, a, b)] = a; triB[triIndex(d, a, b)] = b; }

  return (boxLo, boxHi, out) => {
    for (let a = 0; a < d; a++) { hLo[a] = boxLo[a]!; hHi[a] = boxHi[a]!; }
    for (let li = 0; li < layers.length; li++) {
      const layer = layers[li]!;
      const { inDim, outDim, weight: W, bias } = layer;
      const first = li === 0;
      const identity = layer.activation === 'identity';
      for (let k = 0; k < outDim; k++) {
        const row = k * inDim;
        // z_k = sum_j W_kj h_j + b_k: per-row interval dot product (exact inputs for the first layer).
        let zlo = bias[k]!, zhi = bias[k]!;
        for (let j = 0; j < inDim; j++) {
          const w = W[row + j]!;
          if (w === 0) continue;
          zlo = roundDown(zlo + scaleLo(w, hLo[j]!, hHi[j]!));
          zhi = roundUp(zhi + scaleHi(w, hLo[j]!, hHi[j]!));
        }
        // Jz_k = W_k J (the first layer's J is the identity, so Jz_k = W_k exactly).
        const jo = k * d;
        if (first) {
          for (let a = 0; a < d; a++) { jLo2[jo + a] = W[row + a]!; jHi2[jo + a] = W[row + a]!; }
        } else {
          for (let a = 0; a < d; a++) {
            let lo = 0, hi = 0;
            for (let j = 0; j < inDim; j++) {
              const w = W[row + j]!;
              if (w === 0) continue;
              lo = roundDown(lo + scaleLo(w, jLo[j * d + a]!, jHi[j * d + a]!));
              hi = roundUp(hi + scaleHi(w, jLo[j * d + a]!, jHi[j * d + a]!));
            }
            jLo2[jo + a] = lo; jHi2[jo + a] = hi;
          }
        }
        // Hz_k = sum_j W_kj H_j (zero for the first layer).
        const so = k * nt;
        for (let t = 0; t < nt; t++) {
          let lo = 0, hi = 0;
          if (!first) {
            for (let j = 0; j < inDim; j++) {
              const w = W[row + j]!;
              if (w === 0) continue;
              lo = roundDown(lo + scaleLo(w, sLo[j * nt + t]!, sHi[j * nt + t]!));
              hi = roundUp(hi + scaleHi(w, sLo[j * nt + t]!, sHi[j * nt + t]!));
            }
          }
          sLo2[so + t] = lo; sHi2[so + t] = hi;
        }
        if (identity) { hLo2[k] = zlo; hHi2[k] = zhi; continue; }
        const act = activationRanges(layer.activation, zlo, zhi);
        hLo2[k] = act.value.lo; hHi2[k] = act.value.hi;
        const d1lo = act.d1.lo, d1hi = act.d1.hi, d2lo = act.d2.lo, d2hi = act.d2.hi;
        // H'_k = act''(z_k) Jz_k Jz_k^T + act'(z_k) Hz_k (uses Jz before it is scaled below).
        for (let t = 0; t < nt; t++) {
          const a = triA[t]!, b = triB[t]!;
          const alo = jLo2[jo + a]!, ahi = jHi2[jo + a]!;
          let plo: number, phi: number;
          if (a === b) { plo = sqrLo(alo, ahi); phi = sqrHi(alo, ahi); } // a square is never negative
          else { const blo = jLo2[jo + b]!, bhi = jHi2[jo + b]!; plo = mulLo(alo, ahi, blo, bhi); phi = mulHi(alo, ahi, blo, bhi); }
          const curvLo = mulLo(d2lo, d2hi, plo, phi), curvHi = mulHi(d2lo, d2hi, plo, phi);
          const slo = sLo2[so + t]!, shi = sHi2[so + t]!;
          const chainLo = mulLo(d1lo, d1hi, slo, shi), chainHi = mulHi(d1lo, d1hi, slo, shi);
          sLo2[so + t] = roundDown(curvLo + chainLo);
          sHi2[so + t] = roundUp(curvHi + chainHi);
        }
        // J'_k = act'(z_k) Jz_k.
        for (let a = 0; a < d; a++) {
          const alo = jLo2[jo + a]!, ahi = jHi2[jo + a]!;
          jLo2[jo + a] = mulLo(d1lo, d1hi, alo, ahi);
          jHi2[jo + a] = mulHi(d1lo, d1hi, alo, ahi);
        }
      }
      [hLo, hLo2] = [hLo2, hLo]; [hHi, hHi2] = [hHi2, hHi];
      [jLo, jLo2] = [jLo2, jLo]; [jHi, jHi2] = [jHi2, jHi];
      [sLo, sLo2] = [sLo2, sLo]; [sHi, sHi2] = [sHi2, sHi];
    }
    out.valueLo = hLo[0]!; out.valueHi = hHi[0]!;
    for (let a = 0; a < d; a++) { out.gradLo[a] = jLo[a]!; out.gradHi[a] = jHi[a]!; }
    for (let t = 0; t < nt; t++) { out.hessLo[t] = sLo[t]!; out.hessHi[t] = sHi[t]!; }
    assertNoNaN(out);
  };
}

const UNKNOWN: Interval = { lo: -Infinity, hi: Infinity };

/** act, act', act'' on [zlo, zhi]. relu'' does not exist at 0: there the Hessian is reported as unknown
 *  ([-inf, inf]); such models are not twice differentiable and curvature checks refuse them. */
function activationRanges(act: MlpLayer['activation'], zlo: number, zhi: number): { value: Interval; d1: Interval; d2: Interval } {
  if (act === 'tanh') return tanhRanges(zlo, zhi);
  if (act === 'sigmoid') return sigmoidRanges(zlo, zhi);
  const z = { lo: zlo, hi: zhi };
  if (act === 'relu' && zlo <= 0 && zhi >= 0) return { ...activationFirstOrder(act, z), d2: UNKNOWN };
  return activationEnclosure(act, z);
}

function assertNoNaN(e: FlatEnclosure): void {
  let bad = e.valueLo !== e.valueLo || e.valueHi !== e.valueHi;
  for (let i = 0; i < e.gradLo.length && !bad; i++) bad = e.gradLo[i] !== e.gradLo[i] || e.gradHi[i] !== e.gradHi[i];
  for (let i = 0; i < e.hessLo.length && !bad; i++) bad = e.hessLo[i] !== e.hessLo[i] || e.hessHi[i] !== e.hessHi[i];
  if (bad) throw new Error('network enclosure: NaN bound (an invalid interval reached the network)');
}

/**
 * Mean-value (centered) forms around the box midpoint m, intersected with the direct enclosure:
 *   E(x) in E(m) + sum_a G_a (x_a - m_a),   grad_a E(x) in grad_a E(m) + sum_b H_ab (x_b - m_b),
 * where G and H enclose grad E and hess E on the box (mean value theorem; needs E in C^2, so the
 * caller only uses it when every activation is twice continuously differentiable). Both sides
 * contain the truth, so an empty intersection is a bug and throws.
 */
export function withCenteredForms(d: number, direct: FlatNetworkEnclosure): FlatNetworkEnclosure {
  const mid = new Float64Array(d);
  const offLo = new Float64Array(d), offHi = new Float64Array(d);
  const atMid = createFlatEnclosure(d);
  return (boxLo, boxHi, out) => {
    direct(boxLo, boxHi, out);
    let degenerate = true;
    for (let a = 0; a < d; a++) {
      const lo = boxLo[a]!, hi = boxHi[a]!;
      if (!Number.isFinite(lo) || !Number.isFinite(hi)) return;
      if (lo !== hi) degenerate = false;
      const m = Math.min(hi, Math.max(lo, 0.5 * lo + 0.5 * hi));
      mid[a] = m;
      offLo[a] = roundDown(lo - m);
      offHi[a] = roundUp(hi - m);
    }
    if (degenerate) return;
    direct(mid, mid, atMid);
    let vlo = atMid.valueLo, vhi = atMid.valueHi;
    for (let a = 0; a < d; a++) {
      vlo = roundDown(vlo + mulLo(out.gradLo[a]!, out.gradHi[a]!, offLo[a]!, offHi[a]!));
      vhi = roundUp(vhi + mulHi(out.gradLo[a]!, out.gradHi[a]!, offLo[a]!, offHi[a]!));
    }
    out.valueLo = Math.max(out.valueLo, vlo);
    out.valueHi = Math.min(out.valueHi, vhi);
    if (!(out.valueLo <= out.valueHi)) throw new Error('network enclosure: centered and direct value enclosures are disjoint');
    for (let a = 0; a < d; a++) {
      let glo = atMid.gradLo[a]!, ghi = atMid.gradHi[a]!;
      for (let b = 0; b < d; b++) {
        const t = triIndex(d, a, b);
        glo = roundDown(glo + mulLo(out.hessLo[t]!, out.hessHi[t]!, offLo[b]!, offHi[b]!));
        ghi = roundUp(ghi + mulHi(out.hessLo[t]!, out.hessHi[t]!, offLo[b]!, offHi[b]!));
      }
      out.gradLo[a] = Math.max(out.gradLo[a]!, glo);
      out.gradHi[a] = Math.min(out.gradHi[a]!, ghi);
      if (!(out.gradLo[a]! <= out.gradHi[a]!)) throw new Error('network enclosure: centered and direct gradient enclosures are disjoint');
    }
  };
}
