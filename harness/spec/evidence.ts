import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../paths.ts';
import type { Constraint, KinesisSpec, MemberFact, ReportedAs } from '../generators/spec.ts';
import { evidenceOf, type Evidence, type PartEvidence } from '../results/evidence.ts';

/**
 * specs/evidence.json: which ValidationException items AWS is recorded answering (aws-observed §B.5,
 * imported by scripts/import-evidence.ts) and which SerializationException texts (§B.2), each with its
 * source. The validation suite derives each generated case's evidence from it:
 * - status and type: `recorded` when AWS answered this operation's member a ValidationException for this
 *   rule; `analogous` when it did for the rule elsewhere; `documented` for operations only the SDK has;
 * - message: `recorded` when the item was recorded for this operation, member and rule with today's
 *   limit; `analogous` when the same template was recorded elsewhere, or here with an older limit;
 *   `documented` when the constraint text itself was never recorded (an enum order, a pattern AWS prints
 *   in a form nobody recorded).
 */

export const EVIDENCE_PATH = join(PACKAGE_ROOT, 'specs', 'evidence.json');

export type RecordedRule = 'required' | 'length.min' | 'length.max' | 'range.min' | 'range.max' | 'pattern' | 'enum';

export interface RecordedItem {
  operation: string;
  /** The path AWS printed, list index as `{index}`. */
  awsPath: string;
  reportedAs: ReportedAs;
  rule: RecordedRule;
  /** The bound, pattern text or enum values as printed then; null for `required`. */
  value: number | string | string[] | null;
  text: string;
  source: string;
}

export interface EvidenceTable {
  description: string;
  /** SerializationException texts per kind of member (smithy type), with their source. */
  serialization: Record<string, PartEvidence>;
  validation: RecordedItem[];
}

let table: EvidenceTable | undefined;

export function loadEvidenceTable(): EvidenceTable {
  return (table ??= JSON.parse(readFileSync(EVIDENCE_PATH, 'utf8')) as EvidenceTable);
}

/** items.min/max are printed as lengths. */
function recordedRule(rule: Constraint['rule']): RecordedRule | null {
  if (rule === 'items.min') return 'length.min';
  if (rule === 'items.max') return 'length.max';
  return rule === 'type' ? null : rule;
}

