// The replay layer: what `emcert verify` runs, besides the kernel. Certificate reading, model
// rebuilding from files (no float evaluator), evidence replay, the composition rule, the one
// verdict rule and the wording of claims. Producers (src/certify/) import from here, never the reverse.
export { verifyCertificate, type VerifyReport, type VerifyCheck, type VerifyOptions } from './verify.js';
export { readCertificate, assertCertificate } from './schema.js';
export { deriveComposition, composedTerms, compositionMismatch, compositionRuleFor, COMPOSITION_RULE, NEGATIVE_WEIGHT_RULE, type ComposedConstants } from './composition.js';
export { describeSum, kernelEnergyFromTerms, resolveStoredPath, type EnergyTerm } from './model.js';
export { verdictOf, verdictReason, witnessMeaning, stoppingSentence } from './verdict.js';
export { CERTIFICATE_SCHEMA, boxFromJson, boxToJson, hypothesis, finiteOrNull, type Certificate, type HypothesisRecord, type Verdict, type JsonBox, type SamplerChoice } from './certificate.js';
