import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../errors.ts';
import { mergeFootprints, type FootprintData } from '../fixtures/footprint.ts';
import { loadRun } from '../report/load.ts';
import { judge, loadBaseline } from '../results/baseline.ts';
import { totalsOf, type CaseResult, type RunResults } from '../results/model.ts';
import { writeRunReport } from '../report/write.ts';
import type { MergeArgs } from './args.ts';
import { availableSuites, defaultBaselinePath, type Io } from './run.ts';

function combineShape(a: CaseResult, b: CaseResult): CaseResult {
  const failing = [a, b].find((r) => r.status !== 'PASS');
  return { ...(failing ?? a), rules: [...new Set([...a.rules, ...b.rules])], observations: [...(a.observations ?? []), ...(b.observations ?? [])] };
}

/**
 * Merges the reports of the shards of one run (`run --shard I/N` on several machines) into one
 * report, judged against the target's baseline as a whole run would be.
 */
export async function mergeCommand(args: MergeArgs, io: Io): Promise<number> {
  const parts = await Promise.all(args.runDirs.map((dir) => loadRun(resolve(io.cwd, dir))));
  const first = parts[0]!.run;
  for (const { path, run } of parts) {
    // An embedded target is started afresh (on a new port) by every shard: its implementation is what must match.
    const same = (r: RunResults) => `${r.runInfo.target} ${r.target?.embedded ? r.runInfo.implementation : r.runInfo.endpoint}`;
    if (same(run) !== same(first)) throw new ConfigError(`${path} ran against ${same(run)}, not ${same(first)}: shards of one run share a target`);
    if (run.runInfo.suiteVersion !== first.runInfo.suiteVersion) throw new ConfigError(`${path} is suite version ${run.runInfo.suiteVersion}, not ${first.runInfo.suiteVersion}`);
    if (!run.runInfo.shard) throw new ConfigError(`${path} is not a shard (run it with --shard I/N)`);
  }
  const shards = parts.map((p) => p.run.runInfo.shard!);
  const count = Number(shards[0]!.split('/')[1]);
  if (shards.some((s) => Number(s.split('/')[1]) !== count)) throw new ConfigError(`shards of different splits: ${shards.join(', ')}`);
  if (new Set(shards).size !== shards.length) throw new ConfigError(`a shard is given twice: ${shards.join(', ')}`);
  // Output-shape results are per operation, so every shard has its own: combined, the worst wins.
  const byId = new Map<string, CaseResult>();
  for (const { path, run } of parts) {
    for (const r of run.results) {
      const seen = byId.get(r.id);
      if (!seen) byId.set(r.id, r);
      else if (r.id.startsWith('shape/')) byId.set(r.id, combineShape(seen, r));
      else throw new ConfigError(`${path}: case ${r.id} is in two shards`);
    }
  }
  const results = [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
  const started = Math.min(...parts.map((p) => Date.parse(p.run.runInfo.startedAt)));
  const ended = Math.max(...parts.map((p) => Date.parse(p.run.runInfo.startedAt) + p.run.runInfo.durationMs));
  const aborted = parts.map((p) => p.run.runInfo.aborted).find(Boolean);
  const everySuite = parts.every((p) => p.run.runInfo.suites.length === availableSuites().length && !p.run.runInfo.grep);
  const complete = shards.length === count && everySuite && !aborted;

  const baselinePath = args.baseline ? resolve(io.cwd, args.baseline) : defaultBaselinePath(first.runInfo.target);
  const baseline = baselinePath && (args.baseline || existsSync(baselinePath)) ? await loadBaseline(baselinePath) : null;
  const judgement = judge(results, baseline, baseline ? baselinePath : null, complete);
  if (!baseline) judgement.unexpected = judgement.unexpected.filter((u) => u.actual !== 'SKIP');
  const footprints = parts.map((p) => p.run.footprint).filter((f): f is FootprintData => f !== undefined);
  const merged: RunResults = {
    ...first,
    runInfo: { ...first.runInfo, startedAt: new Date(started).toISOString(), durationMs: ended - started, shard: undefined, shards: [...shards].sort(), aborted },
    totals: totalsOf(results),
    judgement,
    results,
    footprint: mergeFootprints(footprints),
  };
  const written = await writeRunReport(resolve(io.cwd, args.out), merged);
  const t = merged.totals;
  io.err(`merged ${shards.length} of ${count} shard(s): PASS ${t.PASS} FAIL ${t.FAIL} ERROR ${t.ERROR} TIMEOUT ${t.TIMEOUT} SKIP ${t.SKIP}`);
  if (shards.length !== count) io.err(`kinesis-conformance: only ${shards.length} of ${count} shards: the merged run is partial`);
  for (const u of judgement.unexpected.slice(0, 20)) io.err(`  unexpected: ${u.id}: expected ${u.expected}, got ${u.actual}`);
  for (const m of judgement.missing.slice(0, 20)) io.err(`  baseline lists a case that did not run: ${m}`);
  io.out(`report: ${written[0]}`);
  return judgement.unexpected.length === 0 && judgement.missing.length === 0 && !aborted ? 0 : 1;
}
