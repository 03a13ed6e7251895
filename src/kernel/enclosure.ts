// Enclosures of E, grad E and hess E over a box for any EnergyModel (proofs/enclosures.md, section 3):
// expressions through the compiled expression enclosure, networks by forward-mode propagation,
// the quadratic regularizer exactly, sums by weighted sums. Everything is rounded outward.
import { compileExpressionEnclosure } from './expression.js';
import type { Interval } from './interval.js';
import type { EnergyModel } from './model.js';
import { compileNetworkEnclosure, createFlatEnclosure, triIndex, type FlatEnclosure } from './network.js';
import { withCenteredForms } from './networkCentered.js';
import { compileNetworkTaylorEnclosure, withTaylorModels } from './networkTaylor.js';
import { mulHi, mulLo, roundDown, roundUp, scaleHi, scaleLo, sqrHi, sqrLo } from './networkRounding.js';
import { assertBox, type Box } from './box.js';

export interface ModelEnclosure {
  readonly value: Interval;
  readonly gradient: Interval[];
  /** Symmetric d x d. */
  readonly hessian: Interval[][];
}

/** A model compiled once for many boxes. `encloseFlat` is the allocation-free form (box as lo/hi arrays). */
export interface CompiledEnclosure {
  readonly dim: number;
  /** False when some part is not C^2 (relu): curvature results are not meaningful then. */
  readonly twiceDifferentiable: boolean;
  enclose(box: Box): ModelEnclosure;
  encloseFlat(boxLo: Float64Array, boxHi: Float64Array, out: FlatEnclosure): void;
  /** Centered forms for value and gradient only (networks: interval propagation without the Taylor models of encloseFlat). */
  encloseFlatFirstOrder(boxLo: Float64Array, boxHi: Float64Array, out: FlatEnclosure): void;
  /** Without the centered forms: the same Hessian enclosure at about half the cost (value and gradient looser). */
  encloseFlatDirect(boxLo: Float64Array, boxHi: Float64Array, out: FlatEnclosure): void;
  /**
   * Networks: the Taylor models alone on boxes where every pre-activation varies by at most 0.5, else
   * intersected with encloseFlatFirstOrder. Cheaper than encloseFlat and, per box, not always as tight:
   * for branch and bound (`emcert bounds`), whose results no certificate replays.
   */
  encloseFlatTaylorFirst(boxLo: Float64Array, boxHi: Float64Array, out: FlatEnclosure): void;
}

type FlatFn = (boxLo: Float64Array, boxHi: Float64Array, out: FlatEnclosure) => void;

export function compileModelEnclosure(model: EnergyModel): CompiledEnclosure {
  const { fn, firstOrder, direct, taylorFirst, smooth } = compileFlat(model);
  const d = model.dim;
  return {
    dim: d,
    twiceDifferentiable: smooth,
    encloseFlat: fn,
    encloseFlatFirstOrder: firstOrder,
    encloseFlatDirect: direct,
    encloseFlatTaylorFirst: taylorFirst,
    enclose(box: Box): ModelEnclosure {
      if (box.length !== d) throw new Error(`enclosure: box has ${box.length} coordinates, the model has ${d}`);
      assertBox(box);
      const out = createFlatEnclosure(d);
      fn(Float64Array.from(box, (c) => c.lo), Float64Array.from(box, (c) => c.hi), out);
      return flatToEnclosure(d, out);
    },
  };
}

const compiledCache = new WeakMap<EnergyModel, CompiledEnclosure>();

/** Enclosure of E, grad E, hess E over `box` (compiles the model once per model object). */
export function encloseModel(model: EnergyModel, box: Box): ModelEnclosure {
  let compiled = compiledCache.get(model);
  if (!compiled) { compiled = compileModelEnclosure(model); compiledCache.set(model, compiled); }
  return compiled.enclose(box);
}

export function flatToEnclosure(d: number, e: FlatEnclosure): ModelEnclosure {
  const hessian: Interval[][] = [];
  for (let a = 0; a < d; a++) {
    const row: Interval[] = [];
    for (let b = 0; b < d; b++) { const t = triIndex(d, a, b); row.push({ lo: e.hessLo[t]!, hi: e.hessHi[t]! }); }
    hessian.push(row);
  }
  return {
    value: { lo: e.valueLo, hi: e.valueHi },
    gradient: Array.from(e.gradLo, (lo, a) => ({ lo, hi: e.gradHi[a]! })),
    hessian,
  };
}

/**
 * An interval containing 1/T for every T in `temperature` (a double, or an interval such as the
 * enclosure of a decimal T), all positive and finite; the potential is f = E / T.
 */
