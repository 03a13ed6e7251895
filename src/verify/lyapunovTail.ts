// The Lyapunov tail inside an lsiDecomposition record (proofs/lyapunov-tail.md): decoding the stored
// evidence into kernel input, and the kernel's values a record stores (what verify recomputes).
// The far-field cube's boxes are stored as a count per axis; uniformBoxes rebuilds them the same way
// for the producer and for verify (the kernel checks that they cover the cube either way).
import type { Box } from '../kernel/box.js';
import { farFieldCube } from '../kernel/checks/farField.js';
import type { LyapunovPoincareEvidence } from '../kernel/checks/lsiDecomposition.js';
import type { LyapunovPoincareBound } from '../kernel/checks/lyapunovTail.js';
import { boxFromEvidence, boxToJson, type LyapunovTailJson } from './certificate.js';
import { decodeFarField, decodePieces } from './poincare.js';

/** Most boxes per axis of the tail's grid (a 2-d grid of 256 x 256 boxes takes about a CPU minute). */
export const MAX_TAIL_GRID = 256;

/** The box cut in n equal pieces per axis (the last piece ends exactly at the box's end). */
export function uniformBoxes(box: Box, n: number): Box[] {
  const cuts = box.map((c) => Array.from({ length: n + 1 }, (_, k) => (k === 0 ? c.lo : k === n ? c.hi : c.lo + ((c.hi - c.lo) * k) / n)));
  let out: { lo: number; hi: number }[][] = [[]];
  for (const axis of cuts) out = out.flatMap((b) => Array.from({ length: n }, (_, k) => [...b, { lo: axis[k]!, hi: axis[k + 1]! }]));
  return out;
}

/** The stored tail and restricted decomposition as kernel input (throws with the reason when malformed). */
export function decodeLyapunov(ev: LyapunovTailJson, dim: number): LyapunovPoincareEvidence {
  const region = boxFromEvidence(ev?.region);
  if (region === null) throw new Error('lyapunov.region is not a list of [lo, hi] pairs');
  const farField = decodeFarField(ev.farField, 'lyapunov.farField');
  if (!(Number.isInteger(ev.grid) && ev.grid >= 1 && ev.grid ** dim <= MAX_TAIL_GRID ** 2)) throw new Error(`lyapunov.grid ${String(ev.grid)} must be an integer from 1 with grid^d <= ${MAX_TAIL_GRID ** 2}`);
  if (!Array.isArray(farField.center) || farField.center.length !== dim) throw new Error(`lyapunov.farField.center is not ${dim} numbers`);
  if (!Array.isArray(ev.pieces) || !Array.isArray(ev.edges)) throw new Error('lyapunov.pieces and lyapunov.edges must be lists');
  return {
    tail: { region, farField, boxes: uniformBoxes(farFieldCube(farField.center, farField.radius), ev.grid), s: ev.s },
    restricted: {
      pieces: decodePieces(ev.pieces, 'lyapunov.pieces'),
      edges: ev.edges,
      beta: ev.beta,
      lambda2: ev.lambda2,
      ...(ev.edgeScales !== undefined ? { edgeScales: ev.edgeScales } : {}),
    },
  };
}

/** The kernel's numbers a record stores beside the evidence. */
export function recordedLyapunovValues(b: LyapunovPoincareBound): Pick<LyapunovTailJson, 'theta' | 'tailBeta' | 'restrictedPoincare' | 'poincareUpper' | 'gapLower'> {
  return { theta: b.tail.theta, tailBeta: b.tail.beta, restrictedPoincare: b.restricted.poincare, poincareUpper: b.poincare, gapLower: b.gap };
}

/** The whole stored evidence from the kernel's input (grid: boxes per axis of the cube) and its bound
 *  (absent: the numbers are zeros, for the producer's replay). */
export function lyapunovJson(e: LyapunovPoincareEvidence, grid: number, b?: LyapunovPoincareBound): LyapunovTailJson {
  const f = e.tail.farField;
  return {
    region: boxToJson(e.tail.region),
    farField: { center: [...f.center], radius: f.radius, patches: f.patches.map(boxToJson) },
    grid,
    s: e.tail.s,
    pieces: e.restricted.pieces.map((p) => ({
      set: boxToJson(p.set), bump: p.bump, cover: p.cover.map(boxToJson),
      ...(p.boundedTerms !== undefined ? { boundedTerms: [...p.boundedTerms] } : {}),
      ...(p.farField !== undefined ? { farField: { center: [...p.farField.center], radius: p.farField.radius, patches: p.farField.patches.map(boxToJson) } } : {}),
    })),
    edges: e.restricted.edges.map(([i, j]) => [i, j]),
    beta: e.restricted.beta,
    lambda2: e.restricted.lambda2,
    ...(e.restricted.edgeScales !== undefined ? { edgeScales: [...e.restricted.edgeScales] } : {}),
    // Without a bound (the producer's input to the replay) the kernel's numbers are zeros.
    ...(b ? recordedLyapunovValues(b) : { theta: 0, tailBeta: 0, restrictedPoincare: 0, poincareUpper: 0, gapLower: 0 }),
  };
}
