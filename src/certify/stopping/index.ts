export { proposeStoppingRoutes, bestRoute } from './propose.js';
export { klHessianLipschitzRoute, bestKlHessianLipschitzStep } from './klHessianLipschitz.js';
export { vempalaWibisonoSeedRoute, vempalaWibisonoOptimisedRoute, optimalBiasShare } from './vempalaWibisono.js';
export { exactGaussianRoute, type ExactGaussianSearchOptions } from './exactGaussian.js';
export { symmetricEigen } from './symmetricEigen.js';
export { gaussianTargetFromQuadratic, firstStepBelow, stationaryKl, walkGaussianKl, type GaussianTarget } from './gaussianKlCurve.js';
