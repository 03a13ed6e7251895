// Tables as Markdown and LaTeX from one row model, so the two never disagree.
// LaTeX output never puts `<`, `>` or `|` in text mode (under pdflatex's default OT1 encoding they
// print as other glyphs: `<` becomes an inverted exclamation mark): headers and numbers are math.

/** A cell: plain text (escaped for LaTeX), or the same content as Markdown and as raw LaTeX. */
export type Cell = string | { readonly md: string; readonly tex: string };

export interface Table {
  readonly columns: readonly Cell[];
  /** Cells as plain text (LaTeX special characters are escaped on output), or {md, tex}. */
  readonly rows: readonly (readonly Cell[])[];
  readonly caption?: Cell;
  /** LaTeX column alignment of each column (default: l for the first, r for the rest).
   *  `X` is a tabularx column that takes the remaining width and wraps. */
  readonly align?: readonly string[];
}

const md = (c: Cell): string => (typeof c === 'string' ? c : c.md);
/** A cell's LaTeX: raw for {md, tex}, escaped for plain text. */
export const tex = (c: Cell): string => (typeof c === 'string' ? latexEscape(c) : c.tex);

export function markdownTable(t: Table): string {
  const esc = (s: Cell): string => md(s).replace(/\|/g, '\\|');
  const lines = [`| ${t.columns.map(esc).join(' | ')} |`, `|${t.columns.map(() => '---').join('|')}|`];
  for (const r of t.rows) lines.push(`| ${r.map(esc).join(' | ')} |`);
  return lines.join('\n') + '\n';
}

/** Escapes LaTeX specials in text mode; `<`, `>` and `|` become their math-mode glyphs. */
export function latexEscape(s: string): string {
  return s.replace(/[\\{}$&#_%~^<>|]/g, (c) =>
    c === '\\'
      ? '\\textbackslash{}'
      : c === '~'
        ? '\\textasciitilde{}'
        : c === '^'
          ? '\\textasciicircum{}'
          : c === '<' || c === '>'
            ? `$${c}$`
            : c === '|'
              ? '$|$'
              : `\\${c}`,
  );
}

/**
 * One number format for every LaTeX table: 3 significant digits, in math mode; magnitudes below
 * 0.01 or from 10^4 on as `$2.34 \times 10^{-10}$`. null/undefined (no bound) is `--`; +-Infinity is
 * `$\infty$`.
 */
export function latexNumber(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '--';
  if (!Number.isFinite(x)) return x > 0 ? '$\\infty$' : '$-\\infty$';
  // Decide the notation on the value as printed: 0.009999999999999998 prints as 0.01, like 0.01.
  const shown = Number(x.toPrecision(digits));
  if (shown !== 0 && (Math.abs(shown) < 1e-2 || Math.abs(shown) >= 1e4)) {
    const [mant, exp] = x.toExponential(digits - 1).split('e') as [string, string];
    const m = String(Number(mant));
    return m === '1' ? `$10^{${Number(exp)}}$` : m === '-1' ? `$-10^{${Number(exp)}}$` : `$${m} \\times 10^{${Number(exp)}}$`;
  }
  return `$${shown}$`;
}

/** A count (a step number): exact below 10^7, else in the format of latexNumber. */
export function latexCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '--';
  return Math.abs(n) < 1e7 && Number.isInteger(n) ? `$${n}$` : latexNumber(n);
}

/**
 * A booktabs table (\usepackage{booktabs}); with an `X` column it is a tabularx of \linewidth
 * (\usepackage{tabularx}). `wide` uses table* (both columns of a two-column paper).
 */
export function latexTable(t: Table, label = 'tab:emcert', opts: { wide?: boolean } = {}): string {
  const align = t.align ?? t.columns.map((_, i) => (i === 0 ? 'l' : 'r'));
  if (align.length !== t.columns.length) throw new Error(`latexTable: ${align.length} alignments for ${t.columns.length} columns`);
  const x = align.includes('X');
  const env = opts.wide ? 'table*' : 'table';
  const spec = align.map((a) => (a === 'X' ? '>{\\raggedright\\arraybackslash}X' : a)).join('');
  const lines = [
    `% emcert table: needs \\usepackage{booktabs}${x ? ' and \\usepackage{tabularx}' : ''}`,
    `\\begin{${env}}[t]`,
    '\\centering',
    // A tabularx has to fit \linewidth: smaller type and tighter column gaps leave the X column room.
    ...(x ? ['\\footnotesize', '\\setlength{\\tabcolsep}{2pt}'] : ['\\small']),
    ...(t.caption ? [`\\caption{${tex(t.caption)}}`] : []),
    `\\label{${label}}`,
    x ? `\\begin{tabularx}{\\linewidth}{${spec}}` : `\\begin{tabular}{${spec}}`,
    '\\toprule',
    `${t.columns.map(tex).join(' & ')} \\\\`,
    '\\midrule',
    ...t.rows.map((r) => {
      if (r.length !== t.columns.length) throw new Error(`latexTable: a row has ${r.length} cells for ${t.columns.length} columns`);
      return `${r.map(tex).join(' & ')} \\\\`;
    }),
    '\\bottomrule',
    x ? '\\end{tabularx}' : '\\end{tabular}',
    `\\end{${env}}`,
  ];
  return lines.join('\n') + '\n';
}

/** A display name for an energy spec: the expression for `expr:...`, the model's directory name
 *  for `.../NAME/model.json`, else the file name. Never an absolute path. */
export function energyName(spec: string): string {
  if (spec.startsWith('expr:')) return spec.slice(5);
  const parts = spec.split(/[\\/]/).filter((p) => p !== '');
  const file = parts[parts.length - 1] ?? spec;
  if (file === 'model.json' && parts.length >= 2) return parts[parts.length - 2]!;
  return file.replace(/\.json$/, '');
}
