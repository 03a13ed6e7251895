// Recomputes the claim of test/verify/fixtures/wellGap.json's poincareDecomposition from its stored
// evidence with the current kernel (after a change of the constant the kernel derives, e.g. the
// overlap-aware degrees), leaving the evidence untouched:  npx tsx scripts/refresh-well-gap-claim.ts
import { readFileSync, writeFileSync } from 'node:fs';
import type { Certificate } from '../src/verify/certificate.js';
import { rebuildModel } from '../src/verify/model.js';
import { Checks } from '../src/verify/checks.js';
import { recordedValues, replayPoincareDecomposition } from '../src/verify/poincare.js';
import { exactValuesOf } from '../src/verify/exactValues.js';

const path = 'test/verify/fixtures/wellGap.json';
const cert: Certificate = JSON.parse(readFileSync(path, 'utf8'));
const rec = cert.poincareDecomposition!;
const model = rebuildModel(cert, new Checks());
if (!model) throw new Error('the energy cannot be rebuilt');
const r = replayPoincareDecomposition(cert, model, rec.evidence!);
if (!r.ok) throw new Error(r.reason);
const want = recordedValues(r.value);
const refreshed: Certificate = { ...cert, poincareDecomposition: { ...rec, claim: want.claim, evidence: { ...rec.evidence!, local: want.local, masses: want.masses, overlaps: want.overlaps } } };
writeFileSync(path, `${JSON.stringify({ ...refreshed, exact: exactValuesOf(refreshed) }, null, 1)}\n`);
console.log(`${path}: gap ${rec.claim!.gapLower} -> ${want.claim.gapLower}`);
