import { inject } from 'vitest';
import { abbreviate, conformanceCase, type Constraint, describeResponse, errorBodyOf, expectErrorType, expectSuccess, fail, loadSpec, matchesWhole, type MemberFact, type OperationName, OPERATIONS, type Response, type Violation, type ViolationCase, validationEvidence, evidenceOf, type PartEvidence, violationCases } from '../../harness/index.ts';
import { absentNames, baseInputs, validOutcome } from './absent-resources.ts';
import { answerTo } from './answers.ts';
import { checkProperty } from './property.ts';

/*
 * Model-derived validation properties: for every operation, every input member and every constraint
 * of the spec (specs/kinesis.spec.json), a request breaking just that constraint must be refused
 * with HTTP 400 ValidationException (SerializationException for a wrong JSON type) and AWS's message.
 * Status and message are separate results, so a target with the right status but its own wording
 * shows as such. Requests name only absent resources; nothing is created.
 */

const spec = loadSpec();
/** Read when a file declares its cases: a worker kept between runs keeps this module, not its run. */
const runContext = () => inject('kinesisConformance');

function refOf(operation: string, fact: MemberFact, c: Constraint): string {
  const where = c.rule === 'required' || c.rule === 'type' ? fact.memberId : `${c.ref.shape} ${c.ref.trait}`;
  const doc = fact.doc ? ` ("${fact.doc}")` : '';
  const source = spec.operations[operation]?.source;
  // Operations newer than the model come from the SDK's published types: say so, limits included.
  const origin = source?.kind === 'sdk' ? `${source.package}@${source.version} (not in the model; ${source.constraints})` : 'model';
  return `${origin} ${where}${c.rule === 'type' ? ` (${c.ref.trait})` : ''}, member ${fact.memberId}${doc}; ${operation} input; message format aws-observed B.1/B.5${c.rule === 'type' ? '/B.2' : ''}`;
}

function ruleText(c: Constraint): string {
  if (c.rule === 'pattern') return `pattern ${c.pattern!.aws}`;
  if (c.rule === 'enum') return `enum [${c.values!.join(', ')}]`;
  if (c.rule === 'type') return `JSON type ${String(c.value)}`;
  if (c.rule === 'required') return 'required';
  return `${c.rule} ${String(c.value)}`;
}

function expectStatus(res: Response, v: Violation): void {
  expectErrorType(res, { type: v.expected.type, status: v.expected.status });
}

function expectMessage(res: Response, v: Violation): void {
  const actual = errorBodyOf(res).message;
  if (!matchesWhole(v.expected.message, actual)) {
    // Loose parts (map entry order, unrecorded enum order) are explained in the case's notes.
    const how = v.expected.message.exact ? 'exactly' : 'up to order (see observations)';
    fail(
      `expected ${v.expected.type} message ${how}: ${JSON.stringify(abbreviate(v.expected.message.text))}, got ${actual === undefined ? `no message (${describeResponse(res)})` : JSON.stringify(abbreviate(actual))}`,
      actual === undefined ? undefined : abbreviate(actual),
      abbreviate(v.expected.message.text),
    );
  }
}

function declare(operation: OperationName, vc: ViolationCase): void {
  const { member: fact, constraint: c } = vc;
  const base = `validation/${operation}/${fact.path}/${c.rule}`;
  const run = runContext();
  const heavySkip =
    vc.heavy && !run.optIns.expensive
      ? `request bodies over 256 KiB (up to 14 MB), ${run.propertyRuns} per property: runs with --allow-expensive`
      : operation === 'CreateChannel' && run.target.isAws
        ? 'an invalid CreateChannel that AWS accepted would create a channel, which the suite cannot clean up yet: not sent to AWS'
        : false;
  for (const part of ['status', 'message'] as const) {
    const typeError = c.rule === 'type';
    const expectation =
      part === 'status'
        ? `HTTP 400, __type ${typeError ? 'SerializationException' : 'ValidationException'} when ${fact.path} breaks ${ruleText(c)}`
        : typeError
          ? 'the recorded SerializationException text for the wrong JSON type (aws-observed B.2)'
          : `"1 validation error detected: Value '<v>' at '${fact.awsPath}' failed to satisfy constraint: …" (items the value cannot avoid breaking included, any order)`;
    conformanceCase(
      { id: `${base}/${part}`, operation, member: fact.path, rule: c.rule, ref: refOf(operation, fact, c), expectation, evidence: validationEvidence(spec, operation, fact, c, part) },
      async (ctx) => {
        const names = await absentNames(ctx);
        // Where the expected text is loose or derived, the case says so (also when it fails).
        const notes = new Set<string>();
        try {
          await checkProperty(
            ctx,
            vc.arbitrary(baseInputs(spec, operation, names), c.rule === 'type' ? { fixedContext: ctx.run.seed } : {}),
            (v) => v.input,
            async (v) => {
              const res = await answerTo(ctx.kinesis, operation, v.input);
              for (const note of v.expected.notes) notes.add(note);
              if (part === 'status') expectStatus(res, v);
              else expectMessage(res, v);
            },
          );
        } finally {
          if (part === 'message') for (const note of notes) ctx.observe(note);
        }
      },
      { skip: heavySkip },
    );
  }
}

