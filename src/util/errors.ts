// Expected failures carry an exit code and a one-line message naming the input and the problem.
// The CLI prints `emcert: <message>` and exits with the code; it never prints a stack trace for these.

/** Bad usage or bad input (a malformed expression, a missing file, a negative step size...). Exit 3. */
export class InputError extends Error {
  readonly exitCode = 3;
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** A run that went wrong for a reason the user can act on (a diverging chain). Exit 4. */
export class RunError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 4) {
    super(message);
    this.name = 'RunError';
    this.exitCode = exitCode;
  }
}

export function isExpectedError(e: unknown): e is InputError | RunError {
  return e instanceof InputError || e instanceof RunError;
}
