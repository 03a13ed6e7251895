// The grid decomposition of a small network energy (src/certify/networkGrid.ts): a 2-unit tanh network
// making a ridge along x2 (1.5 tanh(3 x1 + 1.5) - 1.5 tanh(3 x1 - 1.5), height 2.71 at x1 = 0) plus the
// regulariser 0.25 |x|^2: two wells near x1 = +-1.1, barrier about 2.3. At T = 0.5 the kernel accepts
// the decomposition with frame sets W = the network, and its gap is below the generator's gap
// (Scharfetter-Gummel reference on a fine grid, independent of the kernel). A tampered frame piece (a box or a cone patch dropped, the far field removed, or W = the regulariser)
// and an inflated lambda_2 claim are refused.
import { beforeAll, describe, expect, it } from 'vitest';
import { energyFromModel } from '../../src/energy/spec.js';
import type { EnergyModel } from '../../src/kernel/model.js';
import type { Energy } from '../../src/energy/types.js';
import { prepareIntegration, refineIntegral } from '../../src/audit/integrate.js';
import { checkLocalPoincare, checkPoincareDecomposition, type PoincareDecompositionEvidence } from '../../src/kernel/checks/poincareDecomposition.js';
import { frameAxisCuts, frameCover, frameFarField, gradedCuts, gradedNearCover, networkFramePiece, proposeNetworkGridDecomposition } from '../../src/certify/networkGrid.js';
import { checkCoversRegion } from '../../src/kernel/checks/cover.js';
import { checkFarFieldCover } from '../../src/kernel/checks/farField.js';
import type { GridProposal } from '../../src/certify/gridDecomposition.js';
import { fieldOn, uniformGrid } from '../../src/diagnostics/grid/grid.js';
import { potentialFromEnergy } from '../../src/diagnostics/grid/potential.js';
import { smallGapOnGrid } from '../../src/diagnostics/grid/smallGap.js';

const I = (lo: number, hi: number) => ({ lo, hi });
const net: EnergyModel = { kind: 'mlp', dim: 2, layers: [
  { inDim: 2, outDim: 2, weight: Float64Array.of(3, 0, 3, 0), bias: Float64Array.of(1.5, -1.5), activation: 'tanh' },
  { inDim: 2, outDim: 1, weight: Float64Array.of(1.5, -1.5), bias: Float64Array.of(0), activation: 'identity' },
] };
const model: EnergyModel = { kind: 'sum', dim: 2, terms: [{ weight: 1, model: net }, { weight: 1, model: { kind: 'quadratic', dim: 2, lambda: 0.5, center: [0, 0] } }] };
const T = 0.5;

describe('frame covers', () => {
  it('reach infinity from the finite end, in steps then doubling, and are checked covers of their sets', () => {
    expect(frameAxisCuts(I(-Infinity, -1), 4, 1, 2)).toEqual([-Infinity, ...Array.from({ length: 23 }, (_, k) => -1 - 2 ** (24 - k)), -3, -2, -1]);
    const c = frameAxisCuts(I(-Infinity, Infinity), 4, 1, 2);
    expect(c[0]).toBe(-Infinity);
    expect(c[c.length - 1]).toBe(Infinity);
    expect(c).toContain(0);
    expect(c.every((v, k) => k === 0 || v > c[k - 1]!)).toBe(true);
    expect(frameAxisCuts(I(1, 2), 4, 1, 2)).toEqual([1, 1.25, 1.5, 1.75, 2]);
  });
});

describe('graded near covers and far fields', () => {
  it('cuts grow as max(step, ratio |x|) and tile the side; a side through 0 is cut from 0 both ways', () => {
    const c = gradedCuts(3, 32, 0.5, 0.125);
    expect(c[0]).toBe(3);
    expect(c[c.length - 1]).toBe(32);
    for (let k = 1; k < c.length; k++) {
      const width = c[k]! - c[k - 1]!;
      expect(width).toBeGreaterThan(0);
      if (k < c.length - 1) expect(width).toBeCloseTo(Math.max(0.5, 0.125 * c[k - 1]!), 12);
    }
    const boxes = gradedNearCover([I(-Infinity, -3), I(-1, 2)], 8, 0.5, 0.125);
    expect(boxes.every((b) => b[0]!.lo >= -8 && b[0]!.hi <= -3 && b[1]!.lo >= -1 && b[1]!.hi <= 2)).toBe(true);
    expect(checkCoversRegion(boxes, [I(-8, -3), I(-1, 2)]).ok).toBe(true);
    expect(boxes.some((b) => b[1]!.lo === 0 || b[1]!.hi === 0)).toBe(true);
    expect(gradedNearCover([I(8, Infinity), I(0, 1)], 8, 0.5, 0.125)).toEqual([]);
  });

  it('frameFarField tiles every face of the square with equal patches', () => {
    const far = frameFarField(16, 8);
    expect(far.patches.length).toBe(32);
    expect(checkFarFieldCover([[I(-16, 16), I(-16, 16)]], far, 2).ok).toBe(true);
  });
});

