import { describe, expect, it } from 'vitest';
import type { LoadedRun } from './load.ts';
import { buildMatrix } from './matrix.ts';
import { toMatrixHtml } from './matrix-html.ts';
import { toMatrixMarkdown } from './matrix-md.ts';
import { HOSTILE, makeRun, result } from './test-fixtures.ts';

const loaded = (run: ReturnType<typeof makeRun>, path: string): LoadedRun => ({ run, path });

// Target A passes three of four; target B fails one, errors on another and lacks a case; B alone has one.
const a = makeRun(
  [
    result('s/create-1', 'PASS', { operation: 'CreateStream' }),
    result('s/create-2', 'PASS', { operation: 'CreateStream' }),
    result('s/describe-1', 'PASS'),
    result('s/describe-2', 'FAIL'),
  ],
  'kinesis-mock',
  'runa',
);
const b = makeRun(
  [
    result('s/create-1', 'PASS', { operation: 'CreateStream' }),
    result('s/create-2', 'ERROR', { operation: 'CreateStream' }),
    result('s/describe-2', 'FAIL'),
    result('s/put-1', 'SKIP', { operation: 'PutRecord' }),
  ],
  'kinesalite',
  'runb',
);

describe('the matrix', () => {
  const matrix = buildMatrix([loaded(a, '/a/results.json'), loaded(b, '/b/results.json')]);

  it('has one row per case of any run and one cell per run, empty where the run lacks the case', () => {
    expect(matrix.columns.map((c) => c.label)).toEqual(['kinesis-mock', 'kinesalite']);
    expect(matrix.rows.map((r) => [r.id, ...r.cells.map((c) => c?.status ?? null), r.differs])).toEqual([
      ['s/create-1', 'PASS', 'PASS', false],
      ['s/create-2', 'PASS', 'ERROR', true],
      ['s/describe-1', 'PASS', null, true],
      ['s/describe-2', 'FAIL', 'FAIL', false],
      ['s/put-1', null, 'SKIP', true],
    ]);
  });

  it('scores each operation per run as passes / results of that run', () => {
    const scores = matrix.scores.map((s) => [s.operation, ...s.cells.map((t) => (t ? `${t.counts.PASS}/${t.total}` : null))]);
    expect(scores).toEqual([
      ['CreateStream', '2/2', '1/2'],
      ['DescribeStreamSummary', '1/2', '0/1'],
      ['PutRecord', null, '0/1'],
    ]);
    expect(matrix.totals.map((t) => `${t.counts.PASS}/${t.total}`)).toEqual(['3/4', '1/4']);
  });

  it('keeps two runs of one target apart by run id', () => {
    const twice = buildMatrix([loaded(a, '/a'), loaded(makeRun(a.results, 'kinesis-mock', 'runc'), '/c')]);
    expect(twice.columns.map((c) => c.label)).toEqual(['kinesis-mock runa', 'kinesis-mock runc']);
  });

  it('writes the cells and scores into matrix.md', () => {
    const md = toMatrixMarkdown(matrix);
    expect(md).toContain('| CreateStream | 2 / 2 (100.0 %) | 1 / 2 (50.0 %) |');
    expect(md).toContain('| PutRecord | – | 0 / 1 (0.0 %) |');
    expect(md).toContain('| **all operations** | **3 / 4 (75.0 %)** | **1 / 4 (25.0 %)** |');
    expect(md).toContain('| s/create-2 | CreateStream | PASS | **ERROR** |');
    expect(md).toContain('| s/put-1 | PutRecord | – | **SKIP** |');
  });

  it('colours each cell of matrix.html by its status and shades scores', () => {
    const page = toMatrixHtml(matrix);
    const row = page.slice(page.indexOf('<td class="mono">s/create-2</td>'));
    expect(row.slice(0, row.indexOf('</tr>'))).toMatch(/class="cell st-PASS"[^>]*>PASS<\/td><td class="cell st-ERROR"[^>]*>ERROR<\/td>$/);
    expect(page).toContain('<td class="score sc-5" title="100.0 %">2 / 2</td><td class="score sc-2" title="50.0 %">1 / 2</td>');
    expect(page).toContain('<td class="score sc-none">–</td>');
    expect((page.match(/<tr data-differs="1"/g) ?? []).length).toBe(3);
  });

  it('escapes hostile text in matrix.html and matrix.md', () => {
    const evil = makeRun([result('s/x', 'FAIL', { message: HOSTILE, operation: HOSTILE, rule: HOSTILE })], HOSTILE, 'rune');
    evil.runInfo.implementation = HOSTILE;
    const m = buildMatrix([loaded(evil, `/tmp/${HOSTILE}`)]);
    const page = toMatrixHtml(m);
    expect(page).not.toContain('<img');
    expect((page.match(/<\/script/gi) ?? []).length).toBe(1);
    expect(toMatrixMarkdown(m)).not.toMatch(/(?<!\\)<(img|\/script)/);
  });
});
