import { relative, sep } from 'node:path';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import type { CaseRecord, ShapeChecks } from '../case.ts';
import { OUTPUT_SHAPE_REF } from '../checks/output-shape.ts';
import type { FootprintData } from '../fixtures/footprint.ts';
import { toCurl } from '../transport/curl.ts';
import { statusOfFailure } from './classify.ts';
import type { CaseResult, Status } from './model.ts';
import { defaultEvidence, evidenceAll } from './evidence.ts';

export interface ProgressSink {
  (line: string, final: boolean): void;
}

/** `suites/<suite>/...` → `<suite>`. */
function suiteOf(root: string, moduleId: string): string {
  const parts = relative(root, moduleId).split(sep);
  return parts[0] === 'suites' && parts[1] ? parts[1] : parts[0] ?? 'unknown';
}

const MESSAGE_LIMIT = 2_000;

/** The first non-empty line, cut to a readable length (generated values can be megabytes long). */
function firstLine(text: string | undefined): string | null {
  if (!text) return null;
  const line = text.split('\n').find((l) => l.trim() !== '')?.trim();
  if (line === undefined) return null;
  return line.length > MESSAGE_LIMIT ? `${line.slice(0, MESSAGE_LIMIT)}… (${line.length} characters)` : line;
}

/**
 * Turns vitest's test cases into conformance results (one per vitest test = one subtest), and
 * keeps a one-line progress display. Holds nothing secret: exchanges are redacted at capture.
 */
export class ConformanceReporter implements Reporter {
  readonly results: CaseResult[] = [];
  /** One per test file that ran: what its cases created and called on the target. */
  readonly footprints: FootprintData[] = [];
  readonly #root: string;
  readonly #progress: ProgressSink;
  #planned = 0;
  readonly #counts: Record<Status, number> = { PASS: 0, FAIL: 0, ERROR: 0, TIMEOUT: 0, SKIP: 0 };

  readonly #grep: string | undefined;
  /** Output-shape checks of every case, merged per operation; reported at the end of the run. */
  readonly #shape: ShapeChecks = {};

  /** `grep`: the --grep text; vitest reports the cases it filtered out as skipped, and they are not results. */
  constructor(root: string, progress: ProgressSink, grep?: string) {
    this.#root = root;
    this.#progress = progress;
    this.#grep = grep;
  }

  #selected(testCase: TestCase): boolean {
    return this.#grep === undefined || testCase.name.includes(this.#grep);
  }

  onTestModuleCollected(module: TestModule): void {
    for (const test of module.children.allTests()) if (this.#selected(test)) this.#planned++;
  }

  onTestCaseResult(testCase: TestCase): void {
    if (!this.#selected(testCase)) return;
    const result = testCase.result();
    const meta = (testCase.meta() as { kc?: CaseRecord }).kc;
    let status: Status;
    let message: string | null = null;
    if (result.state === 'passed') status = 'PASS';
    else if (result.state === 'skipped' || result.state === 'pending') {
      status = 'SKIP';
      message = (result.state === 'skipped' ? result.note : undefined) ?? meta?.observations?.[0] ?? null;
    } else {
      const errors = result.errors ?? [];
      status = statusOfFailure(errors);
      message = firstLine(errors[0]?.message) ?? 'failed without an error message';
    }
    for (const [op, c] of Object.entries(meta?.shape ?? {})) {
      const total = (this.#shape[op] ??= { checked: 0, failed: 0, violations: [] });
      total.checked += c.checked;
      total.failed += c.failed;
      for (const v of c.violations) if (total.violations.length < 5 && !total.violations.includes(v)) total.violations.push(v);
    }
    const failing = status !== 'PASS' && status !== 'SKIP';
    const exchanges = failing ? meta?.exchanges : undefined;
    const record: CaseResult = {
      id: meta?.id ?? testCase.fullName,
      operation: meta?.operation ?? null,
      member: meta?.member ?? null,
      rule: meta?.rule ?? 'unspecified',
      status,
      message,
      durationMs: Math.round(testCase.diagnostic()?.duration ?? 0),
      suite: suiteOf(this.#root, testCase.module.moduleId),
      ref: meta?.ref ?? null,
      expectation: meta?.expectation,
      rules: meta?.rules ?? [],
      evidence: meta?.evidence ?? defaultEvidence({ rule: meta?.rule ?? 'unspecified', ref: meta?.ref ?? null, expectation: meta?.expectation }),
      file: relative(this.#root, testCase.module.moduleId),
      timeline: meta?.timeline,
      observations: meta?.observations,
      exchanges,
      curl: exchanges?.map((e) => toCurl(e.request)),
    };
    this.results.push(record);
    this.#counts[status]++;
    this.#progress(this.#line(), false);
  }

  onTestModuleEnd(module: TestModule): void {
    const footprint = (module.meta() as { kcFootprint?: FootprintData }).kcFootprint;
    if (footprint) this.footprints.push(footprint);
    // A file that could not load, or whose hooks failed, is a result of its own: never silent.
    const errors = module.errors();
    if (errors.length === 0) return;
    const file = relative(this.#root, module.moduleId);
    const status = statusOfFailure(errors);
    this.results.push({
      id: `${file}#module`,
      operation: null,
      member: null,
      rule: 'suite file loads and its hooks succeed',
      status: status === 'FAIL' ? 'ERROR' : status,
      message: firstLine(errors[0]?.message) ?? 'module error',
      durationMs: 0,
      suite: suiteOf(this.#root, module.moduleId),
      ref: null,
      rules: [],
      evidence: evidenceAll('unrecorded', 'a file that did not load judges nothing of AWS'),
      file,
    });
    this.#counts.ERROR++;
  }

  /** One result per operation: did every successful answer of the run have the model's output shape? */
  onTestRunEnd(): void {
    for (const [op, c] of Object.entries(this.#shape).sort(([a], [b]) => a.localeCompare(b))) {
      const status: Status = c.failed === 0 ? 'PASS' : 'FAIL';
      this.results.push({
        id: `shape/${op}/output`,
        operation: op,
        member: null,
        rule: 'output.shape',
        status,
        message: status === 'PASS' ? null : `${c.failed} of ${c.checked} successful answers depart from the output shape: ${c.violations.join('; ')}`,
        durationMs: 0,
        suite: 'shape',
        ref: OUTPUT_SHAPE_REF,
        expectation: `every HTTP 200 answer of ${op} in the run has the JSON types and required members of ${op}Output`,
        // Derived from every case's answers, not a case of its own: it cites no behaviour rule.
        rules: [],
        evidence: evidenceAll('documented', `${OUTPUT_SHAPE_REF} (model output shapes; the members LocalStack's AWS-validated snapshots record are a subset)`),
        observations: [`${c.checked} successful answers checked`],
      });
      this.#counts[status]++;
    }
  }

  #line(): string {
    const c = this.#counts;
    const done = c.PASS + c.FAIL + c.ERROR + c.TIMEOUT + c.SKIP;
    return `[${done}/${Math.max(done, this.#planned)}] PASS ${c.PASS} FAIL ${c.FAIL} ERROR ${c.ERROR} TIMEOUT ${c.TIMEOUT} SKIP ${c.SKIP}`;
  }
}
