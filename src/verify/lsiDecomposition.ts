// Replay of a certificate's LSI constant from the covering decomposition (lsiDecomposition): the
// decomposition (poincareDecomposition's evidence) and the partition are re-checked together by
// checkLsiFromDecomposition (or, when the evidence groups the blocks, checkLsiFromGroupedDecomposition); the evidence's numbers must equal what the kernel recomputes, the claimed
// alpha may be smaller (weaker) than the kernel's, never larger. The
// result raises the established alpha only when the lsi hypothesis holds (claims.ts then requires
// constants.lsi.lower = the larger of the two, and the stopping routes are re-checked with it).
import type { EnergyModel } from '../kernel/model.js';
import type { CheckOutcome } from '../kernel/checks/common.js';
import type { PoincareBound } from '../kernel/checks/poincareDecomposition.js';
import { checkLsiFromDecomposition, type LsiFromDecompositionBound, type PartitionBlock } from '../kernel/checks/lsiDecomposition.js';
import { checkLsiFromGroupedDecomposition, type DecompositionGroup, type GroupedLsiBound, type GroupedPartitionBlock } from '../kernel/checks/lsiGroupedDecomposition.js';
import { boxFromEvidence, boxToJson, type Certificate, type LsiDecompositionGroupJson, type LsiDecompositionJson, type LsiDecompositionRecord, type PoincareDecompositionJson } from './certificate.js';
import type { Checks } from './checks.js';
import { decodeDecomposition, notStronger, verifyPoincareDecomposition, type CertificateContext } from './poincare.js';
import { decodeLyapunov, recordedLyapunovValues } from './lyapunovTail.js';

export const LSI_DECOMPOSITION_FUNCTION = 'kernel/checks/lsiDecomposition.checkLsiFromDecomposition';
/** The record's function when the evidence groups the blocks (`groups` present). */
export const LSI_GROUPED_DECOMPOSITION_FUNCTION = 'kernel/checks/lsiGroupedDecomposition.checkLsiFromGroupedDecomposition';
export const LSI_DECOMPOSITION_PROOF = 'proofs/lsi-from-decomposition.md';

/** The stored partition as kernel input (throws with the reason when malformed). A block's `group`
 *  is passed on as stored (the kernel checks it) when the evidence has groups, refused otherwise. */
function decodePartition(ev: LsiDecompositionJson): (GroupedPartitionBlock & { epsilon?: number })[] {
  if (!Array.isArray(ev?.partition)) throw new Error('partition is not a list');
  const grouped = ev.groups !== undefined;
  return ev.partition.map((b, i) => {
    const box = boxFromEvidence(b?.box);
    if (box === null) throw new Error(`partition[${i}].box is not a list of [lo, hi] pairs`);
    if (!grouped && b.group !== undefined) throw new Error(`partition[${i}] names a group, but the evidence has no groups`);
    if (grouped && b.epsilon !== undefined) throw new Error(`partition[${i}] is a comparison block (epsilon), which only the ungrouped check reads`);
    return { box, set: b.set, group: b.group as number, ...(b.epsilon !== undefined ? { epsilon: b.epsilon } : {}) };
  });
}

/** The stored groups as kernel input (throws with the reason when malformed). */
function decodeGroups(groups: unknown): DecompositionGroup[] {
  if (!Array.isArray(groups)) throw new Error('groups is not a list');
  return groups.map((g: LsiDecompositionGroupJson, n) => {
    const region = boxFromEvidence(g?.region);
    if (region === null) throw new Error(`groups[${n}].region is not a list of [lo, hi] pairs`);
    return { region, sets: g.sets, edges: g.edges, ...(g.edgeScales !== undefined ? { edgeScales: g.edgeScales } : {}), beta: g.beta, lambda2: g.lambda2 };
  });
}

/** The kernel's outcome on the stored decomposition and partition; never throws. */
export function replayLsiDecomposition(cert: CertificateContext, model: EnergyModel, decomposition: PoincareDecompositionJson, ev: LsiDecompositionJson): CheckOutcome<LsiFromDecompositionBound & { leaves: number }> {
  try {
    const decoded = decodeDecomposition(cert, model, decomposition);
    if (!decoded.ok) return decoded;
    const partition: PartitionBlock[] = decodePartition(ev).map(({ box, set, epsilon }) => ({ box, set, ...(epsilon !== undefined ? { epsilon } : {}) }));
    const lyapunov = ev.lyapunov === undefined ? undefined : decodeLyapunov(ev.lyapunov, model.dim);
    const r = checkLsiFromDecomposition(model, cert.temperature, decoded.value.bracket, decoded.value.evidence, partition, lyapunov);
    return r.ok ? { ok: true, value: { ...r.value, leaves: decoded.value.leaves } } : r;
  } catch (e) {
    return { ok: false, reason: `lsi-decomposition: ${(e as Error).message}` };
  }
}