export function reciprocalTemperature(temperature: number | Interval): Interval {
  const t = typeof temperature === 'number' ? { lo: temperature, hi: temperature } : temperature;
  if (!(t.lo > 0) || !(t.lo <= t.hi) || !Number.isFinite(t.hi)) throw new Error(`temperature [${t.lo}, ${t.hi}]: must be finite and positive`);
  // 1/T is decreasing: the smallest value is at t.hi, the largest at t.lo.
  return { lo: roundDown(1 / t.hi), hi: roundUp(1 / t.lo) };
}

/** Every entry of `enc` multiplied by the interval `factor` (for f = E / T use reciprocalTemperature(T)). */
export function scaleEnclosure(enc: ModelEnclosure, factor: Interval): ModelEnclosure {
  const s = (x: Interval): Interval => ({ lo: mulLo(factor.lo, factor.hi, x.lo, x.hi), hi: mulHi(factor.lo, factor.hi, x.lo, x.hi) });
  return { value: s(enc.value), gradient: enc.gradient.map(s), hessian: enc.hessian.map((row) => row.map(s)) };
}

interface CompiledFlat {
  /** Direct enclosure intersected with the centered forms where they are valid. */
  readonly fn: FlatFn;
  /** The same without the Hessian's centered form. */
  readonly firstOrder: FlatFn;
  /** Direct enclosure only. */
  readonly direct: FlatFn;
  /** Networks: Taylor models alone where they are tight (see encloseFlatTaylorFirst); else fn. */
  readonly taylorFirst: FlatFn;
  readonly smooth: boolean;
}

function compileFlat(model: EnergyModel): CompiledFlat {
  switch (model.kind) {
    case 'mlp': {
      const smooth = model.layers.every((l) => l.activation !== 'relu');
      const direct = compileNetworkEnclosure(model.dim, model.layers);
      // Mean-value forms need E in C^2 (mean value theorem on E and on grad E); relu is not. For the
      // value the network's affine pre-activation forms already do as well, but the gradient's
      // mean-value form is far tighter than its interval propagation (on the 2 -> 64 x 3 benchmark,
      // 25,000 boxes leave a 12% gap with it and 400% without). The Hessian's centered form needs E in
      // C^3 and a third-derivative pass (section 3b). encloseFlat intersects that with the Taylor models
      // of section 2d on every box, so it is never looser than the centered forms alone and certificates
      // made with them still verify; encloseFlatTaylorFirst (branch and bound) uses the Taylor models
      // alone where they are tight, at about a quarter of the cost.
      if (!smooth) return { fn: direct, firstOrder: direct, direct, taylorFirst: direct, smooth };
      const third = compileNetworkEnclosure(model.dim, model.layers, { thirdOrder: true });
      const firstOrder = withCenteredForms(model.dim, direct);
      const taylor = compileNetworkTaylorEnclosure(model.dim, model.layers);
      const fn = withTaylorModels(model.dim, withCenteredForms(model.dim, direct, third), taylor, { taylorAlone: false });
      return { fn, firstOrder, direct, taylorFirst: withTaylorModels(model.dim, firstOrder, taylor), smooth };
    }
    case 'quadratic': {
      const fn = quadraticFlat(model.dim, model.lambda, model.center);
      return { fn, firstOrder: fn, direct: fn, taylorFirst: fn, smooth: true };
    }
    case 'expression': {
      // Centered forms stay sound at abs's kink: there its enclosures are d1 = [-1, 1] (the Clarke
      // gradient) and d2 = [-inf, inf] (proofs/enclosures.md, section 3).
      const direct = expressionFlat(model.dim, model.source);
      const fn = withCenteredForms(model.dim, direct);
      return { fn, firstOrder: fn, direct, taylorFirst: fn, smooth: !/\babs\b/.test(model.source) };
    }
    case 'sum':
      return sumFlat(model);
  }
}

