// Producer (untrusted) of integration evidence: picks the tail decomposition and the inner box,
// refines a bisection of the box where the bound on ∫ exp(-(f - s)) is loosest, and hands the
// leaves to the kernel's checkIntegralEvidence, whose bracket is the only one reported. Nothing
// here is trusted: a poor choice only makes the certified bracket wider.
import type { Box } from '../kernel/box.js';
import { splitBox, widestDimension } from '../kernel/box.js';
import type { EnergyModel } from '../kernel/model.js';
import { enclosePotential, tryEnclose } from '../kernel/checks/common.js';
import { flattenSum } from '../kernel/checks/sumModel.js';
import { boxIntegral, type IntegralBound } from '../kernel/integration/boxIntegral.js';
import { checkTailBound, type TailDecomposition, type TailSpec } from '../kernel/integration/tails.js';
import { checkIntegralEvidence, checkRegionMass, type IntegralBracket, type RegionMass } from '../kernel/integration/evidence.js';
import { TimeCap } from '../certify/timeCap.js';

export interface IntegrateOptions {
  /** Target width of the ln Z bracket relative to max(1, |ln Z|). */
  readonly tolerance: number;
  /** Target half-width of every region's pi bracket (absolute). */
  readonly massTolerance?: number;
  readonly regions?: readonly (readonly Box[])[];
  readonly maxBoxes?: number;
  /** Optional wall-clock safety cap (default none): the refinement ends on its work limits
   *  (maxBoxes, the tolerances); a cut is logged in the cap (its phase), since it makes the leaves
   *  depend on machine load. */
  readonly cap?: TimeCap;
  readonly onProgress?: (leaves: number, logZWidth: number) => void;
  /** A float evaluator of E for the search (untrusted, much faster than point enclosures). */
  readonly floatEnergy?: FloatEnergy;
}

/** A float evaluator of E (untrusted): one point at a time, or batched (an Energy: much faster on networks). */
export type FloatEnergy = ((x: Float64Array) => number) | { valueBatch(xs: Float64Array, n: number, out?: Float64Array): Float64Array };

export interface IntegrationEvidence {
  readonly boxes: Box[];
  readonly tails: TailSpec;
  readonly shift: number;
}

export interface IntegrationResult {
  readonly evidence: IntegrationEvidence;
  /** From checkIntegralEvidence (the kernel), not from the search. */
  readonly bracket: IntegralBracket;
  readonly regions: RegionMass[];
  readonly converged: boolean;
}

/** Terms of the energy that are networks with a bounded last hidden layer and a linear output. */
export function boundedNetworkTerms(model: EnergyModel): number[] {
  return flattenSum(model)
    .map((t, i) => {
      if (t.model.kind !== 'mlp') return -1;
      const layers = t.model.layers;
      const last = layers[layers.length - 1]!;
      const hidden = layers[layers.length - 2];
      return hidden && last.activation === 'identity' && (hidden.activation === 'tanh' || hidden.activation === 'sigmoid') ? i : -1;
    })
    .filter((i) => i >= 0);
}

function cube(d: number, r: number): Box {
  return Array.from({ length: d }, () => ({ lo: -r, hi: r }));
}

/**
 * A decomposition whose tail bound the kernel accepts, with the anchor moved to U's minimiser:
 * bounded network terms, then none, then the caller's bump-and-cover decomposition (for energies
 * that are not strongly convex on R^d as one box, like the double well).
 */
function chooseTails(model: EnergyModel, temperature: number, inner: Box, decomposition?: TailDecomposition): TailSpec | undefined {
  const d = model.dim;
  const choices: { terms: number[]; decomposition?: TailDecomposition }[] = [{ terms: boundedNetworkTerms(model) }, { terms: [] }];
  if (decomposition) choices.push({ terms: [], decomposition });
  for (const { terms, decomposition: dec } of choices) {
    const make = (anchor: number[]): TailSpec => (dec ? { inner, boundedTerms: terms, anchor, decomposition: dec } : { inner, boundedTerms: terms, anchor });
    let spec: TailSpec = make(new Array(d).fill(0));
    let r = checkTailBound(model, temperature, spec, 0);
    if (!r.ok) continue;
    // Newton steps towards min U (exact for a quadratic U): the minorant is tightest there.
    for (let it = 0; it < 4 && r.ok; it++) {
      const anchor = r.value.center.map((c) => 0.5 * c.lo + 0.5 * c.hi);
      const next: TailSpec = make(anchor);
      const r2 = checkTailBound(model, temperature, next, 0);
      if (!r2.ok || !(r2.value.minU >= r.value.minU)) break;
      spec = next;
      r = r2;
    }
    return spec;
  }
  return undefined;
}

