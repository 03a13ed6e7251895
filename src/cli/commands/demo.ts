// emcert demo: the README's first command. Certifies embedded energies and the shipped default
// model, refutes the gradient flow, runs the experiment, and prints where everything went.
import type { Command } from 'commander';
import { relative, resolve } from 'node:path';

export function register(program: Command): void {
  program
    .command('demo')
    .description('certify embedded energies and the default model, refute the gradient flow, run the experiment; writes certificates, figures and a report')
    .option('--out <dir>', 'output directory', 'emcert-demo')
    .option('--quick', 'smaller search budgets and coarser grids (for tests)')
    .option('--quiet', 'no progress messages')
    .action(async (flags: { out: string; quick?: boolean; quiet?: boolean }) => {
      const { runDemo } = await import('../../experiment/demo.js');
      const out = resolve(flags.out);
      const started = performance.now();
      const result = await runDemo({
        outDir: out,
        quick: flags.quick === true,
        log: (line) => {
          if (!flags.quiet) process.stderr.write(`emcert demo: ${line}\n`);
        },
      });
      const lines = [
        `emcert demo: done in ${((performance.now() - started) / 1000).toFixed(0)} s`,
        // The demo's short time cap is for speed: a search it cut is named (the result then depends on load).
        ...result.certificates.map((c) => `  ${c.verdict.padEnd(12)} ${c.name} (${c.sampler === 'flow' ? 'gradient flow' : 'Langevin'})  ${relative(process.cwd(), c.path)}${c.timeCapCut.length > 0 ? `  [time cap cut: ${c.timeCapCut.join(', ')}]` : ''}`),
        `  figures: ${result.experiment.figures.filter((f) => f.endsWith('.png')).map((f) => relative(process.cwd(), resolve(out, 'experiment', f))).join(', ')}`,
        `  report:  ${relative(process.cwd(), result.reportPath)}`,
        `  re-check a certificate: npx emcert verify ${relative(process.cwd(), result.certificates[0]!.path)}`,
      ];
      process.stdout.write(lines.join('\n') + '\n');
    });
}
