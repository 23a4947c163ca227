import { configDefaults, defineConfig } from 'vitest/config';

// The project's own tests (harness, spec, CLI): *.spec.ts beside the code they test.
// Conformance suites (suites/**/*.test.ts) run only through the CLI, which provides the run context.
const SPECS = ['harness/**/*.spec.ts', 'specs/**/*.spec.ts', 'scripts/**/*.spec.ts'];

/**
 * The end-to-end specs: they run the real CLI in child processes, start emulators or a browser, and
 * take minutes on the 2-core machine. Everything else is a unit spec and takes seconds.
 */
export const E2E_SPECS = ['harness/cli/e2e.spec.ts', 'harness/cli/self-check.spec.ts', 'harness/cli/bad-input.spec.ts', 'harness/**/*.browser.spec.ts', 'harness/**/*.e2e.spec.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        // The slowest unit test takes 2 s (a deliberate latency in the fault proxy's): 10 s is stuck, not slow.
        test: { name: 'unit', include: SPECS, exclude: [...configDefaults.exclude, ...E2E_SPECS], testTimeout: 10_000, hookTimeout: 10_000 },
      },
      {
        extends: true,
        test: { name: 'e2e', include: E2E_SPECS, testTimeout: 60_000, hookTimeout: 60_000 },
      },
    ],
  },
});
