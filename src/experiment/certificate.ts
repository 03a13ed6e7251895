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
  /** The certificate's search record when it has one: the wall-clock cap the producer ran under
   *  (experiment and demo keep short caps for speed) and the searches it cut. */
  readonly search?: { readonly timeCapSeconds: number | null; readonly timeCapCut: readonly string[] };
}

/** One line on whether the wall-clock cap cut a search (then the constants depend on machine load). */
export function timeCapText(search: CertificateSummary['search']): string {
  if (!search) return 'search limits not recorded';
  if (search.timeCapSeconds === null) return 'every search ended on its work limits (no time cap)';
  if (search.timeCapCut.length === 0) return `every search ended on its work limits (the ${search.timeCapSeconds} s time cap cut nothing)`;
  return `the ${search.timeCapSeconds} s time cap cut ${search.timeCapCut.join(', ')}: these constants depend on machine load`;
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
  const s = c.search as Record<string, unknown> | undefined;
  const search = s && Array.isArray(s.timeCapCut) && s.timeCapCut.every((x) => typeof x === 'string')
    ? { timeCapSeconds: num(s.timeCapSeconds) ?? null, timeCapCut: [...(s.timeCapCut as string[])] }
    : undefined;
  return {
    verdict,
    ...(alpha !== undefined ? { alpha } : {}),
    ...(smoothness !== undefined ? { smoothness } : {}),
    ...(kl0 !== undefined ? { kl0 } : {}),
    ...(verdict === 'certified' && eta !== undefined && steps !== undefined && epsilon !== undefined
      ? { stopping: { epsilon, stepSize: eta, steps } }
      : {}),
    note,
    ...(search ? { search } : {}),
  };
}

