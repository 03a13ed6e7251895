// `verify` for barrier certificates: rebuild the energy (sha256 of every file), replay the kernel's
// barrier checks over the stored boxes (proofs/barrier.md: checkBarrierUnsafe, checkBarrierDrift,
// checkBarrierInit, barrierEntryBound) and the Gibbs mass pi(U) (checkIntegralEvidence and
// checkRegionMass, proofs/integration.md), and accept only claims implied by what was recomputed.
import { barrierEntryBound, checkBarrierDrift, checkBarrierInit, checkBarrierUnsafe } from '../kernel/barrier/checks.js';
import type { GaussianBarrier } from '../kernel/barrier/gaussianBarrier.js';
import type { Box } from '../kernel/box.js';
import type { EnergyModel } from '../kernel/model.js';
import { checkIntegralEvidence, checkRegionMass } from '../kernel/integration/evidence.js';
import type { TailDecomposition, TailSpec } from '../kernel/integration/tails.js';
import { replayConstraint } from './constraint.js';
import type { BarrierCertificate, JsonTerm } from './barrierCertificate.js';
import { boxFromEvidence } from './certificate.js';
import { Checks } from './checks.js';
import { rebuildModel } from './model.js';
import type { VerifyOptions, VerifyReport } from './verify.js';

/** The one wording of a certified barrier claim (producer and verify). */
export function barrierReason(p: number, steps: number): string {
  return `P(the ULA chain enters the unsafe set within ${steps} steps) <= ${p} (supermartingale barrier, proofs/barrier.md)`;
}

function termsOf(ts: readonly JsonTerm[]): GaussianBarrier['bumps'] {
  return ts.map((t) => ({ weight: t.weight, center: t.center, variance: t.variance }));
}

function boxes(list: unknown, what: string, c: Checks): Box[] | null {
  if (!Array.isArray(list)) { c.fail(what, 'not a list of boxes'); return null; }
  const out = list.map(boxFromEvidence);
  if (out.some((b) => b === null)) { c.fail(what, 'a box is not a list of [lo, hi] pairs'); return null; }
  return out as Box[];
}


export function verifyBarrierCertificate(cert: BarrierCertificate, opts: VerifyOptions = {}): VerifyReport {
  const c = new Checks();
  const model = rebuildModel(cert, c, opts.baseDir);
  if (!model) return { ok: false, checks: c.list, verdict: 'inconclusive', ...(c.inputProblem ? { inputProblem: c.inputProblem } : {}) };
  const d = model.dim;
  const unsafe = boxes(cert.unsafe, 'unsafe', c);
  const chain = cert.chain;
  if (!c.expect(chain.init.mean.length === d, 'chain.init.mean', `${d} coordinates`, `has ${chain.init.mean.length} coordinates, the energy has ${d}`) || !unsafe) return { ok: false, checks: c.list, verdict: 'inconclusive' };

  let certified = false;
  if (cert.verdict === 'certified') certified = replayBarrier(cert, model, unsafe, c);
  else {
    c.expect(cert.entryProbability === null && cert.barrier === null, 'claims', 'an inconclusive certificate claims no bound', 'an inconclusive certificate may not carry an entry probability or a barrier');
  }
  const gibbsOk = replayGibbs(cert, model, unsafe, c);
  replayConstraint(cert, model, unsafe, gibbsOk, c);
  const verdict = certified && c.ok ? 'certified' : 'inconclusive';
  return { ok: c.ok, checks: c.list, verdict };
}

