// Replay of an `emcert audit` result (audit.json + integral-evidence.json) with the kernel only:
// the energy is rebuilt from its files (sha256 checked), the leaves and tails are re-checked
// (checkIntegralEvidence), every region mass, the NLL of the data, the Rayleigh quotient of the
// stored test function, the smoothness cover and the TV bounds from the stored counts are
// recomputed, and the verdict is re-derived from them and the stored thresholds. Every stored
// number must equal the recomputed one. The sampler counts are statistical: re-running the seeded
// sampler is done by the CLI (it needs the Langevin engine, which is not trusted code), which
// compares the counts it gets with the stored ones.
import type { Box } from '../kernel/box.js';
import type { Interval } from '../kernel/interval.js';
import { decimalInterval } from '../kernel/decimal.js';
import type { TailSpec } from '../kernel/integration/tails.js';
import { checkIntegralEvidence, checkMeanNll, checkRegionMass, type IntegralBracket } from '../kernel/integration/evidence.js';
import { checkPoincareDecomposition, type PoincareDecompositionEvidence } from '../kernel/checks/poincareDecomposition.js';
import type { EnergyModel } from '../kernel/model.js';
import { checkRayleighQuotient, relaxationLower, type RidgeTestFunction } from '../kernel/integration/rayleigh.js';
import { checkTvLowerBound } from '../kernel/integration/tvBound.js';
import { checkSmoothness } from '../kernel/checks/smoothness.js';
import type { FarField } from '../kernel/checks/farField.js';
import { mulHi } from '../kernel/rounding.js';
import { schemaChecker } from './schemaValidator.js';
import { InputError } from '../util/errors.js';
import { readFileOrThrow, sha256Hex } from '../util/files.js';
import { describeSum, kernelEnergyFromTerms, resolveStoredPath, type EnergyTerm } from './model.js';

export type Endpoint = number | 'inf' | '-inf';
export type Pair = [Endpoint, Endpoint];
export type CriterionStatus = 'pass' | 'fail' | 'inconclusive' | 'not applicable';

export interface Criterion {
  readonly name: string;
  readonly status: CriterionStatus;
  readonly detail: string;
}

export interface AuditThresholds {
  /** Largest TV lower bound (data or sampler vs pi) that still passes. */
  readonly maxTv: number;
  /** Confidence parameter of the statistical bounds (they hold with probability >= 1 - delta). */
  readonly delta: number;
  /** Engine-time horizon the relaxation time is compared with (null: the sampling block's steps x eta). */
  readonly horizon: number | null;
}

export function endpoint(x: number): Endpoint {
  return x === Infinity ? 'inf' : x === -Infinity ? '-inf' : x;
}
export function pair(i: Interval): Pair {
  return [endpoint(i.lo), endpoint(i.hi)];
}
export function readEndpoint(v: unknown): number {
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  throw new InputError(`audit: ${JSON.stringify(v)} is not a number, "inf" or "-inf"`);
}
function readPair(v: unknown): Interval {
  if (!Array.isArray(v) || v.length !== 2) throw new InputError(`audit: ${JSON.stringify(v)} is not a pair [lo, hi]`);
  return { lo: readEndpoint(v[0]), hi: readEndpoint(v[1]) };
}
/** The stability cover's far field (cones outside a cube), or undefined when none is stored. */
function readFarField(v: unknown, d: number): FarField | undefined {
  if (v === undefined) return undefined;
  const f = v as { center?: unknown; radius?: unknown; patches?: unknown };
  if (typeof v !== 'object' || v === null || !Array.isArray(f.patches)) throw new InputError('audit: sampling.stability.farField must be { center, radius, patches }');
  return { center: f.center as number[], radius: f.radius as number, patches: f.patches.map((b: unknown) => readBox(b, d)) };
}

