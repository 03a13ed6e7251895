// The experiment's figures as vega-lite specs: landscape with samples, and the KL curves with the
// certified bounds. Inputs are plain numbers so the specs can be tested without running anything.
import type { TopLevelSpec } from 'vega-lite';
import { curvesFigure, landscapeFigure, type CurvePanel, type CurvePoint, type HeatCell, type SamplePoint } from './figures.js';

export interface LandscapeInput {
  readonly title: string;
  readonly box: [[number, number], [number, number]];
  /** Energy E at cell centres of a cells x cells partition of the box. */
  readonly energyAt: (xs: Float64Array, n: number) => Float64Array;
  readonly cells: number;
  /** Colour range above min E (in energy units); higher energies are drawn at the top colour. */
  readonly energySpan: number;
  /** How energySpan was chosen, for the legend (for example '20 T'). */
  readonly energySpanLabel?: string;
  readonly snapshots: readonly { dynamics: 'langevin' | 'flow'; time: number; positions: readonly (readonly number[])[] }[];
}

const DYNAMICS_LABEL = { langevin: 'Langevin (ULA)', flow: 'gradient flow' } as const;

export function landscapeSpec(input: LandscapeInput): TopLevelSpec {
  const [[xlo, xhi], [ylo, yhi]] = input.box;
  const m = input.cells;
  const dx = (xhi - xlo) / m, dy = (yhi - ylo) / m;
  const centres = new Float64Array(2 * m * m);
  for (let j = 0; j < m; j++)
    for (let i = 0; i < m; i++) {
      centres[2 * (j * m + i)] = xlo + (i + 0.5) * dx;
      centres[2 * (j * m + i) + 1] = ylo + (j + 0.5) * dy;
    }
  const e = input.energyAt(centres, m * m);
  let eMin = Infinity;
  for (const v of e) if (Number.isFinite(v)) eMin = Math.min(eMin, v);
  const heat: HeatCell[] = [];
  // Cells overlap by 1% so the anti-aliased edges do not show as white lines.
  for (let j = 0; j < m; j++)
    for (let i = 0; i < m; i++)
      heat.push({ x: xlo + i * dx, x2: xlo + (i + 1.01) * dx, y: ylo + j * dy, y2: ylo + (j + 1.01) * dy, energy: round(e[j * m + i]!) });
  const label = (t: number): string => `t = ${Number(t.toPrecision(3))}`;
  const samples: SamplePoint[] = [];
  const times: string[] = [];
  for (const s of input.snapshots) {
    const time = label(s.time);
    if (!times.includes(time)) times.push(time);
    for (const p of s.positions) samples.push({ x: round(p[0]!), y: round(p[1]!), dynamics: DYNAMICS_LABEL[s.dynamics], time });
  }
  return landscapeFigure({
    title: input.title,
    heat,
    energyMin: round(eMin),
    energyMax: round(eMin + input.energySpan),
    // The colours stop at min E + span (values above are clamped): the legend says so.
    energyTitle: ['E(x), clipped', `above min E + ${input.energySpanLabel ?? Number(input.energySpan.toPrecision(3))}`],
    samples,
    dynamics: [DYNAMICS_LABEL.langevin, DYNAMICS_LABEL.flow],
    times,
    box: input.box,
  });
}

function round(v: number): number {
  return Number(v.toPrecision(5));
}

/** Time axis of the continuous-time panels: the time of f = E/T, in which the engine's ULA step eta is h = eta T. */
export const TIME_AXIS = 'time t of f = E/T (t = steps x eta x T)';

export interface KlFigureInput {
  readonly title: string;
  /** alpha: the certified LSI constant behind the bound (named in the legend when the bound is vacuous). */
  readonly langevin: { times: readonly number[]; kl: readonly number[]; fisher: readonly number[]; bound: readonly number[] | null; boundLabel?: string; alpha?: number };
  readonly ula: { h: number; stepKind: string; steps: readonly number[]; kl: readonly number[]; stoppingBound: readonly number[] | null } | null;
  readonly epsilon: number;
  readonly flow: { times: readonly number[]; kl: readonly number[] };
}

export function klSpec(input: KlFigureInput): TopLevelSpec {
  const thin = <T>(xs: readonly T[], max = 200): T[] => {
    const every = Math.max(1, Math.ceil(xs.length / max));
    return xs.filter((_, i) => i % every === 0 || i === xs.length - 1);
  };
  const series = (name: string, xs: readonly number[], ys: readonly number[]): CurvePoint[] =>
    thin(xs.map((x, i) => ({ x: round(x), value: ys[i]!, series: name })));
  const bound = input.langevin.bound;
  // A bound that barely moves over the plotted time says nothing here: the legend says it is vacuous.
  const flat = bound !== null && bound.length > 1 && bound[bound.length - 1]! >= 0.99 * bound[0]!;
  const alpha = input.langevin.alpha;
  const BOUND = (flat ? 'VACUOUS ' : '') + (input.langevin.boundLabel ?? 'certified bound exp(-2 alpha t) KL0');
  const vacuousNote = flat
    ? [
        'the certified bound is VACUOUS here: flat',
        `(${alpha !== undefined ? `alpha = ${alpha.toPrecision(2)}; ` : ''}it falls < 1% by t = ${Number(input.langevin.times[input.langevin.times.length - 1]!.toPrecision(3))})`,
      ]
    : undefined;
  const langevin = [
    ...series('KL(rho_t || pi), Fokker-Planck grid', input.langevin.times, input.langevin.kl),
    ...series('relative Fisher information', input.langevin.times, input.langevin.fisher),
    ...(input.langevin.bound ? series(BOUND, input.langevin.times, input.langevin.bound) : []),
  ];
  const panels: CurvePanel[] = [
    { title: 'Langevin (continuous time)', xTitle: TIME_AXIS, yTitle: 'KL and Fisher information (log)', points: langevin, dashed: [BOUND], logY: true, ...(vacuousNote ? { subtitle: vacuousNote } : {}) },
  ];
  if (input.ula) {
    const STOP = 'stopping bound (Vempala-Wibisono)';
    const EPS = `eps = ${input.epsilon}`;
    const u = input.ula;
    const lowest = Math.min(input.epsilon, ...u.kl.filter((v) => v > 0));
    panels.push({
      title: `ULA, ${u.stepKind} h = ${Number(u.h.toPrecision(3))}`,
      xTitle: 'step k',
      yTitle: 'KL (log scale)',
      points: [
        ...series('KL(rho_k || pi), exact grid transitions', u.steps, u.kl),
        ...(u.stoppingBound ? series(STOP, u.steps, u.stoppingBound) : []),
        ...series(EPS, [u.steps[0]!, u.steps[u.steps.length - 1]!], [input.epsilon, input.epsilon]),
      ],
      dashed: [STOP, EPS],
      logY: true,
      // Below eps, so the eps line is drawn inside the plot rather than on its bottom axis.
      yFloor: lowest / 4,
    });
  }
  panels.push({
    title: 'gradient flow (no noise)',
    xTitle: TIME_AXIS,
    yTitle: 'KL (log scale)',
    points: series('KL(rho_t || pi), characteristics', input.flow.times, input.flow.kl),
    dashed: [],
    logY: true,
  });
  return curvesFigure(input.title, panels);
}