/** The kernel's outcome on the stored decomposition, groups and partition (ev.groups present); never throws. */
export function replayGroupedLsiDecomposition(cert: CertificateContext, model: EnergyModel, decomposition: PoincareDecompositionJson, ev: LsiDecompositionJson): CheckOutcome<GroupedLsiBound & { leaves: number }> {
  try {
    if (ev.lyapunov !== undefined) throw new Error('a Lyapunov tail is read by the ungrouped check only (evidence without groups)');
    const decoded = decodeDecomposition(cert, model, decomposition);
    if (!decoded.ok) return decoded;
    const r = checkLsiFromGroupedDecomposition(model, cert.temperature, decoded.value.bracket, decoded.value.evidence, decodeGroups(ev.groups), decodePartition(ev));
    return r.ok ? { ok: true, value: { ...r.value, leaves: decoded.value.leaves } } : r;
  } catch (e) {
    return { ok: false, reason: `grouped-lsi: ${(e as Error).message}` };
  }
}

/** The numbers the record stores, from the kernel's bound (what the producer writes, what verify expects). */
export function recordedLsiValues(b: Pick<LsiFromDecompositionBound, 'masses' | 'localInverse' | 'logInverseMass' | 'alpha' | 'lyapunov'> & { defect?: number }, comparison = false): Pick<LsiDecompositionJson, 'masses' | 'localInverse' | 'logInverseMass' | 'defect'> & { claim: { alphaLower: number }; lyapunovValues?: ReturnType<typeof recordedLyapunovValues> } {
  return {
    masses: b.masses.map((m) => [m.lo, m.hi]),
    localInverse: b.localInverse,
    logInverseMass: b.logInverseMass,
    // Stored only when some block is a comparison block (older records have no defect).
    ...(comparison ? { defect: b.defect ?? 0 } : {}),
    ...(b.lyapunov !== undefined ? { lyapunovValues: recordedLyapunovValues(b.lyapunov) } : {}),
    claim: { alphaLower: b.alpha },
  };
}

/** The kernel's numbers of one group, as stored beside the group's evidence. */
export type RecordedGroupValues = Pick<LsiDecompositionGroupJson, 'poincareUpper' | 'mass' | 'localInverse' | 'logInverseMass' | 'inverseAlpha'>;

/**
 * The numbers a grouped record stores, from the kernel's bound: the record's masses (pi(B_i)),
 * localInverse (max_g 1/a_g), logInverseMass (D_top), per group (in order) its recomputed values, and
 * the claim. The writer stores groups[g] = { ...the group's evidence, ...groups[g] of this }
 * (groupedLsiEvidence does it).
 */
export function recordedGroupedLsiValues(b: GroupedLsiBound): Pick<LsiDecompositionJson, 'masses' | 'localInverse' | 'logInverseMass'> & { groups: RecordedGroupValues[]; claim: { alphaLower: number } } {
  return {
    masses: b.masses.map((m) => [m.lo, m.hi]),
    localInverse: b.localInverse,
    logInverseMass: b.logInverseMass,
    groups: b.groups.map((g) => ({ poincareUpper: g.poincare, mass: [g.mass.lo, g.mass.hi], localInverse: g.localInverse, logInverseMass: g.logInverseMass, inverseAlpha: g.inverseAlpha })),
    claim: { alphaLower: b.alpha },
  };
}

/** The whole grouped evidence (what the certificate stores) from the kernel's input and its bound. */
export function groupedLsiEvidence(groups: readonly DecompositionGroup[], partition: readonly GroupedPartitionBlock[], b: GroupedLsiBound): LsiDecompositionJson {
  const { claim: _claim, groups: values, ...numbers } = recordedGroupedLsiValues(b);
  return {
    partition: partition.map((p) => ({ box: boxToJson(p.box), set: p.set, group: p.group })),
    ...numbers,
    groups: groups.map((g, n) => ({
      region: boxToJson(g.region),
      sets: [...g.sets],
      edges: g.edges.map(([i, j]) => [i, j] as [number, number]),
      ...(g.edgeScales !== undefined ? { edgeScales: [...g.edgeScales] } : {}),
      beta: g.beta,
      lambda2: g.lambda2,
      ...values[n]!,
    })),
  };
}

/**
 * verify's checks of the two decomposition records; returns the claimed LSI alpha when the
 * lsiDecomposition claim verified (at most the kernel's; null otherwise). The decomposition is
 * re-checked once.
 */
