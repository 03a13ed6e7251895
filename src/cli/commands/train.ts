// emcert train: Energy Matching on a 2D toy data set, writing a model that `emcert sample` reproduces
// the data with (its sampling block), checkpoints, and a JSON-lines training log.
// An output directory is never overwritten by accident: a finished model or an interrupted run in it
// is refused unless --resume (continue from the last checkpoint) or --force (start over) says what to
// do; a directory holding anything else is refused always. Ctrl-C stops after the current step, writes
// a checkpoint of it and says where it is (exit 130); --resume continues bit for bit.
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_TRAIN_CONFIG as D, type TrainConfig } from '../../train/config.js';
import { trainConfigFromOptions, type RawTrainOptions } from '../../train/options.js';
import { DATASET_NAMES } from '../../train/datasets.js';
import type { MlpLayer } from '../../kernel/model.js';
import type { TrainResumeState } from '../../train/trainer.js';
import { InputError, RunError } from '../../util/errors.js';
import { writeFileAtomic } from '../../util/files.js';
import { phaseEta } from '../../train/eta.js';
import { createProgress } from '../../util/progress.js';
import { parseThreads } from '../parse.js';

/** What emcert train writes into --out; --force removes these and nothing else. */
const OWN_ENTRIES = ['model.json', 'weights.safetensors', 'train.log.jsonl', 'checkpoints'];
const RESUME_FILE = 'resume.json';
/** Exit code of a run stopped by Ctrl-C (128 + SIGINT), as shells report it. */
export const INTERRUPTED_EXIT_CODE = 130;

