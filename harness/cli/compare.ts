import { resolve } from 'node:path';
import { diffRuns, type CaseChange, type ObservationChange } from '../report/diff.ts';
import { loadRun, type LoadedRun } from '../report/load.ts';
import type { CompareArgs } from './args.ts';
import type { Io } from './io.ts';

/** Text from a run printed on a terminal: one line, no control characters (no escape sequences). */
function plain(text: string | null | undefined, max = 200): string {
  // eslint-disable-next-line no-control-regex
  const line = (text ?? '').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

function describeRun(name: string, { run, path }: LoadedRun): string {
  const info = run.runInfo;
  return `${name}: ${plain(info.target)}${info.implementation ? ` (${plain(info.implementation)})` : ''}, run ${plain(info.runId)}, ${plain(info.startedAt)}: ${path}`;
}

function changeLine(c: CaseChange): string {
  const now = c.after ?? c.before!;
  const was = c.after && c.before && c.after.status !== c.before.status ? ` (was ${c.before.status})` : '';
  const message = c.after && c.after.status !== 'PASS' && c.after.message ? `: ${plain(c.after.message)}` : '';
  return `  ${now.status.padEnd(7)} ${plain(c.id, 300)}${was}${message}`;
}

function observationLines(c: ObservationChange): string[] {
  return [`  ${c.after!.status.padEnd(7)} ${plain(c.id, 300)}`, ...c.removed.map((o) => `      - ${plain(o)}`), ...c.added.map((o) => `      + ${plain(o)}`)];
}

/**
 * `compare A B`: what changed from run A to run B. New failures first, then fixes, then other
 * changes of status, then cases only one run has, then what cases observed (failures and recorded
 * observations), both through the one normalization of run-specific values. Exit 1 when B has new
 * failures (a regression gate); what was observed never changes the exit status.
 */
export async function compareCommand(args: CompareArgs, io: Io): Promise<number> {
  const a = await loadRun(resolve(io.cwd, args.before));
  const b = await loadRun(resolve(io.cwd, args.after));
  const diff = diffRuns(a.run, b.run);
  io.out(describeRun('A', a));
  io.out(describeRun('B', b));
  const sections: Array<[string, CaseChange[]]> = [
    ['new failures', diff.newFailures],
    ['fixed', diff.fixes],
    ['other changes', diff.otherChanges],
    ['added in B', diff.added],
    ['removed in B', diff.removed],
    ['failing differently (same status, the failure observed something else)', diff.failingDifferently],
  ];
  for (const [title, changes] of sections) {
    if (changes.length === 0) continue;
    io.out('');
    io.out(`${title} (${changes.length}):`);
    for (const c of changes) io.out(changeLine(c));
  }
  if (diff.observationsChanged.length > 0) {
    io.out('');
    io.out(`observations changed (${diff.observationsChanged.length}; - only in A, + only in B):`);
    for (const c of diff.observationsChanged) for (const line of observationLines(c)) io.out(line);
  }
  if (diff.seedDependent.length > 0) {
    io.out('');
    io.out(
      `${diff.seedDependent.length} generated cases observed other values, not compared: the runs used different seeds ` +
        `(A ${a.run.runInfo.seed}, B ${b.run.runInfo.seed}); run B again with --seed ${a.run.runInfo.seed} to compare them`,
    );
  }
  io.out('');
  io.out(
    `${diff.newFailures.length} new failures, ${diff.fixes.length} fixed, ${diff.otherChanges.length} other changes, ` +
      `${diff.added.length} added, ${diff.removed.length} removed, ${diff.failingDifferently.length} failing differently` +
      (diff.observationsChanged.length > 0 ? `, ${diff.observationsChanged.length} observations changed` : ''),
  );
  return diff.newFailures.length > 0 ? 1 : 0;
}
