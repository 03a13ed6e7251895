import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../train/cliHarness.js';
import { register as train } from '../../src/cli/commands/train.js';
import { register as sample } from '../../src/cli/commands/sample.js';
import { afterAll, describe, expect, it } from 'vitest';

const emcert = (...args: string[]) => runCommand([train, sample], args);

const dir = mkdtempSync(join(tmpdir(), 'emcert-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tinyRun = ['--steps', '4', '--phase1-steps', '2', '--batch', '16', '--hidden', '8', '--negatives', '4', '--negative-steps', '5', '--quiet'];

describe('emcert train', async () => {
  it('writes model.json + weights with a sampling block, a JSON-lines log and checkpoints', async () => {
    const out = join(dir, 'moons');
    const r = await emcert('train', '--dataset', 'moons', '--out', out, ...tinyRun, '--checkpoint-every', '2', '--seed', '3');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wrote .*model\.json \(moons, 4 steps/);
    const model = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    expect(model.format).toBe('emcert-mlp@1');
    expect(model.regularizer).toEqual({ type: 'quadratic', lambda: 0.1, center: [0, 0] });
    expect(model.sampling).toMatchObject({ sampler: 'ula', stepSize: 0.03, init: 'normal:0,1', temperature: 1 });
    expect(model.temperature).toBe(1);
    expect(model.layers.map((l: { activation: string }) => l.activation)).toEqual(['tanh', 'identity']);
    expect(model.metadata).toMatchObject({ dataset: 'moons', seed: 3, steps: 4 });
    expect(existsSync(join(out, 'weights.safetensors'))).toBe(true);
    const log = readFileSync(join(out, 'train.log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(log[0].event).toBe('start');
    expect(log.filter((e) => e.step !== undefined && e.phase !== undefined).map((e) => e.phase)).toEqual([1, 2]);
    expect(log.at(-1).event).toBe('done');
    expect(readdirSync(join(out, 'checkpoints'))).toEqual(['step-000002']);
    // the shipped sampling block lets `emcert sample` run with no sampler flags
    const s = await emcert('sample', '--energy', join(out, 'model.json'), '--particles', '20', '--out', join(dir, 's.json'));
    expect(s.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 's.json'), 'utf8')).samples).toHaveLength(20);
  });

  it('an existing --out: a model is refused without --force, --force trains over it, a foreign directory is never touched', async () => {
    const out = join(dir, 'again');
    const args = ['train', '--dataset', 'moons', '--out', out, ...tinyRun, '--checkpoint-every', '0'];
    expect((await emcert(...args)).code).toBe(0);
    const before = readFileSync(join(out, 'weights.safetensors'));
    const refused = await emcert(...args, '--seed', '9');
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/^emcert: --out .*again: already holds a trained model \(model\.json\); choose another directory, or add --force to train over it\n$/);
    expect(readFileSync(join(out, 'weights.safetensors'))).toEqual(before);
    const forced = await emcert(...args, '--seed', '9', '--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(join(out, 'weights.safetensors'))).not.toEqual(before);
    expect((await emcert(...args, '--resume')).stderr).toMatch(/--resume: .*holds a finished model \(model\.json\); nothing to resume/);
    expect((await emcert(...args, '--resume', '--force')).stderr).toMatch(/--resume and --force: choose one/);

    const foreign = join(dir, 'foreign');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'notes.txt'), 'mine');
    for (const flag of [[], ['--force']]) {
      const r = await emcert('train', '--dataset', 'moons', '--out', foreign, ...tinyRun, ...flag);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/^emcert: --out .*foreign: exists and is not an emcert model directory \(it holds notes\.txt\); refusing to write into it\n$/);
    }
    expect(readdirSync(foreign)).toEqual(['notes.txt']);
  });

  it('Ctrl-C checkpoints and says where; a re-run is refused and points at --resume; --resume finishes bit for bit', async () => {
    const run = ['--dataset', '8gaussians', '--steps', '200', '--phase1-steps', '150', '--batch', '16', '--hidden', '8', '--negatives', '4',
      '--negative-steps', '3', '--checkpoint-every', '25', '--seed', '2', '--quiet'];
    const reference = join(dir, 'uninterrupted');
    expect((await emcert('train', ...run, '--out', reference)).code).toBe(0);

    const out = join(dir, 'interrupted');
    // Ctrl-C once the first checkpoint is on disk: the command's own SIGINT listener, called as the signal would.
    const poll = setInterval(() => {
      if (!existsSync(join(out, 'checkpoints', 'step-000025', 'resume.json'))) return;
      clearInterval(poll);
      const listener = process.listeners('SIGINT').find((l) => l.name === 'onSigint');
      listener?.('SIGINT');
    }, 2);
    const stopped = await emcert('train', ...run, '--out', out);
    clearInterval(poll);
    expect(stopped.code, stopped.stderr).toBe(130);
    const m = /emcert: train interrupted after step (\d+) of 200; last checkpoint (.*step-0*(\d+)); re-run the same command with --resume to continue it \(bit for bit\), or with --force to start over\n$/.exec(stopped.stderr);
    expect(m, stopped.stderr).not.toBeNull();
    expect(Number(m![3])).toBe(Number(m![1]));
    expect(existsSync(join(m![2]!, 'resume.json'))).toBe(true);
    expect(existsSync(join(out, 'model.json'))).toBe(false);
    expect(process.listeners('SIGINT').some((l) => l.name === 'onSigint')).toBe(false);

    const again = await emcert('train', ...run, '--out', out);
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/holds an interrupted training run \(last checkpoint .*step-\d+\); continue it with --resume or start over with --force/);
    const otherSeed = await emcert('train', ...run, '--seed', '3', '--out', out, '--resume');
    expect(otherSeed.stderr).toMatch(/^emcert: --resume: --seed is 3 here but the run in .* was started with 2; resume with the same options/);

    const resumed = await emcert('train', ...run, '--out', out, '--resume');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(readFileSync(join(out, 'weights.safetensors'))).toEqual(readFileSync(join(reference, 'weights.safetensors')));
    const log = readFileSync(join(out, 'train.log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const steps = log.filter((e) => e.phase !== undefined).map((e) => e.step);
    expect(steps).toEqual([...new Set(steps)].sort((a, b) => a - b));
    expect(log.map((e) => e.event).filter(Boolean)).toContain('resume');
    expect(log.at(-1).event).toBe('done');
  });

  it('bad input: one line naming it, exit 3, nothing written', async () => {
    const cases: [string[], RegExp][] = [
      [['--dataset', '9gaussians'], /--dataset "9gaussians": unknown data set \(valid: 8gaussians/],
      [['--dataset', 'moons', '--activation', 'relu'], /--activation "relu": expected one of tanh, silu, softplus/],
      [['--dataset', 'moons', '--hidden', '64,0'], /--hidden 0: must be at least 1/],
      [['--dataset', 'moons', '--steps', '5', '--phase1-steps', '9'], /--phase1-steps 9: larger than --steps 5/],
      [['--dataset', 'moons', '--lambda', '-1'], /--lambda -1: must be positive/],
      [['--dataset', 'moons', '--replay-buffer', '10', '--negatives', '64'], /--replay-buffer 10: smaller than --negatives 64/],
      [['--dataset', 'moons', '--negative-sampler', 'hmc'], /--negative-sampler "hmc": expected one of mala, ula/],
      [['--dataset', 'moons', '--tau-star', '1.5'], /--tau-star 1.5: expected a number in \[0, 1\]/],
      [['--dataset', 'moons', '--dt', '0'], /--dt 0: must be positive/],
      [['--dataset', 'moons', '--flow-fade', '0.8,0.5'], /--flow-fade 0.8,0.5: the fade must end \(B = 0.5\) after it starts \(A = 0.8\)/],
      [['--dataset', 'moons', '--flow-fade', '0.5'], /--flow-fade 0.5: expected A,B/],
      [['--dataset', 'moons', '--flow-fade', '0.5,2'], /--flow-fade 2: expected a number in \[0, 1\]/],
      [['--dataset', 'moons', '--average-from', '1'], /--average-from 1: expected a fraction of phase 2 in \[0, 1\) or none/],
      [['--dataset', 'moons', '--average-from', 'late'], /--average-from "late": expected a finite number/],
    ];
    for (const [args, message] of cases) {
      const out = join(dir, 'bad');
      const r = await emcert('train', ...args, '--out', out, '--quiet');
      expect(r.code, args.join(' ')).toBe(3);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('without onnxruntime-node the negatives run on float64 JS, said in one line', async () => {
    const out = join(dir, 'no-ort');
    process.env.EMCERT_NO_ONNXRUNTIME = '1';
    let stderr = '';
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array) => {
      stderr += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    }) as typeof process.stderr.write;
    try {
      const r = await emcert('train', '--dataset', 'moons', '--out', out, ...tinyRun, '--checkpoint-every', '0');
      process.stderr.write = write;
      expect(r.code, r.stderr).toBe(0);
      expect(stderr).toBe('emcert: training negatives: onnx backend unavailable (onnxruntime-node disabled by EMCERT_NO_ONNXRUNTIME=1); using the float64 JS engine (slower)\n');
      expect(r.stdout).toMatch(/negatives on float64/);
      expect(JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')).metadata.negativeBackend).toBe('float64');
    } finally {
      process.stderr.write = write;
      delete process.env.EMCERT_NO_ONNXRUNTIME;
    }
  });
});
