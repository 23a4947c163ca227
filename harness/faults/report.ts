import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAtomic } from '../report/atomic.ts';
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
    /** Catalogue entries judged. */
    entries?: number;
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
    /** Faults nothing caught while some case of their files changed between the clean runs or was inconclusive (not judged). */
    unsteady: number;
  };
  /** Fault ids no case caught: each is a missing case. Listed first on purpose. */
  holes: string[];
  /** Fault ids that altered no exchange on this target. */
  notApplicable: string[];
  /** Benign variation ids some case flagged. */
  falseAlarms: string[];
  clean: EngineResult['clean'];
  outcomes: FaultOutcome[];
  /** Per case of the selections, the faults whose catch it took part in; and the cases that took part in none. */
  power: CasePower;
  timing: EngineResult['timing'];
  /** --compare-full: per fault, did the run of only its reached files give the verdict a rerun of every file gives? */
  compareFull?: CompareFull | undefined;
}

export interface CasePower {
  catching: Array<{ id: string; file: string | undefined; faults: string[] }>;
  catchingNothing: Array<{ id: string; file: string | undefined }>;
}

export interface CompareFull {
  faults: number;
  /** Entries whose judgement (caught, hole, not applicable; false alarm or not) is the same both ways. */
  agree: number;
  disagreements: Array<{ id: string; selective: string; full: string }>;
  /** Same judgement, another shade of it (e.g. caught by status one way, only by observation the other). */
  shades: Array<{ id: string; selective: string; full: string }>;
  /** Time the cases of the selective runs and of the full reruns took, each summed over faults (runs side by side: contended). */
  selectiveMs: number;
  fullMs: number;
}

/** Which faults each case caught (by status or, failing already, by observation); benign variations and unjudged runs count for none. */
export function casePower(result: Pick<EngineResult, 'outcomes' | 'cases'>): CasePower {
  const faultsOf = new Map<string, string[]>();
  for (const o of result.outcomes) {
    if (o.kind !== 'fault' || o.error || (o.verdict !== 'caught' && o.verdict !== 'caught-by-observation')) continue;
    for (const c of o.changes) faultsOf.set(c.id, [...(faultsOf.get(c.id) ?? []), o.id]);
  }
  const files = new Map(result.cases.map((c) => [c.id, c.file]));
  const catching = [...faultsOf]
    .map(([id, faults]) => ({ id, file: files.get(id), faults: [...new Set(faults)].sort() }))
    .sort((a, b) => b.faults.length - a.faults.length || a.id.localeCompare(b.id));
  return { catching, catchingNothing: result.cases.filter((c) => !faultsOf.has(c.id)).sort((a, b) => a.id.localeCompare(b.id)) };
}

/** What the self-check acts on: a fault caught, a hole or not applicable; a benign variation flagged or not. */
function judgementOf(kind: FaultOutcome['kind'], verdict: FaultOutcome['verdict'], error: string | undefined): string {
  if (error) return 'not judged';
  if (kind === 'benign') return verdict === 'false-alarm' ? 'false alarm' : 'no false alarm';
  return verdict === 'caught-by-observation' ? 'caught' : verdict;
}

function compareFullOf(outcomes: readonly FaultOutcome[]): CompareFull | undefined {
  const compared = outcomes.filter((o) => o.full);
  if (compared.length === 0) return undefined;
  const pair = (o: FaultOutcome) => ({ id: o.id, selective: o.error ? `not judged: ${o.error}` : o.verdict, full: o.full!.error ? `not judged: ${o.full!.error}` : o.full!.verdict });
  const differ = (o: FaultOutcome) => judgementOf(o.kind, o.verdict, o.error) !== judgementOf(o.kind, o.full!.verdict, o.full!.error);
  const disagreements = compared.filter(differ).map(pair);
  return {
    faults: compared.length,
    agree: compared.length - disagreements.length,
    disagreements,
    shades: compared.filter((o) => !differ(o) && o.verdict !== o.full!.verdict).map(pair),
    selectiveMs: compared.reduce((a, o) => a + o.durationMs, 0),
    fullMs: compared.reduce((a, o) => a + o.full!.durationMs, 0),
  };
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
      unsteady: ids('unsteady').length,
    },
    holes: ids('hole'),
    notApplicable: ids('not-applicable'),
    falseAlarms: ids('false-alarm'),
    clean: result.clean,
    outcomes: result.outcomes,
    power: casePower(result),
    timing: result.timing,
    compareFull: compareFullOf(result.outcomes),
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
      if (o.files.length === 0) return 'not applicable: no case of its selections sends a request it applies to (not run)';
      return o.applied === 0 ? 'not applicable: it applied to no request' : `not applicable: altered none of ${o.applied} exchanges`;
    case 'hole':
      return `HOLE (altered ${o.altered} of ${o.applied} exchanges)`;
    case 'unsteady':
      return `not judged: nothing changed, but ${o.unstable?.length ?? 0} of its cases changed between the clean runs or were inconclusive (${(o.unstable ?? []).slice(0, 3).join(', ')})`;
    case 'false-alarm':
      return `FALSE ALARM (${statusChanges} cases changed)`;
    case 'deviation-removed':
      return `no false alarm: ${statusChanges} failing cases pass under it (it removes a deviation of the target)`;
    case 'observation-noise':
      return `no status change (${o.changes.length} failing cases observed differently)`;
    case 'no-change':
      return `no change${o.firstVerdict ? ` (${o.firstVerdict} on a first run, not shown again)` : ''}`;
  }
}

