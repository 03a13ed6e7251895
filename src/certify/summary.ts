// The one-screen human summary of a certificate, and a LaTeX table row for papers.
import type { Certificate } from '../verify/certificate.js';
import { energyName, latexCount, latexEscape, latexNumber } from '../report/tables.js';

/** x to 4 significant digits, rounded up (a displayed bound is never below the certified one). */
function upTo4(x: number): string {
  const p = Number(x.toPrecision(4));
  if (p >= x) return String(p);
  const e = Math.floor(Math.log10(Math.abs(x))) - 3;
  return String(Number((p + 10 ** e).toPrecision(4)));
}

/** x to 4 significant digits, rounded down (a displayed lower bound is never above the certified one). */
function downTo4(x: number): string {
  const p = Number(x.toPrecision(4));
  if (p <= x) return String(p);
  const e = Math.floor(Math.log10(Math.abs(x))) - 3;
  return String(Number((p - 10 ** e).toPrecision(4)));
}

function num(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined) return 'none';
  return Math.abs(x) >= 1e5 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(digits - 1) : String(Number(x.toPrecision(digits)));
}

export function formatSummary(cert: Certificate, outPath?: string): string {
  const lines: string[] = [];
  const vacuous = vacuityNotes(cert);
  lines.push(`emcert ${cert.verdict.toUpperCase()}${vacuous.length > 0 ? ' (VACUOUS in practice)' : ''}: ${cert.reason}${tvVerdictNote(cert)}`);
  for (const v of vacuous) lines.push(`vacuous     ${v}`);
  lines.push(`energy      ${cert.energy.spec}  (d = ${cert.energy.dim}, T = ${cert.temperature}, sampler ${cert.dynamics.sampler}, init normal:${cert.dynamics.init.mean},${cert.dynamics.init.std})`);
  if (cert.derivedFrom) lines.push(`derived     from ${cert.derivedFrom.components.length} component certificates, weights ${cert.derivedFrom.weights.join(', ')} (${cert.derivedFrom.rule})`);
  const k = cert.constants;
  lines.push(`constants   alpha (LSI) >= ${num(k.lsi.lower)}${k.lsi.reason && k.lsi.lower === null ? ` [${k.lsi.reason}]` : ''}`);
  lines.push(`            L (smoothness) <= ${k.smoothness.upper === null ? 'infinity' : num(k.smoothness.upper)}${k.smoothness.reason ? ` [${k.smoothness.reason}]` : ''}`);
  lines.push(`            KL_0 <= ${k.kl0.upper === null ? 'infinity' : num(k.kl0.upper)}${k.kl0.reason && k.kl0.upper === null ? ` [${k.kl0.reason}]` : ''}`);
  const pd = cert.poincareDecomposition;
  if (pd) lines.push(`            spectral gap >= ${pd.claim ? `${downTo4(pd.claim.gapLower)} (Poincaré: covering decomposition of ${pd.evidence?.pieces.length ?? '?'} sets)` : `none [covering decomposition, Poincaré: ${pd.reason ?? ''}]`}`);
  const ld = cert.lsiDecomposition;
  if (ld && pd?.claim) {
    const used = ld.claim !== null && k.lsi.lower === ld.claim.alphaLower;
    lines.push(`            alpha (LSI) from that decomposition >= ${ld.claim ? `${downTo4(ld.claim.alphaLower)} (partition into ${ld.evidence?.partition.length ?? '?'} blocks${ld.evidence?.groups ? ` in ${ld.evidence.groups.length} groups` : ''}; ${used ? 'the better route: the alpha above, used by the stopping routes' : 'below the other LSI route, not used'})` : `none [${ld.reason ?? ''}]`}`);
    const tail = ld.evidence?.lyapunov;
    // The Lyapunov tail's constant is a Poincaré constant too: the better gap, and the C_P the LSI used.
    if (ld.claim && tail) lines.push(`            spectral gap >= ${downTo4(tail.gapLower)} (Poincaré: Lyapunov tail off K = ${tail.region.map(([lo, hi]) => `[${lo}, ${hi}]`).join(' x ')} and ${tail.pieces.length} sets in K; theta >= ${downTo4(tail.theta)}, beta <= ${upTo4(tail.tailBeta)}; the LSI above uses it)`);
  }
  lines.push('hypotheses');
  for (const h of cert.hypotheses) {
    const claim = Object.entries(h.claim)
      .map(([name, v]) => `${name}=${num(v)}`)
      .join(' ');
    lines.push(`  ${h.status.padEnd(8)} ${h.id.padEnd(16)} ${claim}${h.reason && h.status !== 'holds' ? `  (${h.reason})` : ''}`);
  }
  if (cert.preconditioner) {
    // The stopping line below is then about preconditioned ULA (proofs/stopping-preconditioned.md).
    const p = cert.preconditioner;
    lines.push(`precond     P = C C^T, C = ${JSON.stringify(p.factor)}; C^T hess f C in [${p.claim.m === null ? '?' : num(p.claim.m)}, ${p.claim.upper === null ? '?' : num(p.claim.upper)}]${p.claim.mConvex != null ? `, C^T hess U C >= ${num(p.claim.mConvex)} (U = f - W)` : ''}${p.claim.contraction != null ? `; W2 in the P^-1 metric contracts by ${p.claim.contraction.toPrecision(6)} per step` : ''} (stopping is for preconditioned ULA)`);
  }
  if (cert.stopping) {
    const s = cert.stopping;
    lines.push(`stopping    epsilon = ${s.epsilon}: ${s.steps === null ? `no route applies (${s.reason ?? ''})` : `${s.steps} steps of eta = ${num(s.stepSize, 6)} via ${s.route}`}`);
    if (s.routes.length > 0) {
      lines.push(`  ${'route'.padEnd(28)} ${'steps'.padStart(12)} ${'eta'.padStart(12)}  note`);
      for (const r of s.routes)
        lines.push(`  ${r.route.padEnd(28)} ${(r.applies ? String(r.steps) : '-').padStart(12)} ${(r.applies ? num(r.stepSize, 5) : '-').padStart(12)}  ${r.applies ? r.theorem : (r.reason ?? '')}`);
    }
    if (s.tv) {
      // Its own line: a TV bound is another metric, never the KL route above.
      const t = s.tv;
      lines.push(`stopping TV tvEpsilon = ${s.tvEpsilon}: ${t.applies ? `TV(rho_N, pi) <= ${upTo4(t.tvBound!)} after N = ${t.steps} steps of eta = ${num(t.stepSize, 6)} via ${t.route} (${tvEvidence(t)}; ${t.theorem})` : `no TV route applies (${t.reason ?? ''})`}`);
    }
  }
  for (const w of cert.witnesses) lines.push(`witness     ${w.kind}: box ${w.box.map(([lo, hi]) => `[${lo ?? '-inf'}, ${hi ?? 'inf'}]`).join(' x ')}; ${w.meaning}`);
  if (outPath) lines.push(`certificate ${outPath} (re-check with: emcert verify ${outPath})`);
  return lines.join('\n');
}

