// The evidence of a localisation route as stored in a certificate (stopping.tv.localisation): boxes as
// [lo, hi] pairs (null for an infinite end, as every box in a certificate), everything else as the
// kernel's LocalisationEvidence reads it. Only the shape is converted here; the kernel judges the values.
import type { LocalisationEvidence } from '../kernel/stopping/localisation.js';
import { boxFromEvidence, boxToJson, type JsonBox } from './certificate.js';

export interface LocalisationJson {
  localised: {
    cutoff: { lo: number; hi: number; width: number }[];
    quadratic: { curvature: number[]; center: number[] };
    boxes: JsonBox[];
  };
  drift: { boxes: JsonBox[]; lyapunov: { center: number[]; s: number[] }; b: number };
  mass: {
    boxes: JsonBox[];
    shift: number;
    tail: { boundedTerms: number[]; anchor: number[]; decomposition?: { bump: string | null; cover: JsonBox[] } };
  };
}

export function localisationToJson(ev: LocalisationEvidence): LocalisationJson {
  const { localised: l, drift: d, mass: m } = ev;
  const dec = m.tail.decomposition;
  return {
    localised: {
      cutoff: l.cutoff.map((c) => ({ lo: c.lo, hi: c.hi, width: c.width })),
      quadratic: { curvature: [...l.quadratic.curvature], center: [...l.quadratic.center] },
      boxes: l.boxes.map(boxToJson),
    },
    drift: { boxes: d.boxes.map(boxToJson), lyapunov: { center: [...d.lyapunov.center], s: [...d.lyapunov.s] }, b: d.b },
    mass: {
      boxes: m.boxes.map(boxToJson),
      shift: m.shift,
      tail: {
        boundedTerms: [...m.tail.boundedTerms],
        anchor: [...m.tail.anchor],
        ...(dec ? { decomposition: { bump: dec.bump, cover: dec.cover.map(boxToJson) } } : {}),
      },
    },
  };
}

type Boxes = { lo: number; hi: number }[][];

/** The boxes of `list`, or null when it is not a list of boxes of [lo, hi] pairs. */
function boxesFrom(list: unknown): Boxes | null {
  if (!Array.isArray(list)) return null;
  const out = list.map(boxFromEvidence);
  return out.some((b) => b === null) ? null : (out as Boxes);
}

/** The kernel's evidence back from the stored one; a list that is not boxes is a string reason. */
export function localisationFromJson(json: LocalisationJson): LocalisationEvidence | string {
  const localBoxes = boxesFrom(json.localised?.boxes);
  if (localBoxes === null) return 'localisation.localised.boxes: not a list of boxes of [lo, hi] pairs';
  const driftBoxes = boxesFrom(json.drift?.boxes);
  if (driftBoxes === null) return 'localisation.drift.boxes: not a list of boxes of [lo, hi] pairs';
  const massBoxes = boxesFrom(json.mass?.boxes);
  if (massBoxes === null) return 'localisation.mass.boxes: not a list of boxes of [lo, hi] pairs';
  // A missing tail is a reason, not a TypeError (a library caller may pass a document the schema never saw).
  const tail = json.mass.tail as LocalisationJson['mass']['tail'] | undefined | null;
  if (tail === undefined || tail === null || typeof tail !== 'object') return 'localisation.mass.tail: missing (the tail bound outside K)';
  const dec = tail.decomposition;
  // Stryker disable next-line ArrayDeclaration: without a decomposition, cover is never read.
  const cover = dec === undefined ? [] : boxesFrom(dec.cover);
  if (cover === null) return 'localisation.mass.tail.decomposition.cover: not a list of boxes of [lo, hi] pairs';
  return {
    localised: { cutoff: json.localised.cutoff, quadratic: json.localised.quadratic, boxes: localBoxes },
    drift: { boxes: driftBoxes, lyapunov: json.drift.lyapunov, b: json.drift.b },
    mass: {
      boxes: massBoxes,
      shift: json.mass.shift,
      tail: { boundedTerms: tail.boundedTerms, anchor: tail.anchor, ...(dec !== undefined ? { decomposition: { bump: dec.bump, cover } } : {}) },
    },
  };
}
