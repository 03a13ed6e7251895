// The 8-well ring the decomposition benches measure: wells of depth 1.5 and width 0.5 at radius 2, a
// hill of height 3 at the centre, a convex polynomial confinement. W (the exp terms) is bounded and
// U = 0.03 r^4 + 0.05 r^2 is convex: that is the tail decomposition, and the frame sets' candidate bump.
import type { Box } from '../src/kernel/box.js';

const wells = Array.from({ length: 8 }, (_, k) => {
  const a = (k * Math.PI) / 4;
  const cx = +(2 * Math.cos(a)).toFixed(6), cy = +(2 * Math.sin(a)).toFixed(6);
  return `1.5*exp(-((x1 - (${cx}))^2 + (x2 - (${cy}))^2) / 0.5)`;
});

/** The bounded part W_E of the ring energy. */
export const ringW = `3*exp(-(x1^2 + x2^2) / 2) - ${wells.join(' - ')}`;
/** The ring energy as an `expr:` spec. */
export const ringSpec = `expr:0.03*(x1^2 + x2^2)^2 + 0.05*(x1^2 + x2^2) + ${ringW}`;
/** The tail decomposition's cover: a 0.5 grid over [-4, 4]^2 continued to infinity. */
export const ringCover: Box[] = [];
const cuts = [-Infinity, ...Array.from({ length: 17 }, (_, k) => -4 + k * 0.5), Infinity];
for (let i = 0; i + 1 < cuts.length; i++) for (let j = 0; j + 1 < cuts.length; j++) ringCover.push([{ lo: cuts[i]!, hi: cuts[i + 1]! }, { lo: cuts[j]!, hi: cuts[j + 1]! }]);