function replayBarrier(cert: BarrierCertificate, model: EnergyModel, unsafe: Box[], c: Checks): boolean {
  const b = cert.barrier;
  const p = cert.entryProbability;
  if (!b || p === null) { c.fail('claims', 'a certified verdict needs a barrier and an entry probability'); return false; }
  const d = model.dim;
  const barrier: GaussianBarrier = { rising: termsOf(b.rising), bumps: termsOf(b.bumps) };
  const ev = b.evidence;
  const leaves = Array.isArray(ev.unsafeLeaves) ? ev.unsafeLeaves.map((l, i) => boxes(l, `unsafeLeaves[${i}]`, c)) : [];
  if (leaves.some((l) => l === null)) return false;
  const u = checkBarrierUnsafe(barrier, d, unsafe, leaves as Box[][]);
  if (!c.expect(u.ok, 'barrier: B >= 1 on U (checkBarrierUnsafe)', u.ok ? `${u.value.leaves} leaves` : '', u.ok ? '' : u.reason)) return false;
  const inner = boxFromEvidence(ev.inner);
  const above = boxes(ev.above, 'above', c);
  const drift = boxes(ev.drift, 'drift', c);
  if (!inner || !above || !drift) { if (!inner) c.fail('inner', 'not a box'); return false; }
  const ch = cert.chain;
  const dr = checkBarrierDrift(model, barrier, { eta: ch.stepSize, temperature: ch.temperature, lambda: b.lambda, c: b.c }, { inner, above, drift });
  if (!c.expect(dr.ok, 'barrier: E[B(x\')|x] <= lambda B(x) + c off {B >= 1} (checkBarrierDrift)', dr.ok ? `lambda ${b.lambda}, c ${b.c}, largest drift bound ${dr.value.maxDrift} over ${dr.value.leaves} leaves` : '', dr.ok ? '' : dr.reason)) return false;
  const init = checkBarrierInit(barrier, ch.init.mean, ch.init.std);
  if (!c.expect(init.ok, 'barrier: E B(x0) (checkBarrierInit)', init.ok ? `E B(x0) in [${init.value.lo}, ${init.value.hi}]` : '', init.ok ? '' : init.reason) || !init.ok) return false;
  if (!c.upper('barrier: initUpper', b.initUpper, init.value.hi)) return false;
  const bound = barrierEntryBound(b.initUpper, b.lambda, b.c, ch.steps);
  if (!bound.ok) { c.fail('entryProbability', bound.reason); return false; }
  if (!c.upper('entryProbability', p, bound.value)) return false;
  if (!c.expect(p < 1, 'entryProbability', `${p} < 1`, `${p} >= 1 claims nothing; the verdict must be inconclusive`)) return false;
  return c.equal('reason', cert.reason, barrierReason(p, ch.steps));
}

/** Replays pi(U); true when a claimed bracket was recomputed and is implied (false when none is claimed). */
function replayGibbs(cert: BarrierCertificate, model: EnergyModel, unsafe: Box[], c: Checks): boolean {
  const g = cert.gibbs;
  if (g.unsafeMass === null) return false;
  const ev = g.evidence;
  if (!ev) { c.fail('gibbs', 'a mass bracket needs its integration evidence'); return false; }
  const leaves = boxes(ev.boxes, 'gibbs.evidence.boxes', c);
  const inner = boxFromEvidence(ev.inner);
  if (!leaves || !inner) { if (!inner) c.fail('gibbs.evidence.inner', 'not a box'); return false; }
  let decomposition: TailDecomposition | undefined;
  if (ev.decomposition) {
    const cover = boxes(ev.decomposition.cover, 'gibbs.evidence.decomposition.cover', c);
    if (!cover) return false;
    decomposition = { bump: ev.decomposition.bump, cover };
  }
  const T = cert.chain.temperature;
  const tails: TailSpec = decomposition ? { inner, boundedTerms: ev.boundedTerms, anchor: ev.anchor, decomposition } : { inner, boundedTerms: ev.boundedTerms, anchor: ev.anchor };
  const bracket = checkIntegralEvidence(model, T, leaves, tails, ev.shift);
  if (!bracket.ok) { c.fail('gibbs: ln Z (checkIntegralEvidence)', bracket.reason); return false; }
  const mass = checkRegionMass(model, T, leaves, bracket.value, unsafe);
  if (!mass.ok) { c.fail('gibbs: pi(U) (checkRegionMass)', mass.reason); return false; }
  const lo = c.lower('gibbs: pi(U) lower end', g.unsafeMass[0], mass.value.mass.lo);
  const hi = c.upper('gibbs: pi(U) upper end', g.unsafeMass[1], mass.value.mass.hi);
  return lo && hi;
}