const EXAMPLES = `
Output directory: DIR/model.json + weights.safetensors (the model), DIR/train.log.jsonl (one JSON object
per logged step) and DIR/checkpoints/step-NNNNNN/ (a model each, plus resume.json: the random streams and
Adam's state). An existing DIR is never overwritten silently:
  - it holds a finished model, or an interrupted run: refused; --force starts over (deletes only the
    files above), --resume continues an interrupted run from its last checkpoint;
  - it holds anything else: refused (emcert does not delete files it did not write).

Ctrl-C stops after the current step, writes a checkpoint of it and prints where it is (exit 130; a
second Ctrl-C quits at once, leaving the last periodic checkpoint). Re-run the same command with
--resume to continue: the result is bit-for-bit the uninterrupted run's (same machine and backend).

Progress goes to stderr: a bar on a terminal, else (CI, a redirected log) a plain line per tenth of
the run and at least one every 10 s. The ETA prices each phase at its own speed: a phase-2 step draws
Langevin negatives and costs a few phase-1 steps; until phase 2 has run, its cost is guessed from the
settings ("phase 2 guessed").

Negatives: by default a replay buffer of --replay-buffer persistent chains; each phase-2 step draws
--negatives of them (5% restarted from N(0, 1)) and advances them --negative-steps MALA steps of --dt
at the model's temperature --sampling-temperature, so they sample exp(-E/T) itself. --replay-buffer 0
is the reference's short-run recipe (half from data at --eps-max, half from the prior through the ramp).
They run on ONNX Runtime (float32) when onnxruntime-node is installed, else on float64 JS (one line says
so; set EMCERT_NO_ONNXRUNTIME=1 to force it). Nothing certified uses them.

Examples:
  $ emcert train --dataset 8gaussians --out models/8g --seed 1
  $ emcert train --dataset 8gaussians --out models/8g --seed 1 --resume     (after Ctrl-C)
  $ emcert train --dataset moons --out /tmp/m --steps 40 --hidden 16 --force   (a quick try, over an old one)

Exit codes: 0 done, 3 bad input (or an output directory refused), 4 training diverged, 130 interrupted.`;

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
    .option('--negative-steps <n>', `sampler steps each drawn negative chain advances per phase-2 step (default ${D.negativeSteps})`)
    .option('--negatives <n>', `negative chains per phase-2 step (default ${D.negatives})`)
    .option('--eps-max <t>', `short-run negatives (--replay-buffer 0) only: final temperature of their ramp (default ${D.epsMax})`)
    .option('--sampling-temperature <t>', `temperature of the model and its sampling block (default ${D.samplingTemperature})`)
    .option('--dt <h>', `step size of the negatives' Langevin chains (default ${D.dt})`)
    .option('--tau-star <t>', `flow-matching time after which phase 2 fades the flow term out and (short-run) the negatives' noise in (default ${D.tauStar})`)
    .option('--lr-final <lr>', `learning rate at the last step, reached linearly over phase 2 (default ${D.lrFinalFactor} x --lr)`)
    .option('--replay-buffer <n>', `persistent negative chains (a replay buffer) targeting exp(-E/T) at the model's temperature; 0: short-run negatives from data and prior with the temperature ramp (default ${D.replayBuffer})`)
    .option('--negative-sampler <name>', `mala | ula: the persistent chains' sampler (default ${D.negativeSampler})`)
    .option('--flow-fade <a,b>', `fractions of phase 2 over which the flow-matching term's weight falls linearly to 0 (pure contrastive divergence, the data's maximum-likelihood gradient, after b); none: never (default ${D.flowFade[0] >= 1 ? 'none' : D.flowFade.join(',')})`)
    .option('--average-from <f>', `ship the mean of the weights over phase 2's steps after fraction f of it (Polyak averaging of the contrastive term's noise); none: the last step's weights (default ${D.averageFrom >= 1 ? 'none' : D.averageFrom})`)
    .option('--cd-weight <w>', `weight of the contrastive-divergence term (default ${D.cdWeight})`)
    .option('--resume', 'continue the interrupted run in --out from its last checkpoint (give the same options)')
    .option('--force', 'start over in an --out that holds a model or a run (deletes only what train writes)')
    .option('--threads <N>', "threads of the negatives' sampler: ONNX Runtime intra-op threads, or float64 worker threads without it (the same seed and N reproduce a run)", '1')
    .option('--quiet', 'no progress (a bar on a terminal; otherwise a line per tenth of the run, at least every 10 s)')
    .addHelpText('after', EXAMPLES)
    .action(async (opts: RawTrainOptions & { out: string; threads: string; quiet?: boolean; resume?: boolean; force?: boolean }) => {
      const config = trainConfigFromOptions(opts);
      const threads = parseThreads('--threads', opts.threads);
      const out = opts.out;
      if (opts.resume && opts.force) throw new InputError('--resume and --force: choose one (continue the run in --out, or start it over)');
      const found = inspectOut(out);
      let resume: { layers: MlpLayer[]; state: TrainResumeState; dir: string } | undefined;
      if (opts.resume) {
        if (found.kind !== 'interrupted')
          throw new InputError(
            `--resume: ${out} ${found.kind === 'model' ? 'holds a finished model (model.json); nothing to resume' : found.kind === 'foreign' ? 'is not an emcert model directory' : 'holds no training run to resume'}`,
          );
        resume = await loadResumePoint(out, config);
      } else if (found.kind === 'foreign') {
        throw new InputError(`--out ${out}: exists and is not an emcert model directory (it holds ${found.others.slice(0, 3).join(', ')}${found.others.length > 3 ? ', ...' : ''}); refusing to write into it`);
      } else if (found.kind === 'model' && !opts.force) {
        throw new InputError(`--out ${out}: already holds a trained model (model.json); choose another directory, or add --force to train over it`);
      } else if (found.kind === 'interrupted' && !opts.force) {
        const last = lastCheckpoint(out);
        throw new InputError(
          `--out ${out}: holds an interrupted training run (${last ? `last checkpoint ${last.dir}` : 'no checkpoint'}); ` +
            `${last ? 'continue it with --resume or ' : ''}start over with --force`,
        );
      }
      if (opts.force) for (const entry of OWN_ENTRIES) rmSync(join(out, entry), { recursive: true, force: true });
      try {
        mkdirSync(out, { recursive: true });
      } catch (e) {
        throw new InputError(`--out ${out}: cannot create directory (${(e as Error).message})`);
      }
      // tfjs loads here, after the options were checked, so --help and bad input answer at once.
      const { configRecord, saveTrainedModel } = await import('../../train/save.js');
      const { trainEnergyMatching, TrainingInterrupted } = await import('../../train/trainer.js');
      const logPath = join(out, 'train.log.jsonl');
      if (resume) {
        keepLogUpTo(logPath, resume.state.step);
        appendFileSync(logPath, JSON.stringify({ event: 'resume', step: resume.state.step, from: resume.dir }) + '\n');
      } else {
        rmSync(logPath, { force: true });
        appendFileSync(logPath, JSON.stringify({ event: 'start', config: configRecord(config) }) + '\n');
      }
      const bar = createProgress(`train ${config.dataset}`, config.steps, { quiet: opts.quiet });
      const barEvery = Math.max(1, Math.floor(config.steps / 200));
      // Time left priced phase by phase (a phase-2 step costs far more than a phase-1 step).
      const eta = phaseEta(config, resume ? { step: resume.state.step, seconds: resume.state.seconds } : undefined);
      const controller = new AbortController();
      const onSigint = () => {
        controller.abort();
        process.stderr.write(`\nemcert: interrupt: finishing this step and writing a checkpoint (Ctrl-C again quits at once)\n`);
      };
      process.once('SIGINT', onSigint);
      let lastDir: string | undefined = resume?.dir;
      let result;
      try {
        result = await trainEnergyMatching(
          config,
          {
            onStep: (step, r) => {
              const left = eta.step(step, r.phase, r.seconds);
              if (step % barEvery === 0 || step === config.steps)
                bar.update(
                  step,
                  { phase: r.phase, flow: r.flow, ...(r.cd !== null ? { cd: r.cd } : {}) },
                  left,
                  eta.guessing && step < config.steps && config.phase1Steps < config.steps ? 'phase 2 guessed' : undefined,
                );
            },
            onLog: (r) => appendFileSync(logPath, JSON.stringify(r) + '\n'),
            onCheckpoint: (step, layers, state) => {
              const dir = join(out, 'checkpoints', `step-${String(step).padStart(6, '0')}`);
              saveTrainedModel(dir, layers, config, { checkpointStep: step });
              writeFileAtomic(join(dir, RESUME_FILE), JSON.stringify(state) + '\n'); // last: marks the checkpoint complete
              lastDir = dir;
              appendFileSync(logPath, JSON.stringify({ event: 'checkpoint', step, dir }) + '\n');
            },
          },
          { signal: controller.signal, threads, onNote: (line) => process.stderr.write(`emcert: ${line}\n`), ...(resume ? { resume: { layers: resume.layers, state: resume.state } } : {}) },
        );
      } catch (e) {
        if (e instanceof TrainingInterrupted) {
          appendFileSync(logPath, JSON.stringify({ event: 'interrupted', step: e.step, checkpoint: lastDir }) + '\n');
          throw new RunError(
            `train interrupted after step ${e.step} of ${config.steps}; last checkpoint ${lastDir}; ` +
              `re-run the same command with --resume to continue it (bit for bit), or with --force to start over`,
            INTERRUPTED_EXIT_CODE,
          );
        }
        throw e;
      } finally {
        process.removeListener('SIGINT', onSigint);
        bar.stop();
      }
      saveTrainedModel(out, result.layers, config, { seconds: Number(result.seconds.toFixed(1)), backend: result.backend, negativeBackend: result.negativeBackend, finalFlowLoss: result.last.flow });
      appendFileSync(logPath, JSON.stringify({ event: 'done', seconds: result.seconds, backend: result.backend }) + '\n');
      process.stdout.write(
        `wrote ${join(out, 'model.json')} (${config.dataset}, ${config.steps} steps in ${result.seconds.toFixed(1)} s on ${result.backend}, negatives on ${result.negativeBackend}; final flow loss ${result.last.flow.toPrecision(3)})\n`,
      );
    });
}

