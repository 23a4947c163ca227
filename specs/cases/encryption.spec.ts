import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASES_DIR, loadCaseFiles } from '../../harness/cases/load.ts';
import { PACKAGE_ROOT } from '../../harness/paths.ts';

const { cases, steps } = loadCaseFiles(join(CASES_DIR, 'encryption'));
const suiteDir = join(PACKAGE_ROOT, 'suites', 'encryption');
const sources = readdirSync(suiteDir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => readFileSync(join(suiteDir, f), 'utf8'))
  .join('\n');

describe('encryption case files', () => {
  it('every scenario is declared by a suite file (its id appears there)', () => {
    const missing = cases.filter((c) => c.kind === 'scenario' && !sources.includes(`'${c.id}'`));
    expect(missing.map((c) => c.id)).toEqual([]);
  });

  it('every id a suite file looks up exists in the case files', () => {
    const ids = new Set([...cases, ...steps].map((c) => c.id));
    // Case files named by declareCaseFile('encryption/x.json') are not ids.
    const used = [...sources.matchAll(/'(encryption\/[a-z0-9/._-]+)'/g)].map((m) => m[1]).filter((id) => !id?.endsWith('.json'));
    expect(used.filter((id) => !ids.has(id ?? ''))).toEqual([]);
  });

  it('covers both operations and every documented error of StartStreamEncryption', () => {
    const types = new Set(cases.flatMap((c) => (c.expect && 'type' in c.expect ? [c.expect.type].flat() : [])));
    const untestable = cases.filter((c) => c.kind === 'untestable').map((c) => c.rule);
    for (const t of ['InvalidArgumentException', 'KMSAccessDeniedException', 'KMSDisabledException', 'KMSInvalidStateException', 'KMSNotFoundException', 'ResourceInUseException', 'ResourceNotFoundException', 'AccessDeniedException', 'ValidationException']) {
      expect(types, t).toContain(t);
    }
    expect(untestable).toEqual(expect.arrayContaining(['error.kms-opt-in-required', 'error.kms-throttling']));
    expect(cases.some((c) => c.rule === 'error.limit-exceeded.rolling-24h' && c.flags.includes('expensive'))).toBe(true);
  });

  it('marks every undocumented case as an observation', () => {
    for (const c of cases.filter((x) => x.flags.includes('undocumented'))) expect(c.rule, c.id).toMatch(/^observation\./);
  });
});