/** Float grid search (producer side) for the smallest f on a box: the shift and a mode. */
export function gridMinimum(model: EnergyModel, temperature: number, box: Box, perAxis: number, floatEnergy?: FloatEnergy): { x: number[]; f: number } {
  const d = model.dim;
  let best = { x: box.map((c) => 0.5 * c.lo + 0.5 * c.hi), f: Infinity };
  const idx = new Array(d).fill(0);
  const total = perAxis ** d;
  if (floatEnergy && typeof floatEnergy !== 'function') {
    // The same grid points in the same order, evaluated in chunks.
    const CHUNK = 4096;
    const xs = new Float64Array(CHUNK * d);
    const vals = new Float64Array(CHUNK);
    for (let start = 0; start < total; start += CHUNK) {
      const n = Math.min(CHUNK, total - start);
      for (let j = 0; j < n; j++) {
        let rem = start + j;
        for (let i = 0; i < d; i++) { const c = box[i]!; xs[j * d + i] = c.lo + (((rem % perAxis) + 0.5) / perAxis) * (c.hi - c.lo); rem = Math.floor(rem / perAxis); }
      }
      floatEnergy.valueBatch(xs, n, vals);
      for (let j = 0; j < n; j++) {
        const v = vals[j]! / temperature;
        if (v < best.f) best = { x: Array.from(xs.subarray(j * d, j * d + d)), f: v };
      }
    }
    return best;
  }
  for (let k = 0; k < total; k++) {
    let rem = k;
    for (let i = 0; i < d; i++) { idx[i] = rem % perAxis; rem = Math.floor(rem / perAxis); }
    const x = box.map((c, i) => c.lo + ((idx[i] + 0.5) / perAxis) * (c.hi - c.lo));
    const v = floatEnergy ? { lo: floatEnergy(Float64Array.from(x)) / temperature } : tryEnclose(() => enclosePotential(model, temperature, x.map((t) => ({ lo: t, hi: t }))).value);
    if (v && v.lo < best.f) best = { x, f: v.lo };
  }
  return best;
}

class MaxHeap {
  readonly keys: number[] = [];
  readonly items: number[] = [];
  get size(): number { return this.keys.length; }
  push(key: number, item: number): void {
    const k = this.keys, it = this.items;
    let i = k.length;
    k.push(key); it.push(item);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (k[p]! >= key) break;
      k[i] = k[p]!; it[i] = it[p]!; i = p;
    }
    k[i] = key; it[i] = item;
  }
  pop(): number {
    const k = this.keys, it = this.items;
    const top = it[0]!;
    const lastK = k.pop()!, lastI = it.pop()!;
    if (k.length > 0) {
      let i = 0;
      const n = k.length;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let c = i, ck = lastK;
        if (l < n && k[l]! > ck) { c = l; ck = k[l]!; }
        if (r < n && k[r]! > ck) { c = r; }
        if (c === i) break;
        k[i] = k[c]!; it[i] = it[c]!; i = c;
      }
      k[i] = lastK; it[i] = lastI;
    }
    return top;
  }
}

export interface PreparedIntegration {
  readonly inner: Box;
  readonly tails: TailSpec;
  readonly shift: number;
}

/**
 * The inner box [-R, R]^d (R a power of two: every bisection point is exact), the tail
 * decomposition and the shift (a float grid minimum of f): R grows until the certified tail bound
 * is below 1e-4 * tolerance times a certified lower bound on the mass near the grid minimum.
 */
export function prepareIntegration(model: EnergyModel, temperature: number, tolerance: number, floatEnergy?: FloatEnergy, decomposition?: TailDecomposition): PreparedIntegration {
  const d = model.dim;
  let found: PreparedIntegration | undefined;
  // The lowest grid point over all boxes tried so far: the grids of the small boxes are the fine
  // ones, and a coarse grid on a large box would give a poor shift and mode (then zLo is tiny, the
  // tail test fails and R keeps growing).
  let min = { x: new Array<number>(d).fill(0), f: Infinity };
  for (let R = 2; R <= 2 ** 12; R *= 2) {
    const box = cube(d, R);
    const spec = chooseTails(model, temperature, box, decomposition);
    if (!spec) throw new Error('integration: no decomposition f = U + W with hess U >= m > 0 on R^d and W bounded below is certified, so the tails cannot be bounded');
    const here = gridMinimum(model, temperature, box, d === 1 ? 1024 : d === 2 ? 256 : 48, floatEnergy);
    if (here.f < min.f) min = here;
    const shift = min.f;
    const t = checkTailBound(model, temperature, spec, shift);
    if (!t.ok) continue;
    // A certified lower bound on Z e^s near the grid minimum, at a few scales.
    let zLo = 0;
    for (const h of [R / 8, R / 32, R / 128, R / 512, R / 2048])
      zLo = Math.max(zLo, boxIntegral(model, temperature, min.x.map((c) => ({ lo: c - h, hi: c + h })), shift).lo);
    found = { inner: box, tails: spec, shift };
    if (t.value.upper <= 1e-4 * tolerance * zLo) break;
  }
  if (!found) throw new Error('integration: the tail bound could not be made finite');
  return found;
}

/** The search's leaves and its own (producer-side) bounds on them, before the kernel's check. */
export interface RefinedLeaves {
  readonly evidence: IntegrationEvidence;
  readonly leafBounds: IntegralBound[];
  readonly converged: boolean;
}

