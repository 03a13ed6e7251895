// The exact value of a double as a decimal string (new Decimal(x) would read the shortest
// round-trip text of x, which differs from the double by up to half an ulp). One implementation,
// shared with the interval tests: test/kernel/intervalReference.ts.
import { exactDecimal } from '../../kernel/intervalReference.js';

export function exactDecimalString(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`exactDecimalString: ${x} is not finite`);
  return exactDecimal(x).toString();
}
