// Defaults of the certify command, in a module of their own so the CLI can show them in --help
// without loading the producers (which pull in mathjs).

/** KL target of the stopping certificate when none is given: the one default of `check`, `experiment`,
 *  `demo` and the library's certifyEnergy (compose defaults to its first component's). */
export const DEFAULT_EPSILON = 0.1;

/** Time cap of the producers' search, in seconds. The search normally ends on its work limits (boxes)
 *  well before it, so a verdict does not depend on how busy the machine is; the cap only guards
 *  energies whose search would run on. */
export const DEFAULT_BUDGET_SECONDS = 60;
