// Defaults of the certify command, in a module of their own so the CLI can show them in --help
// without loading the producers (which pull in mathjs).

/** KL target of the stopping certificate when none is given: the one default of `check`, `experiment`,
 *  `demo` and the library's certifyEnergy (compose defaults to its first component's). */
export const DEFAULT_EPSILON = 0.1;

/** Work limit of each cover search of the producers, in boxes (pieces), at effort 1. The searches end
 *  on work limits (boxes, patience in splits, fixed lists of tries), never on the clock by default, so
 *  the same input gives the same certificate on any machine at any load; `--budget` adds an optional
 *  wall-clock cap. */
export const DEFAULT_MAX_BOXES = 3000;

/** Multiplier of the work limits (`check --effort`). */
export const DEFAULT_EFFORT = 1;
