// emcert export: write a model (a checkpoint, or another dtype) in the emcert format, which loads in
// PyTorch as an nn.Sequential state dict (see the README).
import type { Command } from 'commander';
import { InputError } from '../../util/errors.js';

export function register(program: Command): void {
  program
    .command('export')
    .description('write a model in the emcert format (model.json + weights.safetensors), e.g. from a checkpoint or to change dtype')
    .requiredOption('--energy <spec>', 'model.json (or its directory)')
    .requiredOption('--out <dir>', 'output directory')
    .option('--dtype <dtype>', 'float32 | float64', 'float32')
    .action(async (opts: { energy: string; out: string; dtype: string }) => {
      if (opts.dtype !== 'float32' && opts.dtype !== 'float64') throw new InputError(`--dtype ${JSON.stringify(opts.dtype)}: expected float32 or float64`);
      const { exportModel } = await import('../../train/exportModel.js');
      const saved = exportModel(opts.energy, opts.out, opts.dtype);
      process.stdout.write(`wrote ${saved.modelPath} and ${saved.weightsPath} (${saved.from.join('/')} -> ${opts.dtype})\n`);
    });
}