/** The TV claim named on the verdict line: it is its own claim, outside the verdict (which is about LSI and KL). */
function tvVerdictNote(cert: Certificate): string {
  const t = cert.stopping?.tv;
  if (!t) return '';
  return t.applies
    ? `; TV claim (separate from the verdict): TV(rho_${t.steps}, pi) <= ${upTo4(t.tvBound!)} <= tvEpsilon = ${cert.stopping!.tvEpsilon}`
    : `; no TV claim for tvEpsilon = ${cert.stopping!.tvEpsilon}`;
}

/** Step counts beyond this are no stopping rule anyone will run: the summary calls them vacuous. */
export const USEFUL_STEPS = 1e9;
/** A certified rate whose KL half-life (f-time) exceeds this is called vacuous. */
export const USEFUL_HALF_LIFE = 1e9;

/**
 * Plain statements of why a certified guarantee is worthless in practice (empty when it is not, or
 * when nothing is certified): an LSI constant so small that KL halves only after an astronomical
 * time, and (ULA) no stopping rule within USEFUL_STEPS steps.
 */
export function vacuityNotes(cert: Certificate): string[] {
  if (cert.verdict !== 'certified') return [];
  const notes: string[] = [];
  const alpha = cert.constants.lsi.lower;
  if (alpha !== null && vacuousAlpha(alpha))
    notes.push(`alpha = ${num(alpha)}: the certified bound halves KL only every ${num(Math.LN2 / (2 * alpha), 2)} time units (t = steps x eta x T)`);
  const s = cert.stopping;
  if (cert.dynamics.sampler === 'ula' && s) {
    const within = `no stopping rule within 10^${Math.log10(USEFUL_STEPS)} steps`;
    if (s.steps !== null && s.steps > USEFUL_STEPS) notes.push(`${within} (the best route needs ${num(s.steps)})`);
    else if (s.steps === null) {
      // Only when a route got as far as a count: a missing L (say) is no stopping rule, not a vacuous one.
      const huge = s.routes.find((r) => !r.applies && r.reason && /no usable stopping rule/.test(r.reason));
      if (huge) notes.push(`${within} (${huge.route} ${huge.reason})`);
    }
  }
  return notes;
}

