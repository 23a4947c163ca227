import { defineConfig } from 'vitest/config';

// The project's own tests (harness, spec, CLI): *.spec.ts beside the code they test.
// Conformance suites (suites/**/*.test.ts) run only through the CLI, which provides the run context.
export default defineConfig({
  test: {
    include: ['harness/**/*.spec.ts', 'specs/**/*.spec.ts', 'scripts/**/*.spec.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
