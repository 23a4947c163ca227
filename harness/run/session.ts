import { relative } from 'node:path';
import type { Reporter, TestCase, TestModule, Vitest } from 'vitest/node';
import { PACKAGE_ROOT } from '../paths.ts';
import { ForkKeeper } from './kept-forks.ts';
import { includeGlobs, outcomeOf, quietVitest, runContextOf, runReporters, testNamePattern, vitestOptions, type SuiteRunOutcome, type SuiteRunRequest } from './run-suites.ts';

/** Hands vitest's reporter events to the reporters of the run in progress (vitest's own list is fixed at start). */
class Relay implements Reporter {
  current: Reporter[] = [];

  onTestModuleCollected(module: TestModule): void {
    for (const r of this.current) void r.onTestModuleCollected?.(module);
  }

  onTestCaseResult(testCase: TestCase): void {
    for (const r of this.current) void r.onTestCaseResult?.(testCase);
  }

  onTestModuleEnd(module: TestModule): void {
    for (const r of this.current) void r.onTestModuleEnd?.(module);
  }

  onTestRunEnd(...args: Parameters<NonNullable<Reporter['onTestRunEnd']>>): void {
    for (const r of this.current) void r.onTestRunEnd?.(...args);
  }
}

/** What stays the same for every run of a session: the target's bounds, workers, recording. */
export type SessionOptions = Pick<SuiteRunRequest, 'target' | 'requestTimeoutMs' | 'maxWorkers' | 'recordSent' | 'seed'>;

/**
 * One vitest kept open for many runs, one after another: starting vitest and transforming the harness
 * again for every run of the self-check costs more than many of those runs. Its worker processes are
 * kept between runs too (./kept-forks.ts), so a run's files start with the harness already loaded;
 * each run still has its own run context, and each file its own fixtures and client (harness/case.ts).
 */
export class SuiteSession {
  readonly #vitest: Vitest;
  readonly #relay: Relay;
  readonly #keeper: ForkKeeper;
  #busy = false;

  private constructor(vitest: Vitest, relay: Relay, keeper: ForkKeeper) {
    this.#vitest = vitest;
    this.#relay = relay;
    this.#keeper = keeper;
  }

  static async open(options: SessionOptions): Promise<SuiteSession> {
    const { createVitest } = await import('vitest/node');
    const relay = new Relay();
    const keeper = new ForkKeeper();
    const vitest = await quietVitest(() =>
      createVitest('test', { ...vitestOptions(options), pool: keeper.initializer, include: ['suites/**/*.test.ts'], reporters: [relay] }, { logLevel: 'silent' }),
    );
    await vitest.standalone();
    return new SuiteSession(vitest, relay, keeper);
  }

  /** Runs like `runSuites` (the request's workers, recording and shard are the session's). */
  async run(request: SuiteRunRequest): Promise<SuiteRunOutcome> {
    if (this.#busy) throw new Error('a session runs one run at a time');
    this.#busy = true;
    const context = runContextOf(request);
    const startedAt = new Date();
    const reporters = runReporters(request);
    const cancel = () => void this.#vitest.cancelCurrentRun('keyboard-input');
    request.signal?.addEventListener('abort', cancel, { once: true });
    try {
      const wanted = includeGlobs(request);
      const all = await this.#vitest.globTestSpecifications();
      const pattern = testNamePattern(request);
      // The name pattern goes with each file, not into vitest's config: a kept worker keeps the config it started with.
      const specs = all
        .filter((s) => {
          const file = relative(PACKAGE_ROOT, s.moduleId);
          return request.files ? wanted.includes(file) : request.suites.some((suite) => file.startsWith(`suites/${suite}/`));
        })
        .map((s) => (pattern ? s.project.createSpecification(s.moduleId, { testNamePattern: new RegExp(pattern) }) : s));
      this.#vitest.provide('kinesisConformance', context);
      this.#relay.current = [reporters.reporter, reporters.files];
      if (specs.length > 0 && !request.signal?.aborted) await this.#vitest.runTestSpecifications(specs);
    } finally {
      this.#relay.current = [];
      request.signal?.removeEventListener('abort', cancel);
      this.#busy = false;
    }
    return outcomeOf(request, context, reporters, startedAt);
  }

  async close(): Promise<void> {
    try {
      await this.#vitest.close();
    } finally {
      await this.#keeper.close();
    }
  }
}
