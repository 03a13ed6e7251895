import type { Certificate } from '../verify/certificate.js';

// What the experiment needs from a certificate: the certified constants of f = E / T and the
// stopping rule. Filled from src/certify when it is available; otherwise absent with the reason.

export interface CertificateSummary {
  readonly verdict: 'certified' | 'refuted' | 'inconclusive';
  /** constants.lsi.lower (of f = E / T). */
  readonly alpha?: number;
  /** constants.smoothness.upper (of f). */
  readonly smoothness?: number;
  /** constants.kl0.upper for the experiment's initial law. */
  readonly kl0?: number;
  /** Certified stopping rule: step size in the engine's eta convention, and step count. */
  readonly stopping?: { readonly epsilon: number; readonly stepSize: number; readonly steps: number };
  /** One line on where this came from or why parts are missing. */
  readonly note: string;
}

/** Reads the fields the experiment uses from a certificate object (field names of certificates/schema/certificate-v1.json). */
export function summarizeCertificate(cert: unknown, note: string): CertificateSummary {
  const c = (cert ?? {}) as Record<string, unknown>;
  const constants = (c.constants ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const verdict = c.verdict === 'certified' || c.verdict === 'refuted' ? c.verdict : 'inconclusive';
  const stopping = c.stopping as Record<string, unknown> | undefined;
  const eta = num(stopping?.stepSize);
  const steps = num(stopping?.steps);
  const epsilon = num(stopping?.epsilon);
  const alpha = num(constants.lsi?.lower);
  const smoothness = num(constants.smoothness?.upper);
  const kl0 = num(constants.kl0?.upper);
  return {
    verdict,
    ...(alpha !== undefined ? { alpha } : {}),
    ...(smoothness !== undefined ? { smoothness } : {}),
    ...(kl0 !== undefined ? { kl0 } : {}),
    ...(verdict === 'certified' && eta !== undefined && steps !== undefined && epsilon !== undefined
      ? { stopping: { epsilon, stepSize: eta, steps } }
      : {}),
    note,
  };
}