/** Exit status of a self-check: 0 every applicable fault caught, no false alarm (and with --compare-full, every verdict agreeing), 1 otherwise. */
export function exitCodeOf(report: SelfCheckReport): number {
  const agree = !report.compareFull || report.compareFull.disagreements.length === 0;
  return report.score.caught === report.score.total && report.score.falseAlarms === 0 && report.score.errors === 0 && agree ? 0 : 1;
}

export function scoreLine(report: SelfCheckReport): string {
  const s = report.score;
  const how = s.caughtByObservation ? ` (${s.caught - s.caughtByObservation} by a status change, ${s.caughtByObservation} only by what a failing case observed)` : '';
  const na = s.notApplicable ? `, ${s.notApplicable} not applicable (altered no exchange)` : '';
  const noise = s.observationNoise ? `, ${s.observationNoise} with observation noise` : '';
  return `self-check: caught ${s.caught}/${s.total} faults${how}${na}, ${s.falseAlarms} false alarm${s.falseAlarms === 1 ? '' : 's'} (of ${s.benign} benign variations${noise})${s.errors ? `, ${s.errors} not judged (run error)` : ''}${s.unsteady ? `, ${s.unsteady} not judged (their cases unstable or inconclusive)` : ''} in ${(report.runInfo.durationMs / 1000).toFixed(0)} s`;
}

/** One line on --compare-full: how many verdicts of selective runs agree with full reruns. */
export function compareFullLine(report: SelfCheckReport): string | undefined {
  const c = report.compareFull;
  if (!c) return undefined;
  const shades = c.shades.length > 0 ? ` (${c.shades.length} in another shade: ${c.shades.map((d) => `${d.id} ${d.selective}/${d.full}`).join(', ')})` : '';
  return `selective runs vs full reruns: ${c.agree}/${c.faults} verdicts agree${shades}; case time ${(c.selectiveMs / 1000).toFixed(0)} s selective, ${(c.fullMs / 1000).toFixed(0)} s full (summed over faults, runs side by side)`;
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
    // Where to look: the cases that sent what it acts on (from the clean run); '' is a file's fixtures.
    const senders = [...new Set(o.reach.flatMap((r) => r.cases.map((c) => (c === '' ? `${r.file} (fixtures)` : c))))];
    if (senders.length > 0) out.push(`  Sent what it acts on in the clean run: ${senders.slice(0, 8).map((c) => `\`${c}\``).join(', ')}${senders.length > 8 ? `, … ${senders.length - 8} more` : ''}.`);
  }
  out.push('', '## Not applicable on this target (the fault altered no exchange)', '');
  if (report.notApplicable.length === 0) out.push('None.');
  for (const id of report.notApplicable) {
    const o = byId.get(id)!;
    if (o.files.length === 0 || o.applied === 0) {
      out.push(`- **${id}**: ${o.description}. No case of ${where(o)} sends a request it applies to${o.files.length === 0 ? ' (known from the clean run: not run)' : ''}.`);
      continue;
    }
    out.push(`- **${id}**: ${o.description}. Applied to ${o.applied} requests on ${where(o)}; the target never produced what it acts on, so the cases that would see it already fail there.`);
    if (o.changes.length > 0) out.push('  Changed although nothing was altered (unstable cases, not evidence):', ...changeLines(o, 4));
  }
  out.push('', '## False alarms (AWS-faithful variations some case flagged)', '');
  if (report.falseAlarms.length === 0) out.push('None.');
  for (const id of report.falseAlarms) {
    const o = byId.get(id)!;
    out.push(`- **${id}**: ${o.description}. Changed:`, ...changeLines(o));
  }
  const shaky = report.outcomes.filter((o) => o.verdict === 'unsteady');
  if (shaky.length > 0) {
    out.push('', '## Not judged: nothing changed, but cases of their files changed between the clean runs or were inconclusive', '');
    for (const o of shaky) out.push(`- **${o.id}**: ${o.description}. Judged nothing: ${(o.unstable ?? []).map((id) => `\`${id}\``).join(', ')}.`);
  }
  const unsteady = report.outcomes.filter((o) => o.firstVerdict);
  if (unsteady.length > 0) {
    out.push('', '## Not confirmed (a hole or false alarm that a second run of its own did not show again)', '');
    for (const o of unsteady) out.push(`- **${o.id}**: first run ${o.firstVerdict}, second run ${o.verdict} (kept). The cases that changed on the first run only were timing on a loaded machine, not the fault.`);
  }
  const errors = report.outcomes.filter((o) => o.error);
  if (errors.length > 0) {
    out.push('', '## Not judged (a run failed)', '');
    for (const o of errors) out.push(`- **${o.id}**: ${cell(o.error!)}`);
  }
  out.push('', '## Caught', '', '| fault | area | caught by | exchanges altered / applied | files run | time |', '|---|---|---|---|---|---|');
  for (const o of report.outcomes.filter((x) => x.kind === 'fault' && x.detected)) {
    const evidence = o.verdict === 'caught' ? o.changes.filter((c) => c.kind === 'status') : o.changes;
    const by = evidence.slice(0, 3).map((c) => `\`${c.id}\` ${changeText(c)}`).join('<br>') + (evidence.length > 3 ? `<br>… ${evidence.length - 3} more` : '');
    out.push(`| ${o.id} | ${o.area} | ${by} | ${o.altered} / ${o.applied} | ${o.files.length} | ${(o.durationMs / 1000).toFixed(1)} s |`);
  }
  out.push('', '## Benign variations (no case may change)', '', '| variation | result | judged on |', '|---|---|---|');
  for (const o of report.outcomes.filter((x) => x.kind === 'benign')) out.push(`| ${o.id} | ${cell(verdictText(o))} | ${where(o)} |`);
  out.push('', '## Clean runs', '', '| selection | cases | results | unstable status (ignored) | unstable observations (ignored) |', '|---|---|---|---|---|');
  for (const c of report.clean) {
    const list = (ids: readonly string[]) => (ids.length <= 6 ? ids.map((id) => `\`${id}\``).join('<br>') : `${ids.length} cases`);
    out.push(`| \`${selectionKey(c.selection)}\` | ${c.cases} | ${Object.entries(c.totals).map(([k, v]) => `${k} ${v}`).join(', ')} | ${list(c.unstable)} | ${list(c.unstableObservations ?? [])} |`);
  }
  out.push(...powerLines(report.power), ...timingLines(report), ...compareFullLines(report));
  return `${out.join('\n')}\n`;
}

