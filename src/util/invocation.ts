// The command line of the running emcert command, for the provenance of what it writes.
let current: readonly string[] | undefined;

export function recordInvocation(argv: readonly string[]): void {
  current = [...argv];
}

/** The arguments after `emcert`, or undefined when emcert runs as a library. */
export function invocation(): readonly string[] | undefined {
  return current;
}
