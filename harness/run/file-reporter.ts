import { relative } from 'node:path';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import type { CaseRecord, ShapeChecks } from '../case.ts';
import type { FootprintData } from '../fixtures/footprint.ts';

/** One test file of a run: what its cases created and called, and what it sent (when recorded). */
export interface FileRun {
  /** Relative to the package root, as results' `file`. */
  file: string;
  footprint: FootprintData | undefined;
  /** Import, set-up, tests and hooks, ms: what the file takes in a run (the self-check packs runs by it). */
  durationMs: number;
}

/**
 * Beside the conformance reporter: keeps per file what that one merges away (which file a footprint
 * belongs to) and per case its output-shape checks, so a caller can judge shapes over any subset
 * of cases (the self-check compares runs of different file sets).
 */
export class FileReporter implements Reporter {
  readonly files: FileRun[] = [];
  /** Case id → the shape checks of the successful answers it received. */
  readonly shapes = new Map<string, ShapeChecks>();
  readonly #root: string;

  constructor(root: string) {
    this.#root = root;
  }

  onTestCaseResult(testCase: TestCase): void {
    const meta = (testCase.meta() as { kc?: CaseRecord }).kc;
    if (meta?.shape) this.shapes.set(meta.id, meta.shape);
  }

  onTestModuleEnd(module: TestModule): void {
    const d = module.diagnostic();
    const durationMs = Math.round(d.prepareDuration + d.environmentSetupDuration + d.setupDuration + d.collectDuration + d.duration);
    this.files.push({ file: relative(this.#root, module.moduleId), footprint: (module.meta() as { kcFootprint?: FootprintData }).kcFootprint, durationMs });
  }
}
