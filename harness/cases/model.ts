/** The case-file format (specs/cases/case.schema.json), as the harness reads it. */

export type CaseKind = 'request' | 'scenario' | 'untestable';
export type StreamNeed = 'none' | 'active' | 'encrypted' | 'unencrypted' | 'fresh' | 'creating' | 'deleting';
export type KmsKeyNeed = 'enabled' | 'disabled' | 'pending-deletion' | 'denied';
export type CaseFlag = 'expensive' | 'aws-only' | 'undocumented' | 'restricted-credentials' | 'unowned-names';

export interface CaseRef {
  /** The document: API reference edition and page, SDK reference, model, recorded AWS answers. */
  doc: string;
  /** Section / line in it. */
  at: string;
  /** The model shape (and member) the rule comes from. */
  shape?: string;
}

export type MessageExpectation =
  | { exact: string }
  | { pattern: string }
  | { validation: Array<string | { pattern: string }> }
  | { unrecorded: string };

export interface SuccessOutcome {
  status: 200;
  body: 'empty';
}

export interface ErrorOutcome {
  status: number;
  type: string | string[];
  message: MessageExpectation;
}

export interface ObserveOutcome {
  observe: string;
}

export type Outcome = SuccessOutcome | ErrorOutcome | ObserveOutcome;

export interface CaseSpec {
  id: string;
  kind: CaseKind;
  operation: string | null;
  member: string | null;
  rule: string;
  ref: CaseRef;
  expectation: string;
  flags: CaseFlag[];
  skipReason?: string;
  fixture: { stream: StreamNeed; kmsKey?: KmsKeyNeed };
  request?: { body: Record<string, unknown> };
  expect?: Outcome;
}

/** A case as loaded: the file it came from travels with it for messages. */
export interface LoadedCase extends CaseSpec {
  file: string;
}

export function isErrorOutcome(o: Outcome): o is ErrorOutcome {
  return 'type' in o;
}

export function isObserveOutcome(o: Outcome): o is ObserveOutcome {
  return 'observe' in o;
}

/** The one-line `ref` a result carries. */
export function refText(ref: CaseRef): string {
  return `${ref.doc}: ${ref.at}${ref.shape ? `; model ${ref.shape}` : ''}`;
}
