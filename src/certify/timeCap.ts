// The optional wall-clock safety cap of the producers' searches. The searches end on work limits
// (boxes, pieces, tries), so a certificate depends only on its input and the work limits; a cap is a
// guard for energies whose search would run too long, and when it cuts a search the result depends on
// machine load. So every cut is recorded (by phase) for the certificate and the user to see.

export class TimeCap {
  private constructor(
    private readonly deadline: number,
    private readonly clock: () => number,
    private readonly label: string,
    private readonly log: string[],
  ) {}

  /** No cap: expired() is always false and the clock is never read. */
  static none(): TimeCap {
    return new TimeCap(Infinity, Date.now, 'search', []);
  }

  /** A cap of `seconds` from now (undefined: none). The clock is injectable for tests. */
  static seconds(seconds: number | undefined, clock: () => number = Date.now, label = 'search'): TimeCap {
    return seconds === undefined ? new TimeCap(Infinity, clock, label, []) : new TimeCap(clock() + seconds * 1000, clock, label, []);
  }

  /** A cap ending at an absolute time in ms since the epoch (Infinity: none). */
  static until(deadline: number, label = 'search'): TimeCap {
    return new TimeCap(deadline, Date.now, label, []);
  }

  /** A cap for one phase: at most `fraction` of the time left, its cuts logged as `phase` in the same
   *  log as this cap's. */
  phase(phase: string, fraction = 1): TimeCap {
    if (this.deadline === Infinity) return new TimeCap(Infinity, this.clock, phase, this.log);
    const now = this.clock();
    return new TimeCap(now + Math.max(0, this.deadline - now) * fraction, this.clock, phase, this.log);
  }

  /** True when the cap has passed; the first time, the phase is logged. */
  expired(): boolean {
    if (this.deadline === Infinity || this.clock() <= this.deadline) return false;
    if (!this.log.includes(this.label)) this.log.push(this.label);
    return true;
  }

  get limited(): boolean {
    return this.deadline !== Infinity;
  }

  /** The phases the cap cut so far, in order (empty: every search ended on its work limits). */
  get cuts(): readonly string[] {
    return [...this.log];
  }
}
