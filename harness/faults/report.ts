import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAtomic } from '../report/write.ts';
import { selectionKey } from './catalogue.ts';
import type { CaseChange, EngineResult, FaultOutcome } from './engine.ts';

export interface SelfCheckReport {
  runInfo: {
    target: string;
    implementation: string | null;
    startedAt: string;
    durationMs: number;
    seed: number;
    command: string;
  };
  score: {
    /** Faults some case caught (by a status change or, failing there already, by what it observed), of the applicable faults run. */
    caught: number;
    /** Of `caught`, those caught only by a failing case observing something else. */
    caughtByObservation: number;
    /** Applicable faults run: caught + holes. */
    total: number;
    /** Faults that altered no exchange on this target (it never produced what they act on). */
    notApplicable: number;
    /** Benign variations under which some case changed, of the benign variations run. */
    falseAlarms: number;
    benign: number;
    /** Benign variations under which only failing cases observed something else (reported, not judged). */
    observationNoise: number;
    /** Faults whose runs could not complete (not judged). */
    errors: number;
  };
  /** Fault ids no case caught: each is a missing case. Listed first on purpose. */
  holes: string[];
  /** Fault ids that altered no exchange on this target. */
  notApplicable: string[];
  /** Benign variation ids some case flagged. */
  falseAlarms: string[];
  clean: EngineResult['clean'];
  outcomes: FaultOutcome[];
}

export function buildReport(result: EngineResult, info: SelfCheckReport['runInfo']): SelfCheckReport {
  const judged = result.outcomes.filter((o) => !o.error);
  const benign = judged.filter((o) => o.kind === 'benign');
  const ids = (verdict: FaultOutcome['verdict']) => judged.filter((o) => o.verdict === verdict).map((o) => o.id);
  const caught = ids('caught').length + ids('caught-by-observation').length;
  return {
    runInfo: info,
    score: {
      caught,
      caughtByObservation: ids('caught-by-observation').length,
      total: caught + ids('hole').length,
      notApplicable: ids('not-applicable').length,
      falseAlarms: ids('false-alarm').length,
      benign: benign.length,
      observationNoise: ids('observation-noise').length,
      errors: result.outcomes.filter((o) => o.error).length,
    },
    holes: ids('hole'),
    notApplicable: ids('not-applicable'),
    falseAlarms: ids('false-alarm'),
    clean: result.clean,
    outcomes: result.outcomes,
  };
}

/** One outcome's verdict in words, as the progress line and the report both say it. */
export function verdictText(o: FaultOutcome): string {
  if (o.error) return `not judged: ${o.error}`;
  const statusChanges = o.changes.filter((c) => c.kind === 'status').length;
  switch (o.verdict) {
    case 'caught':
      return `caught by ${statusChanges} cases`;
    case 'caught-by-observation':
      return `caught only by what ${o.changes.length} failing cases observed`;
    case 'not-applicable':
      return `not applicable: altered none of ${o.applied} exchanges`;
    case 'hole':
      return `HOLE (altered ${o.altered} of ${o.applied} exchanges)`;
    case 'false-alarm':
      return `FALSE ALARM (${statusChanges} cases changed)`;
    case 'deviation-removed':
      return `no false alarm: ${statusChanges} failing cases pass under it (it removes a deviation of the target)`;
    case 'observation-noise':
      return `no status change (${o.changes.length} failing cases observed differently)`;
    case 'no-change':
      return 'no change';
  }
}

/** Exit status of a self-check: 0 every applicable fault caught and no false alarm, 1 otherwise. */
export function exitCodeOf(report: SelfCheckReport): number {
  return report.score.caught === report.score.total && report.score.falseAlarms === 0 && report.score.errors === 0 ? 0 : 1;
}

