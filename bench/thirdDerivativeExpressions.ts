// Measurement (not a test): third-derivative enclosures of expression energies (thirdDerivativeEnclosure)
// on the whole plane and on a 4 x 4 cover of R^2 (cuts at -1, 0, 1; the outer boxes unbounded), as the
// Frobenius norm from above (max |end| per entry), against the true sup of the Frobenius norm: closed
// forms where the tensor is rank one, else a dense float64 sample of closed-form third derivatives
// written here (a reference only, not rigorous).
// Run: npx tsx bench/thirdDerivativeExpressions.ts
import { thirdDerivativeEnclosure } from '../src/kernel/thirdDerivative.js';
import type { Interval } from '../src/kernel/interval.js';

type Tensor = (x: number, y: number) => [number, number, number, number]; // T_111, T_112, T_122, T_222

const sigmoid2 = (z: number): number => { const s = 1 / (1 + Math.exp(-z)); return s * (1 - s) * (1 - 2 * s); };
const ENERGIES: { source: string; tensor: Tensor; trueSup: string }[] = [
  {
    source: '0.5*x1^2 + x2^2 + 0.5*sqrt(1 + (x1 + x2)^2)',
    tensor: (x, y) => { const s = x + y; const v = 0.5 * -3 * s * (1 + s * s) ** -2.5; return [v, v, v, v]; },
    trueSup: '0.75 (4/5)^(5/2) sqrt 8 = 1.21431',
  },
  {
    source: '0.5*(x1^2 + x2^2) + 2*softplus(2*x1 - x2)',
    tensor: (x, y) => { const v = 2 * sigmoid2(2 * x - y); return [8 * v, -4 * v, 2 * v, -v]; },
    trueSup: '2 5^(3/2) / (6 sqrt 3) = 2.15166',
  },
  {
    source: '0.5*x1^2 + 0.5*x2^2 + 0.5*log(1 + x1^2)',
    tensor: (x) => [(0.5 * 4 * x * (x * x - 3)) / (1 + x * x) ** 3, 0, 0, 0],
    trueSup: '|h\'\'\'(sqrt 2 - 1)| / 2 = 1.45711',
  },
  {
    source: 'x1^2 + x2^2 + sin(3*x1)*cos(2*x2)',
    tensor: (x, y) => [-27 * Math.cos(3 * x) * Math.cos(2 * y), 18 * Math.sin(3 * x) * Math.sin(2 * y), -12 * Math.cos(3 * x) * Math.cos(2 * y), 8 * Math.sin(3 * x) * Math.sin(2 * y)],
    trueSup: 'sqrt 1161 = 34.0735',
  },
];

const inf = Infinity;
const CUTS = [-inf, -1, 0, 1, inf];
const cpuSeconds = (since: NodeJS.CpuUsage): number => { const u = process.cpuUsage(since); return (u.user + u.system) / 1e6; };

function frobeniusHi(t: Interval[][][]): number {
  let s = 0;
  for (const m of t) for (const row of m) for (const e of row) s += Math.max(e.lo * e.lo, e.hi * e.hi);
  return Math.sqrt(s);
}

/** Max of |T|_F over a grid of the box (unbounded ends cut at +-30). */
function sampledMax(tensor: Tensor, box: readonly Interval[]): number {
  const lim = (c: Interval): [number, number] => [Math.max(c.lo, -30), Math.min(c.hi, 30)];
  const [[a, b], [c, d]] = [lim(box[0]!), lim(box[1]!)];
  let best = 0;
  const n = 400;
  for (let i = 0; i <= n; i++) for (let j = 0; j <= n; j++) {
    const [t1, t2, t3, t4] = tensor(a + ((b - a) * i) / n, c + ((d - c) * j) / n);
    best = Math.max(best, Math.sqrt(t1 * t1 + 3 * t2 * t2 + 3 * t3 * t3 + t4 * t4));
  }
  return best;
}

console.log('| energy | Frobenius bound on R^2 | max over the 4 x 4 cover | worst box: bound / sampled | true sup | CPU ms per box |');
console.log('|---|---|---|---|---|---|');
for (const { source, tensor, trueSup } of ENERGIES) {
  const model = { kind: 'expression' as const, dim: 2, source };
  const whole = frobeniusHi(thirdDerivativeEnclosure(model, [{ lo: -inf, hi: inf }, { lo: -inf, hi: inf }]));
  let coverMax = 0;
  let worstRatio = 0;
  let worst = '';
  let cpu = 0;
  let boxes = 0;
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) {
    const box = [{ lo: CUTS[i]!, hi: CUTS[i + 1]! }, { lo: CUTS[j]!, hi: CUTS[j + 1]! }];
    const t = process.cpuUsage();
    const f = frobeniusHi(thirdDerivativeEnclosure(model, box));
    cpu += cpuSeconds(t);
    boxes++;
    coverMax = Math.max(coverMax, f);
    const sampled = sampledMax(tensor, box);
    if (sampled > 0 && f / sampled > worstRatio) { worstRatio = f / sampled; worst = `${f.toFixed(3)} / ${sampled.toFixed(3)}`; }
  }
  const ms = (cpu * 1000) / boxes;
  console.log(`| \`${source}\` | ${whole.toFixed(5)} | ${coverMax.toFixed(5)} | ${worst} | ${trueSup} | ${ms.toFixed(2)} |`);
}
