export * from './types.js';
export { checkStoppingRoute } from './check.js';
export { encloseGaussianUlaKl, powerAndGeometricSum } from './gaussianUla.js';
export { vempalaWibisonoBound, vempalaWibisonoMaxStep, vempalaWibisonoInapplicable } from './vempalaWibisono.js';
export { intervalCholesky, logDetFromCholesky, solveWithCholesky } from './cholesky.js';
export { isExactlyQuadratic, polynomialDegree } from './quadraticStructure.js';
