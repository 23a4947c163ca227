/**
 * The harness as suites see it: declare cases, load case files, judge answers, wait for states.
 * Suites import from here, not from the modules behind it (smithy-typescript keeps a package's
 * surface in one index the same way).
 */
export { conformanceCase, type CaseContext, type CaseMeta, type CaseOptions } from './case.ts';
export { declareCaseFile, declareStepsCases } from './cases/steps.ts';
export { declareCases, declareJudged, declareScenario, skipReasonFor, subtestMeta } from './cases/declare.ts';
export { CASES_DIR, caseById, loadCaseFiles, loadCases, loadStepsCases } from './cases/load.ts';
export type { LoadedCase, LoadedStepsCase } from './cases/model.ts';
export { describeResponse, errorBodyOf } from './checks/aws-error.ts';
export { expectError, expectErrorMessage, expectErrorType, expectSuccess, fail } from './checks/expect.ts';
export { Timeline, waitForState } from './fixtures/state-wait.ts';
export type { StreamHandle, StreamSummary } from './fixtures/streams.ts';
export { streamNameFor } from './run-context.ts';
export type { Response } from './transport/client.ts';
export type { OperationName } from './spec/operations.ts';
// What the protocol, validation and encryption suites use besides the case engine.
export type { RunWithRestricted } from './cases/declare.ts';
export { KINESIS_OWNED_KEY, arnParts } from './cases/environment.ts';
export { CallLedger } from './cases/ledger.ts';
export { summaryOf } from './checks/stream-summary.ts';
export { InconclusiveError, isAssertionFailure } from './errors.ts';
export { abbreviate, matchesWhole } from './generators/messages.ts';
export { loadSpec } from './generators/spec.ts';
export type { Constraint, KinesisSpec, MemberFact } from './generators/spec.ts';
export { validInput, violationCases } from './generators/violations.ts';
export { validationEvidence } from './spec/evidence.ts';
export { evidenceAll, evidenceOf, type Evidence, type EvidenceClass, type PartEvidence } from './results/evidence.ts';
export type { Violation, ViolationCase } from './generators/violations.ts';
export { JSON_1_1, cborBodyOf, expectCborAnswer, expectContentLengthMatches, expectContentType, expectJsonAnswer, expectRequestId, expectStatus, expectXmlAnswer } from './protocol/answer.ts';
export { CBOR_CONTENT_TYPE, cborTimestampMillis, encodeCbor, showCbor } from './protocol/cbor.ts';
export { otherRegion, withClientVariant } from './protocol/clients.ts';
export { OPERATIONS } from './spec/operations.ts';
export { KinesisClient } from './transport/client.ts';
export { presignRequest } from './transport/sign.ts';
// Recordings (run --record / --reference): reading one and comparing a run's answers with it.
export { compareWithRecording, type RunToCompare } from './record/diff.ts';
export { readRecording, recordingProblem } from './record/store.ts';
export type { Recording, RecordedUnit, ReferenceComparison, ReferenceDifference, VaryingMember } from './record/format.ts';
