// Far-field covers (proofs/far-field.md, section 1): bounded boxes covering the cube
// |x - c|_inf <= R plus cones { c + r u : r >= R, u in P } over patches P of the surface of [-1, 1]^d.
// Every x outside the cube is c + r u with r = |x - c|_inf >= R and u = (x - c) / r on the face
// u_k = +-1 of a coordinate k attaining the maximum; so when the patches lying in each face cover it,
// the boxes and the cones together cover R^d. This file checks that hypothesis; the Hessian bound
// over a cone is networkFarField.ts.
import type { Interval } from '../interval.js';
import { roundDown, roundUp } from '../rounding.js';
import { formatBox, MAX_COVER_BOXES, uncoveredPart, validateBox, type Box, type CoverResult } from './cover.js';

/** The far-field part of a smoothness cover. */
export interface FarField {
  readonly center: readonly number[];
  /** R > 0: the cones start at |x - c|_inf = R. */
  readonly radius: number;
  /** Boxes in [-1, 1]^d; a patch lies in face (k, s) when its coordinate k is exactly [s, s]. */
  readonly patches: readonly Box[];
}

/** Why the far-field data are malformed, or undefined (evidence comes from a file: never trusted). */
export function validateFarField(farField: FarField, dim: number): string | undefined {
  if (typeof farField !== 'object' || farField === null) return 'farField: not an object';
  const { center, radius, patches } = farField;
  if (!Array.isArray(center) || center.length !== dim || !center.every((c) => typeof c === 'number' && Number.isFinite(c))) return `farField.center: not ${dim} finite numbers`;
  if (typeof radius !== 'number' || !Number.isFinite(radius) || !(radius > 0)) return `farField.radius ${String(radius)}: must be finite and positive`;
  if (!Array.isArray(patches)) return 'farField.patches: not a list';
  for (let k = 0; k < patches.length; k++) {
    const bad = validateBox(patches[k]!, dim, `farField.patches[${k}]`);
    if (bad) return bad;
    if (!(patches[k] as Box).every((c: Interval) => c.lo >= -1 && c.hi <= 1)) return `farField.patches[${k}]: not inside [-1, 1]^${dim}`;
  }
  return undefined;
}

/** The closed box containing the cube |x - c|_inf <= R (ends rounded outward unless exact). */
export function farFieldCube(center: readonly number[], radius: number): Interval[] {
  return center.map((c) => {
    const lo = c - radius, hi = c + radius;
    return { lo: sumIsExact(c, -radius, lo) ? lo : roundDown(lo), hi: sumIsExact(c, radius, hi) ? hi : roundUp(hi) };
  });
}

/** True when s = fl(a + b) equals the real a + b: Knuth's TwoSum error term is 0 (finite a, b, s). */
function sumIsExact(a: number, b: number, s: number): boolean {
  // Stryker disable next-line all: equivalent, an infinite s makes errA NaN below (judged inexact), and rounding keeps +-Infinity
  if (!Number.isFinite(s)) return false;
  const bb = s - a;
  const errA = a - (s - bb), errB = b - bb;
  // errA, errB are never equal and nonzero (docs/mutation.md, "The TwoSum survivor"), so '-' here
  // decides the same as '+'.
  // Stryker disable next-line ArithmeticOperator: equivalent, see the comment above
  return errA + errB === 0;
}

/** True when the boxes cover the cube around the centre and the patches tile every face of [-1, 1]^d,
 *  so that boxes and cones together cover R^d (the cover lemma, proofs/far-field.md section 1). */
export function checkFarFieldCover(boxes: readonly Box[], farField: FarField, dim: number): CoverResult {
  if (!Number.isInteger(dim) || dim < 1) return { ok: false, reason: `cover: bad dimension ${dim}` };
  const bad = validateFarField(farField, dim);
  if (bad) return { ok: false, reason: `cover: ${bad}` };
  if (boxes.length + farField.patches.length > MAX_COVER_BOXES) return { ok: false, reason: `cover: ${boxes.length + farField.patches.length} boxes and patches exceed the limit ${MAX_COVER_BOXES}` };
  for (let k = 0; k < boxes.length; k++) {
    const b = validateBox(boxes[k]!, dim, `boxes[${k}]`);
    if (b) return { ok: false, reason: `cover: ${b}` };
  }
  const cube = farFieldCube(farField.center, farField.radius);
  const gap = uncoveredPart(cube, boxes);
  if (gap) return { ok: false, reason: `cover: the boxes leave a gap in the cube ${formatBox(cube)} at ${formatBox(gap)}` };
  const hole = uncoveredFace(farField, dim);
  return hole ? { ok: false, reason: `cover: ${hole}` } : { ok: true };
}

/** Why the patches of well-formed far-field data do not tile every face of [-1, 1]^d, or undefined
 *  when they do (then every x outside the cube lies in one of their cones: proofs/far-field.md, Lemma 1). */
export function uncoveredFace(farField: FarField, dim: number): string | undefined {
  const face: Interval[] = Array.from({ length: dim - 1 }, () => ({ lo: -1, hi: 1 }));
  for (let k = 0; k < dim; k++)
    for (const s of [1, -1]) {
      // Patches in face (k, s), with coordinate k dropped: they must cover [-1, 1]^(d-1).
      const onFace = farField.patches.filter((p) => p[k]!.lo === s && p[k]!.hi === s).map((p) => p.filter((_, j) => j !== k));
      const hole = uncoveredPart(face, onFace);
      if (hole) return `the patches leave a gap in the face x${k + 1} = ${s > 0 ? '+' : '-'}1 at ${formatBox(hole)}`;
    }
  return undefined;
}
