// Per-file mutation scores from Stryker JSON reports (reports/mutation/mutation.json or copies).
// Usage: node scripts/mutation-scores.mjs report.json [more.json ...]
// Prints a markdown table. "score" counts every mutant except StringLiteral mutants of message
// strings (a template literal, or a string literal containing a space: the reasons and errors the
// kernel returns); "raw" counts every mutant. Killed includes timeouts; compile and runtime
// errors are not counted (as Stryker does).
import { readFileSync } from 'node:fs';

function original(source, loc) {
  const lines = source.split('\n');
  const { start, end } = loc;
  if (start.line === end.line) return lines[start.line - 1].slice(start.column - 1, end.column - 1);
  const parts = [lines[start.line - 1].slice(start.column - 1)];
  for (let l = start.line; l < end.line - 1; l++) parts.push(lines[l]);
  parts.push(lines[end.line - 1].slice(0, end.column - 1));
  return parts.join('\n');
}

export function isMessage(m, source) {
  if (m.mutatorName !== 'StringLiteral') return false;
  const text = original(source, m.location);
  return text.startsWith('`') || (/^['"]/.test(text) && text.includes(' '));
}

const rows = [];
for (const path of process.argv.slice(2)) {
  const report = JSON.parse(readFileSync(path, 'utf8'));
  for (const [file, { source, mutants }] of Object.entries(report.files)) {
    const count = (list) => {
      const c = { total: 0, killed: 0, survived: 0, noCoverage: 0 };
      for (const m of list) {
        if (m.status === 'Killed' || m.status === 'Timeout') c.killed++;
        else if (m.status === 'Survived') c.survived++;
        else if (m.status === 'NoCoverage') c.noCoverage++;
        else continue;
        c.total++;
      }
      c.score = c.total === 0 ? 100 : (100 * c.killed) / c.total;
      return c;
    };
    const all = count(mutants);
    const nonMessage = count(mutants.filter((m) => !isMessage(m, source)));
    const survivors = mutants
      .filter((m) => (m.status === 'Survived' || m.status === 'NoCoverage') && !isMessage(m, source))
      .map((m) => `${m.location.start.line}:${m.mutatorName}:${JSON.stringify(m.replacement ?? '').slice(0, 40)}`);
    rows.push({ file, all, nonMessage, survivors });
  }
}
console.log('| file | mutants | killed | survived | no coverage | score | raw score (with messages) |');
console.log('|---|---|---|---|---|---|---|');
for (const { file, all, nonMessage: c } of rows) {
  console.log(`| ${file} | ${c.total} | ${c.killed} | ${c.survived} | ${c.noCoverage} | ${c.score.toFixed(1)}% | ${all.score.toFixed(1)}% (${all.total}) |`);
}
if (process.env.SURVIVORS) for (const r of rows) if (r.survivors.length) console.log(`\n${r.file}:\n  ${r.survivors.join('\n  ')}`);
