// Certificates for the experiment come from the producer in src/certify (the kernel checks them).
// Passed in as a function so tests and the suite can hand in a fake or a cached result.
import { certifyEnergy } from '../certify/certifyEnergy.js';
import type { Certificate } from '../verify/certificate.js';
import type { EnergyTerm } from '../certify/energyBuild.js';
import type { Energy } from '../energy/types.js';
import type { GaussianStart } from '../diagnostics/grid/grid.js';
import { summarizeCertificate, type CertificateSummary } from './certificate.js';

/** `terms`: how a sum was built (recorded in the certificate so `verify` can rebuild it term by term). */
export type Certifier = (args: { energy: Energy; terms?: readonly EnergyTerm[]; temperature: number; epsilon: number; init: GaussianStart; sampler: 'ula' | 'flow' }) => Certificate;

export const defaultCertifier: Certifier = ({ energy, terms, temperature, epsilon, init, sampler }) =>
  certifyEnergy({ energy, ...(terms ? { terms } : {}), temperature, epsilon, init, sampler, timeBudgetMs: 15_000 });

/** The certificate for ULA and its summary; the note carries the certifier's reason. */
export function certifyLangevin(
  certify: Certifier,
  energy: Energy,
  temperature: number,
  epsilon: number,
  init: GaussianStart,
  terms?: readonly EnergyTerm[],
): { certificate: Certificate; summary: CertificateSummary } {
  const certificate = certify({ energy, ...(terms ? { terms } : {}), temperature, epsilon, init, sampler: 'ula' });
  return { certificate, summary: summarizeCertificate(certificate, certificate.reason || `verdict ${certificate.verdict}`) };
}
