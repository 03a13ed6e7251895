// Forward-mode interval propagation of an MLP's value, Jacobian (w.r.t. the input x) and Hessian
// over a box (proofs/enclosures.md, section 2). Per layer, with Jz = W J and Hz_k = sum_j W_kj H_j:
//   z = W h + b;  h'_k = act(z_k);  J'_k = act'(z_k) Jz_k;  H'_k = act''(z_k) Jz_k Jz_k^T + act'(z_k) Hz_k.
// Each activation contributes enclosures of act, act', act'' on the pre-activation interval z_k.
// On request (compileNetworkEnclosure(..., { thirdOrder: true })) also the third derivative tensor
// (section 2c), with Tz_k = sum_j W_kj T_j:
//   T'_k,abc = act'''(z_k) Jz_a Jz_b Jz_c + act''(z_k) (Jz_a Hz_bc + Jz_b Hz_ac + Jz_c Hz_ab) + act'(z_k) Tz_k,abc.
// State lives in flat lo/hi Float64Arrays (upper triangle of each Hessian) and every sum and product
// is rounded outward (networkRounding.ts), so no Interval objects are allocated in the inner loops.
import { activationEnclosure, activationFirstOrder } from './activations.js';
import { sigmoidRanges, sigmoidThird, siluThird, tanhRanges, thirdFromSech2 } from './networkActivations.js';
import type { Interval } from './interval.js';
import type { MlpLayer } from './model.js';
import { powerOfTwo } from './rounding.js';
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

/** Per-operation rounding error bound: |fl(s) - s| <= |fl(s)| 2^-53 + 2^-1075, doubled (see proofs). */
const EPS = powerOfTwo(-52);
const TINY_ERR = powerOfTwo(-1074);

export function triIndex(d: number, a: number, b: number): number {
  return a <= b ? a * d - (a * (a - 1)) / 2 + (b - a) : triIndex(d, b, a);
}

/** Enclosures of E, grad E, hess E and the distinct entries of the third derivative tensor. */
export interface ThirdOrderEnclosure extends FlatEnclosure {
  /** Index of (a, b, c), any order, is tri3Index(d, a, b, c); d(d+1)(d+2)/6 entries. */
  readonly thirdLo: Float64Array;
  readonly thirdHi: Float64Array;
}

/** Number of distinct entries of a symmetric d x d x d tensor. */
export function tri3Count(d: number): number {
  return (d * (d + 1) * (d + 2)) / 6;
}

/** Position of the sorted triple a <= b <= c (lexicographic order); any order of a, b, c is accepted. */
export function tri3Index(d: number, a: number, b: number, c: number): number {
  // Sort the three indices.
  if (a > b) [a, b] = [b, a];
  if (b > c) [b, c] = [c, b];
  if (a > b) [a, b] = [b, a];
  // Triples with first index < a: sum_{i<a} (d-i)(d-i+1)/2; then pairs b <= c of {a..d-1} before (b, c).
  let idx = 0;
  for (let i = 0; i < a; i++) idx += ((d - i) * (d - i + 1)) / 2;
  return idx + triIndex(d - a, b - a, c - a);
}

