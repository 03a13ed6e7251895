import { describe, expect, it } from 'vitest';
import { latexEscape, latexTable, markdownTable } from '../../src/report/tables.js';

describe('tables', () => {
  const table = { columns: ['energy', 'N / k'], rows: [['a_b & c', '1.5'], ['x|y', '50%']], caption: 'eps = 0.1' };
  it('writes a Markdown table with escaped pipes', () => {
    const md = markdownTable(table);
    expect(md.split('\n')[0]).toBe('| energy | N / k |');
    expect(md).toContain('| x\\|y | 50% |');
  });
  it('writes a booktabs LaTeX table with escaped specials', () => {
    expect(latexEscape('a_b & 50% $x^2$ \\')).toBe('a\\_b \\& 50\\% \\$x\\textasciicircum{}2\\$ \\textbackslash{}');
    const tex = latexTable(table, 'tab:x');
    expect(tex).toContain('\\begin{tabular}{lr}');
    expect(tex).toContain('a\\_b \\& c & 1.5 \\\\');
    expect(tex).toContain('\\label{tab:x}');
  });
});
