import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Reporter, TestCase } from 'vitest/node';
import { ForkKeeper } from './kept-forks.ts';

/** Two test files that report their process, a module's load count and the run's provided value. */
function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'kc-kept-forks-'));
  mkdirSync(join(root, 'suites'));
  writeFileSync(join(root, 'suites', 'helper.ts'), 'export let loads = 0;\nloads++;\nexport const seen = () => loads;\n');
  for (const name of ['one', 'two']) {
    writeFileSync(
      join(root, 'suites', `${name}.test.ts`),
      `import { inject, it } from 'vitest';\nimport { seen } from './helper.ts';\n` +
        `it('${name} a', () => { console.log(JSON.stringify({ file: '${name}', pid: process.pid, loads: seen(), run: inject('run' as never) })); });\n` +
        `it('${name} b', () => {});\n`,
    );
  }
  return root;
}

interface Seen {
  file: string;
  pid: number;
  loads: number;
  run: number;
}

/** A vitest over `root` whose pool is `keeper`'s, with one reporter. */
async function openVitest(root: string, keeper: ForkKeeper, reporter: Reporter) {
  const { createVitest } = await import('vitest/node');
  const vitest = await createVitest('test', { root, config: false, watch: false, include: ['suites/*.test.ts'], maxWorkers: 2, isolate: false, pool: keeper.initializer, reporters: [reporter] }, { logLevel: 'silent' });
  await vitest.standalone();
  return vitest;
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('kept forks', () => {
  it('runs later runs in the processes of the first, each file collected anew with its run context, and ends them on close', { timeout: 60_000 }, async () => {
    const root = project();
    const logs: Seen[] = [];
    const cases: string[] = [];
    const reporter: Reporter = {
      onUserConsoleLog: (log) => void logs.push(JSON.parse(log.content) as Seen),
      onTestCaseResult: (test: TestCase) => void cases.push(`${test.name}: ${test.result().state}`),
    };
    const keeper = new ForkKeeper();
    const vitest = await openVitest(root, keeper, reporter);
    const runs: Array<{ logs: Seen[]; cases: string[] }> = [];
    try {
      const specs = await vitest.globTestSpecifications();
      for (const [run, pattern] of [[1, undefined], [2, /a$/], [3, /b$/]] as const) {
        logs.length = 0;
        cases.length = 0;
        vitest.provide('run' as never, run as never);
        await vitest.runTestSpecifications(specs.map((s) => (pattern ? s.project.createSpecification(s.moduleId, { testNamePattern: pattern }) : s)));
        runs.push({ logs: [...logs], cases: [...cases].sort() });
      }
    } finally {
      await vitest.close();
      await keeper.close();
    }
    const [first, second, third] = runs;
    expect(first!.cases).toEqual(['one a: passed', 'one b: passed', 'two a: passed', 'two b: passed']);
    expect(second!.cases).toEqual(['one a: passed', 'one b: skipped', 'two a: passed', 'two b: skipped']);
    expect(third!.cases).toEqual(['one a: skipped', 'one b: passed', 'two a: skipped', 'two b: passed']);
    expect(second!.logs.map((l) => l.run)).toEqual([2, 2]);
    // The second run's files ran in the first run's processes, whose modules stayed loaded.
    const firstPids = new Set(first!.logs.map((l) => l.pid));
    expect(second!.logs.every((l) => firstPids.has(l.pid))).toBe(true);
    expect(Math.max(...second!.logs.map((l) => l.loads))).toBe(1);
    // Closed: none of them is left.
    expect([...firstPids].filter(isAlive)).toEqual([]);
  });

  it('starts a new process for a run when a parked one died in between', { timeout: 60_000 }, async () => {
    const root = project();
    const logs: Seen[] = [];
    const failed: string[] = [];
    const reporter: Reporter = {
      onUserConsoleLog: (log) => void logs.push(JSON.parse(log.content) as Seen),
      onTestCaseResult: (test: TestCase) => void (test.result().state === 'failed' && failed.push(test.name)),
    };
    const keeper = new ForkKeeper();
    const vitest = await openVitest(root, keeper, reporter);
    try {
      const specs = await vitest.globTestSpecifications();
      await vitest.runTestSpecifications(specs);
      const [killed, kept] = [...new Set(logs.map((l) => l.pid))];
      process.kill(killed!, 'SIGKILL');
      while (isAlive(killed!)) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setImmediate(r));
      logs.length = 0;
      await vitest.runTestSpecifications(specs);
      const pids = new Set(logs.map((l) => l.pid));
      expect(failed).toEqual([]);
      expect(pids.has(killed!)).toBe(false);
      expect(pids.has(kept!)).toBe(true);
      expect(pids.size).toBe(2);
    } finally {
      await vitest.close();
      await keeper.close();
    }
  });
});
