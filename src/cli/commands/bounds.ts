// `emcert bounds`: rigorous enclosures of E (or f = E / T) and of its gradient and Hessian over a
// box, each entry tightened by branch and bound to a tolerance relative to its range.
import type { Command } from 'commander';
import { IntervalDomainError, EmptyIntervalError, type Interval } from '../../kernel/interval.js';
import { ActivationDomainError } from '../../kernel/activations.js';
import { boxFromPairs } from '../../kernel/box.js';
import type { TightenedEnclosure } from '../../kernel/branchAndBoundEnclosure.js';
import { InputError } from '../../util/errors.js';
import { createProgress } from '../../util/progress.js';
import { parseBox, parseDecimalEnclosure, parsePositiveInteger, parsePositiveNumber, type DecimalEnclosure } from '../parse.js';

interface BoundsOptions {
  energy: string;
  box: string;
  tolerance: string;
  temperature?: string;
  maxBoxes: string;
  threads: string;
  json?: boolean;
  quiet?: boolean;
}

export function register(program: Command): void {
  program
    .command('bounds')
    .description('rigorous enclosures of the energy, its gradient and its Hessian over a box (branch and bound)')
    .requiredOption('--energy <spec>', 'expr:<expression in x1..xd> or a model.json path')
    .requiredOption('--box <box>', 'LO1:HI1,LO2:HI2,... (x:x is a point; inf and -inf allowed)')
    .option('--tolerance <t>', 'stop when each bound is within t times the entry\'s range', '0.02')
    .option('--temperature <T>', 'bound f = E / T instead of E')
    .option('--max-boxes <n>', 'work limit per entry (boxes enclosed)', '20000')
    .option('--threads <n>', 'worker threads, each bounding whole entries (value, gradient, Hessian entries); the result is identical for every n', '1')
    .option('--json', 'print {"value": [lo, hi], "gradient": [...], "hessian": [[...]]}')
    .option('--quiet', 'no progress bar')
    .action((opts: BoundsOptions) => runBounds(opts));
}

async function runBounds(opts: BoundsOptions): Promise<void> {
  const pairs = parseBox('--box', opts.box);
  const tolerance = parsePositiveNumber('--tolerance', opts.tolerance);
  const maxBoxes = parsePositiveInteger('--max-boxes', opts.maxBoxes);
  const threads = parsePositiveInteger('--threads', opts.threads);
  // T is a decimal: f = E / T is enclosed for every T in its outward double enclosure.
  const temperature = opts.temperature === undefined ? undefined : parseTemperature(opts.temperature);
  // Loaded here, not at the top: they pull in mathjs, and --help should not wait for it.
  const { loadEnergy } = await import('../../energy/spec.js');
  const { tightenedEnclosureParallel } = await import('../../bounds/parallelBranchAndBound.js');
  const { describeObjective } = await import('../../kernel/branchAndBoundObjective.js');
  const energy = loadEnergy(opts.energy);
  if (pairs.length !== energy.dim)
    throw new InputError(`--box ${JSON.stringify(opts.box)}: has ${pairs.length} coordinates, the energy ${opts.energy} has dimension ${energy.dim}`);
  const box = boxFromPairs(pairs);
  const total = 1 + energy.dim + (energy.dim * (energy.dim + 1)) / 2;
  const progress = createProgress('bounds', total, { quiet: opts.quiet === true || opts.json === true });
  let result: TightenedEnclosure;
  try {
    result = await tightenedEnclosureParallel(energy.model, box, {
      tolerance,
      maxBoxes,
      threads,
      ...(temperature !== undefined ? { temperature: { lo: temperature.lo, hi: temperature.hi } } : {}),
      onEntry: (done) => progress.update(done),
    });
  } catch (e) {
    // The energy is not defined (or not twice differentiable) somewhere on the box: bad input.
    if (e instanceof IntervalDomainError || e instanceof EmptyIntervalError || e instanceof ActivationDomainError)
      throw new InputError(`--box ${opts.box}: the energy ${opts.energy} cannot be enclosed there (${e.message})`);
    throw e;
  } finally {
    progress.stop();
  }
  for (const entry of result.entries)
    if (!entry.converged)
      process.stderr.write(`emcert: bounds: ${describeObjective(entry.objective)} did not reach --tolerance ${tolerance} within --max-boxes ${maxBoxes}; its bound is sound but looser\n`);
  if (!energy.twiceDifferentiable)
    process.stderr.write('emcert: bounds: the energy is not twice differentiable everywhere; Hessian bounds of [-inf, inf] mean "does not exist"\n');
  process.stdout.write(opts.json ? `${JSON.stringify(toJson(result))}\n` : formatTable(result, temperature));
}

/** JSON has no infinities: an unbounded end is written as the string "-inf" or "inf". */
function endpoint(x: number): number | string {
  return x === Infinity ? 'inf' : x === -Infinity ? '-inf' : x;
}

function pair(i: Interval): [number | string, number | string] {
  return [endpoint(i.lo), endpoint(i.hi)];
}

function toJson(r: TightenedEnclosure): object {
  return { value: pair(r.value), gradient: r.gradient.map(pair), hessian: r.hessian.map((row) => row.map(pair)) };
}

function parseTemperature(text: string): DecimalEnclosure {
  const t = parseDecimalEnclosure('--temperature', text);
  if (!(t.lo > 0) || t.hi === Infinity) throw new InputError(`--temperature ${text}: must be positive and at most ${Number.MAX_VALUE}`);
  return t;
}

function formatTable(r: TightenedEnclosure, temperature: DecimalEnclosure | undefined): string {
  const name = temperature === undefined ? 'E' : `f = E/${temperature.text}`;
  const d = r.gradient.length;
  const rows: [string, Interval][] = [[name, r.value]];
  r.gradient.forEach((g, a) => rows.push([`d${name.charAt(0)}/dx${a + 1}`, g]));
  for (let a = 0; a < d; a++) for (let b = a; b < d; b++) rows.push([`d2${name.charAt(0)}/dx${a + 1}dx${b + 1}`, r.hessian[a]![b]!]);
  const width = Math.max(...rows.map(([n]) => n.length));
  const fmt = (x: number): string => (Number.isFinite(x) ? x.toPrecision(10) : x > 0 ? 'inf' : '-inf');
  return rows.map(([n, i]) => `${n.padEnd(width)}  [${fmt(i.lo)}, ${fmt(i.hi)}]`).join('\n') + '\n';
}