/** (lambda/2)|x - c|^2: value (lambda/2) sum (x_i - c_i)^2, gradient lambda (x - c), Hessian lambda I. */
function quadraticFlat(d: number, lambda: number, center: readonly number[]): FlatFn {
  if (center.length !== d) throw new Error(`quadratic model: center has ${center.length} entries, expected ${d}`);
  if (!Number.isFinite(lambda) || !center.every(Number.isFinite)) throw new Error('quadratic model: lambda and center must be finite');
  return (boxLo, boxHi, out) => {
    let sLo = 0, sHi = 0;
    for (let i = 0; i < d; i++) {
      const c = center[i]!;
      const lo = roundDown(boxLo[i]! - c), hi = roundUp(boxHi[i]! - c);
      sLo = roundDown(sLo + sqrLo(lo, hi));
      sHi = roundUp(sHi + sqrHi(lo, hi));
      out.gradLo[i] = scaleLo(lambda, lo, hi);
      out.gradHi[i] = scaleHi(lambda, lo, hi);
    }
    // lambda / 2 is exact unless lambda is subnormal; then enclose it.
    const half = lambda * 0.5;
    const halfLo = half * 2 === lambda ? half : roundDown(half), halfHi = half * 2 === lambda ? half : roundUp(half);
    out.valueLo = mulLo(halfLo, halfHi, sLo, sHi);
    out.valueHi = mulHi(halfLo, halfHi, sLo, sHi);
    for (let a = 0; a < d; a++) for (let b = a; b < d; b++) {
      const t = triIndex(d, a, b);
      out.hessLo[t] = a === b ? lambda : 0;
      out.hessHi[t] = a === b ? lambda : 0;
    }
  };
}

function expressionFlat(d: number, source: string): FlatFn {
  const enclose = compileExpressionEnclosure(source, d);
  const box: Interval[] = Array.from({ length: d }, () => ({ lo: 0, hi: 0 }));
  return (boxLo, boxHi, out) => {
    for (let i = 0; i < d; i++) box[i] = { lo: boxLo[i]!, hi: boxHi[i]! };
    const e = enclose(box);
    out.valueLo = e.value.lo; out.valueHi = e.value.hi;
    for (let a = 0; a < d; a++) { out.gradLo[a] = e.gradient[a]!.lo; out.gradHi[a] = e.gradient[a]!.hi; }
    for (let a = 0; a < d; a++) for (let b = a; b < d; b++) {
      // Both (a, b) and (b, a) enclose the same symmetric entry: keep their intersection.
      const t = triIndex(d, a, b);
      const lo = Math.max(e.hessian[a]![b]!.lo, e.hessian[b]![a]!.lo), hi = Math.min(e.hessian[a]![b]!.hi, e.hessian[b]![a]!.hi);
      if (!(lo <= hi)) throw new Error(`expression enclosure: Hessian entry (${a}, ${b}) is empty or NaN`);
      out.hessLo[t] = lo; out.hessHi[t] = hi;
    }
  };
}

function sumFlat(model: Extract<EnergyModel, { kind: 'sum' }>): CompiledFlat {
  const d = model.dim;
  const parts = model.terms.map((t) => {
    if (t.model.dim !== d) throw new Error(`sum model: a term has dimension ${t.model.dim}, expected ${d}`);
    if (!Number.isFinite(t.weight)) throw new Error(`sum model: weight ${t.weight} is not finite`);
    return { weight: t.weight, ...compileFlat(t.model), scratch: createFlatEnclosure(d) };
  });
  const nt = (d * (d + 1)) / 2;
  const sumOf = (pick: (p: (typeof parts)[number]) => FlatFn): FlatFn => (boxLo, boxHi, out) => {
    out.valueLo = 0; out.valueHi = 0;
    out.gradLo.fill(0); out.gradHi.fill(0); out.hessLo.fill(0); out.hessHi.fill(0);
    for (const p of parts) {
      if (p.weight === 0) continue;
      const e = p.scratch;
      pick(p)(boxLo, boxHi, e);
      const w = p.weight;
      out.valueLo = roundDown(out.valueLo + scaleLo(w, e.valueLo, e.valueHi));
      out.valueHi = roundUp(out.valueHi + scaleHi(w, e.valueLo, e.valueHi));
      for (let a = 0; a < d; a++) {
        out.gradLo[a] = roundDown(out.gradLo[a]! + scaleLo(w, e.gradLo[a]!, e.gradHi[a]!));
        out.gradHi[a] = roundUp(out.gradHi[a]! + scaleHi(w, e.gradLo[a]!, e.gradHi[a]!));
      }
      for (let t = 0; t < nt; t++) {
        out.hessLo[t] = roundDown(out.hessLo[t]! + scaleLo(w, e.hessLo[t]!, e.hessHi[t]!));
        out.hessHi[t] = roundUp(out.hessHi[t]! + scaleHi(w, e.hessLo[t]!, e.hessHi[t]!));
      }
    }
  };
  return { fn: sumOf((p) => p.fn), firstOrder: sumOf((p) => p.firstOrder), direct: sumOf((p) => p.direct), taylorFirst: sumOf((p) => p.taylorFirst), smooth: parts.every((p) => p.smooth) };
}
