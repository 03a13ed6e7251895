// Property tests draw from one fixed seed so that a run (and CI) is reproducible: a failure seen once is
// seen again. FC_SEED=<integer> draws from another seed; FC_SEED=random draws a fresh one each run (fast-check
// prints the seed of a failure, and FC_SEED=<that seed> replays it).
import fc from 'fast-check';

const DEFAULT_SEED = 20_261_206;
const requested = process.env.FC_SEED;

if (requested !== 'random') {
  const seed = requested === undefined || requested === '' ? DEFAULT_SEED : Number(requested);
  if (!Number.isInteger(seed)) throw new Error(`FC_SEED=${requested}: expected an integer or "random"`);
  fc.configureGlobal({ seed });
}