/** Whether an LSI constant is too small to mean anything: KL halves only after USEFUL_HALF_LIFE. */
export function vacuousAlpha(alpha: number): boolean {
  return alpha > 0 ? Math.LN2 / (2 * alpha) > USEFUL_HALF_LIFE : false;
}

/** The energy cell of a LaTeX row: expressions in \texttt, model names (never paths), weights as $w \cdot$. */
export function latexEnergy(cert: Certificate): string {
  const cell = (spec: string): string => (spec.startsWith('expr:') ? `\\texttt{${latexEscape(energyName(spec))}}` : latexEscape(energyName(spec)));
  const terms = cert.energy.terms;
  if (terms.length === 1 && terms[0]!.weight === 1) return cell(terms[0]!.spec);
  const weight = (w: number): string => latexNumber(Math.abs(w)).replace(/\$$/, ' \\cdot$');
  return terms
    .map((t, i) => `${i > 0 ? (t.weight < 0 ? ' $-$ ' : ' $+$ ') : t.weight < 0 ? '$-$' : ''}${weight(t.weight)} ${t.spec.startsWith('expr:') ? `(${cell(t.spec)})` : cell(t.spec)}`)
    .join('');
}

/** Math-mode header of the rows latexRow writes (10 columns; needs no package beyond booktabs). */
export const LATEX_COLUMNS = 'energy & $T$ & $\\varepsilon$ & $\\rho_0$ & $\\alpha$ & $L$ & $\\mathrm{KL}_0$ & $\\eta$ & $N$ & verdict';
export const LATEX_COLUMN_COUNT = 10;

/**
 * energy & T & eps & rho_0 & alpha & L & KL_0 & eta & N & verdict \\
 * N depends on eps and the initial law rho_0, so both are in the row. A refuted row shows no
 * constants (they certify nothing about the refuted dynamics); a vacuous guarantee says so.
 */
export function latexRow(cert: Certificate): string {
  const s = cert.stopping;
  const refuted = cert.verdict === 'refuted';
  const blank = (x: string): string => (refuted ? '--' : x);
  const init = cert.dynamics.init;
  const verdict = cert.verdict === 'certified' && vacuityNotes(cert).length > 0 ? 'certified (vacuous)' : cert.verdict;
  const cells = [
    latexEnergy(cert),
    latexNumber(cert.temperature),
    s ? latexNumber(s.epsilon) : '--',
    `$\\mathcal{N}(${init.mean}, ${init.std}^2 I)$`,
    blank(latexNumber(cert.constants.lsi.lower)),
    blank(latexNumber(cert.constants.smoothness.upper ?? Infinity)),
    blank(latexNumber(cert.constants.kl0.upper ?? Infinity)),
    blank(latexNumber(s?.stepSize)),
    blank(latexCount(s?.steps)),
    verdict,
  ];
  return cells.join(' & ') + ' \\\\';
}

export const LATEX_HEADER = `% emcert check row: ${LATEX_COLUMNS} \\\\`;

/** What the TV route rests on, in a few words: its grid, or the box K of the localisation route. */
function tvEvidence(t: NonNullable<NonNullable<Certificate['stopping']>['tv']>): string {
  if (t.grid) return `grid ${t.grid.cells.join(' x ')} cells of width ${t.grid.width[0]}`;
  const k = t.localisation?.localised.cutoff;
  if (k) return `K = ${k.map((c) => `[${c.lo}, ${c.hi}]`).join(' x ')}, ${t.localisation!.drift.boxes.length} drift boxes`;
  return 'no evidence';
}
