import type { FaultSpec } from '../faults/catalogue.ts';
import { operationOf, type ProxyRequest } from '../faults/proxy.ts';
import { CBOR_CONTENT_TYPE } from '../protocol/cbor.ts';
import type { CaseResult } from '../results/model.ts';
import { isDerivedResult, isFileResult, selects, type CaseSelector } from './selection.ts';
import type { SentLogData, SentOperation, SentRequest } from './sent-log.ts';

/**
 * Which test files a fault can reach, from what a clean run sent: a fault only acts on requests its
 * `appliesTo` matches, so a file that sent none of them gives the same results under it as without
 * it, and need not run again. Judged per file, not per case: the cases of a file share fixtures, and
 * an earlier case's request can change what a later one sees.
 */

/** A case of the clean run: where it lives, for selections and file lists. */
export type CleanCase = Pick<CaseResult, 'id' | 'rule' | 'suite' | 'file'>;

export interface CleanIndex {
  cases: readonly CleanCase[];
  /** File → what it sent through the proxy in the clean run(s) (see `throughProxy`). */
  sent: ReadonlyMap<string, SentLogData>;
}

/** How a file is reached: `certain` when a recorded request matched, not when a sample was missing or cut. */
export interface FileReach {
  file: string;
  certain: boolean;
  /** Cases that sent a request the fault applies to ('' for hooks); empty when only uncertain. */
  cases: string[];
}

export interface FaultPlan {
  /** Test files to run under the fault: in its selections and reached. */
  files: string[];
  /** The fault's selections that keep some file. */
  selectors: CaseSelector[];
  /** Ids of the clean run's cases the run judges (file results included). */
  judged: Set<string>;
  reach: FileReach[];
}

/** The clean run's cases a selection holds (ids of files that failed to load are no case). */
export function casesOf(index: CleanIndex, selector: CaseSelector): CleanCase[] {
  return index.cases.filter((c) => !isFileResult(c) && !isDerivedResult(c) && selects(selector, c));
}

/** Each selection of each fault that holds no case of the clean run: a renamed id selects nothing. */
export function emptySelections(faults: readonly FaultSpec[], index: CleanIndex): string[] {
  const problems: string[] = [];
  for (const f of faults) {
    for (const s of f.suites) if (casesOf(index, s).length === 0) problems.push(`${f.id}: { suite: '${s.suite}'${s.grep === undefined ? '' : `, grep: '${s.grep}'`} } matches no case of the clean run`);
  }
  return problems;
}

function bodyBytes(r: SentRequest): Buffer {
  return Buffer.from(r.body, r.bodyEncoding === 'base64' ? 'base64' : 'utf8');
}

/** A recorded request as the proxy's `incoming` makes it. */
export function asProxyRequest(r: SentRequest): ProxyRequest {
  const body = bodyBytes(r);
  const headers = { ...r.headers };
  if (r.method !== 'GET' && r.method !== 'HEAD') headers['content-length'] ??= String(body.length);
  const protocol = (headers['content-type'] ?? '').trim().startsWith(CBOR_CONTENT_TYPE) ? 'cbor' : 'json';
  return { method: r.method, path: r.path, headers, body, operation: operationOf(headers), protocol };
}

function predicateSays(predicate: (req: ProxyRequest) => boolean, r: SentRequest): boolean {
  try {
    return predicate(asProxyRequest(r));
  } catch {
    // A predicate that cannot read the request might read the real one: count it as reached.
    return true;
  }
}

/** Whether a fault applies to any request of one operation's record, and which cases sent those. */
function reachOf(fault: FaultSpec, entry: SentOperation): { certain: boolean; uncertain: boolean; cases: string[] } {
  const applies = fault.appliesTo;
  if (applies === '*') return { certain: true, uncertain: false, cases: entry.cases };
  if (typeof applies !== 'function') {
    // As `activate` compares: a request without an operation matches only ''.
    return applies.includes(entry.operation ?? '') ? { certain: true, uncertain: false, cases: entry.cases } : { certain: false, uncertain: false, cases: [] };
  }
  if (fault.operations && !fault.operations.includes(entry.operation ?? '')) return { certain: false, uncertain: false, cases: [] };
  const matched = entry.samples.filter((s) => predicateSays(applies, s));
  const cases = [...new Set(matched.flatMap((s) => s.cases))];
  // Unknown: requests beyond the samples, and samples whose body was cut (the predicate saw a part).
  const uncertain = entry.dropped > 0 || entry.samples.some((s) => s.truncated && !matched.includes(s));
  return { certain: matched.length > 0, uncertain, cases };
}

/**
 * What a file sent that passed the proxy at `proxyUrl`: requests that went elsewhere (HTTP/2
 * subscriptions to the target's own port, KMS) are out of every fault's reach.
 */
export function throughProxy(sent: SentLogData, proxyUrl: string): SentLogData {
  const origin = new URL(proxyUrl).origin;
  return { operations: sent.operations.filter((o) => o.origin === origin) };
}

/** Whether the fault reaches the file: a request of it matched, or one could have (conservative). */
export function fileReach(fault: FaultSpec, file: string, sent: SentLogData | undefined): FileReach | null {
  // A file with no record (it sent nothing, or the record is missing): nothing to rule it out by.
  if (!sent) return { file, certain: false, cases: [] };
  let certain = false;
  let uncertain = false;
  const cases = new Set<string>();
  for (const entry of sent.operations) {
    const r = reachOf(fault, entry);
    certain ||= r.certain;
    uncertain ||= r.uncertain;
    for (const c of r.cases) cases.add(c);
  }
  if (!certain && !uncertain) return null;
  return { file, certain, cases: [...cases].sort() };
}

/** The files of the fault's selections it can reach, and what the run under it judges. */
export function planFault(fault: FaultSpec, index: CleanIndex): FaultPlan {
  const filesOf = new Map(fault.suites.map((s) => [s, new Set(casesOf(index, s).flatMap((c) => (c.file ? [c.file] : [])))]));
  const candidates = [...new Set([...filesOf.values()].flatMap((f) => [...f]))].sort();
  const reach = candidates.flatMap((file) => fileReach(fault, file, index.sent.get(file)) ?? []);
  const reached = new Set(reach.map((r) => r.file));
  const selectors = fault.suites.filter((s) => [...filesOf.get(s)!].some((f) => reached.has(f)));
  return { files: [...reached].sort(), selectors, judged: judgedIds(index, [...reached], selectors), reach };
}

/** Every file of the fault's selections, reached or not: what a full rerun runs. */
export function fullPlan(fault: FaultSpec, index: CleanIndex): FaultPlan {
  const files = [...new Set(fault.suites.flatMap((s) => casesOf(index, s).flatMap((c) => (c.file ? [c.file] : []))))].sort();
  return { files, selectors: [...fault.suites], judged: judgedIds(index, files, fault.suites), reach: [] };
}

/** The clean run's results a run of these files and selectors compares against. */
export function judgedIds(index: CleanIndex, files: readonly string[], selectors: readonly CaseSelector[]): Set<string> {
  const inFiles = new Set(files);
  return new Set(index.cases.filter((c) => c.file !== undefined && inFiles.has(c.file) && (isFileResult(c) || selectors.some((s) => selects(s, c)))).map((c) => c.id));
}
