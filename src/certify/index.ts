// The certificates API: produce (certifyEnergy), derive for sums (composeCertificates), write with
// relative paths and provenance, and format for humans and papers. Re-checking is the replay
// layer's (src/verify/), re-exported here so one import gives the whole workflow.
export { certifyEnergy, DEFAULT_EPSILON, type CertifyOptions } from './certifyEnergy.js';
export { composeCertificates, composedTerms, type ComposeOptions } from './compose.js';
export { sealCertificate } from './seal.js';
export { writeCertificate, rebaseCertificatePaths, type WriteOptions } from './write.js';
export { formatSummary, latexRow, LATEX_COLUMNS, LATEX_HEADER, vacuityNotes } from './summary.js';
export { buildEnergy, describeSum, type EnergyTerm } from './energyBuild.js';
export { verifyCertificate, readCertificate, assertCertificate, deriveComposition, type VerifyReport, type VerifyCheck, type VerifyOptions, type ComposedConstants } from '../verify/index.js';
export { CERTIFICATE_SCHEMA, boxFromJson, boxToJson, hypothesis, type Certificate, type HypothesisRecord, type Verdict, type JsonBox, type SearchRecord, type PoincareDecompositionRecord, type LsiDecompositionRecord } from '../verify/certificate.js';