export function scoreLine(report: SelfCheckReport): string {
  const s = report.score;
  const how = s.caughtByObservation ? ` (${s.caught - s.caughtByObservation} by a status change, ${s.caughtByObservation} only by what a failing case observed)` : '';
  const na = s.notApplicable ? `, ${s.notApplicable} not applicable (altered no exchange)` : '';
  const noise = s.observationNoise ? `, ${s.observationNoise} with observation noise` : '';
  return `self-check: caught ${s.caught}/${s.total} faults${how}${na}, ${s.falseAlarms} false alarm${s.falseAlarms === 1 ? '' : 's'} (of ${s.benign} benign variations${noise})${s.errors ? `, ${s.errors} not judged (run error)` : ''} in ${(report.runInfo.durationMs / 1000).toFixed(0)} s`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function where(o: FaultOutcome): string {
  return o.suites.map((s) => `\`${selectionKey(s)}\``).join(', ');
}

function changeText(c: CaseChange): string {
  return c.kind === 'status' ? `${c.clean} → ${c.faulty}` : `${c.faulty}, observed differently`;
}

function changeLines(o: FaultOutcome, max = 8): string[] {
  const lines = o.changes.slice(0, max).map((c) => `  - \`${c.id}\`: ${changeText(c)}${c.message ? ` (${cell(c.message.slice(0, 160))})` : ''}`);
  if (o.changes.length > max) lines.push(`  - … and ${o.changes.length - max} more`);
  return lines;
}

export function toMarkdown(report: SelfCheckReport): string {
  const byId = new Map(report.outcomes.map((o) => [o.id, o]));
  const s = report.score;
  const out: string[] = [
    '# Self-check: faults the suites catch',
    '',
    `Target ${report.runInfo.target} (${report.runInfo.implementation ?? 'unknown implementation'}), seed ${report.runInfo.seed}, ${report.runInfo.startedAt}, ${(report.runInfo.durationMs / 1000).toFixed(0)} s.`,
    `Command: \`${report.runInfo.command}\``,
    '',
    `**Score: ${s.caught}/${s.total} applicable faults caught${s.caughtByObservation ? ` (${s.caughtByObservation} only by what a failing case observed)` : ''}, ${s.notApplicable} not applicable on this target, ${s.falseAlarms}/${s.benign} benign variations flagged (false alarms)${s.errors ? `, ${s.errors} not judged` : ''}.**`,
    '',
    'A fault is caught when a case\'s status changes, or, for a case failing in both runs, when what it observed (the "got …" of its failure, run-specific names masked) changes. A fault that altered no byte of any exchange is not applicable: the target never produced what it acts on.',
    '',
    '## Holes (faults no case caught)',
    '',
  ];
  if (report.holes.length === 0) out.push('None.');
  for (const id of report.holes) {
    const o = byId.get(id)!;
    const why = o.applied === 0 ? 'no case sent a request this fault applies to' : `altered ${o.altered} of ${o.applied} exchanges, no result changed`;
    out.push(`- **${id}**: ${o.description}. Judged on ${where(o)}; ${why}.`);
  }
  out.push('', '## Not applicable on this target (the fault altered no exchange)', '');
  if (report.notApplicable.length === 0) out.push('None.');
  for (const id of report.notApplicable) {
    const o = byId.get(id)!;
    out.push(`- **${id}**: ${o.description}. Applied to ${o.applied} requests on ${where(o)}; the target never produced what it acts on, so the cases that would see it already fail there.`);
    if (o.changes.length > 0) out.push('  Changed although nothing was altered (unstable cases, not evidence):', ...changeLines(o, 4));
  }
  out.push('', '## False alarms (AWS-faithful variations some case flagged)', '');
  if (report.falseAlarms.length === 0) out.push('None.');
  for (const id of report.falseAlarms) {
    const o = byId.get(id)!;
    out.push(`- **${id}**: ${o.description}. Changed:`, ...changeLines(o));
  }
  const errors = report.outcomes.filter((o) => o.error);
  if (errors.length > 0) {
    out.push('', '## Not judged (a run failed)', '');
    for (const o of errors) out.push(`- **${o.id}**: ${cell(o.error!)}`);
  }
  out.push('', '## Caught', '', '| fault | area | caught by | exchanges altered / applied | time |', '|---|---|---|---|---|');
  for (const o of report.outcomes.filter((x) => x.kind === 'fault' && x.detected)) {
    const evidence = o.verdict === 'caught' ? o.changes.filter((c) => c.kind === 'status') : o.changes;
    const by = evidence.slice(0, 3).map((c) => `\`${c.id}\` ${changeText(c)}`).join('<br>') + (evidence.length > 3 ? `<br>… ${evidence.length - 3} more` : '');
    out.push(`| ${o.id} | ${o.area} | ${by} | ${o.altered} / ${o.applied} | ${(o.durationMs / 1000).toFixed(1)} s |`);
  }
  out.push('', '## Benign variations (no case may change)', '', '| variation | result | judged on |', '|---|---|---|');
  for (const o of report.outcomes.filter((x) => x.kind === 'benign')) out.push(`| ${o.id} | ${cell(verdictText(o))} | ${where(o)} |`);
  out.push('', '## Clean runs', '', '| selection | cases | results | unstable status (ignored) | unstable observations (ignored) |', '|---|---|---|---|---|');
  for (const c of report.clean) {
    const list = (ids: readonly string[]) => (ids.length <= 6 ? ids.map((id) => `\`${id}\``).join('<br>') : `${ids.length} cases`);
    out.push(`| \`${selectionKey(c.selection)}\` | ${c.cases} | ${Object.entries(c.totals).map(([k, v]) => `${k} ${v}`).join(', ')} | ${list(c.unstable)} | ${list(c.unstableObservations ?? [])} |`);
  }
  return `${out.join('\n')}\n`;
}

/** Writes self-check.json and self-check.md (each atomically); returns their paths. */
export async function writeSelfCheckReport(dir: string, report: SelfCheckReport): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const json = join(dir, 'self-check.json');
  const md = join(dir, 'self-check.md');
  await writeAtomic(json, `${JSON.stringify(report, null, 2)}\n`);
  await writeAtomic(md, toMarkdown(report));
  return [json, md];
}