/** The search and the kernel's check of its leaves (the only bracket reported). */
export function integrate(model: EnergyModel, temperature: number, opts: IntegrateOptions & { readonly prepared?: PreparedIntegration }): IntegrationResult {
  const { evidence, converged } = refineIntegral(model, temperature, opts);
  const checked = checkIntegralEvidence(model, temperature, evidence.boxes, evidence.tails, evidence.shift);
  if (!checked.ok) throw new Error(`integration: the kernel refused the evidence (${checked.reason})`);
  const masses: RegionMass[] = [];
  for (const r of opts.regions ?? []) {
    const m = checkRegionMass(model, temperature, evidence.boxes, checked.value, r);
    if (!m.ok) throw new Error(m.reason);
    masses.push(m.value);
  }
  return { evidence, bracket: checked.value, regions: masses, converged };
}

/** The adaptive bisection alone (untrusted): callers that refine further check once at the end. */
export function refineIntegral(model: EnergyModel, temperature: number, opts: IntegrateOptions & { readonly prepared?: PreparedIntegration }): RefinedLeaves {
  const maxBoxes = opts.maxBoxes ?? 400_000;
  const cap = opts.cap ?? TimeCap.none();
  const regions = opts.regions ?? [];
  // 1. Inner box, tails, shift.
  const { inner, tails, shift } = opts.prepared ?? prepareIntegration(model, temperature, opts.tolerance, opts.floatEnergy);
  // 2. Adaptive bisection of the inner box.
  const boxes: Box[] = [inner];
  const bounds: IntegralBound[] = [boxIntegral(model, temperature, inner, shift)];
  const alive: boolean[] = [true];
  const heap = new MaxHeap();
  heap.push(bounds[0]!.hi - bounds[0]!.lo, 0);
  const tailUpper = checkTailBound(model, temperature, tails, shift);
  const tail = tailUpper.ok ? tailUpper.value.upper : Infinity;
  let zLo = bounds[0]!.lo, zHi = bounds[0]!.hi;
  let leaves = 1;
  let nextRegionCheck = 0;
  let converged = false;
  const leafList = (): { b: Box[]; l: IntegralBound[] } => {
    const b: Box[] = [], l: IntegralBound[] = [];
    for (let k = 0; k < boxes.length; k++) if (alive[k]) { b.push(boxes[k]!); l.push(bounds[k]!); }
    return { b, l };
  };
  for (let iter = 0; ; iter++) {
    if (iter % 256 === 0) {
      // Re-sum to avoid drift from the running sums.
      zLo = 0; zHi = 0;
      for (let k = 0; k < boxes.length; k++) if (alive[k]) { zLo += bounds[k]!.lo; zHi += bounds[k]!.hi; }
      const lz = Math.log(zHi + tail) - Math.log(zLo);
      const target = opts.tolerance * Math.max(1, Math.abs(shift + Math.log(zLo)));
      opts.onProgress?.(leaves, lz);
      if (lz <= target) {
        if (regions.length === 0) { converged = true; break; }
        if (leaves >= nextRegionCheck) {
          const { b, l } = leafList();
          const pseudo: IntegralBracket = { model, temperature, boxes: b, shift, leaves: l, tail: tailUpper.ok ? tailUpper.value : ({ upper: Infinity } as never), inner, scaledZ: { lo: zLo, hi: zHi + tail }, logZ: { lo: -Infinity, hi: Infinity } };
          const mt = opts.massTolerance ?? 0.005;
          const ok = regions.every((r) => { const m = checkRegionMass(model, temperature, b, pseudo, r); return m.ok && m.value.mass.hi - m.value.mass.lo <= 2 * mt; });
          if (ok) { converged = true; break; }
          // A check costs one pass over the leaves (cut leaves are memoized by the kernel): checking
          // often keeps the overshoot past convergence small (it was up to 15% of the leaves).
          nextRegionCheck = Math.ceil(leaves * 1.03);
        }
      }
      if (leaves >= maxBoxes || cap.expired()) break;
    }
    if (heap.size === 0) break;
    const k = heap.pop();
    const box = boxes[k]!;
    const dim = widestDimension(box);
    if (dim === null) continue;
    const c = box[dim]!;
    const at = 0.5 * c.lo + 0.5 * c.hi;
    const children = splitBox(box, dim, at);
    alive[k] = false;
    zLo -= bounds[k]!.lo; zHi -= bounds[k]!.hi;
    for (const child of children) {
      const b = boxIntegral(model, temperature, child, shift);
      const id = boxes.length;
      boxes.push(child); bounds.push(b); alive.push(true);
      zLo += b.lo; zHi += b.hi;
      heap.push(b.hi - b.lo, id);
    }
    leaves++;
  }
  const { b: leafBoxes, l: leafBounds } = leafList();
  return { evidence: { boxes: leafBoxes, tails, shift }, leafBounds, converged };
}
