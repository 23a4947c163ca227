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
