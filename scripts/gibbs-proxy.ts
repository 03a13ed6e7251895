// A quick, NOT certified screen of a trained model's Gibbs measure pi ∝ exp(-E/T): ln Z by the
// midpoint rule on a fine grid, the mean NLL of a data file, pi's mass in the data's bounding box and
// (8gaussians) per mode sector, and the temperature that minimises the NLL. For choosing which
// training runs are worth a certified `emcert audit`; no number here feeds a certificate.
//   npx tsx scripts/gibbs-proxy.ts MODEL.json DATA.csv [--dataset NAME] [--half-width 6] [--n 401] [--temperature T]
import { readFileSync } from 'node:fs';
import { loadModelFile } from '../src/energy/network/load.js';

export interface GibbsProxy {
  readonly temperature: number;
  readonly lnZ: number;
  readonly nll: number;
  /** pi's mass in the data's bounding box. */
  readonly dataBoxMass: number;
  /** 8gaussians: pi's mass in each of the 8 angular sectors around the mode directions. */
  readonly sectorMasses?: readonly number[];
  /** checkerboard: pi's mass on the 8 data squares. */
  readonly squaresMass?: number;
  /** The temperature in [0.5, 1.5] (step 0.01) with the smallest NLL, and that NLL. */
  readonly bestTemperature: number;
  readonly bestNll: number;
}

function readCsv(path: string): Float64Array {
  const rows = readFileSync(path, 'utf8').trim().split('\n').filter((l) => /^[-\d.]/.test(l.trim()));
  const out = new Float64Array(rows.length * 2);
  rows.forEach((r, i) => {
    const [a, b] = r.split(',').map(Number);
    out[2 * i] = a!;
    out[2 * i + 1] = b!;
  });
  return out;
}

function logSumExp(values: Float64Array, scale: number): number {
  let m = -Infinity;
  for (const v of values) m = Math.max(m, -v * scale);
  let s = 0;
  for (const v of values) s += Math.exp(-v * scale - m);
  return m + Math.log(s);
}

const onCheckerSquare = (x: number, y: number): boolean => {
  if (Math.abs(x) > 4 || Math.abs(y) > 4) return false;
  return (((Math.floor(x / 2) + Math.floor(y / 2)) % 2) + 2) % 2 === 0;
};

export function gibbsProxy(modelPath: string, data: Float64Array, o: { dataset?: string; halfWidth?: number; n?: number; temperature?: number } = {}): GibbsProxy {
  const { energy, manifest } = loadModelFile(modelPath);
  const T = o.temperature ?? manifest.temperature ?? 1;
  const L = o.halfWidth ?? 6;
  const n = o.n ?? 401;
  const h = (2 * L) / n;
  const grid = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    grid[2 * (i * n + j)] = -L + (i + 0.5) * h;
    grid[2 * (i * n + j) + 1] = -L + (j + 0.5) * h;
  }
  const e = energy.valueBatch(grid, n * n);
  const m = data.length / 2;
  const ed = energy.valueBatch(data, m);
  let meanData = 0;
  for (const v of ed) meanData += v / m;
  const lnZat = (t: number) => logSumExp(e, 1 / t) + 2 * Math.log(h);
  const lnZ = lnZat(T);
  let lo = [Infinity, Infinity], hi = [-Infinity, -Infinity];
  for (let i = 0; i < m; i++) for (let k = 0; k < 2; k++) {
    lo[k] = Math.min(lo[k]!, data[2 * i + k]!);
    hi[k] = Math.max(hi[k]!, data[2 * i + k]!);
  }
  let emin = Infinity;
  for (const v of e) emin = Math.min(emin, v);
  let total = 0, box = 0, squares = 0;
  const sectors = new Array(8).fill(0);
  for (let k = 0; k < n * n; k++) {
    const w = Math.exp(-(e[k]! - emin) / T);
    const x = grid[2 * k]!, y = grid[2 * k + 1]!;
    total += w;
    if (x >= lo[0]! && x <= hi[0]! && y >= lo[1]! && y <= hi[1]!) box += w;
    if (onCheckerSquare(x, y)) squares += w;
    const s = Math.round(Math.atan2(y, x) / (Math.PI / 4));
    sectors[((s % 8) + 8) % 8] += w;
  }
  let bestTemperature = T, bestNll = meanData / T + lnZ;
  for (let t = 0.5; t <= 1.5 + 1e-9; t += 0.01) {
    const v = meanData / t + lnZat(t);
    if (v < bestNll) { bestNll = v; bestTemperature = t; }
  }
  return {
    temperature: T,
    lnZ,
    nll: meanData / T + lnZ,
    dataBoxMass: box / total,
    ...(o.dataset === '8gaussians' ? { sectorMasses: sectors.map((s) => s / total) } : {}),
    ...(o.dataset === 'checkerboard' ? { squaresMass: squares / total } : {}),
    bestTemperature,
    bestNll,
  };
}

if (process.argv[1]?.endsWith('gibbs-proxy.ts')) {
  const args = process.argv.slice(2);
  const opt = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const [model, dataPath] = args;
  if (!model || !dataPath) {
    process.stderr.write('usage: npx tsx scripts/gibbs-proxy.ts MODEL.json DATA.csv [--dataset NAME] [--half-width 6] [--n 401] [--temperature T]\n');
    process.exit(3);
  }
  const r = gibbsProxy(model, readCsv(dataPath), {
    ...(opt('--dataset') ? { dataset: opt('--dataset')! } : {}),
    halfWidth: Number(opt('--half-width') ?? 6),
    n: Number(opt('--n') ?? 401),
    ...(opt('--temperature') ? { temperature: Number(opt('--temperature')) } : {}),
  });
  const f = (v: number) => v.toFixed(3);
  process.stdout.write(
    `T ${r.temperature}  lnZ ${f(r.lnZ)}  NLL ${f(r.nll)}  data box ${(100 * r.dataBoxMass).toFixed(1)}%` +
      (r.sectorMasses ? `  sectors ${r.sectorMasses.map((s) => (100 * s).toFixed(1)).join(' ')}%` : '') +
      (r.squaresMass !== undefined ? `  squares ${(100 * r.squaresMass).toFixed(1)}%` : '') +
      `  best T ${r.bestTemperature.toFixed(2)} (NLL ${f(r.bestNll)})\n`,
  );
}