function readBox(v: unknown, d: number): Box {
  if (!Array.isArray(v) || v.length !== d) throw new InputError(`audit: a box must have ${d} pairs`);
  return v.map(readPair);
}

/** CSV data points, each field enclosed exactly as a decimal (a non-numeric first line is a header). */
export function parseDataCsv(text: string, d: number, where: string): Box[] {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  const out: Box[] = [];
  lines.forEach((line, k) => {
    const fields = line.split(/[,;\s]+/).filter((f) => f.length > 0);
    const numeric = fields.every((f) => /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(f));
    if (!numeric) {
      if (k === 0) return;
      throw new InputError(`${where}: line ${k + 1} is not ${d} numbers`);
    }
    if (fields.length !== d) throw new InputError(`${where}: line ${k + 1} has ${fields.length} numbers, the energy has dimension ${d}`);
    out.push(fields.map((f) => decimalInterval(f)));
  });
  if (out.length === 0) throw new InputError(`${where}: no data points`);
  return out;
}

/** For each region, the number of points (boxes) lying inside it (closed boxes; regions may overlap). */
export function countPointsInRegions(points: readonly Box[], regions: readonly (readonly Box[])[]): number[] {
  return regions.map((r) => points.filter((p) => r.some((b) => b.every((c, i) => c.lo <= p[i]!.lo && p[i]!.hi <= c.hi))).length);
}

export interface VerdictInput {
  readonly dataTv?: number; // statistical lower bound on TV(P_data, pi)
  readonly samplerTv?: number; // statistical lower bound on TV(rho_N, pi)
  readonly samplerDiverged?: string; // the seeded run produced non-finite values
  readonly etaLUpper?: number; // certified upper bound on eta L (Infinity: none)
  readonly etaLSampled?: number; // float witness of eta |hess E| at some point
  readonly relaxationTime?: number; // certified lower bound on 1/gap in engine time
  readonly horizon?: number; // engine time
  readonly mixingRefused?: string;
  readonly quadrature: boolean;
}

/** The release criteria and the verdict; thresholds are the audit's options. */
export function auditCriteria(v: VerdictInput, t: AuditThresholds): { criteria: Criterion[]; verdict: 'pass' | 'fail' | 'inconclusive'; exitCode: 0 | 1 | 2 } {
  const c: Criterion[] = [];
  const na = (name: string, detail: string): void => { c.push({ name, status: 'not applicable', detail }); };
  if (v.dataTv === undefined) na('pi close to the data', v.quadrature ? 'no --data given' : 'no quadrature for d > 3');
  else c.push({ name: 'pi close to the data', status: v.dataTv > t.maxTv ? 'fail' : 'pass', detail: `TV(P_data, pi) >= ${v.dataTv.toPrecision(4)} with probability >= ${1 - t.delta} (threshold ${t.maxTv})` });
  if (v.etaLUpper === undefined) na('stable step', 'no sampling block');
  else if (v.etaLUpper < 2) c.push({ name: 'stable step', status: 'pass', detail: `eta L <= ${v.etaLUpper.toPrecision(4)} < 2 (L certified)` });
  else if ((v.etaLSampled ?? 0) >= 2) c.push({ name: 'stable step', status: 'fail', detail: `eta |hess E(x)| ~ ${v.etaLSampled!.toPrecision(4)} >= 2 at a sampled point (float witness)` });
  else c.push({ name: 'stable step', status: 'inconclusive', detail: `eta L <= ${v.etaLUpper.toPrecision(4)} is all that is certified` });
  if (v.samplerDiverged !== undefined) c.push({ name: 'sampler at pi', status: 'fail', detail: `the seeded run diverged: ${v.samplerDiverged}` });
  else if (v.samplerTv === undefined) na('sampler at pi', v.quadrature ? 'no sampling block' : 'no quadrature for d > 3');
  else c.push({ name: 'sampler at pi', status: v.samplerTv > t.maxTv ? 'fail' : 'pass', detail: `TV(rho_N, pi) >= ${v.samplerTv.toPrecision(4)} with probability >= ${1 - t.delta} (threshold ${t.maxTv})` });
  if (v.relaxationTime === undefined) {
    if (v.mixingRefused) c.push({ name: 'relaxation within the horizon', status: 'inconclusive', detail: v.mixingRefused });
    else na('relaxation within the horizon', v.quadrature ? 'no horizon (no sampling block and no --horizon)' : 'no quadrature for d > 3');
  } else if (v.horizon === undefined) na('relaxation within the horizon', 'no horizon (no sampling block and no --horizon)');
  else c.push({ name: 'relaxation within the horizon', status: v.relaxationTime > v.horizon ? 'fail' : 'pass', detail: `relaxation time >= ${v.relaxationTime.toPrecision(4)} vs horizon ${v.horizon.toPrecision(4)} (engine time)` });
  const verdict = c.some((x) => x.status === 'fail') ? 'fail' : c.some((x) => x.status === 'inconclusive') || !v.quadrature ? 'inconclusive' : 'pass';
  return { criteria: c, verdict, exitCode: verdict === 'pass' ? 0 : verdict === 'fail' ? 1 : 2 };
}