type OutState = { kind: 'absent' | 'empty' | 'model' | 'interrupted' } | { kind: 'foreign'; others: string[] };

function inspectOut(out: string): OutState {
  let entries: string[];
  try {
    if (!statSync(out).isDirectory()) throw new InputError(`--out ${out}: is a file, not a directory`);
    entries = readdirSync(out).filter((e) => !/^\..*\.tmp$/.test(e));
  } catch (e) {
    if (e instanceof InputError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
    throw new InputError(`--out ${out}: cannot read it (${(e as Error).message})`);
  }
  if (entries.length === 0) return { kind: 'empty' };
  const others = entries.filter((e) => !OWN_ENTRIES.includes(e));
  if (others.length > 0) return { kind: 'foreign', others };
  return { kind: entries.includes('model.json') ? 'model' : 'interrupted' };
}

/** The complete checkpoint (model + resume.json) with the highest step, if any. */
function lastCheckpoint(out: string): { dir: string; step: number } | undefined {
  const root = join(out, 'checkpoints');
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return undefined;
  }
  const steps = names
    .map((n) => /^step-(\d+)$/.exec(n))
    .filter((m): m is RegExpExecArray => m !== null && existsSync(join(root, m[0], RESUME_FILE)) && existsSync(join(root, m[0], 'model.json')))
    .map((m) => ({ dir: join(root, m[0]), step: Number(m[1]) }))
    .sort((a, b) => b.step - a.step);
  return steps[0];
}

