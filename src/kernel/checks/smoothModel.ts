// Curvature checks and the gradient-flow identity need f in C^2. A model is accepted only when
// every piece is: no relu layer, and no expression function with a kink or a jump.
import type { EnergyModel } from '../model.js';

const NON_SMOOTH_FUNCTIONS = ['abs', 'max', 'min', 'sign', 'floor', 'ceil', 'round', 'fix', 'mod'];

/** undefined when the model is twice continuously differentiable by construction, else the reason. */
export function nonSmoothPart(model: EnergyModel): string | undefined {
  switch (model.kind) {
    // Stryker disable next-line StringLiteral: equivalent, an unmatched kind also ends the switch with undefined
    case 'quadratic':
      return undefined;
    case 'mlp': {
      const k = model.layers.findIndex((l) => l.activation === 'relu');
      return k >= 0 ? `layer ${k + 1} uses relu, which is not twice differentiable` : undefined;
    }
    case 'expression': {
      for (const fn of NON_SMOOTH_FUNCTIONS) if (new RegExp(`\\b${fn}\\s*\\(`).test(model.source)) return `the expression uses ${fn}(), which is not twice differentiable`;
      return undefined;
    }
    case 'sum':
      for (const t of model.terms) {
        const why = nonSmoothPart(t.model);
        if (why) return why;
      }
      return undefined;
  }
}
