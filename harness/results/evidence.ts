/**
 * How sure an expectation is, per judged part of a case (status, error type, message, answer values):
 * - `recorded`: an AWS answer to this kind of request is publicly recorded (the source is cited);
 * - `analogous`: recorded for another operation or member under the same rule;
 * - `documented`: the API reference or the model states it; no recording known;
 * - `unrecorded`: observed and reported, not judged.
 * A result's class is its weakest judged part, so a split of verdicts by class is well defined.
 */
export const EVIDENCE_CLASSES = ['recorded', 'analogous', 'documented', 'unrecorded'] as const;
export type EvidenceClass = (typeof EVIDENCE_CLASSES)[number];

export const JUDGED_PARTS = ['status', 'type', 'message', 'values'] as const;
export type JudgedPart = (typeof JUDGED_PARTS)[number];

/** The evidence of one judged part. */
export interface PartEvidence {
  class: EvidenceClass;
  /** Where the recording, the analogy or the documentation is (aws-observed section, API reference...). */
  source?: string | undefined;
}

/** The evidence a result carries: its weakest judged part, and each part when they differ. */
export interface Evidence extends PartEvidence {
  parts?: Partial<Record<JudgedPart, PartEvidence>> | undefined;
  /** A risk the expectation runs, stated where it is (e.g. an open question of aws-observed §E). */
  risk?: string | undefined;
}

const RANK: Record<EvidenceClass, number> = { recorded: 0, analogous: 1, documented: 2, unrecorded: 3 };

export function isEvidenceClass(value: unknown): value is EvidenceClass {
  return typeof value === 'string' && (EVIDENCE_CLASSES as readonly string[]).includes(value);
}

/** The weaker of two classes. */
export function weaker(a: EvidenceClass, b: EvidenceClass): EvidenceClass {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * A result's evidence from its judged parts: the class and source of the weakest judged part.
 * Parts that are `unrecorded` are observed, not judged; a result judging nothing else is `unrecorded`.
 */
export function evidenceOf(parts: Partial<Record<JudgedPart, PartEvidence>>, risk?: string): Evidence {
  const judged = JUDGED_PARTS.map((p) => parts[p]).filter((e): e is PartEvidence => e !== undefined && e.class !== 'unrecorded');
  const weakest = judged.reduce<PartEvidence | undefined>((w, e) => (w === undefined || RANK[e.class] > RANK[w.class] ? e : w), undefined) ?? { class: 'unrecorded' as const, source: Object.values(parts)[0]?.source };
  const distinct = new Set(Object.values(parts).map((e) => e?.class)).size > 1;
  return { class: weakest.class, ...(weakest.source ? { source: weakest.source } : {}), ...(distinct ? { parts } : {}), ...(risk ? { risk } : {}) };
}

/** One class for every judged part. */
export function evidenceAll(cls: EvidenceClass, source?: string, risk?: string): Evidence {
  return { class: cls, ...(source ? { source } : {}), ...(risk ? { risk } : {}) };
}

/**
 * The evidence of a result that declared none (written down in specs/cases/README.md, "Evidence"):
 * an observation is `unrecorded`; anything else judged is `documented`, citing its ref. A case is
 * never taken as `recorded` or `analogous` unless it says so with a source.
 */
export function defaultEvidence(result: { rule: string; ref: string | null; expectation?: string | undefined }): Evidence {
  const observed = result.rule.startsWith('observation') || /\bnot judged\b/.test(result.expectation ?? '');
  return evidenceAll(observed ? 'unrecorded' : 'documented', result.ref ?? undefined);
}

/** Counts per class, in class order (every class present). */
export function countByEvidence<T extends { evidence?: Evidence | undefined }>(items: readonly T[]): Record<EvidenceClass, number> {
  const out = Object.fromEntries(EVIDENCE_CLASSES.map((c) => [c, 0])) as Record<EvidenceClass, number>;
  for (const item of items) out[item.evidence?.class ?? 'documented']++;
  return out;
}

/** `900 against recorded answers, 400 analogous, 185 documented only` (zero classes left out). */
export function evidenceSplitText(counts: Record<EvidenceClass, number>): string {
  const words: Record<EvidenceClass, string> = { recorded: 'against recorded answers', analogous: 'recorded by analogy', documented: 'documented only', unrecorded: 'unrecorded (observed)' };
  const parts = EVIDENCE_CLASSES.filter((c) => counts[c] > 0).map((c) => `${counts[c]} ${words[c]}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}
