// Certificates for the experiment come from the producer in src/certify (the kernel checks them).
// Passed in as a function so tests and the suite can hand in a fake or a cached result.
import { certifyEnergy } from '../certify/certifyEnergy.js';
import type { Certificate } from '../verify/certificate.js';
import type { Energy } from '../energy/types.js';
import type { GaussianStart } from '../diagnostics/grid/grid.js';
import { summarizeCertificate, type CertificateSummary } from './certificate.js';

export type Certifier = (args: { energy: Energy; temperature: number; epsilon: number; init: GaussianStart; sampler: 'ula' | 'flow' }) => Certificate;

export const defaultCertifier: Certifier = ({ energy, temperature, epsilon, init, sampler }) =>
  certifyEnergy({ energy, temperature, epsilon, init, sampler, timeBudgetMs: 15_000 });

/** The certificate for ULA and its summary; the note carries the certifier's reason. */
export function certifyLangevin(certify: Certifier, energy: Energy, temperature: number, epsilon: number, init: GaussianStart): { certificate: Certificate; summary: CertificateSummary } {
  const certificate = certify({ energy, temperature, epsilon, init, sampler: 'ula' });
  return { certificate, summary: summarizeCertificate(certificate, certificate.reason || `verdict ${certificate.verdict}`) };
}
