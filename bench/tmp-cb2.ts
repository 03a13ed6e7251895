import { loadEnergy } from '../src/energy/spec.js';
import { boundedNetworkTerms } from '../src/audit/integrate.js';
import { checkTailBound } from '../src/kernel/integration/tails.js';
const T = 0.05;
const energy = loadEnergy('models/checkerboard/model.json');
const terms = boundedNetworkTerms(energy.model);
for (const R of [4, 8, 16, 64, 1024]) {
  const inner = [{ lo: -R, hi: R }, { lo: -R, hi: R }];
  const t = checkTailBound(energy.model, T, { inner, boundedTerms: terms, anchor: [0, 0] }, 339);
  console.log(R, t.ok ? { upper: t.value.upper, m: t.value.m, infW: t.value.infW, minU: t.value.minU } : t.reason);
}
