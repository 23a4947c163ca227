import { countByEvidence, EVIDENCE_CLASSES, evidenceSplitText, type EvidenceClass } from '../results/evidence.ts';
import { STATUSES, type CaseResult, type Status } from '../results/model.ts';

/** Per status, how many results rest on each evidence class. */
export type EvidenceSplit = Record<Status, Record<EvidenceClass, number>>;

export function evidenceSplit(results: readonly CaseResult[]): EvidenceSplit {
  return Object.fromEntries(STATUSES.map((s) => [s, countByEvidence(results.filter((r) => r.status === s))])) as EvidenceSplit;
}

/** `FAIL 1485: 900 against recorded answers, 400 recorded by analogy, 185 documented only`, one line per status that occurs. */
export function evidenceLines(results: readonly CaseResult[]): string[] {
  const split = evidenceSplit(results);
  return STATUSES.filter((s) => results.some((r) => r.status === s)).map((s) => `${s} ${results.filter((r) => r.status === s).length}: ${evidenceSplitText(split[s])}`);
}

/** The class of a result; results written before evidence existed read as `documented`. */
export function classOf(r: CaseResult): EvidenceClass {
  return r.evidence?.class ?? 'documented';
}

/** One line of the work list: a rule of an operation whose expectations only a real-AWS recording can settle. */
export interface WorkItem {
  operation: string;
  rule: string;
  class: Extract<EvidenceClass, 'analogous' | 'documented'>;
  cases: string[];
  /** The sources cited, distinct. */
  sources: string[];
  risks: string[];
}

/**
 * The expectations that are only documented or analogous, grouped by operation, rule and class: what a
 * run against real AWS, recorded, would settle. Observations (`unrecorded`) are left out: they judge nothing.
 */
export function workList(results: readonly CaseResult[]): WorkItem[] {
  const groups = new Map<string, WorkItem>();
  for (const r of results) {
    const cls = classOf(r);
    if (cls !== 'analogous' && cls !== 'documented') continue;
    // Protocol cases and behaviour chains name no single operation: grouped by suite instead.
    const operation = r.operation ?? `(${r.suite}: no single operation)`;
    const key = `${operation}\n${r.rule}\n${cls}`;
    const item = groups.get(key) ?? { operation, rule: r.rule, class: cls, cases: [], sources: [], risks: [] };
    item.cases.push(r.id);
    const source = r.evidence?.source ?? r.ref;
    if (source && !item.sources.includes(source)) item.sources.push(source);
    if (r.evidence?.risk && !item.risks.includes(r.evidence.risk)) item.risks.push(r.evidence.risk);
    groups.set(key, item);
  }
  const rank = (c: WorkItem['class']) => EVIDENCE_CLASSES.indexOf(c);
  return [...groups.values()].sort((a, b) => a.operation.localeCompare(b.operation) || a.rule.localeCompare(b.rule) || rank(a.class) - rank(b.class));
}

/** The work list as Markdown: risks first, then per operation and rule. */
export function workListMarkdown(results: readonly CaseResult[], sourcesShown = 1): string {
  const items = workList(results);
  const counts = countByEvidence(results);
  const out = [
    '# What a recorded real-AWS run would settle',
    '',
    `${results.length} results: ${evidenceSplitText(counts)}. The ${counts.analogous + counts.documented} expectations below are documented only or recorded by analogy; recording AWS's answers to these requests would confirm or correct them.`,
  ];
  const risks = [...new Set(results.flatMap((r) => (r.evidence?.risk ? [r.evidence.risk] : [])))];
  if (risks.length > 0) {
    out.push('', '## Stated risks', '');
    for (const risk of risks) out.push(`- ${results.filter((r) => r.evidence?.risk === risk).map((r) => r.id).join(', ')}: ${risk}`);
  }
  let operation: string | undefined;
  for (const i of items) {
    if (i.operation !== operation) {
      operation = i.operation;
      out.push('', `## ${operation}`, '');
    }
    const shown = i.sources.slice(0, sourcesShown).join(' | ');
    out.push(`- \`${i.rule}\`, ${i.class}, ${i.cases.length} result${i.cases.length === 1 ? '' : 's'} (e.g. ${i.cases[0]}): ${shown}${i.sources.length > sourcesShown ? ` (+${i.sources.length - sourcesShown} more sources)` : ''}`);
  }
  return `${out.join('\n')}\n`;
}
