import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE, makeRun, result } from '../report/test-fixtures.ts';
import { writeRunReport } from '../report/write.ts';
import { main } from './main.ts';
import type { Io } from './io.ts';

function captureIo(cwd: string): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), progress: () => {}, env: {}, cwd };
}

let root: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'kc-report-cli-'));
  await writeRunReport(
    join(root, 'before'),
    makeRun([result('s/broke', 'PASS'), result('s/fixed', 'FAIL'), result('s/skipped', 'PASS'), result('s/gone', 'PASS'), result('s/same', 'PASS')], 'kinesis-mock', 'before'),
  );
  await writeRunReport(
    join(root, 'after'),
    makeRun([result('s/broke', 'FAIL', { message: HOSTILE }), result('s/fixed', 'PASS'), result('s/skipped', 'SKIP'), result('s/new', 'PASS'), result('s/same', 'PASS')], 'kinesalite', 'after'),
  );
  mkdirSync(join(root, 'empty'));
  writeFileSync(join(root, 'malformed.json'), '{"runInfo": {');
  writeFileSync(join(root, 'other.json'), JSON.stringify({ name: 'not a run', results: [] }));
  writeFileSync(join(root, 'bad-status.json'), JSON.stringify({ ...makeRun([result('s/a', 'PASS')]), results: [{ ...result('s/a', 'PASS'), status: 'GREAT' }] }));
});

describe('kinesis-conformance compare', () => {
  it('lists new failures first, then fixes, then other changes, then added and removed cases', async () => {
    const io = captureIo(root);
    const code = await main(['compare', 'before', 'after'], io);
    expect(code).toBe(1);
    const text = io.stdout.join('\n');
    const order = ['new failures (1):', 'fixed (1):', 'other changes (1):', 'added in B (1):', 'removed in B (1):'].map((h) => text.indexOf(h));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    expect(io.stdout).toContain('  PASS    s/fixed (was FAIL)');
    expect(io.stdout).toContain('  SKIP    s/skipped (was PASS): skip message of s/skipped');
    expect(io.stdout).toContain('  PASS    s/new');
    expect(io.stdout).toContain('  PASS    s/gone');
    expect(io.stdout.at(-1)).toBe('1 new failures, 1 fixed, 1 other changes, 1 added, 1 removed, 0 failing differently');
    expect(text).not.toContain('s/same');
  });

  it('prints hostile messages as one inert line', async () => {
    const io = captureIo(root);
    await main(['compare', 'before', 'after'], io);
    const line = io.stdout.find((l) => l.includes('s/broke'))!;
    expect(line.startsWith('  FAIL    s/broke (was PASS): </script>')).toBe(true);
    // eslint-disable-next-line no-control-regex
    expect(line).not.toMatch(/[\u0000-\u001f]/);
  });

  it('exits 0 when B has no new failure', async () => {
    const io = captureIo(root);
    expect(await main(['compare', 'after', join(root, 'after', 'results.json')], io)).toBe(0);
    expect(io.stdout.at(-1)).toBe('0 new failures, 0 fixed, 0 other changes, 0 added, 0 removed, 0 failing differently');
  });
});

describe('kinesis-conformance matrix', () => {
  it('writes matrix.html and matrix.md for the runs given', async () => {
    const io = captureIo(root);
    expect(await main(['matrix', 'before', 'after', '--out', 'm'], io)).toBe(0);
    expect(io.stdout).toEqual([`matrix: ${join(root, 'm', 'matrix.html')}`, `matrix: ${join(root, 'm', 'matrix.md')}`]);
    const md = readFileSync(join(root, 'm', 'matrix.md'), 'utf8');
    expect(md).toContain('| **all operations** | **4 / 5 (80.0 %)** | **3 / 5 (60.0 %)** |');
    expect(md).toContain('| s/broke | DescribeStreamSummary | PASS | **FAIL** |');
    expect(readFileSync(join(root, 'm', 'matrix.html'), 'utf8')).toContain('<td class="score sc-4" title="80.0 %">4 / 5</td>');
  });
});

describe('bad input to compare and matrix: one line, exit 2, nothing written', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['a missing directory', ['compare', 'before', 'nowhere'], /nowhere: no such report directory or results\.json$/],
    ['a directory without results.json', ['matrix', 'empty', '--out', 'm-empty'], /empty holds no results\.json \(not a report directory/],
    ['malformed JSON', ['compare', 'malformed.json', 'after'], /malformed\.json is not valid JSON: /],
    ['JSON that is not a results.json', ['matrix', 'before', 'other.json', '--out', 'm-other'], /other\.json is not a kinesis-conformance results\.json: runInfo is missing$/],
    ['an unknown status', ['compare', 'before', 'bad-status.json'], /results\[0\]\.status is not one of PASS\|FAIL\|ERROR\|TIMEOUT\|SKIP$/],
    ['one run for compare', ['compare', 'before'], /compare takes exactly two run report directories \(A B\), got 1$/],
    ['no run for matrix', ['matrix', '--out', 'm-none'], /matrix needs at least one run report directory/],
    ['an unknown option', ['matrix', 'before', '--frob'], /Unknown option '--frob'/],
  ];
  for (const [what, argv, pattern] of cases) {
    it(what, async () => {
      const io = captureIo(root);
      expect(await main(argv, io)).toBe(2);
      expect(io.stdout).toEqual([]);
      expect(io.stderr).toHaveLength(1);
      expect(io.stderr[0]).toMatch(/^kinesis-conformance: /);
      expect(io.stderr[0]).toMatch(pattern);
      for (const out of ['m-empty', 'm-other', 'm-none']) expect(existsSync(join(root, out))).toBe(false);
    });
  }
});
