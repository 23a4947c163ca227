import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.ts';
import { loadRun } from './load.ts';
import { makeRun, result } from './test-fixtures.ts';

function written(data: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'kc-load-')), 'results.json');
  writeFileSync(file, JSON.stringify(data));
  return file;
}

describe('loadRun and rule ids', () => {
  it('reads a results.json written before results carried rule ids as citing none', async () => {
    const run = makeRun([result('s/a', 'PASS', { rules: ['CS-01'] }), result('s/b', 'FAIL')]);
    for (const r of run.results) delete (r as { rules?: string[] }).rules;
    const { run: loaded } = await loadRun(written(run));
    expect(loaded.results.map((r) => r.rules)).toEqual([[], []]);
  });

  it('keeps the rule ids a result carries, and refuses rules that are not a list of ids', async () => {
    const { run: loaded } = await loadRun(written(makeRun([result('s/a', 'PASS', { rules: ['CS-01', 'X-02'] })])));
    expect(loaded.results[0]!.rules).toEqual(['CS-01', 'X-02']);
    const bad = makeRun([result('s/a', 'PASS')]);
    (bad.results[0] as unknown as { rules: unknown }).rules = 'CS-01';
    const file = written(bad);
    await expect(loadRun(file)).rejects.toThrow(ConfigError);
    await expect(loadRun(file)).rejects.toThrow('results[0].rules is not an array of rule ids');
  });
});
