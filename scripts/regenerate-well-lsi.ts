// Rewrites only test/verify/fixtures/wellLsi.json, with the same call as scripts/verify-fixtures.ts
// (after a kernel change of the decomposition constant, without re-certifying every fixture):
//   npx tsx scripts/regenerate-well-lsi.ts
import { join } from 'node:path';
import { certifyEnergy } from '../src/certify/certifyEnergy.js';
import { buildEnergy } from '../src/certify/energyBuild.js';
import { writeFileAtomic } from '../src/util/files.js';

const terms = [{ spec: 'expr:(x1^2-1)^2', weight: 1 }];
const cert = JSON.parse(JSON.stringify(certifyEnergy({ energy: buildEnergy(terms), terms, timeBudgetMs: 8000, temperature: 0.1 })));
writeFileAtomic(join('test', 'verify', 'fixtures', 'wellLsi.json'), `${JSON.stringify(cert, null, 1)}\n`);
console.log(`wellLsi: gap ${cert.poincareDecomposition?.claim?.gapLower}, lsi ${cert.constants.lsi.lower}`);