function printedValue(c: Constraint): number | string | string[] | null {
  if (c.rule === 'pattern') return c.pattern!.aws;
  if (c.rule === 'enum') return c.values!;
  if (c.rule === 'required') return null;
  return c.value as number;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const sameSet = (a: unknown, b: unknown) => Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((v) => b.includes(v)) : same(a, b);

/** Where the item was recorded: this operation and member, this member elsewhere, or the rule anywhere. */
function lookup(operation: string, fact: MemberFact, c: Constraint): { here?: RecordedItem; member?: RecordedItem; rule?: RecordedItem } {
  const rule = recordedRule(c.rule);
  if (!rule) return {};
  const items = loadEvidenceTable().validation.filter((i) => i.rule === rule && i.reportedAs === fact.reportedAs);
  const value = printedValue(c);
  const matches = (i: RecordedItem) => i.awsPath === fact.awsPath;
  const exactValue = (i: RecordedItem) => same(i.value, value);
  return {
    here: items.find((i) => i.operation === operation && matches(i) && exactValue(i)) ?? items.find((i) => i.operation === operation && matches(i)),
    member: items.find((i) => matches(i) && exactValue(i)) ?? items.find(matches),
    rule: items.find((i) => (rule === 'pattern' || rule === 'enum' ? sameSet(i.value, value) : true)) ?? items[0] ?? loadEvidenceTable().validation.find((i) => i.rule === rule),
  };
}

/** The evidence of a generated validation case (`part`: the status or the message result). */
export function validationEvidence(spec: KinesisSpec, operation: string, fact: MemberFact, c: Constraint, part: 'status' | 'message'): Evidence {
  const sdkOnly = spec.operations[operation]?.source?.kind === 'sdk';
  if (fact.member === 'StreamId' && c.rule !== 'type') {
    // One class for one fact, in every suite (the encryption suite's stream-id cases too): the model
    // constrains StreamId, the API reference calls it "Not Implemented. Reserved for future use.", and
    // no AWS answer to a request carrying it is recorded (aws-observed.md §D).
    const source = `model ${c.ref.shape} ${c.ref.trait}: StreamId is "Not Implemented. Reserved for future use." (API reference); no AWS answer to a StreamId is recorded (aws-observed.md §D)`;
    return part === 'status' ? evidenceOf({ status: { class: 'documented', source }, type: { class: 'documented', source } }) : evidenceOf({ message: { class: 'documented', source } });
  }
  if (c.rule === 'type') {
    const text = loadEvidenceTable().serialization[fact.smithyType];
    const kind: PartEvidence = sdkOnly
      ? { class: 'documented', source: `${operation} exists only in the SDK's published types: no AWS answer to it is recorded; SerializationException by the awsJson1_1 protocol` }
      : (text ?? { class: 'documented', source: `no SerializationException text recorded for a ${fact.smithyType} member (aws-observed §B.2)` });
    // kinesalite's tests ran assertType on the members of the operations they cover: this member's
    // answer counts as recorded where those tests are recorded for this operation and member.
    const covered = loadEvidenceTable().validation.some((i) => i.operation === operation && i.awsPath === fact.awsPath);
    const status: PartEvidence = sdkOnly
      ? kind
      : covered
        ? { class: 'recorded', source: `aws-observed.md §B.1/§B.2: a wrong JSON type is answered 400 SerializationException (kinesalite test/${operation.charAt(0).toLowerCase()}${operation.slice(1)}.js assertType, run against production)` }
        : { class: 'analogous', source: 'aws-observed.md §B.1/§B.2: a wrong JSON type is answered 400 SerializationException, recorded for other operations\' members' };
    const message: PartEvidence = covered || kind.class !== 'recorded' ? kind : { class: 'analogous', source: `${kind.source ?? ''}; recorded for other operations' members` };
    return part === 'status' ? evidenceOf({ status, type: status }) : evidenceOf({ message });
  }
  const found = lookup(operation, fact, c);
  const value = printedValue(c);
  if (sdkOnly) {
    const source = `${operation} exists only in the SDK's published types (not in the service model): no AWS answer to it is recorded; ValidationException and the message template by analogy with ${found.rule?.operation ?? 'the model operations'} (${found.rule?.source ?? 'aws-observed.md §B.5'})`;
    return evidenceOf(part === 'status' ? { status: { class: 'documented', source }, type: { class: 'documented', source } } : { message: { class: 'documented', source } });
  }
  const statusPart: PartEvidence = found.here
    ? { class: 'recorded', source: found.here.source }
    : found.member ?? found.rule
      ? { class: 'analogous', source: `same rule recorded for ${(found.member ?? found.rule)!.operation} '${(found.member ?? found.rule)!.awsPath}': ${(found.member ?? found.rule)!.source}` }
      : { class: 'documented', source: `model ${c.ref.shape} ${c.ref.trait}: no ValidationException for this rule is recorded` };
  if (part === 'status') return evidenceOf({ status: statusPart, type: statusPart });
  // The constraint text: patterns and enums are recorded texts only where that very text was printed.
  const textRecorded = c.rule === 'pattern' || c.rule === 'enum' ? (found.rule && sameSet(found.rule.value, value) ? found.rule : undefined) : found.rule;
  let message: PartEvidence;
  if (found.here && same(found.here.value, value)) message = { class: 'recorded', source: found.here.source };
  else if (found.here) message = { class: 'analogous', source: `recorded for this member with the limit of its time (${JSON.stringify(found.here.value)}); today's ${JSON.stringify(value)} from the model: ${found.here.source}` };
  else if (textRecorded) message = { class: 'analogous', source: `the same item template recorded for ${textRecorded.operation} '${textRecorded.awsPath}': ${textRecorded.source}` };
  else if (c.rule === 'pattern') message = { class: 'documented', source: `pattern printed as the service model writes it (${String(value)}; aws-observed.md §E "Pattern anchors"): that text was never recorded` };
  else if (c.rule === 'enum') message = { class: 'documented', source: `the enum set ${c.ref.shape}: AWS's printed order is unrecorded (aws-observed.md §D/§E), matched in any order` };
  else message = { class: 'documented', source: `model ${c.ref.shape} ${c.ref.trait}; item format aws-observed.md §B.5` };
  return evidenceOf({ message });
}
