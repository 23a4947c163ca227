import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { ConfigError } from '../errors.ts';
import { PACKAGE_ROOT } from '../paths.ts';
import type { CaseSpec, LoadedCase, LoadedStepsCase, StepsCaseSpec } from './model.ts';
import { stepsCaseProblem } from './load-steps.ts';
import { isKnownRule } from '../spec/rules.ts';
import { isOperationName } from '../spec/operations.ts';
import { messageMatcher } from './match.ts';
import { parsePlaceholder, tokensIn, type Placeholder } from './placeholders.ts';
import { documentValidator } from '../spec/compiled-schemas.ts';

/** Where case files ship: specs/cases/<suite>/*.json, described by specs/cases/case.schema.json. */
export const CASES_DIR = join(PACKAGE_ROOT, 'specs', 'cases');
export const CASE_SCHEMA_PATH = join(CASES_DIR, 'case.schema.json');

let validator: ValidateFunction | undefined;
function validateFile(): ValidateFunction {
  validator ??= documentValidator(CASE_SCHEMA_PATH);
  return validator;
}

function jsonFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? jsonFilesUnder(join(dir, d.name)) : d.name.endsWith('.json') && d.name !== 'case.schema.json' ? [join(dir, d.name)] : []))
    .sort();
}

/**
 * The error to show of several: the deepest one (oneOf/if branches report their own failure and
 * then a vague "must match a schema" one level up).
 */
function mostSpecific(errors: readonly ErrorObject[]): ErrorObject | undefined {
  const useful = errors.filter((e) => !['oneOf', 'anyOf', 'if', 'allOf'].includes(e.keyword));
  const pool = useful.length > 0 ? useful : errors;
  return [...pool].sort((a, b) => b.instancePath.split('/').length - a.instancePath.split('/').length)[0];
}

function whereIn(data: unknown, instancePath: string): string {
  const m = /^\/cases\/(\d+)/.exec(instancePath);
  if (!m) return instancePath || 'top level';
  const id = (data as { cases?: Array<{ id?: unknown }> }).cases?.[Number(m[1])]?.id;
  return `case ${typeof id === 'string' ? `'${id}'` : `#${m[1]}`}${instancePath.slice(m[0].length) ? ` at ${instancePath.slice(m[0].length)}` : ''}`;
}

/** A dummy value for each placeholder, to check that patterns still compile once expanded. */
const dummy = (p: Placeholder) => (p.name === 'repeat' ? (p.args[0] ?? '').repeat(Number(p.args[1])) : 'x');

/** Checks a JSON Schema cannot express: placeholders, their fixtures, regular expressions. */
function semanticProblem(c: CaseSpec): string | null {
  for (const [i, id] of (c.rules ?? []).entries()) if (!isKnownRule(id)) return `/rules/${i}: unknown rule id '${id}' (specs/rules.json)`;
  if (c.operation !== null && !isOperationName(c.operation)) return `/operation: '${c.operation}' is not a Kinesis operation of the spec`;
  for (const token of tokensIn([c.request, c.expect])) {
    const p = parsePlaceholder(token);
    if (typeof p === 'string') return p;
    if (p.name.startsWith('stream.') && c.fixture.stream === 'none') {
      return `\${${token}} needs a stream fixture, but fixture.stream is '${c.fixture.stream}'`;
    }
    if (p.name.startsWith('kms.') && !c.fixture.kmsKey) return `\${${token}} needs fixture.kmsKey`;
  }
  if (c.fixture.kmsKey && !c.flags.includes('aws-only')) return `fixture.kmsKey needs real KMS: flag the case 'aws-only'`;
  if (c.expect && 'message' in c.expect) {
    try {
      messageMatcher(c.expect.message, dummy);
    } catch (error) {
      return `expect.message: ${(error as Error).message}`;
    }
  }
  return null;
}

type AnyLoaded = LoadedCase | LoadedStepsCase;

function loadFile(path: string, shown: string): AnyLoaded[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${shown}: not valid JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  const validate = validateFile();
  if (!validate(data)) {
    const e = mostSpecific(validate.errors ?? []);
    const detail = e ? `${e.message ?? 'invalid'}${e.params && 'allowedValues' in e.params ? ` (${(e.params['allowedValues'] as unknown[]).join(', ')})` : ''}` : 'invalid';
    throw new ConfigError(`${shown}: ${whereIn(data, e?.instancePath ?? '')}: ${detail}`);
  }
  const file = data as { suite: string; cases: Array<CaseSpec | StepsCaseSpec> };
  return file.cases.map((c, index) => {
    if (!c.id.startsWith(`${file.suite}/`)) throw new ConfigError(`${shown}: case '${c.id}': id must start with the file's suite '${file.suite}/'`);
    const problem = c.kind === 'steps' ? stepsCaseProblem(c, `/cases/${index}`) : semanticProblem(c);
    if (problem) throw new ConfigError(`${shown}: case '${c.id}': ${problem}`);
    return { ...c, file: shown };
  });
}

/**
 * Loads and checks every case file under dir (recursively), behaviour (`steps`) cases apart from
 * the others. Throws ConfigError with one line (file, case, JSON pointer and what is wrong) at the
 * first malformed file, so a run can refuse to start.
 */
export function loadCaseFiles(dir: string): { cases: LoadedCase[]; steps: LoadedStepsCase[] } {
  const all = loadAll(dir);
  return { cases: all.filter((c): c is LoadedCase => c.kind !== 'steps'), steps: all.filter((c): c is LoadedStepsCase => c.kind === 'steps') };
}

/** The request, scenario and untestable cases under dir (every file is still checked). */
export function loadCases(dir: string): LoadedCase[] {
  return loadCaseFiles(dir).cases;
}

/** The behaviour cases under dir, or of one case file. */
export function loadStepsCases(path: string): LoadedStepsCase[] {
  return loadCaseFiles(path).steps;
}

function loadAll(dir: string): AnyLoaded[] {
  let files: string[];
  try {
    files = statSync(dir).isDirectory() ? jsonFilesUnder(dir) : [dir];
  } catch {
    throw new ConfigError(`case directory ${dir} does not exist`);
  }
  const seen = new Map<string, string>();
  const cases: AnyLoaded[] = [];
  for (const path of files) {
    const shown = relative(PACKAGE_ROOT, path) || path;
    for (const c of loadFile(path, shown)) {
      const twin = seen.get(c.id);
      if (twin) throw new ConfigError(`${shown}: case '${c.id}': id already used in ${twin}`);
      seen.set(c.id, shown);
      cases.push(c);
    }
  }
  return cases;
}

/** The metadata of one case by id: procedural scenarios keep theirs in case files too. */
export function caseById(cases: readonly LoadedCase[], id: string): LoadedCase {
  const found = cases.find((c) => c.id === id);
  if (!found) throw new ConfigError(`no case '${id}' in the case files`);
  return found;
}