export function verifyDecompositionRecords(cert: Certificate, model: EnergyModel, c: Checks): number | null {
  const rec: LsiDecompositionRecord | undefined = cert.lsiDecomposition;
  const pd = cert.poincareDecomposition;
  if (rec === undefined) {
    verifyPoincareDecomposition(cert, model, c);
    return null;
  }
  const where = 'lsiDecomposition';
  const grouped = rec.evidence?.groups !== undefined;
  c.equal(`${where}: function`, rec.function, grouped ? LSI_GROUPED_DECOMPOSITION_FUNCTION : LSI_DECOMPOSITION_FUNCTION);
  c.equal(`${where}: proof`, rec.proof, LSI_DECOMPOSITION_PROOF);
  if (rec.claim === null || pd?.claim == null || pd.evidence === undefined) {
    verifyPoincareDecomposition(cert, model, c);
    if (rec.claim !== null) c.fail(where, 'an LSI constant without a claimed decomposition (poincareDecomposition) to derive it from');
    else {
      if (rec.evidence !== undefined) c.fail(where, 'evidence without a claim');
      if (typeof rec.reason !== 'string' || rec.reason.length === 0) c.fail(where, 'no claim and no reason');
    }
    return null;
  }
  if (rec.reason !== undefined) c.fail(where, 'a claimed alpha carries a reason; only the checked numbers are its claim');
  if (rec.evidence === undefined) {
    verifyPoincareDecomposition(cert, model, c);
    c.fail(where, 'a claimed alpha without evidence');
    return null;
  }
  const g = grouped ? replayGroupedLsiDecomposition(cert, model, pd.evidence, rec.evidence) : undefined;
  const r = g ?? replayLsiDecomposition(cert, model, pd.evidence, rec.evidence);
  // The Poincare record is judged on the same replay when it succeeded (its check ran inside).
  const poincare: CheckOutcome<PoincareBound & { leaves: number }> | undefined = r.ok ? { ok: true, value: { ...r.value.poincare, leaves: r.value.leaves } } : undefined;
  verifyPoincareDecomposition(cert, model, c, poincare);
  if (!r.ok) {
    c.fail(where, r.reason);
    return null;
  }
  const groupedWant = g?.ok ? recordedGroupedLsiValues(g.value) : undefined;
  const comparison = Array.isArray(rec.evidence.partition) && rec.evidence.partition.some((b) => b?.epsilon !== undefined);
  const want = groupedWant ?? recordedLsiValues(r.value, comparison);
  const ok = [
    ...(groupedWant ? checkGroupValues(c, where, rec.evidence.groups!, groupedWant.groups) : []),
    c.equal(`${where}: masses`, rec.evidence.masses, want.masses),
    c.equal(`${where}: max local inverse constant`, rec.evidence.localInverse, want.localInverse),
    c.equal(`${where}: log(1/p_*)`, rec.evidence.logInverseMass, want.logInverseMass),
    ...((): boolean[] => {
      const wanted = 'defect' in want ? want.defect : undefined;
      return rec.evidence.defect !== undefined || wanted !== undefined ? [c.equal(`${where}: comparison defect`, rec.evidence.defect, wanted)] : [];
    })(),
    ...(() => {
      const values = 'lyapunovValues' in want ? want.lyapunovValues : undefined;
      return rec.evidence.lyapunov !== undefined || values !== undefined ? checkLyapunovValues(c, where, rec.evidence.lyapunov, values) : [];
    })(),
    // A weaker (smaller) alpha than the kernel's is still proved; the stored one is the claim, and it
    // is what constants.lsi.lower must match.
    notStronger(c, `${where}: alpha (LSI)`, 'lower', rec.claim.alphaLower, want.claim.alphaLower),
  ].every(Boolean);
  return ok ? rec.claim.alphaLower : null;
}

/** The stored Lyapunov tail's numbers against the kernel's (exact equality; the evidence was replayed). */
function checkLyapunovValues(c: Checks, where: string, stored: LsiDecompositionJson['lyapunov'], want: ReturnType<typeof recordedLyapunovValues> | undefined): boolean[] {
  if (stored === undefined || want === undefined) return [c.expect(false, `${where}: Lyapunov tail`, '', 'stored without the kernel recomputing it, or recomputed without being stored')];
  const at = `${where}: Lyapunov tail`;
  return [
    c.equal(`${at}: theta`, stored.theta, want.theta),
    c.equal(`${at}: beta`, stored.tailBeta, want.tailBeta),
    c.equal(`${at}: C_K`, stored.restrictedPoincare, want.restrictedPoincare),
    c.equal(`${at}: Poincare constant`, stored.poincareUpper, want.poincareUpper),
    c.equal(`${at}: spectral gap`, stored.gapLower, want.gapLower),
  ];
}

/** Each stored group's numbers against the kernel's (exact equality; the evidence part was replayed). */
function checkGroupValues(c: Checks, where: string, stored: readonly LsiDecompositionGroupJson[], want: readonly RecordedGroupValues[]): boolean[] {
  return want.flatMap((w, n) => {
    const g = stored[n]!;
    const at = `${where}: group ${n}`;
    return [
      c.equal(`${at}: Poincare constant`, g.poincareUpper, w.poincareUpper),
      c.equal(`${at}: mass`, g.mass, w.mass),
      c.equal(`${at}: max local inverse constant`, g.localInverse, w.localInverse),
      c.equal(`${at}: log(P_g/p_*)`, g.logInverseMass, w.logInverseMass),
      c.equal(`${at}: 1/a_g`, g.inverseAlpha, w.inverseAlpha),
    ];
  });
}
