// Measurement (not a test): the certified smoothness L of the shipped models with the stored cover
// (boxes covering R^d, some unbounded) and with the far-field cover (boxes over the cube
// |x|_inf <= 16 plus cones over face patches, src/certify/farFieldProducer.ts), the same producer
// call and budget as `emcert check` / `emcert audit` (3000 pieces), re-checked by the kernel.
// Run: npx tsx bench/smoothnessCover.ts [model ...]  (default: the five shipped models)
import { existsSync, readFileSync } from 'node:fs';
import { buildEnergy } from '../src/certify/energyBuild.js';
import { checkSmoothness } from '../src/kernel/checks/smoothness.js';
import { proposeSmoothness } from '../src/certify/smoothnessProducer.js';

const names = process.argv.length > 2 ? process.argv.slice(2) : ['8gaussians', 'moons', '2spirals', 'checkerboard', 'poe-8gaussians-moons'];
const cpuSeconds = (since: NodeJS.CpuUsage): number => { const u = process.cpuUsage(since); return (u.user + u.system) / 1e6; };
console.log('| model | stored L (old cover) | far-field L | sampled |hess| | pieces (boxes + patches) | eta L (eta 0.03) | producer CPU s | kernel check CPU s |');
console.log('|---|---|---|---|---|---|---|---|');
for (const name of names) {
  const certPath = `certificates/${name}.json`;
  const stored = existsSync(certPath) ? (JSON.parse(readFileSync(certPath, 'utf8')) as { constants: { smoothness: { upper: number | null } } }).constants.smoothness.upper : null;
  // The product of experts of the README's audits: 0.5 E_8gaussians + 0.5 E_moons.
  const terms = name === 'poe-8gaussians-moons' ? ['8gaussians', 'moons'].map((m) => ({ spec: `models/${m}/model.json`, weight: 0.5 })) : [{ spec: `models/${name}/model.json`, weight: 1 }];
  const energy = buildEnergy(terms);
  const T = energy.temperature ?? 1;
  let t = process.cpuUsage();
  const p = proposeSmoothness(energy, T, { center: [0, 0], radius: 4 }, { maxBoxes: 3000 });
  const produce = cpuSeconds(t);
  t = process.cpuUsage();
  const k = checkSmoothness(energy.model, T, p.boxes, p.farField);
  const check = cpuSeconds(t);
  const L = k.ok ? T * k.value.upper : Infinity;
  const f = (x: number | null): string => (x === null ? '-' : x.toFixed(1));
  console.log(`| ${name} | ${f(stored)} | ${f(L)} | ${f(p.sampled * T)} | ${p.boxes.length} + ${p.farField?.patches.length ?? 0} | ${(0.03 * L).toFixed(2)} | ${produce.toFixed(1)} | ${check.toFixed(1)} |`);
}
