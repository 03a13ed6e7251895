// The certificates API: produce (certifyEnergy), re-check (verifyCertificate), derive for sums
// (composeCertificates), read/write with schema validation, and format for humans and papers.
export { certifyEnergy, DEFAULT_EPSILON, type CertifyOptions } from './certifyEnergy.js';
export { verifyCertificate, type VerifyReport, type VerifyCheck, type VerifyOptions } from './verify.js';
export { composeCertificates, composedTerms, type ComposeOptions } from './compose.js';
export { deriveComposition, type ComposedConstants } from './composeRules.js';
export { readCertificate, writeCertificate, assertCertificate } from './schema.js';
export { formatSummary, latexRow, LATEX_COLUMNS, LATEX_HEADER, vacuityNotes } from './summary.js';
export { buildEnergy, describeSum, type EnergyTerm } from './energyBuild.js';
export { CERTIFICATE_SCHEMA, boxFromJson, boxToJson, hypothesis, type Certificate, type HypothesisRecord, type Verdict, type JsonBox } from './certificate.js';
