// report.md of one experiment: the numbers a reader checks first, and the figures.
import type { ExperimentReport } from './run.js';
import { timeCapText } from './certificate.js';

const fmt = (x: number | null | undefined, digits = 4): string => (x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : Number(x.toPrecision(digits)).toString());

export function boundViolations(kl: readonly number[], bound: readonly number[] | null): number {
  if (!bound) return 0;
  let n = 0;
  for (let i = 0; i < kl.length; i++) if (kl[i]! > bound[i]! * (1 + 1e-9)) n++;
  return n;
}

export function experimentMarkdown(r: ExperimentReport): string {
  const lines: string[] = [];
  lines.push(`# emcert experiment: ${r.energy.spec}`, '');
  lines.push(`Temperature T = ${r.temperature}; initial law N(${r.init.mean}, ${r.init.std}^2 I); eps = ${r.epsilon}.`);
  lines.push(`Conventions: ${r.conventions}.`, '');
  lines.push('## Certificate', '');
  const c = r.certificate;
  if (!c) lines.push('No certificate was computed for this run; no certified bound is drawn.');
  else {
    lines.push(`- verdict: **${c.verdict}** (${c.note})`);
    lines.push(`- alpha (LSI, of f) >= ${fmt(c.alpha)}; L (smoothness, of f) <= ${fmt(c.smoothness)}; KL0 <= ${fmt(c.kl0)}`);
    lines.push(c.stopping ? `- stopping: eta = ${fmt(c.stopping.stepSize)} for ${c.stopping.steps} steps gives KL <= ${c.stopping.epsilon}` : '- stopping: none certified');
    lines.push(`- search: ${timeCapText(c.search)}`);
  }
  lines.push('');
  if (r.grid && r.langevin && r.flow && r.ulaFirstBelow) {
    const g = r.grid;
    lines.push('## Grid', '');
    lines.push(`Box [${fmt(g.box[0][0])}, ${fmt(g.box[0][1])}] x [${fmt(g.box[1][0])}, ${fmt(g.box[1][1])}] (the sublevel set f - min f < ${g.level} joined with mean +- ${g.initStds} std), ${g.nodesPerAxis}^2 nodes, spacing ${fmt(g.spacing[0])} x ${fmt(g.spacing[1])}; ln Z = ${fmt(g.logZ, 6)} by quadrature on the same nodes; ${g.evaluation}.`, '');
    const L = r.langevin;
    const last = L.kl.length - 1;
    lines.push('## Langevin (Fokker-Planck, Scharfetter-Gummel fluxes)', '');
    lines.push(`- KL(rho_0 || pi) = ${fmt(L.kl[0])}; KL at t = ${fmt(L.times[last])} is ${fmt(L.kl[last])} (explicit steps dt = ${fmt(L.dt)})`);
    lines.push(`- KL non-increasing: **${L.monotone ? 'yes' : 'no'}** (largest increase between records ${fmt(L.largestIncrease)})`);
    lines.push(`- bound: ${L.boundNote}${L.bound ? `; measured KL above the bound at ${boundViolations(L.kl, L.bound)} of ${L.kl.length} records` : ''}`);
    lines.push('');
    lines.push('## ULA (exact one-step transitions on a grid)', '');
    if ('infeasible' in r.ula!) lines.push(`- no ULA curve: ${r.ula!.infeasible}`);
    else {
      const u = r.ula!;
      lines.push(`- ${u.stepKind}: h = ${fmt(u.h)} (eta = ${fmt(u.eta)}), ${u.nodesPerAxis}^2 nodes, KL after ${u.steps[u.steps.length - 1]} steps = ${fmt(u.kl[u.kl.length - 1])}`);
      lines.push(`- ${u.stoppingBoundNote}`);
    }
    const f = r.ulaFirstBelow;
    if (f.klAtCertifiedSteps !== null)
      lines.push(
        `- KL after the certified ${f.certifiedSteps} steps: ${fmt(f.klAtCertifiedSteps)} ${f.klAtCertifiedSteps <= f.epsilon ? `<= eps = ${f.epsilon}: the stopping certificate holds on the grid` : `**> eps = ${f.epsilon}: the stopping certificate does NOT hold on the grid**`}`,
      );
    lines.push(`- first step with KL < ${f.epsilon}: computed ${f.computedSteps ?? 'n/a'} (${f.method}), certified ${f.certifiedSteps ?? 'n/a'}${f.certifiedSteps && f.computedSteps ? `, ratio certified / computed = ${fmt(f.certifiedSteps / f.computedSteps, 3)}` : ''}. ${f.note}.`);
    lines.push('');
    const F = r.flow;
    lines.push('## Gradient flow (no noise; characteristics)', '');
    lines.push(`- KL starts at ${fmt(F.kl[0])}, is smallest (${fmt(F.minimumKl)}) at t = ${fmt(F.minimumTime)}, and ends at ${fmt(F.kl[F.kl.length - 1])} at t = ${fmt(F.times[F.times.length - 1])}.`);
    lines.push(`- rises after its minimum: **${F.rose ? 'yes' : 'no'}** (by ${fmt(F.rise)}): the noise-free flow collapses onto the minima and has no Lyapunov certificate.`);
    lines.push('');
  }
  if (r.estimates) {
    const e = r.estimates;
    lines.push('## Sample-based ESTIMATES (no grid in this dimension)', '');
    lines.push(`${e.label}. ${e.particles} particles, h = ${fmt(e.h)} (eta = ${fmt(e.eta)}), seed ${e.seed}.`, '');
    lines.push('| t | free energy, Langevin | KSD, Langevin | free energy, flow | KSD, flow |', '|---|---|---|---|---|');
    for (let i = 0; i < e.langevin.times.length; i++)
      lines.push(`| ${fmt(e.langevin.times[i])} | ${fmt(e.langevin.freeEnergy[i])} | ${fmt(e.langevin.ksd[i])} | ${fmt(e.flow.freeEnergy[i])} | ${fmt(e.flow.ksd[i])} |`);
    lines.push('');
  }
  lines.push('## Figures', '');
  for (const f of r.figures.filter((x) => x.endsWith('.png'))) lines.push(`![${f}](${f})`, '');
  lines.push(`Computed in ${r.seconds} s.`, '');
  return lines.join('\n');
}
