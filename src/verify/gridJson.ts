// A TV route as stored in a certificate: the grid of a grid-propagation route (the tail cover's boxes may
// have infinite ends, which JSON cannot hold, so they are stored as JsonBox, null for an infinite end) or
// the evidence of a localisation route (localisationJson.ts).
import type { GridSpec } from '../kernel/stopping/gridPropagation.js';
import type { StoppingRoute } from '../kernel/stopping/types.js';
import { boxFromEvidence, boxToJson, type JsonBox } from './certificate.js';
import { localisationFromJson, localisationToJson, type LocalisationJson } from './localisationJson.js';

/** Certificates are plain mutable JSON data (as the other records in certificate.ts). */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export type GridJson = {
  origin: number[];
  width: number[];
  cells: number[];
} & Mutable<Omit<GridSpec, 'tail' | 'origin' | 'width' | 'cells'>> & {
  tail: { boundedTerms: number[]; anchor: number[]; decomposition?: { bump: string | null; cover: JsonBox[] } };
};

/** A TV route as stored: the kernel's StoppingRoute with its grid or localisation evidence in JSON form. */
export type TvRouteRecord = Mutable<Omit<StoppingRoute, 'grid' | 'localisation'>> & { grid?: GridJson; localisation?: LocalisationJson };

export function gridToJson(grid: GridSpec): GridJson {
  const t = grid.tail;
  return {
    ...grid,
    origin: [...grid.origin], width: [...grid.width], cells: [...grid.cells],
    tail: {
      boundedTerms: [...t.boundedTerms],
      anchor: [...t.anchor],
      ...(t.decomposition ? { decomposition: { bump: t.decomposition.bump, cover: t.decomposition.cover.map(boxToJson) } } : {}),
    },
  };
}

export function tvRouteToJson(route: StoppingRoute): TvRouteRecord {
  const { grid, localisation, ...rest } = route;
  return { ...rest, ...(grid ? { grid: gridToJson(grid) } : {}), ...(localisation ? { localisation: localisationToJson(localisation) } : {}) };
}

/** The kernel's route back from the stored one; a cover box that is not [lo, hi] pairs is a string reason. */
export function tvRouteFromJson(record: TvRouteRecord): StoppingRoute | string {
  const { grid, localisation: loc, ...plain } = record;
  let rest: StoppingRoute = plain;
  if (loc !== undefined) {
    const evidence = localisationFromJson(loc);
    if (typeof evidence === 'string') return evidence;
    rest = { ...rest, localisation: evidence };
  }
  if (grid === undefined) return rest;
  const dec = grid.tail?.decomposition;
  if (dec === undefined) return { ...rest, grid: grid as GridSpec };
  const cover = Array.isArray(dec.cover) ? dec.cover.map(boxFromEvidence) : [null];
  if (cover.some((b) => b === null)) return 'grid.tail.decomposition.cover: not a list of boxes of [lo, hi] pairs';
  return { ...rest, grid: { ...grid, tail: { ...grid.tail, decomposition: { bump: dec.bump, cover: cover as { lo: number; hi: number }[][] } } } };
}
