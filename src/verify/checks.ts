// The list of named checks a verification produces: each passes or fails with both sides printed
// (claimed vs recomputed, and the binary64 bits when the decimal forms look equal).

export interface VerifyCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export class Checks {
  readonly list: VerifyCheck[] = [];
  /** Set when an input could not be read at all (a missing model file): bad input, not a false claim. */
  inputProblem: string | undefined;
  pass(name: string, detail: string): void {
    this.list.push({ name, ok: true, detail });
  }
  fail(name: string, detail: string): void {
    this.list.push({ name, ok: false, detail });
  }
  /** Records a pass or a fail; returns ok. */
  expect(ok: boolean, name: string, passDetail: string, failDetail: string): boolean {
    if (ok) this.pass(name, passDetail);
    else this.fail(name, failDetail);
    return ok;
  }
  /** claimed must not be stronger than recomputed: for an upper bound, claimed >= recomputed. */
  upper(name: string, claimed: number | null | undefined, recomputed: number): boolean {
    const c = claimed ?? Infinity;
    return this.expect(c >= recomputed, name, `claimed ${fmt(c)} >= recomputed ${fmt(recomputed)}`, `claimed ${fmt(c)} is below the recomputed bound ${fmt(recomputed)}${bitsNote(c, recomputed)}`);
  }
  /** For a lower bound, claimed <= recomputed. */
  lower(name: string, claimed: number | null | undefined, recomputed: number): boolean {
    const c = claimed ?? -Infinity;
    return this.expect(c <= recomputed, name, `claimed ${fmt(c)} <= recomputed ${fmt(recomputed)}`, `claimed ${fmt(c)} exceeds the recomputed bound ${fmt(recomputed)}${bitsNote(c, recomputed)}`);
  }
  /** A field that must equal what verify recomputes (text or number). */
  equal(name: string, claimed: unknown, recomputed: unknown): boolean {
    const ok = Object.is(claimed, recomputed) || (typeof claimed !== 'number' && JSON.stringify(claimed) === JSON.stringify(recomputed));
    return this.expect(ok, name, `${show(claimed)} as recomputed`, `certificate says ${show(claimed)}, recomputed ${show(recomputed)}`);
  }
  get ok(): boolean {
    return this.list.every((c) => c.ok);
  }
  get firstFailure(): VerifyCheck | undefined {
    return this.list.find((c) => !c.ok);
  }
}

function show(v: unknown): string {
  return typeof v === 'number' ? fmt(v) : JSON.stringify(v);
}

export function fmt(x: number): string {
  return Number.isFinite(x) ? String(x) : Number.isNaN(x) ? 'NaN' : x > 0 ? 'infinity' : '-infinity';
}

/** When two doubles differ by a few ulps, the decimal forms can look equal: show the bits too. */
function bitsNote(a: number, b: number): string {
  if (!Number.isFinite(a) || !Number.isFinite(b) || Math.abs(a - b) > 1e-12 * Math.max(Math.abs(a), Math.abs(b))) return '';
  const bits = (x: number): string => Buffer.from(Float64Array.of(x).buffer).reverse().toString('hex');
  return ` (binary64 0x${bits(a)} vs 0x${bits(b)})`;
}
