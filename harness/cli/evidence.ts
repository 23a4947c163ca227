import { resolve } from 'node:path';
import { workListMarkdown } from '../report/evidence-view.ts';
import { loadRun } from '../report/load.ts';
import type { EvidenceArgs } from './args.ts';
import type { Io } from './io.ts';

/**
 * `evidence RUN_DIR`: the run's expectations that only a recorded real-AWS run can settle (documented
 * only, or recorded by analogy), by operation and rule, stated risks first. Prints Markdown; exit 0.
 */
export async function evidenceCommand(args: EvidenceArgs, io: Io): Promise<number> {
  const { run } = await loadRun(resolve(io.cwd, args.runDir));
  for (const line of workListMarkdown(run.results).trimEnd().split('\n')) io.out(line);
  return 0;
}