export interface AuditReplayCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

const SCHEMA_URL = new URL('../../certificates/schema/audit-v1.json', import.meta.url);
const auditSchemaProblem = schemaChecker(SCHEMA_URL, 'audit');

/** Throws InputError naming the JSON path when the document does not match certificates/schema/audit-v1.json. */
export function assertAuditSchema(doc: unknown, source: string): void {
  const problem = auditSchemaProblem(doc);
  if (problem) throw new InputError(`${source}: ${problem}`);
}

/**
 * The energy's terms as audit.json stores them (model paths relative to its directory): `terms`
 * for a weighted sum, else the one spec `stored` with weight 1.
 */
export function auditEnergyTerms(doc: Record<string, any>): EnergyTerm[] {
  const terms: unknown = doc.energy?.terms;
  if (terms === undefined) {
    const spec: unknown = doc.energy?.stored;
    if (typeof spec !== 'string') throw new InputError('audit: energy.stored missing');
    return [{ spec, weight: 1 }];
  }
  if (!Array.isArray(terms) || terms.length === 0 || !terms.every((t) => typeof t?.spec === 'string' && typeof t?.weight === 'number' && Number.isFinite(t.weight)))
    throw new InputError('audit: energy.terms must be a non-empty list of {"spec": string, "weight": number}');
  // `stored` is what a reader sees; it must say the same sum (a sum is not replayed under another name).
  if (doc.energy.stored !== describeSum(terms)) throw new InputError(`audit: energy.stored ${JSON.stringify(doc.energy.stored)} is not the sum its terms describe`);
  return terms.map((t) => ({ spec: t.spec, weight: t.weight }));
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Replays the certified parts of audit.json (already parsed; `dir` is its directory, against which
 * the stored relative paths resolve). Returns the checks; a missing or malformed field is an
 * InputError.
 */
export function replayAudit(doc: Record<string, any>, dir: string): AuditReplayCheck[] {
  const checks: AuditReplayCheck[] = [];
  const add = (name: string, ok: boolean, detail: string): void => { checks.push({ name, ok, detail }); };
  assertAuditSchema(doc, 'audit.json');
  const d = doc.dimension;
  const T = doc.temperature;
  if (!Number.isInteger(d) || d < 1 || typeof T !== 'number' || !(T > 0)) throw new InputError('audit: bad dimension or temperature');
  // Energy: rebuilt from the stored spec, every file's sha256 compared.
  const kernelEnergy = kernelEnergyFromTerms(auditEnergyTerms(doc), d, dir);
  const files: { path: string; sha256: string }[] = doc.energy.files ?? [];
  const recorded = new Map(files.map((f) => [resolveStoredPath(f.path, dir), f.sha256]));
  const filesOk = kernelEnergy.files.every((f) => recorded.get(f.path) === f.sha256) && kernelEnergy.files.length === files.length;
  add('energy files', filesOk, filesOk ? `${files.length} file(s), sha256 match` : 'a model file changed or is not recorded');
  if (!filesOk) return checks;
  const model = kernelEnergy.model;
  const thresholds: AuditThresholds = doc.thresholds;
  const quadrature = doc.quadrature === true;
  const verdictIn: { -readonly [K in keyof VerdictInput]: VerdictInput[K] } = { quadrature };
  if (quadrature) {
    const evPath = resolveStoredPath(doc.integration.evidence, dir);
    const evBytes = readFileOrThrow(evPath, 'integral evidence');
    const hash = sha256Hex(evBytes);
    let ev: { boxes: number[][]; tails: { inner: unknown; boundedTerms: number[]; anchor: number[]; decomposition?: { bump: unknown; cover: unknown } }; shift: number };
    try {
      ev = JSON.parse(evBytes.toString('utf8'));
      if (!Array.isArray(ev.boxes) || !ev.boxes.every((b) => Array.isArray(b) && b.length === 2 * d && b.every((x) => typeof x === 'number')) || typeof ev.shift !== 'number' || typeof ev.tails !== 'object' || !Array.isArray(ev.tails.boundedTerms) || !Array.isArray(ev.tails.anchor))
        throw new Error('boxes, tails or shift malformed');
    } catch (e) {
      throw new InputError(`${evPath}: not integral evidence (${(e as Error).message})`);
    }
    add('evidence file', hash === doc.integration.sha256, hash === doc.integration.sha256 ? 'sha256 match' : 'integral-evidence.json changed');
    const boxes: Box[] = (ev.boxes as number[][]).map((b) => Array.from({ length: d }, (_, i) => ({ lo: b[2 * i]!, hi: b[2 * i + 1]! })));
    const dec = ev.tails.decomposition;
    if (dec !== undefined && (typeof dec !== 'object' || dec === null || !(dec.bump === null || typeof dec.bump === 'string') || !Array.isArray(dec.cover)))
      throw new InputError(`${evPath}: not integral evidence (tails.decomposition malformed)`);
    const tails: TailSpec = dec
      ? { inner: readBox(ev.tails.inner, d), boundedTerms: ev.tails.boundedTerms, anchor: ev.tails.anchor, decomposition: { bump: dec.bump as string | null, cover: (dec.cover as unknown[]).map((b) => readBox(b, d)) } }
      : { inner: readBox(ev.tails.inner, d), boundedTerms: ev.tails.boundedTerms, anchor: ev.tails.anchor };
    const br = checkIntegralEvidence(model, T, boxes, tails, ev.shift);
    if (!br.ok) { add('ln Z', false, br.reason); return checks; }
    add('ln Z', same(pair(br.value.logZ), doc.logZ), `[${br.value.logZ.lo}, ${br.value.logZ.hi}] (${boxes.length} leaves)`);
    const regions: Box[][] = (doc.regions as any[]).map((r) => (r.boxes as unknown[]).map((b) => readBox(b, d)));
    const masses: Interval[] = [];
    regions.forEach((r, k) => {
      const m = checkRegionMass(model, T, boxes, br.value, r);
      if (!m.ok) { add(`mass of ${doc.regions[k].name}`, false, m.reason); return; }
      masses.push(m.value.mass);
      add(`mass of ${doc.regions[k].name}`, same(pair(m.value.mass), doc.regions[k].mass), `[${m.value.mass.lo}, ${m.value.mass.hi}]`);
    });
    if (doc.data) {
      const text = readFileOrThrow(resolveStoredPath(doc.data.stored, dir), 'data').toString('utf8');
      const pts = parseDataCsv(text, d, 'data');
      const dataHash = sha256Hex(readFileOrThrow(resolveStoredPath(doc.data.stored, dir), 'data'));
      add('data file', dataHash === doc.data.sha256, dataHash === doc.data.sha256 ? 'sha256 match' : 'the data file changed');
      const nll = checkMeanNll(model, T, pts, br.value.logZ);
      add('mean NLL', nll.ok && same(pair(nll.value), doc.data.meanNll), nll.ok ? `[${nll.value.lo}, ${nll.value.hi}]` : nll.reason);
      if (regions.length > 0 && masses.length === regions.length) {
        const counts = countPointsInRegions(pts, regions);
        const tv = checkTvLowerBound(counts, pts.length, masses, thresholds.delta);
        const ok = tv.ok && same(counts, doc.data.counts) && tv.value.statistical === doc.data.tv.statistical && tv.value.histogram === doc.data.tv.histogram;
        add('TV(data, pi)', ok, tv.ok ? `histogram >= ${tv.value.histogram}, statistical >= ${tv.value.statistical}` : tv.reason);
        if (tv.ok) verdictIn.dataTv = tv.value.statistical;
      }
    }
    if (doc.mixing?.testFunction) {
      const g: RidgeTestFunction = doc.mixing.testFunction;
      const q = checkRayleighQuotient(br.value, g);
      if (q.ok) {
        const rel = relaxationLower(q.value.gapUpper, T, doc.sampling?.block?.stepSize);
        add('mixing bracket', q.value.gapUpper === doc.mixing.gapUpper && rel.time === doc.mixing.relaxationTime, `gap <= ${q.value.gapUpper}, relaxation time >= ${rel.time}`);
        verdictIn.relaxationTime = rel.time;
      } else { add('mixing bracket', doc.mixing.gapUpper === undefined, q.reason); verdictIn.mixingRefused = q.reason; }
    } else if (doc.mixing?.refused) verdictIn.mixingRefused = doc.mixing.refused;
    let decompositionGap: number | null = null;
    if (doc.mixing?.decomposition) {
      const [ok, detail, gap] = replayDecomposition(model, T, br.value, doc.mixing.decomposition, d);
      add('spectral gap lower bound (covering decomposition)', ok, detail);
      if (ok) decompositionGap = gap;
    }
    if (doc.mixing && (doc.mixing.lowerEnd !== undefined || doc.mixing.decomposition)) {
      // The lower end must be the larger of the stored alpha (checked against its certificate when
      // the audit ran) and the replayed decomposition gap, with its source named.
      const lower = chooseLowerEnd(typeof doc.mixing.alphaLower === 'number' ? doc.mixing.alphaLower : null, decompositionGap);
      const ok = lower !== null && lower.value === doc.mixing.lowerEnd && lower.source === doc.mixing.lowerSource;
      add('mixing bracket lower end', ok, lower ? `${lower.value} (${lower.source})` : 'none');
    }
    if (typeof doc.sampling?.run?.diverged === 'string') verdictIn.samplerDiverged = doc.sampling.run.diverged;
    else if (doc.sampling?.run && masses.length === regions.length && regions.length > 0) {
      const run = doc.sampling.run;
      const tv = checkTvLowerBound(run.counts, run.particles, masses, thresholds.delta);
      const ok = tv.ok && tv.value.statistical === run.tv.statistical && tv.value.histogram === run.tv.histogram;
      add('TV(sampler, pi) from the stored counts', ok, tv.ok ? `statistical >= ${tv.value.statistical} (counts re-derived from the seed separately)` : tv.reason);
      if (tv.ok) verdictIn.samplerTv = tv.value.statistical;
    }
  }
  if (doc.sampling?.block) {
    const block = doc.sampling.block;
    const st = doc.sampling.stability;
    const cover: Box[] = (st.cover ?? []).map((b: unknown) => readBox(b, d));
    let etaL = Infinity;
    if (cover.length > 0) {
      const s = checkSmoothness(model, block.temperature, cover, readFarField(st.farField, d));
      const stored = readEndpoint(st.etaLUpper);
      if (s.ok) etaL = mulHi(block.stepSize, mulHi(block.temperature, s.value.upper));
      // The stored eta L is a claim "eta L <= stored": any recomputed bound at or below it proves it.
      // Not equality, so that an audit stays valid when a later kernel encloses the same cover tighter;
      // the verdict is then judged on the stored (proven) bound, as the document was.
      const proven = s.ok && etaL <= stored;
      add('stability', proven, s.ok ? `eta L <= ${etaL}${etaL < stored ? ` (stored ${stored})` : ''}` : s.reason);
      if (proven) etaL = stored;
    } else add('stability', readEndpoint(st.etaLUpper) === Infinity, 'no cover stored: nothing certified');
    verdictIn.etaLUpper = etaL;
    verdictIn.etaLSampled = st.etaLSampled;
    verdictIn.horizon = thresholds.horizon ?? block.steps * block.stepSize;
  } else if (thresholds.horizon !== null && thresholds.horizon !== undefined) verdictIn.horizon = thresholds.horizon;
  const v = auditCriteria(verdictIn, thresholds);
  add('verdict', v.verdict === doc.verdict && same(v.criteria, doc.criteria), `${v.verdict} (exit ${v.exitCode})`);
  return checks;
}

/**
 * Re-checks the stored covering decomposition (with its edge scales, if any; absent: all 1) on the
 * replayed bracket. The stored gap and Poincare constant may be weaker than the kernel's (a smaller
 * gap, a larger constant: still proved), never stronger; the stored gap is what the lower end uses.
 */
function replayDecomposition(model: EnergyModel, T: number, bracket: IntegralBracket, dec: any, d: number): [boolean, string, number] {
  if (!Array.isArray(dec.pieces) || !Array.isArray(dec.edges)) throw new InputError('audit: mixing.decomposition must have pieces and edges');
  const evidence: PoincareDecompositionEvidence = {
    pieces: dec.pieces.map((p: any) => ({ set: readBox(p.set, d), bump: p.bump, cover: (Array.isArray(p.cover) ? p.cover : []).map((b: unknown) => readBox(b, d)) })),
    edges: dec.edges,
    beta: dec.beta,
    lambda2: dec.lambda2,
    ...(dec.edgeScales !== undefined ? { edgeScales: dec.edgeScales } : {}),
  };
  const r = checkPoincareDecomposition(model, T, bracket, evidence);
  if (!r.ok) return [false, r.reason, 0];
  const gap = dec.gapLower, poincare = dec.poincareUpper;
  if (typeof gap !== 'number' || typeof poincare !== 'number') return [false, 'gapLower and poincareUpper must be numbers', 0];
  const ok = gap <= r.value.gap && poincare >= r.value.poincare;
  if (!ok) return [false, `stored gap ${gap} and Poincare constant ${poincare}; the kernel proves gap >= ${r.value.gap}, constant <= ${r.value.poincare} (a stored claim is stronger)`, 0];
  const weaker = gap < r.value.gap || poincare > r.value.poincare;
  return [true, `gap >= ${gap} (Poincare, not LSI)${weaker ? `; weaker than the kernel's ${r.value.gap} (still proved; accepted)` : ''}`, gap];
}

/** The larger lower end of the mixing bracket: the certificate's LSI alpha or the decomposition's gap. */
export function chooseLowerEnd(alpha: number | null, gap: number | null): { value: number; source: 'lsi alpha (--certificate)' | 'covering decomposition (Poincare)' } | null {
  if (gap !== null && gap > 0 && (alpha === null || gap > alpha)) return { value: gap, source: 'covering decomposition (Poincare)' };
  if (alpha !== null) return { value: alpha, source: 'lsi alpha (--certificate)' };
  return null;
}
