import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { ConfigError } from '../errors.ts';
import { PACKAGE_ROOT } from '../paths.ts';
import { documentValidator } from './compiled-schemas.ts';

/**
 * The catalogue of behaviour rules (specs/rules.json, described by specs/rules.schema.json): what the
 * API documents beyond input validation, each rule with a stable id that cases cite and results carry.
 */

export const RULES_PATH = join(PACKAGE_ROOT, 'specs', 'rules.json');
export const RULES_SCHEMA_PATH = join(PACKAGE_ROOT, 'specs', 'rules.schema.json');

/** A rule id as the catalogue writes it: `CS-01`, `DSt-03`, `X-02`. */
export type RuleId = string;

export const WHERE = ['any-target', 'slow', 'aws-only', 'aws-with-cost', 'not-provokable'] as const;
export type Where = (typeof WHERE)[number];
export type Priority = 'core' | 'secondary' | 'edge';

/** Where a rule (or fact) is written: `model CreateStream`, `model DescribeStreamInput.Limit`, `aws-observed B.5`. */
export interface SourceRef {
  doc: string;
  quote?: string;
  note?: string;
}

export interface Testability {
  where: Where;
  /** The inventory's full text: every class it lists, with its conditions. */
  note: string;
  /** Why it cannot be tested everywhere; absent for any-target. */
  reason?: string;
}

export interface Rule {
  id: RuleId;
  group: { id: string; title: string };
  /** Empty when `scope` says the rule applies to every stream operation. */
  operations: string[];
  scope?: 'all-stream-operations';
  rule: string;
  source: SourceRef[];
  testable: Testability;
  priority: Priority;
  /** Informational: what the embedded emulators were seen doing when the rule was written down. */
  emulators: { 'kinesis-mock': string; kinesalite: string };
}

/** A documented number the model's traits lack (a limit, a default, a lifetime), as data. */
export interface Fact {
  id: string;
  value: number | string;
  unit?: string;
  rules: RuleId[];
  source: { doc: string; quote: string };
}

export interface RulesDocument {
  rulesVersion: 1;
  importedBy: string;
  source: string;
  legend: { where: Partial<Record<Where, string>>; emulators: string };
  groups: Array<{ id: string; title: string }>;
  rules: Rule[];
  facts: Fact[];
}

export interface RuleCatalogue {
  document: RulesDocument;
  rules: readonly Rule[];
  facts: readonly Fact[];
  byId: ReadonlyMap<RuleId, Rule>;
  factsById: ReadonlyMap<string, Fact>;
}

let validator: ValidateFunction | undefined;
function validateDocument(): ValidateFunction {
  validator ??= documentValidator(RULES_SCHEMA_PATH);
  return validator;
}

/** The error worth showing: the deepest (if/then and not branches also report a vaguer one above it). */
function deepest(errors: readonly ErrorObject[]): ErrorObject | undefined {
  const useful = errors.filter((e) => !['if', 'not', 'anyOf', 'oneOf'].includes(e.keyword));
  return [...(useful.length > 0 ? useful : errors)].sort((a, b) => b.instancePath.split('/').length - a.instancePath.split('/').length)[0];
}

/** What JSON Schema cannot say: unique ids, and facts naming rules that exist. */
function crossProblem(document: RulesDocument): { pointer: string; message: string } | null {
  const seen = new Map<string, number>();
  for (const [i, r] of document.rules.entries()) {
    if (seen.has(r.id)) return { pointer: `/rules/${i}/id`, message: `rule id ${r.id} already used at /rules/${seen.get(r.id)}` };
    seen.set(r.id, i);
  }
  const facts = new Map<string, number>();
  for (const [i, f] of document.facts.entries()) {
    if (facts.has(f.id)) return { pointer: `/facts/${i}/id`, message: `fact id ${f.id} already used at /facts/${facts.get(f.id)}` };
    facts.set(f.id, i);
    const unknown = f.rules.findIndex((id) => !seen.has(id));
    if (unknown >= 0) return { pointer: `/facts/${i}/rules/${unknown}`, message: `no rule ${f.rules[unknown]} in the catalogue` };
  }
  return null;
}

/** Reads and checks a rules file; anything wrong is a ConfigError naming the file and the JSON pointer. */
export function readRules(path: string): RuleCatalogue {
  const shown = relative(process.cwd(), path) || path;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${shown}: not readable JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  const validate = validateDocument();
  if (!validate(data)) {
    const e = deepest(validate.errors ?? []);
    const allowed = e?.params && 'allowedValues' in e.params ? ` (${(e.params['allowedValues'] as unknown[]).join(', ')})` : '';
    throw new ConfigError(`${shown}: at ${e?.instancePath || '/'}: ${e?.message ?? 'invalid'}${allowed}`);
  }
  const document = data as RulesDocument;
  const problem = crossProblem(document);
  if (problem) throw new ConfigError(`${shown}: at ${problem.pointer}: ${problem.message}`);
  return {
    document,
    rules: document.rules,
    facts: document.facts,
    byId: new Map(document.rules.map((r) => [r.id, r])),
    factsById: new Map(document.facts.map((f) => [f.id, f])),
  };
}

let loaded: RuleCatalogue | undefined;

/** The package's catalogue (read once). */
export function loadRules(): RuleCatalogue {
  loaded ??= readRules(RULES_PATH);
  return loaded;
}

export function ruleById(id: string): Rule | undefined {
  return loadRules().byId.get(id);
}

export function isKnownRule(id: string): id is RuleId {
  return loadRules().byId.has(id);
}

export function factById(id: string): Fact | undefined {
  return loadRules().factsById.get(id);
}

/**
 * Why a rule cannot be tested on this target, or null when it can: not-provokable never can,
 * aws-only and aws-with-cost only on AWS itself. Slow rules are testable anywhere, given time.
 */
export function untestableReason(rule: Rule, targetIsAws: boolean): string | null {
  const { where, reason } = rule.testable;
  if (where === 'not-provokable') return reason ?? 'cannot be provoked on purpose';
  if ((where === 'aws-only' || where === 'aws-with-cost') && !targetIsAws) return reason ?? 'needs real AWS';
  return null;
}