function powerLines(power: CasePower): string[] {
  const out = ['', '## Cases and the faults they catch', ''];
  out.push(`${power.catching.length} cases catch at least one fault; ${power.catchingNothing.length} catch none.`, '', '| case | faults caught | which |', '|---|---|---|');
  for (const c of power.catching) out.push(`| \`${c.id}\` | ${c.faults.length} | ${c.faults.join(', ')} |`);
  out.push('', '### Cases that catch no fault', '');
  if (power.catchingNothing.length === 0) out.push('None.');
  const byFile = new Map<string, string[]>();
  for (const c of power.catchingNothing) byFile.set(c.file ?? '(no file)', [...(byFile.get(c.file ?? '(no file)') ?? []), c.id]);
  for (const [file, ids] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
    const shown = ids.slice(0, 12).map((id) => `\`${id}\``).join(', ');
    out.push(`- \`${file}\` (${ids.length}): ${shown}${ids.length > 12 ? `, … ${ids.length - 12} more (self-check.json lists all)` : ''}`);
  }
  return out;
}

function timingLines(report: SelfCheckReport): string[] {
  const t = report.timing;
  return [
    '',
    '## Time',
    '',
    `Clean runs ${(t.cleanMs / 1000).toFixed(0)} s; fault runs ${(t.faultsMs / 1000).toFixed(0)} s (${t.units} files under a fault, packed into ${t.runs} runs, ${t.concurrency} at once, each file through a proxy of its own); ${t.skipped} entries judged without a run (they reach no file).`,
  ];
}

function compareFullLines(report: SelfCheckReport): string[] {
  const c = report.compareFull;
  if (!c) return [];
  const out = ['', '## Selective runs against full reruns', '', `${compareFullLine(report)}.`];
  out.push('', 'A verdict agrees when the judgement does: caught (by status or only by observation), hole or not applicable; a benign variation flagged or not.');
  if (c.disagreements.length === 0) out.push('', 'Every verdict agrees.');
  const rows = [...c.disagreements.map((d) => ({ ...d, agree: 'no' })), ...c.shades.map((d) => ({ ...d, agree: 'yes, another shade' }))];
  if (rows.length > 0) out.push('', '| entry | selective | full rerun | agrees |', '|---|---|---|---|');
  for (const d of rows) out.push(`| ${d.id} | ${cell(d.selective)} | ${cell(d.full)} | ${d.agree} |`);
  return out;
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
