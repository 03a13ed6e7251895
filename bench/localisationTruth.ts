// Non-rigorous reference for bench/localisation.ts: the smallest N with TV(rho_N, pi) <= 0.1 for ULA on
// the separable 3-d energy 0.5 |x|^2 + 0.001 x1^4 from N(mean, I). The coordinates are independent chains,
// so max_i TV_i <= TV <= sum_i TV_i; x1 by a 1-d lattice propagation (dx = 0.01 on [-12, 12]), x2 and x3 by
// the exact Gaussian law of ULA on 0.5 x^2. Run: nice -n 10 npx tsx bench/localisationTruth.ts [mean]
const mean = Number(process.argv[2] ?? 2);
const dx = 0.01, lo = -12, n = Math.round(24 / dx) + 1;
const xs = Float64Array.from({ length: n }, (_, i) => lo + i * dx);
const gauss = (y: number, m: number, v: number): number => Math.exp(-((y - m) ** 2) / (2 * v)) / Math.sqrt(2 * Math.PI * v);

function tv(p: Float64Array, q: Float64Array): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.abs(p[i]! - q[i]!);
  return (s * dx) / 2;
}
function normalise(p: Float64Array): Float64Array {
  let s = 0;
  for (const v of p) s += v;
  return p.map((v) => v / (s * dx));
}
const piQuartic = normalise(xs.map((x) => Math.exp(-0.5 * x * x - 0.001 * x ** 4)));
const piGauss = normalise(xs.map((x) => Math.exp(-0.5 * x * x)));

for (const h of [0.1, 0.2, 0.3, 0.5, 0.7]) {
  let p1 = normalise(xs.map((x) => gauss(x, mean, 1)));
  const drift = xs.map((x) => x - h * (x + 0.004 * x ** 3));
  let gm = mean, gv = 1;
  let found = -1, foundUpper = -1;
  for (let k = 0; k <= 200 && foundUpper < 0; k++) {
    const tv1 = tv(p1, piQuartic);
    const tvG = tv(normalise(xs.map((x) => gauss(x, gm, gv))), piGauss);
    if (found < 0 && Math.max(tv1, tvG) <= 0.1) found = k;
    if (tv1 + 2 * tvG <= 0.1) foundUpper = k;
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const w = p1[i]! * dx;
      if (w < 1e-300) continue;
      for (let j = 0; j < n; j++) next[j]! += w * gauss(xs[j]!, drift[i]!, 2 * h);
    }
    p1 = normalise(next);
    gm *= 1 - h;
    gv = (1 - h) ** 2 * gv + 2 * h;
  }
  console.log(`h = ${h}: min N in [${found}, ${foundUpper}] (max_i TV_i <= 0.1 at ${found}, sum_i TV_i <= 0.1 at ${foundUpper}; -1 = never within 200 steps)`);
}
