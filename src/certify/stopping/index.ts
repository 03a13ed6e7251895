export { proposeStoppingRoutes, bestRoute, CONTRACTION_NOT_PROVEN } from './propose.js';
export { vempalaWibisonoSeedRoute, vempalaWibisonoOptimisedRoute, optimalBiasShare } from './vempalaWibisono.js';
export { exactGaussianRoute, type ExactGaussianSearchOptions } from './exactGaussian.js';
export { symmetricEigen } from './symmetricEigen.js';
export { gaussianTargetFromQuadratic, firstStepBelow, stationaryKl, walkGaussianKl, type GaussianTarget } from './gaussianKlCurve.js';
