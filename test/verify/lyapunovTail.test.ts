// The Lyapunov tail's JSON (src/verify/lyapunovTail.ts): the far-field cube's boxes rebuilt from the
// stored count per axis (exactly the cube, shared cut points), the stored evidence decoded back to the
// kernel's input, and malformed evidence refused with the field named. The replay against a real
// decomposition is test/certify/networkDecompositionGap.test.ts.
import { describe, expect, it } from 'vitest';
import { decodeLyapunov, lyapunovJson, MAX_TAIL_GRID, recordedLyapunovValues, uniformBoxes } from '../../src/verify/lyapunovTail.js';
import { checkFarFieldCover, farFieldCube } from '../../src/kernel/checks/farField.js';
import { frameFarField } from '../../src/certify/networkGrid.js';
import type { LyapunovPoincareEvidence } from '../../src/kernel/checks/lsiDecomposition.js';
import type { LyapunovPoincareBound } from '../../src/kernel/checks/lyapunovTail.js';

const I = (lo: number, hi: number) => ({ lo, hi });

describe('uniformBoxes', () => {
  it('n^d boxes, ends exactly the box\'s, neighbours sharing their cut', () => {
    const b = uniformBoxes([I(-1.5, 3), I(0.1, 0.7)], 3);
    expect(b).toHaveLength(9);
    expect(b[0]).toEqual([I(-1.5, 0), I(0.1, 0.1 + 0.6 / 3)]);
    expect(b[8]![0]!.hi).toBe(3);
    expect(b[8]![1]!.hi).toBe(0.7);
    for (let i = 0; i + 1 < 3; i++) expect(b[i * 3]![0]!.hi).toBe(b[(i + 1) * 3]![0]!.lo);
    const far = frameFarField(2.5, 4);
    expect(checkFarFieldCover(uniformBoxes(farFieldCube(far.center, far.radius), 7), far, 2).ok).toBe(true);
  });
});

describe('decodeLyapunov', () => {
  const far = frameFarField(6, 2);
  const K = [I(-4, 4), I(-4, 4)];
  const evidence: LyapunovPoincareEvidence = {
    tail: { region: K, farField: far, boxes: uniformBoxes(farFieldCube(far.center, far.radius), 12), s: 0.01 },
    restricted: { pieces: [{ set: K, bump: null, cover: [K] }], edges: [], beta: 0, lambda2: 0 },
  };
  const bound = { tail: { theta: 0.5, beta: 2, region: K }, restricted: { poincare: 3 }, poincare: 17, gap: 1 / 17 } as unknown as LyapunovPoincareBound;

  it('round trip: the JSON decodes to the same kernel input; the numbers are the bound\'s (zeros without one)', () => {
    const json = lyapunovJson(evidence, 12, bound);
    expect(json.grid).toBe(12);
    expect({ theta: json.theta, tailBeta: json.tailBeta, restrictedPoincare: json.restrictedPoincare, poincareUpper: json.poincareUpper, gapLower: json.gapLower }).toEqual(recordedLyapunovValues(bound));
    const back = decodeLyapunov(JSON.parse(JSON.stringify(json)), 2);
    expect(back.tail).toEqual(evidence.tail);
    expect(back.restricted).toEqual(evidence.restricted);
    expect(lyapunovJson(evidence, 12).theta).toBe(0);
  });

  it('malformed evidence throws with the field named', () => {
    const json = lyapunovJson(evidence, 12, bound);
    const bad = (change: (j: Record<string, unknown>) => void, dim = 2): string => {
      const j = JSON.parse(JSON.stringify(json));
      change(j);
      try { decodeLyapunov(j, dim); return 'decoded'; } catch (e) { return (e as Error).message; }
    };
    expect(bad((j) => { j.region = 'K'; })).toMatch(/^lyapunov.region/);
    expect(bad((j) => { j.grid = 0; })).toMatch(/^lyapunov.grid 0/);
    expect(bad((j) => { j.grid = 2.5; })).toMatch(/^lyapunov.grid 2.5/);
    expect(bad((j) => { j.grid = MAX_TAIL_GRID + 1; })).toMatch(/grid\^d <= 65536/);
    expect(bad((j) => { j.grid = MAX_TAIL_GRID; })).toBe('decoded');
    expect(bad(() => {}, 3)).toMatch(/^lyapunov.farField.center is not 3 numbers/);
    expect(bad((j) => { j.pieces = {}; })).toMatch(/pieces and lyapunov.edges must be lists/);
    expect(bad((j) => { (j.farField as { patches: unknown }).patches = 3; })).toMatch(/farField.patches/);
    expect(bad((j) => { (j.pieces as { cover: unknown }[])[0]!.cover = 1; })).toMatch(/lyapunov.pieces\[0\].cover/);
  });
});