describe('frame pieces with a wider cube', () => {
  // Six first-layer neurons with |w| = 0.08 whose null directions all lie in the quadrant
  // [2, inf) x (-inf, -2]: at r = 32 their pre-activations still change by about 2.6 across the cones,
  // together, and the interval range over a cone loses that they move with r as one.
  const n = 6;
  const w1 = new Float64Array(2 * n), b1 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = -Math.PI / 2 + ((i + 0.5) * Math.PI) / (2 * n) + 0.9;
    w1[2 * i] = 0.08 * Math.cos(t); w1[2 * i + 1] = 0.08 * Math.sin(t); b1[i] = 0.3 * (i - 2.5);
  }
  const w2 = Float64Array.from({ length: 3 * n }, (_, k) => ((k * 7) % 5) - 2);
  const wide: EnergyModel = { kind: 'mlp', dim: 2, layers: [
    { inDim: 2, outDim: n, weight: w1, bias: b1, activation: 'tanh' },
    { inDim: n, outDim: 3, weight: w2, bias: new Float64Array(3), activation: 'tanh' },
    { inDim: 3, outDim: 1, weight: Float64Array.of(1, -1, 1), bias: Float64Array.of(0), activation: 'identity' },
  ] };
  const energy = energyFromModel({ kind: 'sum', dim: 2, terms: [{ weight: 1, model: wide }, { weight: 1, model: { kind: 'quadratic', dim: 2, lambda: 0.5, center: [0, 0] } }] });
  const quadrant = [I(2, Infinity), I(-Infinity, -2)];

  it('retries at 4 R while the kernel osc exceeds the sampled one by more than 1: a smaller constant, still accepted', () => {
    const once = networkFramePiece(energy, 1, quadrant, [0], { farRetries: [] });
    const wider = networkFramePiece(energy, 1, quadrant, [0], { farRetries: [4] });
    expect(once.piece.farField?.radius).toBe(32);
    expect(wider.piece.farField?.radius).toBe(128);
    // Measured: 340 at R = 32 (osc 5.13), 103 at R = 128 (osc 3.94).
    expect(wider.constant).toBeLessThan(once.constant / 2);
    const kernel = checkLocalPoincare(energy.model, 1, wider.piece, 'frame');
    expect(kernel.ok && kernel.value.constant).toBe(wider.constant);
  }, 60_000);

  it('does not retry where the kernel osc is within 1 of the sampled one (the ridge network)', () => {
    const ridge = energyFromModel(model);
    const piece = networkFramePiece(ridge, T, [I(1, Infinity), I(-Infinity, -1)], [0], {});
    expect(piece.piece.farField?.radius).toBe(32);
    expect(Number.isFinite(piece.constant)).toBe(true);
  }, 60_000);
});

describe('a small network double well at T = 0.5', () => {
  let e: Energy;
  let proposal: GridProposal;
  beforeAll(() => {
    e = energyFromModel(model, 'two-unit ridge + 0.25 |x|^2');
    const prepared = prepareIntegration(e.model, T, 1e-3, e);
    const { evidence } = refineIntegral(e.model, T, { tolerance: 1e-3, prepared, maxBoxes: 20_000, floatEnergy: e });
    proposal = proposeNetworkGridDecomposition(e, T, evidence, { inner: [I(-3, 3), I(-3, 3)], base: 4, overlap: 0.2, subBoxes: 4, curvatureLimit: Infinity, window: 0, maxBoxes: 40_000 });
  }, 120_000);

  it('is accepted, with frame sets W = the network, below the reference gap ', () => {
    const r = checkPoincareDecomposition(e.model, T, proposal.bracket, proposal.evidence);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const frames = proposal.evidence.pieces.filter((p) => p.set.some((c) => !Number.isFinite(c.lo) || !Number.isFinite(c.hi)));
    expect(frames.length).toBe(4 * 4 + 4);
    expect(frames.every((p) => p.boundedTerms?.length === 1 && p.boundedTerms[0] === 0)).toBe(true);
    const reference = smallGapOnGrid(fieldOn(potentialFromEnergy(e, T), uniformGrid(-4.5, 4.5, -4.5, 4.5, 101, 101))).gap;
    expect(r.value.gap).toBeLessThan(reference);
    const whole = checkLocalPoincare(e.model, T, { set: [I(-Infinity, Infinity), I(-Infinity, Infinity)], bump: null, boundedTerms: [0], cover: frameCover([I(-Infinity, Infinity), I(-Infinity, Infinity)], 1, 1, 4) }, 'R^2');
    expect(whole.ok).toBe(true);
    // Holley-Stroock with the same W on R^2 pays the network's whole oscillation (2.71 / T) once; at
    // this barrier (4.7 T) it is still the better bound, the grid's cells of 1.5 pay more (see README).
    if (whole.ok) expect(whole.value.osc).toBeGreaterThan(2 * 3 * Math.tanh(1.5) - 1e-9);
  });

  it('refuses a frame piece whose boxes or cones miss part of it, a frame W that is unbounded, and an inflated lambda_2', () => {
    const k = proposal.evidence.pieces.findIndex((p) => p.boundedTerms !== undefined);
    const tamper = (change: (ev: PoincareDecompositionEvidence) => PoincareDecompositionEvidence): boolean =>
      checkPoincareDecomposition(e.model, T, proposal.bracket, change(proposal.evidence)).ok;
    const withPiece = (ev: PoincareDecompositionEvidence, piece: PoincareDecompositionEvidence['pieces'][number]) => ({ ...ev, pieces: ev.pieces.map((p, i) => (i === k ? piece : p)) });
    const p = proposal.evidence.pieces[k]!;
    // Its boxes cover the part inside the cube; the far field's cones the rest.
    expect(p.farField).toBeDefined();
    expect(tamper((ev) => withPiece(ev, { ...p, farField: undefined }))).toBe(false);
    expect(tamper((ev) => withPiece(ev, { ...p, farField: { ...p.farField!, patches: p.farField!.patches.slice(1) } }))).toBe(false);
    expect(tamper((ev) => withPiece(ev, { ...p, cover: p.cover.slice(1) }))).toBe(false);
    expect(tamper((ev) => withPiece(ev, { ...p, boundedTerms: [1] }))).toBe(false);
    expect(tamper((ev) => ({ ...ev, lambda2: ev.lambda2 * 10 }))).toBe(false);
  });
});
