import { describe, expect, it } from 'vitest';
import { energyName, latexCount, latexEscape, latexNumber, latexTable, markdownTable } from '../../src/report/tables.js';
import { suiteLatexTable, suiteTable, type SuiteRow } from '../../src/experiment/suite.js';

/** Text outside $...$ (math) in a LaTeX string, with escaped dollars removed first. */
function textMode(tex: string): string {
  return tex.replace(/\\\$/g, '').replace(/\$[^$]*\$/g, '');
}

describe('tables', () => {
  const table = { columns: ['energy', 'N / k'], rows: [['a_b & c', '1.5'], ['x|y', '50%']], caption: 'eps = 0.1' };
  it('writes a Markdown table with escaped pipes', () => {
    const md = markdownTable(table);
    expect(md.split('\n')[0]).toBe('| energy | N / k |');
    expect(md).toContain('| x\\|y | 50% |');
  });
  it('writes a booktabs LaTeX table with escaped specials, caption and label', () => {
    expect(latexEscape('a_b & 50% $x^2$ \\')).toBe('a\\_b \\& 50\\% \\$x\\textasciicircum{}2\\$ \\textbackslash{}');
    const tex = latexTable(table, 'tab:x');
    expect(tex).toContain('\\begin{tabular}{lr}');
    expect(tex).toContain('a\\_b \\& c & 1.5 \\\\');
    expect(tex).toContain('x$|$y & 50\\% \\\\');
    expect(tex).toContain('\\caption{eps = 0.1}');
    expect(tex).toContain('\\label{tab:x}');
  });
  it('never leaves <, > or | in text mode (OT1 prints < as an inverted exclamation mark)', () => {
    expect(latexEscape('KL<0.1 > a|b')).toBe('KL$<$0.1 $>$ a$|$b');
    expect(textMode(latexEscape('KL<0.1 > a|b'))).not.toMatch(/[<>|]/);
  });
  it('one number format: 3 digits in math mode, x 10^{e} outside [0.01, 10^4)', () => {
    expect(latexNumber(2.3412e-10)).toBe('$2.34 \\times 10^{-10}$');
    expect(latexNumber(4.716e-173)).toBe('$4.72 \\times 10^{-173}$');
    expect(latexNumber(1e-5)).toBe('$10^{-5}$');
    expect(latexNumber(54.71)).toBe('$54.7$');
    expect(latexNumber(0.316227)).toBe('$0.316$');
    expect(latexNumber(12345)).toBe('$1.23 \\times 10^{4}$');
    expect(latexNumber(0)).toBe('$0$');
    expect(latexNumber(null)).toBe('--');
    expect(latexNumber(Infinity)).toBe('$\\infty$');
    expect(latexCount(393140)).toBe('$393140$');
    expect(latexCount(3.2e12)).toBe('$3.2 \\times 10^{12}$');
    for (const x of [1e-300, 2.5e-3, 7, 999.9, 5e8]) expect(latexNumber(x)).not.toMatch(/e[+-]?\d/);
  });
  it('refuses a row whose cell count differs from the columns', () => {
    expect(() => latexTable({ columns: ['a', 'b'], rows: [['1']] })).toThrow(/1 cells for 2 columns/);
  });
  it('model names, never paths', () => {
    expect(energyName('/home/u/emcert/models/8gaussians/model.json')).toBe('8gaussians');
    expect(energyName('C:\\m\\moons\\model.json')).toBe('moons');
    expect(energyName('nets/a.json')).toBe('a');
    expect(energyName('expr:x1^2')).toBe('x1^2');
  });
});

describe('suite tables', () => {
  const rows: SuiteRow[] = [
    {
      name: 'Gaussian', spec: 'expr:0.5*x1^2 + x2^2', status: 'ran', note: '',
      certificate: { verdict: 'certified', alpha: 1, smoothness: 2, stopping: { epsilon: 0.1, stepSize: 0.316, steps: 3 }, note: '' },
      certifiedSteps: 3, computedSteps: 3, computedMethod: 'exact Gaussian law', ratio: 1, langevinMonotone: true, boundHolds: true, flowRose: true,
    },
    {
      name: 'trained: 8gaussians_v2', spec: '/abs/models/8gaussians_v2/model.json', status: 'ran', note: '',
      certificate: { verdict: 'certified', alpha: 2.34e-10, smoothness: 54.7, note: '' },
      certifiedSteps: null, computedSteps: null, ratio: null, langevinMonotone: true, boundHolds: null, flowRose: true,
    },
    { name: 'flow', spec: 'expr:x1^2', status: 'ran', note: '', certificate: { verdict: 'refuted', alpha: 0.5, note: '' }, certifiedSteps: null, langevinMonotone: false, boundHolds: false, flowRose: true },
    { name: 'sum of two trained models', spec: '', status: 'skipped', note: 'needs two models' },
  ];
  const tex = latexTable(suiteLatexTable(rows, 0.1, 81, 1), 'tab:emcert-suite', { wide: true });

  it('math-mode headers, no text-mode <, one number format, model names escaped, no paths', () => {
    expect(tex).toContain('energy & verdict & $\\alpha$ & $L$ & $\\eta$ & $N$ & $k$ & $N/k$ & grid checks \\\\');
    // (The column preamble's >{...} is not text.)
    expect(textMode(tex.split('\n').filter((l) => !l.startsWith('\\begin{tabularx}')).join('\n'))).not.toMatch(/[<>|]/);
    expect(tex).toContain('$2.34 \\times 10^{-10}$');
    expect(tex).not.toMatch(/\d\.?\d*e-?\d/);
    expect(tex).toContain('trained: 8gaussians\\_v2');
    expect(tex).not.toContain('/abs/');
    expect(tex).toContain('$3$\\textsuperscript{e}');
  });
  it('9 columns in every row, a tabularx in table* with caption and label; a refuted row shows no alpha', () => {
    expect(tex).toContain('\\begin{table*}[t]');
    expect(tex).toMatch(/\\begin\{tabularx\}\{\\linewidth\}\{>\{\\raggedright\\arraybackslash\}Xlrrrrrr>\{\\raggedright\\arraybackslash\}X\}/);
    const body = tex.split('\n').filter((l) => l.endsWith('\\\\'));
    expect(body).toHaveLength(5);
    for (const l of body) expect(l.replace(/\\&/g, '').split(' & ')).toHaveLength(9);
    expect(tex).toContain('flow & refuted & -- & -- & -- & -- & -- & -- & KL rose, above bound \\\\');
    expect(tex).toContain('certified$^{\\dagger}$');
    expect(tex).toMatch(/\\caption\{.*\$\^\{\\dagger\}\$Certified but vacuous in practice: KL halves only after \$t > 10\^\{9\}\$, or no stopping rule within \$10\^\{9\}\$ steps\.\}/);
    expect(tex).toContain('\\label{tab:emcert-suite}');
  });
  it('the Markdown table keeps its columns', () => {
    expect(suiteTable(rows, 0.1, 81).columns).toHaveLength(11);
  });
});
