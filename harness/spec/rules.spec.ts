import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { modelDocs, quoteInModel } from '../../scripts/import-rules.ts';
import { ConfigError } from '../errors.ts';
import { PACKAGE_ROOT } from '../paths.ts';
import { RULES_PATH, RULES_SCHEMA_PATH, factById, isKnownRule, loadRules, readRules, ruleById, untestableReason, type RulesDocument, type Where } from './rules.ts';

// Reference material the catalogue was imported from: beside the project while it is developed, never shipped.
const REFERENCE = join(PACKAGE_ROOT, '..', 'shared', 'reference');
const MARKDOWN = join(REFERENCE, 'behaviour-rules.md');
const MODEL = join(REFERENCE, 'kinesis-2013-12-02.smithy.json');
const OBSERVED = join(REFERENCE, 'aws-observed.md');

const catalogue = loadRules();
const raw = JSON.parse(readFileSync(RULES_PATH, 'utf8')) as RulesDocument;
const scratch = mkdtempSync(join(tmpdir(), 'kc-rules-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Writes a broken copy of rules.json and returns the ConfigError reading it gives. */
function errorOf(change: (doc: RulesDocument) => void): string {
  const doc = structuredClone(raw);
  change(doc);
  const path = join(scratch, `rules-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(doc));
  try {
    readRules(path);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain(path.split('/').pop());
    return message;
  }
  throw new Error('the broken rules file was accepted');
}

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('specs/rules.json', () => {
  it('is valid against specs/rules.schema.json (draft-07), which compiles in strict mode', () => {
    // strictRequired off: the if/then branches require members declared beside them, not in them.
    const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(JSON.parse(readFileSync(RULES_SCHEMA_PATH, 'utf8')) as object);
    expect(validate(raw), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
  });

  it('has unique rule ids of the form PREFIX-NN, each group and fact id unique', () => {
    const ids = catalogue.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    // Prefixes are upper case but for the inventory's DSt (DescribeStream) and LSh (ListShards), kept as cited.
    for (const id of ids) expect(id).toMatch(/^[A-Z][A-Za-z]*-\d{2}$/);
    expect(ids.filter((id) => !/^[A-Z]+-\d{2}$/.test(id)).map((id) => id.split('-')[0])).toEqual(expect.arrayContaining(['DSt', 'LSh']));
    const facts = catalogue.facts.map((f) => f.id);
    expect(new Set(facts).size).toBe(facts.length);
    for (const r of catalogue.rules) expect(catalogue.document.groups).toContainEqual(r.group);
  });

  it("names only rules that exist in every fact, and operations of specs/kinesis.spec.json in every rule", () => {
    for (const f of catalogue.facts) for (const id of f.rules) expect(isKnownRule(id), `${f.id} → ${id}`).toBe(true);
    const spec = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'specs', 'kinesis.spec.json'), 'utf8')) as { operations: Record<string, unknown> };
    for (const r of catalogue.rules) for (const op of r.operations) expect(Object.keys(spec.operations), r.id).toContain(op);
  });

  it('holds the facts the model lacks, with their values', () => {
    const values = Object.fromEntries(catalogue.facts.map((f) => [f.id, f.value]));
    expect(values).toMatchObject({
      'tags-per-request-max': 50,
      'retention-hours-min': 24,
      'retention-hours-max': 8760,
      'retention-hours-default': 24,
      'update-shard-count-per-24h-max': 10,
      'update-shard-count-up-factor-max': 2,
      'update-shard-count-down-factor-min': 0.5,
      'list-streams-limit-default': 100,
      'describe-stream-limit-default': 100,
      'describe-stream-limit-max': 100,
      'get-records-records-max': 10000,
      'put-records-records-max': 500,
      'put-records-request-size-max': 10,
      'consumers-per-stream-max': 20,
      'consumers-creating-max': 5,
      'encryption-applications-per-24h-max': 25,
      'shard-iterator-lifetime': 5,
      'subscription-lifetime': 5,
      'subscribe-to-shard-resubscribe-window': 5,
      'streams-creating-max': 5,
    });
    expect(factById('tags-per-request-max')?.rules).toEqual(['ATS-03', 'TR-03']);
  });

  it('gives a reason for every class but any-target, and says which rules this target cannot test', () => {
    for (const r of catalogue.rules) expect(r.testable.reason === undefined, r.id).toBe(r.testable.where === 'any-target');
    const kms = ruleById('EN-10')!;
    expect(kms.testable).toMatchObject({ where: 'aws-only', reason: 'needs real AWS: real KMS' });
    expect(untestableReason(kms, false)).toBe('needs real AWS: real KMS');
    expect(untestableReason(kms, true)).toBeNull();
    expect(untestableReason(ruleById('CS-13')!, true)).toContain('cannot be provoked on purpose');
    expect(untestableReason(ruleById('GSI-09')!, false)).toBeNull();
    expect(untestableReason(ruleById('CS-01')!, false)).toBeNull();
    expect(ruleById('X-01')).toMatchObject({ operations: [], scope: 'all-stream-operations' });
    expect(ruleById('EN-04')?.operations).toEqual(['StartStreamEncryption', 'StopStreamEncryption']);
  });

  it('refuses a broken file with a ConfigError naming the file and the JSON pointer', () => {
    expect(errorOf((d) => (d.rules[3]!.testable.where = 'anywhere' as Where))).toMatch(/: at \/rules\/3\/testable\/where: must be equal to one of the allowed values \(any-target, slow/);
    expect(errorOf((d) => (d.rules[5]!.id = d.rules[2]!.id))).toMatch(/: at \/rules\/5\/id: rule id \S+ already used at \/rules\/2$/);
    expect(errorOf((d) => (d.facts[1]!.rules = ['ZZ-99']))).toMatch(/: at \/facts\/1\/rules\/0: no rule ZZ-99 in the catalogue$/);
    expect(errorOf((d) => (d.rules.find((r) => r.testable.where === 'any-target')!.testable.reason = 'any'))).toMatch(/: at \/rules\/0\/testable: /);
    expect(errorOf((d) => delete (d.rules.find((r) => r.testable.where === 'aws-only')!.testable as { reason?: string }).reason)).toMatch(/testable: must have required property 'reason'/);
    const unreadable = join(scratch, 'not-json.json');
    writeFileSync(unreadable, '{');
    expect(() => readRules(unreadable)).toThrow(/not-json\.json: not readable JSON/);
  });
});

describe.skipIf(!existsSync(MARKDOWN))('specs/rules.json against the inventory it was imported from', () => {
  const CLASS: Record<string, Where> = { E: 'any-target', 'E-slow': 'slow', AWS: 'aws-only', AWS$: 'aws-with-cost', U: 'not-provokable' };

  it('has every rule id of behaviour-rules.md, with the same testability class', () => {
    const rows = readFileSync(MARKDOWN, 'utf8')
      .split('\n')
      .filter((l) => /^\| [A-Z][A-Za-z]*-\d{2} \|/.test(l))
      .map((l) => l.split(/(?<!\\)\|/).map((c) => c.trim()));
    expect(rows.length).toBeGreaterThan(200);
    const expected = Object.fromEntries(rows.map((cells) => [cells[1]!, CLASS[/^(E-slow|E|AWS\$|AWS|U)/.exec(cells[5]!)?.[1] ?? '']]));
    const actual = Object.fromEntries(catalogue.rules.map((r) => [r.id, r.testable.where]));
    expect(actual).toEqual(expected);
  });
});

describe.skipIf(!existsSync(MODEL) || !existsSync(OBSERVED))('quotes of specs/rules.json', () => {
  it('occur verbatim (whitespace-normalised) in the model documentation or the recorded AWS answers they name', () => {
    const docs = modelDocs(MODEL);
    const observed = normalise(readFileSync(OBSERVED, 'utf8'));
    const missing: string[] = [];
    const check = (where: string, doc: string, quote: string) => {
      if (doc.startsWith('model ') && !quoteInModel(docs, doc.slice('model '.length), quote)) missing.push(`${where}: ${doc}: ${quote}`);
      if (doc === 'model' && ![...docs.values()].some((d) => d.includes(normalise(quote)))) missing.push(`${where}: model: ${quote}`);
      if (doc.startsWith('aws-observed') && !observed.includes(normalise(quote))) missing.push(`${where}: ${doc}: ${quote}`);
    };
    for (const r of catalogue.rules) for (const s of r.source) if (s.quote !== undefined) check(r.id, s.doc, s.quote);
    for (const f of catalogue.facts) check(f.id, f.source.doc, f.source.quote);
    expect(missing).toEqual([]);
  });
});
