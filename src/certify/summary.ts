// The one-screen human summary of a certificate, and a LaTeX table row for papers.
import type { Certificate } from '../verify/certificate.js';

function num(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined) return 'none';
  return Math.abs(x) >= 1e5 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(digits - 1) : String(Number(x.toPrecision(digits)));
}

export function formatSummary(cert: Certificate, outPath?: string): string {
  const lines: string[] = [];
  lines.push(`emcert ${cert.verdict.toUpperCase()}: ${cert.reason}`);
  lines.push(`energy      ${cert.energy.spec}  (d = ${cert.energy.dim}, T = ${cert.temperature}, sampler ${cert.dynamics.sampler}, init normal:${cert.dynamics.init.mean},${cert.dynamics.init.std})`);
  if (cert.derivedFrom) lines.push(`derived     from ${cert.derivedFrom.components.length} component certificates, weights ${cert.derivedFrom.weights.join(', ')} (${cert.derivedFrom.rule})`);
  const k = cert.constants;
  lines.push(`constants   alpha (LSI) >= ${num(k.lsi.lower)}${k.lsi.reason && k.lsi.lower === null ? ` [${k.lsi.reason}]` : ''}`);
  lines.push(`            L (smoothness) <= ${k.smoothness.upper === null ? 'infinity' : num(k.smoothness.upper)}${k.smoothness.reason ? ` [${k.smoothness.reason}]` : ''}`);
  lines.push(`            KL_0 <= ${k.kl0.upper === null ? 'infinity' : num(k.kl0.upper)}${k.kl0.reason && k.kl0.upper === null ? ` [${k.kl0.reason}]` : ''}`);
  lines.push('hypotheses');
  for (const h of cert.hypotheses) {
    const claim = Object.entries(h.claim)
      .map(([name, v]) => `${name}=${num(v)}`)
      .join(' ');
    lines.push(`  ${h.status.padEnd(8)} ${h.id.padEnd(16)} ${claim}${h.reason && h.status !== 'holds' ? `  (${h.reason})` : ''}`);
  }
  if (cert.stopping) {
    const s = cert.stopping;
    lines.push(`stopping    epsilon = ${s.epsilon}: ${s.steps === null ? `no route applies (${s.reason ?? ''})` : `${s.steps} steps of eta = ${num(s.stepSize, 6)} via ${s.route}`}`);
    if (s.routes.length > 0) {
      lines.push(`  ${'route'.padEnd(28)} ${'steps'.padStart(12)} ${'eta'.padStart(12)}  note`);
      for (const r of s.routes)
        lines.push(`  ${r.route.padEnd(28)} ${(r.applies ? String(r.steps) : '-').padStart(12)} ${(r.applies ? num(r.stepSize, 5) : '-').padStart(12)}  ${r.applies ? r.theorem : (r.reason ?? '')}`);
    }
  }
  for (const w of cert.witnesses) lines.push(`witness     ${w.kind}: box ${w.box.map(([lo, hi]) => `[${lo ?? '-inf'}, ${hi ?? 'inf'}]`).join(' x ')}; ${w.meaning}`);
  if (outPath) lines.push(`certificate ${outPath} (re-check with: emcert verify ${outPath})`);
  return lines.join('\n');
}

function tex(s: string): string {
  return s.replace(/\\/g, '\\textbackslash{}').replace(/([&%$#_{}])/g, '\\$1').replace(/\^/g, '\\^{}').replace(/~/g, '\\~{}');
}

function texNum(x: number | null | undefined): string {
  if (x === null || x === undefined) return '$\\infty$';
  const s = num(x);
  const m = /^(-?[\d.]+)e([+-]\d+)$/.exec(s);
  return m ? `$${m[1]} \\times 10^{${Number(m[2])}}$` : `$${s}$`;
}

/** Energy & T & alpha & L & KL_0 & eta & N & verdict \\ */
export function latexRow(cert: Certificate): string {
  const s = cert.stopping;
  const cells = [
    `\\texttt{${tex(cert.energy.spec)}}`,
    `$${cert.temperature}$`,
    cert.constants.lsi.lower === null ? '--' : texNum(cert.constants.lsi.lower),
    texNum(cert.constants.smoothness.upper),
    texNum(cert.constants.kl0.upper),
    s?.stepSize != null ? texNum(s.stepSize) : '--',
    s?.steps != null ? `$${s.steps}$` : '--',
    cert.verdict,
  ];
  return cells.join(' & ') + ' \\\\';
}

export const LATEX_HEADER = '% energy & T & alpha (LSI) & L & KL_0 & eta & N & verdict';
