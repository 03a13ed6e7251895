// Producer (untrusted) of a far-field smoothness cover: bounded boxes over the cube |x - c|_inf <= R
// and cones over patches of the faces of [-1, 1]^d (kernel/checks/farField.ts). One worst-first
// loop splits whichever piece, box or patch, has the largest kernel bound, so the budget goes where
// the bound is set. The kernel re-checks everything this returns.
import type { Box } from '../kernel/checks/cover.js';
import { farFieldCube, type FarField } from '../kernel/checks/farField.js';
import { coneSpectralRadius } from '../kernel/checks/coneSmoothness.js';
import { boxSpectralRadius } from '../kernel/checks/smoothness.js';
import type { EnergyModel } from '../kernel/model.js';
import { splitBox } from './refine.js';
import type { TimeCap } from './timeCap.js';

export interface FarFieldCoverOptions {
  readonly center: readonly number[];
  /** R: where the cones start. */
  readonly radius: number;
  /** Stop when every piece's bound is at most this. */
  readonly goal: number;
  readonly maxPieces: number;
  readonly patience?: number;
  /** Optional wall-clock safety cap (the search otherwise ends on maxPieces, goal or patience). */
  readonly cap?: TimeCap;
}

export interface FarFieldCover {
  readonly boxes: Box[];
  readonly farField: FarField;
  /** The kernel's bound over the cover (Infinity: some piece is unbounded). */
  readonly upper: number;
}

interface Piece { readonly box: Box; readonly patch: boolean; readonly bound: number }

/** True when the model has a network term (where cones beat unbounded outer boxes). */
export function hasNetwork(model: EnergyModel): boolean {
  return model.kind === 'mlp' || (model.kind === 'sum' && model.terms.some((t) => hasNetwork(t.model)));
}

/** The 2d faces of [-1, 1]^d, each a single patch. */
export function wholeFaces(dim: number): Box[] {
  const faces: Box[] = [];
  for (let k = 0; k < dim; k++) for (const s of [1, -1]) faces.push(Array.from({ length: dim }, (_, j) => (j === k ? { lo: s, hi: s } : { lo: -1, hi: 1 })));
  return faces;
}

export function refineFarFieldCover(model: EnergyModel, temperature: number, opts: FarFieldCoverOptions): FarFieldCover {
  const d = opts.center.length;
  const base = { center: opts.center, radius: opts.radius, patches: [] };
  const bound = (box: Box, patch: boolean): number => (patch ? coneSpectralRadius(model, temperature, base, box) : boxSpectralRadius(model, temperature, box));
  const pieces: Piece[] = [{ box: farFieldCube(opts.center, opts.radius), patch: false, bound: 0 }, ...wholeFaces(d).map((box) => ({ box, patch: true, bound: 0 }))]
    .map((p) => ({ ...p, bound: bound(p.box, p.patch) }));
  const patience = opts.patience ?? Infinity;
  let best = Infinity;
  let stale = 0;
  while (pieces.length < opts.maxPieces) {
    if (opts.cap?.expired()) break;
    let k = 0;
    for (let j = 1; j < pieces.length; j++) if (pieces[j]!.bound > pieces[k]!.bound) k = j;
    const worst = pieces[k]!;
    if (worst.bound <= opts.goal) break;
    // Progress means a relative gain of 0.1% (as in refine.ts).
    if (worst.bound < best * (1 - 1e-3) || best === Infinity) { best = worst.bound; stale = 0; }
    else if (++stale > patience) break;
    let chosen: [Piece, Piece] | undefined;
    for (let i = 0; i < d; i++) {
      const c = worst.box[i]!;
      if (c.lo === c.hi) continue; // a patch's face coordinate
      const at = c.lo + (c.hi - c.lo) / 2;
      if (!(at > c.lo && at < c.hi)) continue;
      const [a, b] = splitBox(worst.box, i, at);
      const pair: [Piece, Piece] = [{ box: a, patch: worst.patch, bound: bound(a, worst.patch) }, { box: b, patch: worst.patch, bound: bound(b, worst.patch) }];
      const m = Math.max(pair[0].bound, pair[1].bound);
      if (!chosen || m < Math.max(chosen[0].bound, chosen[1].bound)) chosen = pair;
    }
    if (!chosen) break;
    pieces.splice(k, 1, chosen[0], chosen[1]);
  }
  const upper = pieces.reduce((m, p) => Math.max(m, p.bound), 0);
  return {
    boxes: pieces.filter((p) => !p.patch).map((p) => p.box),
    farField: { center: [...opts.center], radius: opts.radius, patches: pieces.filter((p) => p.patch).map((p) => p.box) },
    upper,
  };
}
