// Tables as Markdown and LaTeX from one row model, so the two never disagree.

export interface Table {
  readonly columns: readonly string[];
  /** Cells as plain text (LaTeX special characters are escaped on output). */
  readonly rows: readonly (readonly string[])[];
  readonly caption?: string;
}

export function markdownTable(t: Table): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  const lines = [`| ${t.columns.map(esc).join(' | ')} |`, `|${t.columns.map(() => '---').join('|')}|`];
  for (const r of t.rows) lines.push(`| ${r.map(esc).join(' | ')} |`);
  return lines.join('\n') + '\n';
}

export function latexEscape(s: string): string {
  return s.replace(/[\\{}$&#_%~^]/g, (c) =>
    c === '\\' ? '\\textbackslash{}' : c === '~' ? '\\textasciitilde{}' : c === '^' ? '\\textasciicircum{}' : `\\${c}`,
  );
}

/** A booktabs table (\usepackage{booktabs}). */
export function latexTable(t: Table, label = 'tab:emcert'): string {
  const lines = [
    '\\begin{table}[t]',
    '\\centering',
    '\\small',
    `\\begin{tabular}{${t.columns.map((_, i) => (i === 0 ? 'l' : 'r')).join('')}}`,
    '\\toprule',
    `${t.columns.map(latexEscape).join(' & ')} \\\\`,
    '\\midrule',
    ...t.rows.map((r) => `${r.map(latexEscape).join(' & ')} \\\\`),
    '\\bottomrule',
    '\\end{tabular}',
    ...(t.caption ? [`\\caption{${latexEscape(t.caption)}}`] : []),
    `\\label{${label}}`,
    '\\end{table}',
  ];
  return lines.join('\n') + '\n';
}
