// emcert export: write a model (a checkpoint, or another dtype) in the emcert format, which loads in
// PyTorch as an nn.Sequential state dict (see the README). Like train, it never overwrites silently:
// an --out that exists and is not empty is refused unless --force.
import { readdirSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError } from '../../util/errors.js';

export function register(program: Command): void {
  program
    .command('export')
    .description('write a model in the emcert format (model.json + weights.safetensors), e.g. from a checkpoint or to change dtype')
    .requiredOption('--energy <spec>', 'model.json (or its directory)')
    .requiredOption('--out <dir>', 'output directory (new or empty; --force to overwrite the model in it)')
    .option('--dtype <dtype>', 'float32 | float64', 'float32')
    .option('--force', 'write into an --out that is not empty, replacing its model.json and weights.safetensors')
    .addHelpText(
      'after',
      `
Examples:
  $ emcert export --energy models/8g/checkpoints/step-000750 --out models/8g-750
  $ emcert export --energy models/8g/model.json --out models/8g-f64 --dtype float64 --force

Exit codes: 0 written, 3 bad input (including an --out that is not empty without --force).`,
    )
    .action(async (opts: { energy: string; out: string; dtype: string; force?: boolean }) => {
      if (opts.dtype !== 'float32' && opts.dtype !== 'float64') throw new InputError(`--dtype ${JSON.stringify(opts.dtype)}: expected float32 or float64`);
      const { exportModel } = await import('../../train/exportModel.js');
      const saved = exportModel(opts.energy, opts.out, opts.dtype, { checkOut: (out) => checkOut(out, opts.force === true) });
      process.stdout.write(`wrote ${saved.modelPath} and ${saved.weightsPath} (${saved.from.join('/')} -> ${opts.dtype})\n`);
    });
}

function checkOut(out: string, force: boolean): void {
  let entries: string[];
  try {
    if (!statSync(out).isDirectory()) throw new InputError(`--out ${out}: is a file, not a directory`);
    entries = readdirSync(out);
  } catch (e) {
    if (e instanceof InputError) throw e;
    return; // absent: created on write
  }
  if (entries.length > 0 && !force)
    throw new InputError(
      `--out ${out}: exists and is not empty (${entries.includes('model.json') ? 'it holds a model' : `it holds ${entries.slice(0, 3).join(', ')}`}); choose another directory, or add --force to overwrite`,
    );
}
