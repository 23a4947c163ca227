import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAtomic } from '../results/write.ts';
import { selectionKey } from './catalogue.ts';
import type { EngineResult, FaultOutcome } from './engine.ts';

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
    /** Faults some case caught, of the faults run. */
    caught: number;
    total: number;
    /** Benign variations under which some case changed, of the benign variations run. */
    falseAlarms: number;
    benign: number;
    /** Faults whose runs could not complete (not judged). */
    errors: number;
  };
  /** Fault ids no case caught: each is a missing case. Listed first on purpose. */
  holes: string[];
  /** Benign variation ids some case flagged. */
  falseAlarms: string[];
  clean: EngineResult['clean'];
  outcomes: FaultOutcome[];
}

export function buildReport(result: EngineResult, info: SelfCheckReport['runInfo']): SelfCheckReport {
  const faults = result.outcomes.filter((o) => o.kind === 'fault' && !o.error);
  const benign = result.outcomes.filter((o) => o.kind === 'benign' && !o.error);
  return {
    runInfo: info,
    score: {
      caught: faults.filter((o) => o.detected).length,
      total: faults.length,
      falseAlarms: benign.filter((o) => o.detected).length,
      benign: benign.length,
      errors: result.outcomes.filter((o) => o.error).length,
    },
    holes: faults.filter((o) => !o.detected).map((o) => o.id),
    falseAlarms: benign.filter((o) => o.detected).map((o) => o.id),
    clean: result.clean,
    outcomes: result.outcomes,
  };
}

/** Exit status of a self-check: 0 every fault caught and no false alarm, 1 otherwise. */
export function exitCodeOf(report: SelfCheckReport): number {
  return report.score.caught === report.score.total && report.score.falseAlarms === 0 && report.score.errors === 0 ? 0 : 1;
}

export function scoreLine(report: SelfCheckReport): string {
  const s = report.score;
  return `self-check: caught ${s.caught}/${s.total} faults, ${s.falseAlarms} false alarm${s.falseAlarms === 1 ? '' : 's'} (of ${s.benign} benign variations)${s.errors ? `, ${s.errors} not judged (run error)` : ''} in ${(report.runInfo.durationMs / 1000).toFixed(0)} s`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function where(o: FaultOutcome): string {
  return o.suites.map((s) => `\`${selectionKey(s)}\``).join(', ');
}

function changeLines(o: FaultOutcome, max = 8): string[] {
  const lines = o.changes.slice(0, max).map((c) => `  - \`${c.id}\`: ${c.clean} → ${c.faulty}${c.message ? ` (${cell(c.message.slice(0, 160))})` : ''}`);
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
    `**Score: ${s.caught}/${s.total} faults caught, ${s.falseAlarms}/${s.benign} benign variations flagged (false alarms)${s.errors ? `, ${s.errors} not judged` : ''}.**`,
    '',
    '## Holes (faults no case caught)',
    '',
  ];
  if (report.holes.length === 0) out.push('None.');
  for (const id of report.holes) {
    const o = byId.get(id)!;
    const why =
      o.applied === 0
        ? 'no case sent a request this fault applies to'
        : o.altered === 0
          ? `applied to ${o.applied} requests but altered none: the target never produced what the fault acts on (the cases that would see it may already fail there)`
          : `altered ${o.altered} of ${o.applied} exchanges, no result changed`;
    out.push(`- **${id}**: ${o.description}. Judged on ${where(o)}; ${why}.`);
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
    const by = o.changes.slice(0, 3).map((c) => `\`${c.id}\` ${c.clean}→${c.faulty}`).join('<br>') + (o.changes.length > 3 ? `<br>… ${o.changes.length - 3} more` : '');
    out.push(`| ${o.id} | ${o.area} | ${by} | ${o.altered} / ${o.applied} | ${(o.durationMs / 1000).toFixed(1)} s |`);
  }
  out.push('', '## Benign variations (no case may change)', '', '| variation | result | judged on |', '|---|---|---|');
  for (const o of report.outcomes.filter((x) => x.kind === 'benign')) out.push(`| ${o.id} | ${o.error ? 'not judged' : o.detected ? `FALSE ALARM (${o.changes.length} cases)` : 'no change'} | ${where(o)} |`);
  out.push('', '## Clean runs', '', '| selection | cases | results | unstable (ignored) |', '|---|---|---|---|');
  for (const c of report.clean) {
    const unstable = c.unstable.length === 0 ? '' : c.unstable.map((id) => `\`${id}\``).join('<br>');
    out.push(`| \`${selectionKey(c.selection)}\` | ${c.cases} | ${Object.entries(c.totals).map(([k, v]) => `${k} ${v}`).join(', ')} | ${unstable} |`);
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
