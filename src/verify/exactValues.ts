// The exact values a certificate is about. Every number in a certificate is a binary64 double; a
// decimal typed by the user (--temperature 0.05) is generally not one, so the certificate states the
// exact decimal expansion of each double its claims are about (T, eps, the initial law, the weights).
// Derived from the numbers alone, so verify recomputes it and requires equality.
import { exactDecimalString } from '../kernel/decimal.js';
import type { Certificate, ExactValues } from './certificate.js';

export function exactValuesOf(cert: Pick<Certificate, 'temperature' | 'dynamics' | 'stopping' | 'energy'>): ExactValues {
  return {
    temperature: exactDecimalString(cert.temperature),
    ...(cert.stopping ? { epsilon: exactDecimalString(cert.stopping.epsilon) } : {}),
    ...(cert.stopping?.tvEpsilon !== undefined ? { tvEpsilon: exactDecimalString(cert.stopping.tvEpsilon) } : {}),
    init: { mean: exactDecimalString(cert.dynamics.init.mean), std: exactDecimalString(cert.dynamics.init.std) },
    weights: cert.energy.terms.map((t) => exactDecimalString(t.weight)),
  };
}
