import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../errors.ts';
import { STATUSES, type RunResults } from '../results/model.ts';

export interface LoadedRun {
  /** The results.json file that was read. */
  path: string;
  run: RunResults;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What is wrong with data that should be a results.json, or null when it has what reports read. */
function shapeProblem(data: unknown): string | null {
  if (!isObject(data)) return 'the top level is not an object';
  const info = data['runInfo'];
  if (!isObject(info)) return 'runInfo is missing';
  for (const field of ['target', 'runId', 'startedAt'] as const) {
    if (typeof info[field] !== 'string') return `runInfo.${field} is not a string`;
  }
  const results = data['results'];
  if (!Array.isArray(results)) return 'results is not an array';
  for (const [i, r] of results.entries()) {
    if (!isObject(r)) return `results[${i}] is not an object`;
    if (typeof r['id'] !== 'string') return `results[${i}].id is not a string`;
    if (!(STATUSES as readonly unknown[]).includes(r['status'])) return `results[${i}].status is not one of ${STATUSES.join('|')}`;
    if (typeof r['rule'] !== 'string') return `results[${i}].rule is not a string`;
    if (typeof r['suite'] !== 'string') return `results[${i}].suite is not a string`;
    const rules = r['rules'];
    if (rules !== undefined && !(Array.isArray(rules) && rules.every((id) => typeof id === 'string'))) return `results[${i}].rules is not an array of rule ids`;
  }
  const judgement = data['judgement'];
  if (judgement !== undefined && !(isObject(judgement) && Array.isArray(judgement['unexpected']) && Array.isArray(judgement['missing']))) {
    return 'judgement is not {baseline, unexpected[], missing[]}';
  }
  return null;
}

/**
 * Reads a run's results.json from its report directory (or the file itself). Anything that is not
 * one is a ConfigError with one line that says which path and why.
 */
export async function loadRun(path: string): Promise<LoadedRun> {
  let file = path;
  try {
    if ((await stat(path)).isDirectory()) file = join(path, 'results.json');
  } catch {
    throw new ConfigError(`${path}: no such report directory or results.json`);
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new ConfigError(file === path ? `cannot read ${path}` : `${path} holds no results.json (not a report directory of 'kinesis-conformance run')`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${file} is not valid JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  const problem = shapeProblem(data);
  if (problem) throw new ConfigError(`${file} is not a kinesis-conformance results.json: ${problem}`);
  const run = data as RunResults;
  run.judgement ??= { baseline: null, unexpected: [], missing: [] };
  // Reports written before results carried rule ids: such a result cites none.
  for (const r of run.results) r.rules ??= [];
  return { path: file, run };
}
