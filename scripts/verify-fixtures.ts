// Writes the certificates the replay-layer tests tamper with (test/verify/fixtures/*.json):
//   npx tsx scripts/verify-fixtures.ts
// They are stored rather than certified at import time so that one run of test/verify/tamper.test.ts
// takes seconds, which is what makes mutation testing of src/verify/ feasible (Stryker re-imports the
// test file for every mutant). The tests check that each untouched fixture still verifies, so a
// change of the certificate format shows up as a failing test: then rerun this script.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { certifyEnergy } from '../src/certify/certifyEnergy.js';
import { composeCertificates } from '../src/certify/compose.js';
import { buildEnergy } from '../src/certify/energyBuild.js';
import type { Certificate } from '../src/verify/certificate.js';
import { writeFileAtomic } from '../src/util/files.js';

type CertifyOptions = Parameters<typeof certifyEnergy>[0];

function certify(spec: string, opts: Partial<CertifyOptions> = {}): Certificate {
  const terms = [{ spec, weight: 1 }];
  return JSON.parse(JSON.stringify(certifyEnergy({ energy: buildEnergy(terms), terms, timeBudgetMs: 8000, ...opts })));
}

const dir = join('test', 'verify', 'fixtures');
mkdirSync(dir, { recursive: true });
const gauss = certify('expr:0.5*x1^2 + 0.5*x2^2', { init: { mean: 1, std: 1 }, epsilon: 0.01 });
const slow = certify('expr:x1^2 + x2^2 + 0.25*tanh(x1)', { init: { mean: 1, std: 1 }, epsilon: 0.01 });
const flow = certify('expr:(x1^2-1)^2 + 0.5*x2^2', { sampler: 'flow' });
const mass = certify('expr:x2^2 - x1^2');
const round = certify('expr:x1^2 + x2^2', { init: { mean: 0, std: 0.3 } });
const composed = composeCertificates([round, gauss], [1, 2], { init: { mean: 0, std: 0.3 } });
const negative = composeCertificates([round, round], [1, -3]);
const well = certify('expr:(x1^2-1)^2 + 0.5*x2^2'); // LSI but no finite L: certified, no stopping route
const quartic = certify('expr:x1^4 + x2^4', { timeBudgetMs: 2000 }); // no decomposition: inconclusive
const composedSlow = composeCertificates([round, slow], [1, 1], { init: { mean: 0, std: 0.3 } }); // min U != 0
// A non-convex component (W != 0; hess f < 0 at x1 = 0): the sum has no strong convexity m > 0, so no
// kl-hessian-lipschitz route (test/verify/composedStrongConvexity.test.ts forges one).
const bump = certify('expr:x1^2 + x2^2 + 3*(1 - tanh(x1)^2)', { init: { mean: 0, std: 0.3 } });
const composedBump = composeCertificates([round, bump], [1, 1], { init: { mean: 0, std: 0.3 } });
// 1-D double well with --tv-epsilon: a TV claim whose tail is the LSI bump and cover (infinite box ends).
const tv = certify('expr:(x1^2-1)^2', { tvEpsilon: 0.1 });
// 1-D double well at T = 0.2: a decomposition spectral gap (poincareDecomposition) above the LSI alpha.
const wellGap = certify('expr:(x1^2-1)^2', { temperature: 0.2 });
// 1-d double well at T = 0.1: the decomposition's LSI constant (lsiDecomposition) is constants.lsi.lower.
const wellLsi = certify('expr:(x1^2-1)^2', { temperature: 0.1 });
const all = { gauss, slow, flow, mass, round, composed, negative, well, quartic, composedSlow, composedBump, tv, wellGap, wellLsi };
for (const [name, cert] of Object.entries(all))
  writeFileAtomic(join(dir, `${name}.json`), `${JSON.stringify(cert, null, 1)}\n`);
console.log(`wrote ${Object.keys(all).map((n) => `${dir}/${n}.json`).join(', ')}`);
