// emcert train: Energy Matching on a 2D toy data set, writing a model that `emcert sample` reproduces
// the data with (its sampling block), checkpoints, and a JSON-lines training log.
import { appendFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_TRAIN_CONFIG as D } from '../../train/config.js';
import { trainConfigFromOptions, type RawTrainOptions } from '../../train/options.js';
import { DATASET_NAMES } from '../../train/datasets.js';
import { InputError } from '../../util/errors.js';
import { createProgress } from '../../util/progress.js';

export function register(program: Command): void {
  program
    .command('train')
    .description('train a static energy by Energy Matching on a 2D data set; writes DIR/model.json + weights')
    .requiredOption('--dataset <name>', `data set: ${DATASET_NAMES.join(', ')}`)
    .requiredOption('--out <dir>', 'output directory (model.json, weights.safetensors, train.log.jsonl, checkpoints/)')
    .option('--steps <n>', `total optimiser steps (default ${D.steps})`)
    .option('--phase1-steps <n>', `flow-matching-only steps before contrastive divergence (default ${D.phase1Steps} of ${D.steps}, the same share of --steps)`)
    .option('--batch <b>', `flow-matching minibatch (default ${D.batch})`)
    .option('--hidden <widths>', `hidden layer widths (default ${D.hidden.join(',')})`)
    .option('--activation <name>', `tanh | silu | softplus (default ${D.activation})`)
    .option('--lambda <l>', `quadratic regularizer (lambda/2)|x|^2 (default ${D.lambda})`)
    .option('--lr <lr>', `Adam learning rate (default ${D.lr})`)
    .option('--seed <s>', `seed (default ${D.seed})`)
    .option('--checkpoint-every <k>', `checkpoint every k steps into DIR/checkpoints (0: none; default ${D.checkpointEvery})`)
    .option('--negative-steps <n>', `Langevin steps per negative chain (default ${D.negativeSteps})`)
    .option('--negatives <n>', `negative chains per phase-2 step (default ${D.negatives})`)
    .option('--eps-max <t>', `final temperature of the negatives' ramp (default ${D.epsMax})`)
    .option('--sampling-temperature <t>', `temperature of the model and its sampling block (default ${D.samplingTemperature})`)
    .option('--cd-weight <w>', `weight of the contrastive-divergence term (default ${D.cdWeight})`)
    .option('--quiet', 'no progress bar')
    .action(async (opts: RawTrainOptions & { out: string; quiet?: boolean }) => {
      const config = trainConfigFromOptions(opts);
      const out = opts.out;
      if (existsSync(out) && !existsSync(join(out, 'model.json')) && !isEmptyDir(out))
        throw new InputError(`--out ${out}: exists and is not an emcert model directory (refusing to write into it)`);
      try {
        mkdirSync(out, { recursive: true });
      } catch (e) {
        throw new InputError(`--out ${out}: cannot create directory (${(e as Error).message})`);
      }
      // tfjs loads here, after the options were checked, so --help and bad input answer at once.
      const { configRecord, saveTrainedModel } = await import('../../train/save.js');
      const { trainEnergyMatching } = await import('../../train/trainer.js');
      const logPath = join(out, 'train.log.jsonl');
      rmSync(logPath, { force: true });
      appendFileSync(logPath, JSON.stringify({ event: 'start', config: configRecord(config) }) + '\n');
      const bar = createProgress(`train ${config.dataset}`, config.steps, { quiet: opts.quiet });
      const barEvery = Math.max(1, Math.floor(config.steps / 200));
      let result;
      try {
        result = await trainEnergyMatching(config, {
          onStep: (step, r) => {
            if (step % barEvery === 0 || step === config.steps)
              bar.update(step, { phase: r.phase, flow: r.flow, ...(r.cd !== null ? { cd: r.cd } : {}) });
          },
          onLog: (r) => appendFileSync(logPath, JSON.stringify(r) + '\n'),
          onCheckpoint: (step, layers) => {
            const dir = join(out, 'checkpoints', `step-${String(step).padStart(6, '0')}`);
            saveTrainedModel(dir, layers, config, { checkpointStep: step });
            appendFileSync(logPath, JSON.stringify({ event: 'checkpoint', step, dir }) + '\n');
          },
        });
      } finally {
        bar.stop();
      }
      saveTrainedModel(out, result.layers, config, { seconds: Number(result.seconds.toFixed(1)), backend: result.backend, finalFlowLoss: result.last.flow });
      appendFileSync(logPath, JSON.stringify({ event: 'done', seconds: result.seconds, backend: result.backend }) + '\n');
      process.stdout.write(
        `wrote ${join(out, 'model.json')} (${config.dataset}, ${config.steps} steps in ${result.seconds.toFixed(1)} s on ${result.backend}; final flow loss ${result.last.flow.toPrecision(3)})\n`,
      );
    });
}

function isEmptyDir(path: string): boolean {
  try {
    return readdirSync(path).length === 0;
  } catch {
    return false;
  }
}
