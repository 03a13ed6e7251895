// Sample-quality measures: MMD, sliced Wasserstein-2, kernel Stein discrepancy, mode coverage.
export { mmd, medianHeuristic, type MmdResult } from './mmd.js';
export { slicedWasserstein2, wasserstein1dSquared, randomDirection } from './slicedWasserstein.js';
export { kernelSteinDiscrepancy, type KsdOptions } from './ksd.js';
export { modeCoverage, type ModeCoverage } from './modes.js';
