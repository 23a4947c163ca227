import { mdTable, mdText } from './markdown.ts';
import type { Matrix } from './matrix.ts';
import { formatRate, passRate, type Tally } from './tally.ts';

function score(t: Tally | null): string {
  return t ? `${t.counts.PASS} / ${t.total} (${formatRate(passRate(t))})` : '–';
}

/** matrix.md: the score table and the case table as GitHub-flavoured Markdown. */
export function toMatrixMarkdown(matrix: Matrix): string {
  const { columns, rows, scores, totals, recordedTotals, evidence } = matrix;
  const heads = columns.map((c) => mdText(c.label));
  const out = [
    '# Kinesis conformance matrix',
    '',
    ...columns.map((c) => `- ${mdText(c.label)}: ${mdText(c.implementation ?? 'unknown implementation')}, run ${mdText(c.runId)}, ${mdText(c.startedAt)} (${mdText(c.source)})`),
    '',
    '## Score per operation',
    '',
    'PASS / results of the operation in each run, skips included.',
    '',
    mdTable(
      ['operation', ...heads],
      [
        ...scores.map((s) => [mdText(s.operation), ...s.cells.map(score)]),
        ['**all operations**', ...totals.map((t) => `**${score(t)}**`)],
        ['recorded answers only', ...recordedTotals.map(score)],
      ],
      ['l', ...columns.map(() => 'r' as const)],
    ),
    '',
    '## Verdicts by evidence',
    '',
    ...columns.flatMap((c, i) => [`- ${mdText(c.label)}: ${(evidence[i] ?? []).map(mdText).join('; ')}`]),
    '',
    `## Cases (${rows.length})`,
    '',
    mdTable(
      ['case', 'operation', ...heads],
      rows.map((r) => [mdText(r.id), mdText(r.operation ?? ''), ...r.cells.map((c) => (c === null ? '–' : c.status === 'PASS' ? 'PASS' : `**${c.status}**`))]),
    ),
  ];
  return `${out.join('\n')}\n`;
}
