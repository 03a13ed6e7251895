// Defaults of the certify command, in a module of their own so the CLI can show them in --help
// without loading the producers (which pull in mathjs).

/** KL target of the stopping certificate when none is given. */
export const DEFAULT_EPSILON = 0.01;
