// Non-rigorous references for the constrained double well (README "Constrained generation"):
// pi_c(U) by a fine midpoint grid of exp(-(E + P)/T), and P(enter U within N steps) by Monte Carlo
// of the ULA chain on E + P. Usage:
//   npx tsx bench/constraint.ts [--unsafe LO:HI,LO:HI] [--eta 0.01] [--steps 100] [--chains 100000] [--no-penalty]
import { buildEnergy } from '../src/certify/energyBuild.js';
import { penaltyFor, DEFAULT_PENALTY } from '../src/verify/penalty.js';
import { createRng } from '../src/random/rng.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => { const i = args.indexOf(name); return i >= 0 ? args[i + 1]! : dflt; };
const unsafe = [opt('--unsafe', '0.5:1.5,-1:1').split(',').map((p) => { const [lo, hi] = p.split(':').map(Number); return { lo: lo!, hi: hi! }; })];
const eta = Number(opt('--eta', '0.01'));
const steps = Number(opt('--steps', '100'));
const chains = Number(opt('--chains', '100000'));
const mean = [-1, 0];
const std = 0.3;
const E = 'expr:(x1^2-1)^2 + 0.5*x2^2';
const pen = penaltyFor(unsafe, mean, DEFAULT_PENALTY);
if (!('expression' in pen)) throw new Error('mean inside an unsafe box');
const energy = args.includes('--no-penalty') ? buildEnergy([{ spec: E, weight: 1 }]) : buildEnergy([{ spec: E, weight: 1 }, { spec: `expr:${pen.expression}`, weight: 1 }]);
const inU = (x: Float64Array): boolean => unsafe.some((b) => b.every((c, i) => c.lo <= x[i]! && x[i]! <= c.hi));

// 1. pi_c(U): midpoint rule on [-6, 6] x [-8, 8], 2400 x 3200 cells.
const nx = 2400, ny = 3200, x0 = -6, x1 = 6, y0 = -8, y1 = 8;
const hx = (x1 - x0) / nx, hy = (y1 - y0) / ny;
const p = new Float64Array(2);
let z = 0, zu = 0;
for (let i = 0; i < nx; i++) for (let j = 0; j < ny; j++) {
  p[0] = x0 + (i + 0.5) * hx; p[1] = y0 + (j + 0.5) * hy;
  const w = Math.exp(-energy.value(p));
  z += w;
  if (inU(p)) zu += w;
}
console.log(`pi(U) grid reference: ${(zu / z).toExponential(4)} (${nx} x ${ny} midpoint cells on [-6, 6] x [-8, 8])`);

// 2. Entry probability by Monte Carlo.
const rng = createRng(20261206);
const gauss = (): number => rng.normal();
let hit = 0;
const x = new Float64Array(2);
const s = Math.sqrt(2 * eta);
for (let c = 0; c < chains; c++) {
  x[0] = mean[0]! + std * gauss(); x[1] = mean[1]! + std * gauss();
  let entered = inU(x);
  for (let k = 0; k < steps && !entered; k++) {
    const g = energy.gradient(x);
    x[0] = x[0]! - eta * g[0]! + s * gauss(); x[1] = x[1]! - eta * g[1]! + s * gauss();
    entered = inU(x);
  }
  if (entered) hit++;
}
const ph = hit / chains;
console.log(`P(enter U within ${steps} steps) Monte Carlo: ${ph.toExponential(3)} +- ${(2 * Math.sqrt(ph * (1 - ph) / chains)).toExponential(2)} (2 sigma, ${chains} chains, eta ${eta})`);