export function createThirdOrderEnclosure(d: number): ThirdOrderEnclosure {
  const n3 = tri3Count(d);
  return { ...createFlatEnclosure(d), thirdLo: new Float64Array(n3), thirdHi: new Float64Array(n3) };
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

/** Propagates one box through the network. Buffers are reused between calls (not re-entrant).
 *  With `firstLayerZ`, the box is ignored and the first layer's pre-activations are taken from these
 *  intervals instead (far-field cones, networkFarField.ts): dz/dx = W1 whatever the region of x. */
export type FlatNetworkEnclosure = (boxLo: Float64Array, boxHi: Float64Array, out: FlatEnclosure, firstLayerZ?: FirstLayerRanges) => void;

/** Enclosures of the first layer's pre-activations z = W1 x + b1 over some region of x. */
export interface FirstLayerRanges {
  readonly lo: Float64Array;
  readonly hi: Float64Array;
}

export interface NetworkEnclosureOptions {
  /** Also propagate the third derivative tensor: `out` must then be a ThirdOrderEnclosure. */
  readonly thirdOrder?: boolean;
}

export function compileNetworkEnclosure(dim: number, layers: readonly MlpLayer[], options: NetworkEnclosureOptions = {}): FlatNetworkEnclosure {
  validateMlpLayers(dim, layers);
  const d = dim;
  const nt = (d * (d + 1)) / 2;
  const third = options.thirdOrder === true;
  const n3 = third ? tri3Count(d) : 0;
  const maxWidth = Math.max(d, ...layers.map((l) => l.outDim));
  // Current layer's outputs h, their Jacobian rows J (m x d) and Hessians H (m x nt); next layer's z.
  let hLo = new Float64Array(maxWidth), hHi = new Float64Array(maxWidth);
  let jLo = new Float64Array(maxWidth * d), jHi = new Float64Array(maxWidth * d);
  let sLo = new Float64Array(maxWidth * nt), sHi = new Float64Array(maxWidth * nt);
  let hLo2 = new Float64Array(maxWidth), hHi2 = new Float64Array(maxWidth);
  let jLo2 = new Float64Array(maxWidth * d), jHi2 = new Float64Array(maxWidth * d);
  let sLo2 = new Float64Array(maxWidth * nt), sHi2 = new Float64Array(maxWidth * nt);
  // First-order affine forms of every h (proofs/enclosures.md, section 2b): h_j(x) in
  // C_j + G_j . (x - m) + [-R_j, R_j] over the box; they tighten each pre-activation range z_k.
  const useAffine = layers.every((l) => l.activation !== 'relu');
  let aC = new Float64Array(maxWidth), aR = new Float64Array(maxWidth), aG = new Float64Array(maxWidth * d);
  let aC2 = new Float64Array(maxWidth), aR2 = new Float64Array(maxWidth), aG2 = new Float64Array(maxWidth * d);
  const dLo = new Float64Array(d), dHi = new Float64Array(d), dMag = new Float64Array(d);
  const zG = new Float64Array(d), zGErr = new Float64Array(d);
  // Tri index -> (a, b) for the outer product Jz_k Jz_k^T.
  const triA = new Int32Array(nt), triB = new Int32Array(nt);
  for (let a = 0; a < d; a++) for (let b = a; b < d; b++) { triA[triIndex(d, a, b)] = a; triB[triIndex(d, a, b)] = b; }
  // Third derivative tensors T (m x n3) of this and the next layer; for each triple (a, b, c) its
  // indices and the Hessian entries (b, c), (a, c), (a, b) of the symmetrised term.
  let tLo = new Float64Array(maxWidth * n3), tHi = new Float64Array(maxWidth * n3);
  let tLo2 = new Float64Array(maxWidth * n3), tHi2 = new Float64Array(maxWidth * n3);
  const t3A = new Int32Array(n3), t3B = new Int32Array(n3), t3C = new Int32Array(n3);
  const t3BC = new Int32Array(n3), t3AC = new Int32Array(n3), t3AB = new Int32Array(n3);
  for (let a = 0; a < d && third; a++) for (let b = a; b < d; b++) for (let c = b; c < d; c++) {
    const i = tri3Index(d, a, b, c);
    t3A[i] = a; t3B[i] = b; t3C[i] = c;
    t3BC[i] = triIndex(d, b, c); t3AC[i] = triIndex(d, a, c); t3AB[i] = triIndex(d, a, b);
  }

  /**
   * h_k = act(z_k) with z_k in c + zG . (x - m) + [-rho, rho] and z_k in [zlo, zhi]: Taylor at c,
   * act(z) = act(c) + act'(c)(z - c) + E, |E| <= max|act''| (z - c)^2 / 2, with act'(c) replaced by the
   * double s at a cost |act'(c) - s| |z - c|. Writes h_k's affine form; false if it is not finite.
   */
  const affineThroughActivation = (act: MlpLayer['activation'], k: number, zlo: number, zhi: number, c: number, rho: number, d2: Interval): boolean => {
    const atC = activationRanges(act, c, c);
    // act'' over the segment between c and any z in [zlo, zhi].
    const second = c >= zlo && c <= zhi ? d2 : activationRanges(act, Math.min(c, zlo), Math.max(c, zhi)).d2;
    const m2 = Math.max(Math.abs(second.lo), Math.abs(second.hi));
    const dist = roundUp(Math.max(Math.abs(roundUp(c - zlo)), Math.abs(roundUp(zhi - c))));
    const s = 0.5 * atC.d1.lo + 0.5 * atC.d1.hi;
    const slopeErr = Math.max(Math.abs(roundDown(atC.d1.lo - s)), Math.abs(roundUp(atC.d1.hi - s)));
    const cNew = 0.5 * atC.value.lo + 0.5 * atC.value.hi;
    const e0 = Math.max(Math.abs(roundDown(atC.value.lo - cNew)), Math.abs(roundUp(atC.value.hi - cNew)));
    let rNew = roundUp(e0 + roundUp(roundUp(0.5 * m2) * roundUp(dist * dist)));
    rNew = roundUp(rNew + roundUp(slopeErr * dist));
    rNew = roundUp(rNew + roundUp(Math.abs(s) * rho));
    for (let a = 0; a < d; a++) {
      const g = s * zG[a]!;
      aG2[k * d + a] = g;
      rNew = roundUp(rNew + roundUp((Math.abs(g) * EPS + TINY_ERR) * dMag[a]!));
    }
    aC2[k] = cNew; aR2[k] = rNew;
    return Number.isFinite(rNew) && Number.isFinite(cNew);
  };

  return (boxLo, boxHi, out, firstLayerZ) => {
    for (let a = 0; a < d; a++) { hLo[a] = boxLo[a]!; hHi[a] = boxHi[a]!; }
    let affine = useAffine && firstLayerZ === undefined;
    for (let a = 0; a < d && affine; a++) {
      const lo = boxLo[a]!, hi = boxHi[a]!;
      if (!Number.isFinite(lo) || !Number.isFinite(hi)) { affine = false; break; }
      const m = Math.min(hi, Math.max(lo, 0.5 * lo + 0.5 * hi));
      dLo[a] = roundDown(lo - m); dHi[a] = roundUp(hi - m); dMag[a] = Math.max(-dLo[a]!, dHi[a]!);
      aC[a] = m; aR[a] = 0;
      for (let b = 0; b < d; b++) aG[a * d + b] = a === b ? 1 : 0;
    }
    for (let li = 0; li < layers.length; li++) {
      const layer = layers[li]!;
      const { inDim, outDim, weight: W, bias } = layer;
      const first = li === 0;
      const identity = layer.activation === 'identity';
      for (let k = 0; k < outDim; k++) {
        const row = k * inDim;
        // z_k = sum_j W_kj h_j + b_k: per-row interval dot product (exact inputs for the first layer).
        let zlo = bias[k]!, zhi = bias[k]!;
        if (first && firstLayerZ) { zlo = firstLayerZ.lo[k]!; zhi = firstLayerZ.hi[k]!; }
        else for (let j = 0; j < inDim; j++) {
          const w = W[row + j]!;
          if (w === 0) continue;
          zlo = roundDown(zlo + scaleLo(w, hLo[j]!, hHi[j]!));
          zhi = roundUp(zhi + scaleHi(w, hLo[j]!, hHi[j]!));
        }
        // The affine form of z_k and its range, intersected with the interval one (both contain z_k).
        let zc = 0, zrho = 0;
        if (affine) {
          let c = bias[k]!, ec = 0, r = 0;
          zG.fill(0); zGErr.fill(0);
          for (let j = 0; j < inDim; j++) {
            const w = W[row + j]!;
            if (w === 0) continue;
            const p = w * aC[j]!;
            c += p;
            ec += Math.abs(p) * EPS + TINY_ERR + Math.abs(c) * EPS + TINY_ERR;
            r = roundUp(r + roundUp(Math.abs(w) * aR[j]!));
            for (let a = 0; a < d; a++) {
              const q = w * aG[j * d + a]!;
              zG[a] += q;
              zGErr[a] += Math.abs(q) * EPS + TINY_ERR + Math.abs(zG[a]!) * EPS + TINY_ERR;
            }
          }
          let rho = roundUp(r + ec);
          for (let a = 0; a < d; a++) rho = roundUp(rho + roundUp(zGErr[a]! * dMag[a]!));
          let lo = roundDown(c - rho), hi = roundUp(c + rho);
          for (let a = 0; a < d; a++) { lo = roundDown(lo + scaleLo(zG[a]!, dLo[a]!, dHi[a]!)); hi = roundUp(hi + scaleHi(zG[a]!, dLo[a]!, dHi[a]!)); }
          if (Number.isFinite(lo) && Number.isFinite(hi) && Number.isFinite(rho)) {
            zlo = Math.max(zlo, lo); zhi = Math.min(zhi, hi);
            if (!(zlo <= zhi)) throw new Error('network enclosure: affine and interval pre-activation ranges are disjoint');
            zc = c; zrho = rho;
          } else affine = false;
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
        // Tz_k = sum_j W_kj T_j (zero for the first layer).
        const to = k * n3;
        for (let t = 0; t < n3; t++) {
          let lo = 0, hi = 0;
          if (!first) {
            for (let j = 0; j < inDim; j++) {
              const w = W[row + j]!;
              if (w === 0) continue;
              lo = roundDown(lo + scaleLo(w, tLo[j * n3 + t]!, tHi[j * n3 + t]!));
              hi = roundUp(hi + scaleHi(w, tLo[j * n3 + t]!, tHi[j * n3 + t]!));
            }
          }
          tLo2[to + t] = lo; tHi2[to + t] = hi;
        }
        if (identity) {
          hLo2[k] = zlo; hHi2[k] = zhi;
          if (affine) { aC2[k] = zc; aR2[k] = zrho; for (let a = 0; a < d; a++) aG2[k * d + a] = zG[a]!; }
          continue;
        }
        const act = activationRanges(layer.activation, zlo, zhi);
        if (affine) affine = affineThroughActivation(layer.activation, k, zlo, zhi, zc, zrho, act.d2);
        hLo2[k] = act.value.lo; hHi2[k] = act.value.hi;
        const d1lo = act.d1.lo, d1hi = act.d1.hi, d2lo = act.d2.lo, d2hi = act.d2.hi;
        if (third) {
          // T'_k (uses Jz and Hz before they are overwritten below).
          const d3 = activationThird(layer.activation, zlo, zhi, act.d1);
          for (let t = 0; t < n3; t++) {
            const a = t3A[t]!, b = t3B[t]!, c = t3C[t]!;
            const alo = jLo2[jo + a]!, ahi = jHi2[jo + a]!, blo = jLo2[jo + b]!, bhi = jHi2[jo + b]!, clo = jLo2[jo + c]!, chi = jHi2[jo + c]!;
            // Jz_a Jz_b Jz_c: a cube is monotone (exact range), a square is never negative.
            let plo: number, phi: number;
            if (a === c) { plo = cubeLo(alo, ahi); phi = cubeHi(alo, ahi); }
            else if (a === b) { const qlo = sqrLo(alo, ahi), qhi = sqrHi(alo, ahi); plo = mulLo(qlo, qhi, clo, chi); phi = mulHi(qlo, qhi, clo, chi); }
            else if (b === c) { const qlo = sqrLo(blo, bhi), qhi = sqrHi(blo, bhi); plo = mulLo(qlo, qhi, alo, ahi); phi = mulHi(qlo, qhi, alo, ahi); }
            else { const qlo = mulLo(alo, ahi, blo, bhi), qhi = mulHi(alo, ahi, blo, bhi); plo = mulLo(qlo, qhi, clo, chi); phi = mulHi(qlo, qhi, clo, chi); }
            let lo = mulLo(d3.lo, d3.hi, plo, phi), hi = mulHi(d3.lo, d3.hi, plo, phi);
            // Jz_a Hz_bc + Jz_b Hz_ac + Jz_c Hz_ab.
            const ibc = so + t3BC[t]!, iac = so + t3AC[t]!, iab = so + t3AB[t]!;
            let mlo = mulLo(alo, ahi, sLo2[ibc]!, sHi2[ibc]!), mhi = mulHi(alo, ahi, sLo2[ibc]!, sHi2[ibc]!);
            mlo = roundDown(mlo + mulLo(blo, bhi, sLo2[iac]!, sHi2[iac]!)); mhi = roundUp(mhi + mulHi(blo, bhi, sLo2[iac]!, sHi2[iac]!));
            mlo = roundDown(mlo + mulLo(clo, chi, sLo2[iab]!, sHi2[iab]!)); mhi = roundUp(mhi + mulHi(clo, chi, sLo2[iab]!, sHi2[iab]!));
            lo = roundDown(lo + mulLo(d2lo, d2hi, mlo, mhi)); hi = roundUp(hi + mulHi(d2lo, d2hi, mlo, mhi));
            lo = roundDown(lo + mulLo(d1lo, d1hi, tLo2[to + t]!, tHi2[to + t]!)); hi = roundUp(hi + mulHi(d1lo, d1hi, tLo2[to + t]!, tHi2[to + t]!));
            tLo2[to + t] = lo; tHi2[to + t] = hi;
          }
        }
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
      [aC, aC2] = [aC2, aC]; [aR, aR2] = [aR2, aR]; [aG, aG2] = [aG2, aG];
      [hLo, hLo2] = [hLo2, hLo]; [hHi, hHi2] = [hHi2, hHi];
      [jLo, jLo2] = [jLo2, jLo]; [jHi, jHi2] = [jHi2, jHi];
      [sLo, sLo2] = [sLo2, sLo]; [sHi, sHi2] = [sHi2, sHi];
      [tLo, tLo2] = [tLo2, tLo]; [tHi, tHi2] = [tHi2, tHi];
    }
    out.valueLo = hLo[0]!; out.valueHi = hHi[0]!;
    for (let a = 0; a < d; a++) { out.gradLo[a] = jLo[a]!; out.gradHi[a] = jHi[a]!; }
    for (let t = 0; t < nt; t++) { out.hessLo[t] = sLo[t]!; out.hessHi[t] = sHi[t]!; }
    if (third) {
      const o = out as ThirdOrderEnclosure;
      if (o.thirdLo === undefined || o.thirdLo.length !== n3) throw new Error('network enclosure: thirdOrder needs a ThirdOrderEnclosure of the same dimension');
      for (let t = 0; t < n3; t++) {
        o.thirdLo[t] = tLo[t]!; o.thirdHi[t] = tHi[t]!;
        if (o.thirdLo[t] !== o.thirdLo[t] || o.thirdHi[t] !== o.thirdHi[t]) throw new Error('network enclosure: NaN third-derivative bound');
      }
    }
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

/** act''' on [zlo, zhi], given act' there (tanh uses it). relu is not C^3 anywhere near 0: unknown. */
function activationThird(act: MlpLayer['activation'], zlo: number, zhi: number, d1: Interval): Interval {
  switch (act) {
    case 'tanh': return thirdFromSech2(d1.lo, d1.hi);
    case 'sigmoid': return sigmoidThird(zlo, zhi);
    case 'softplus': return sigmoidRanges(zlo, zhi).d2; // softplus' = sigmoid
    case 'silu': return siluThird(zlo, zhi);
    case 'identity': return { lo: 0, hi: 0 };
    case 'relu': return zlo > 0 || zhi < 0 ? { lo: 0, hi: 0 } : UNKNOWN;
  }
}

/** Lower / upper end of [lo, hi]^3 (x^3 is increasing). */
function cubeLo(lo: number, hi: number): number {
  void hi;
  return lo >= 0 ? Math.max(0, roundDown(roundDown(lo * lo) * lo)) : roundDown(roundUp(lo * lo) * lo);
}

function cubeHi(lo: number, hi: number): number {
  void lo;
  return hi >= 0 ? roundUp(roundUp(hi * hi) * hi) : Math.min(0, roundUp(roundDown(hi * hi) * hi));
}

function assertNoNaN(e: FlatEnclosure): void {
  let bad = e.valueLo !== e.valueLo || e.valueHi !== e.valueHi;
  for (let i = 0; i < e.gradLo.length && !bad; i++) bad = e.gradLo[i] !== e.gradLo[i] || e.gradHi[i] !== e.gradHi[i];
  for (let i = 0; i < e.hessLo.length && !bad; i++) bad = e.hessLo[i] !== e.hessLo[i] || e.hessHi[i] !== e.hessHi[i];
  if (bad) throw new Error('network enclosure: NaN bound (an invalid interval reached the network)');
}