async function loadResumePoint(out: string, config: TrainConfig): Promise<{ layers: MlpLayer[]; state: TrainResumeState; dir: string }> {
  const logPath = join(out, 'train.log.jsonl');
  let started: { config?: Record<string, unknown> } | undefined;
  try {
    started = JSON.parse(readFileSync(logPath, 'utf8').split('\n')[0]!) as { config?: Record<string, unknown> };
  } catch {
    started = undefined;
  }
  if (!started?.config) throw new InputError(`--resume: ${logPath} is missing or does not start with the run's settings; start over with --force`);
  const { configRecord } = await import('../../train/save.js');
  const now = configRecord(config);
  for (const key of Object.keys({ ...started.config, ...now })) {
    if (JSON.stringify(started.config[key]) !== JSON.stringify(now[key])) {
      const option = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      throw new InputError(
        `--resume: ${option} is ${JSON.stringify(now[key])} here but the run in ${out} was started with ${JSON.stringify(started.config[key])}; resume with the same options (or start over with --force)`,
      );
    }
  }
  const last = lastCheckpoint(out);
  if (!last) throw new InputError(`--resume: ${out} has no complete checkpoint (the run stopped before its first); start over with --force`);
  const { loadModelFile } = await import('../../energy/network/load.js');
  const { networkLayers } = await import('../../train/exportModel.js');
  const layers = networkLayers(loadModelFile(last.dir).energy.model);
  let state: TrainResumeState;
  try {
    state = JSON.parse(readFileSync(join(last.dir, RESUME_FILE), 'utf8')) as TrainResumeState;
  } catch (e) {
    throw new InputError(`--resume: ${join(last.dir, RESUME_FILE)}: cannot read it (${(e as Error).message})`);
  }
  if (!layers || state.format !== 'emcert-train-resume@1' || state.step !== last.step)
    throw new InputError(`--resume: ${last.dir} is not a checkpoint this version can resume from; start over with --force`);
  if (state.step >= config.steps) throw new InputError(`--resume: the last checkpoint is at step ${state.step} of --steps ${config.steps}; nothing left to train`);
  return { layers: layers.map((l) => ({ ...l })), state, dir: last.dir };
}

/** Drops the log lines of steps after `step` (they will be run again). */
function keepLogUpTo(logPath: string, step: number): void {
  const lines = readFileSync(logPath, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const kept = lines.filter((l) => {
    try {
      const r = JSON.parse(l) as { step?: number };
      return r.step === undefined || r.step <= step;
    } catch {
      return false;
    }
  });
  writeFileSync(logPath, kept.join('\n') + '\n');
}