/** Operations whose not-found answer to an absent stream is recorded (aws-observed.md §B.5 NotFound). */
const NOT_FOUND_RECORDED = new Set(['AddTagsToStream', 'DecreaseStreamRetentionPeriod', 'DeleteStream', 'DescribeStream', 'DescribeStreamSummary', 'GetShardIterator', 'IncreaseStreamRetentionPeriod', 'ListShards', 'ListTagsForStream', 'MergeShards', 'PutRecord', 'PutRecords', 'RemoveTagsFromStream', 'SplitShard']);

function validEvidence(operation: string, outcome: ReturnType<typeof validOutcome>): PartEvidence {
  if (spec.operations[operation]?.source?.kind === 'sdk') return { class: 'documented', source: `${operation} exists only in the SDK's published types: ${outcome.kind === 'skip' ? '' : outcome.ref}` };
  if (outcome.kind === 'error') return { class: 'recorded', source: outcome.ref };
  if (outcome.kind === 'not-found') {
    return NOT_FOUND_RECORDED.has(operation)
      ? { class: 'recorded', source: `aws-observed.md §B.5 ${operation} NotFound: "Stream <RANDOM_NAME> under account <ACCOUNT> not found." (kinesalite test, run against production)` }
      : { class: 'analogous', source: 'ResourceNotFoundException for an absent stream recorded for 14 stream operations (aws-observed.md §B.5 NotFound; §A DescribeStream by ARN, LocalStack 2025)' };
  }
  return { class: 'documented', source: outcome.kind === 'success' ? outcome.ref : `${operation} input (model)` };
}

function declareValid(operation: OperationName): void {
  const outcome = validOutcome(operation);
  const id = `validation/${operation}/valid-input/not-a-validation-error`;
  // An absent stream answered ResourceNotFoundException is cross-cutting rule X-02.
  const meta = { id, operation, member: null, rule: 'valid-input', rules: outcome.kind === 'not-found' ? ['X-02'] : [], ref: outcome.kind === 'skip' ? `${operation} input (model)` : outcome.ref };
  if (outcome.kind === 'skip') {
    conformanceCase({ ...meta, expectation: 'not sent' }, async () => {}, { skip: outcome.reason });
    return;
  }
  const expected = outcome.kind === 'not-found' ? 'ResourceNotFoundException' : outcome.kind === 'error' ? outcome.type : 'HTTP 200';
  conformanceCase({ ...meta, evidence: evidenceOf({ status: validEvidence(operation, outcome), type: validEvidence(operation, outcome) }), expectation: `a request valid per the model, naming absent resources, is answered ${expected}, never ValidationException` }, async (ctx) => {
    const names = await absentNames(ctx);
    const inputs = baseInputs(spec, operation, names);
    await checkProperty(
      ctx,
      inputs,
      (input) => input,
      async (input) => {
        const res = await ctx.kinesis.call(operation, input);
        if (outcome.kind === 'success') expectSuccess(res, operation);
        else expectErrorType(res, { type: outcome.kind === 'not-found' ? 'ResourceNotFoundException' : outcome.type, status: 400 });
      },
    );
  });
}

/**
 * Operations dealt to `shards` files by their number of cases (largest first, each to the lightest
 * file), so the files run in parallel workers and take about as long. Deterministic: ids and the
 * file of each case do not change between runs.
 */
export function operationsOfShard(shard: number, shards: number): OperationName[] {
  const sized = OPERATIONS.map((operation) => ({ operation, size: violationCases(operation, spec).length + 1 }));
  sized.sort((a, b) => b.size - a.size || a.operation.localeCompare(b.operation));
  const load = Array.from({ length: shards }, () => ({ size: 0, operations: [] as OperationName[] }));
  for (const { operation, size } of sized) {
    const lightest = load.reduce((min, l) => (l.size < min.size ? l : min));
    lightest.size += size;
    lightest.operations.push(operation);
  }
  return load[shard]!.operations;
}

/** Declares the validation cases of one part; each validation-N.test.ts file is one part. */
export function declareValidationShard(shard: number, shards: number): void {
  for (const operation of operationsOfShard(shard, shards)) {
    for (const vc of violationCases(operation, spec)) declare(operation, vc);
    declareValid(operation);
  }
}
