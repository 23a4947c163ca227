import { createHash } from 'node:crypto';
import { TestRunner } from 'vitest';
import type { Exchange } from '../transport/exchange.ts';

/**
 * What one test file sent, as a proxy in front of the target sees it: per origin and operation, how
 * many requests, which cases sent them, and a bounded set of distinct requests on which a fault's
 * predicate can be evaluated later. Recorded in the worker (only when the run asks for it, see
 * footprint.ts), carried to the main process with the file's footprint.
 */
export interface SentRequest {
  method: string;
  /** Path and query. */
  path: string;
  /** Names in lower case, as a Node server receives them. */
  headers: Record<string, string>;
  body: string;
  bodyEncoding: 'utf8' | 'base64';
  /** The captured body is only the first part: a predicate on the body cannot be trusted to say no. */
  truncated: boolean;
  /** Case ids that sent this request ('' for the file's hooks: fixtures, clean-up). */
  cases: string[];
}

export interface SentOperation {
  /** scheme://host:port the requests went to. */
  origin: string;
  /** The operation of X-Amz-Target, read as the fault proxy reads it (null: none or malformed). */
  operation: string | null;
  requests: number;
  cases: string[];
  samples: SentRequest[];
  /** Distinct requests beyond the sample bound: what a predicate would say of them is unknown. */
  dropped: number;
}

export interface SentLogData {
  operations: SentOperation[];
}

/** Distinct requests kept per origin and operation: enough for the predicates, bounded for the validation suite's thousands. */
export const SAMPLES_PER_OPERATION = 48;
const CASES_PER_ENTRY = 64;

/** The X-Amz-Target operation exactly as `faults/proxy.ts` reads it (kept in step with `operationOf` there). */
export function targetOperation(headers: Record<string, string>): string | null {
  const target = headers['x-amz-target'];
  if (!target || !target.includes('.')) return null;
  return target.slice(target.indexOf('.') + 1) || null;
}

/** The id of the case running now, '' outside a case (hooks). */
function currentCaseId(): string {
  const test = TestRunner.getCurrentTest();
  if (!test) return '';
  return (test.meta as { kc?: { id?: string } }).kc?.id ?? test.name;
}

function addCase(list: string[], id: string): void {
  if (list.length < CASES_PER_ENTRY && !list.includes(id)) list.push(id);
}

/** Headers whose value changes with every request (time, signature): left out of the distinctness key. */
const VOLATILE = new Set(['x-amz-date', 'authorization', 'x-amz-security-token']);

function distinctKey(req: Omit<SentRequest, 'cases'>): string {
  const headers = Object.entries(req.headers)
    .map(([n, v]) => (VOLATILE.has(n) ? [n, ''] : [n, v]))
    .sort(([a], [b]) => a!.localeCompare(b!));
  return createHash('sha1').update(JSON.stringify([req.method, req.path, headers, req.bodyEncoding, req.body])).digest('base64');
}

const DROPPED: SentRequest = { method: '', path: '', headers: {}, body: '', bodyEncoding: 'utf8', truncated: false, cases: [] };

export class SentLog {
  readonly #operations = new Map<string, SentOperation>();
  readonly #seen = new Map<string, Map<string, SentRequest>>();
  readonly #caseOf: () => string;

  constructor(caseOf: () => string = currentCaseId) {
    this.#caseOf = caseOf;
  }

  record(exchange: Exchange): void {
    const url = new URL(exchange.request.url);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(exchange.request.headers)) headers[name.toLowerCase()] = value;
    headers['host'] ??= url.host;
    const operation = targetOperation(headers);
    const key = `${url.origin} ${operation ?? ''}`;
    const caseId = this.#caseOf();
    let entry = this.#operations.get(key);
    if (!entry) {
      entry = { origin: url.origin, operation, requests: 0, cases: [], samples: [], dropped: 0 };
      this.#operations.set(key, entry);
    }
    entry.requests++;
    addCase(entry.cases, caseId);
    const request = {
      method: exchange.request.method,
      path: `${url.pathname}${url.search}`,
      headers,
      body: exchange.request.body,
      bodyEncoding: exchange.request.bodyEncoding,
      truncated: exchange.request.bodyBytes !== undefined,
    };
    const seen = this.#seen.get(key) ?? new Map<string, SentRequest>();
    this.#seen.set(key, seen);
    const distinct = distinctKey(request);
    const known = seen.get(distinct);
    if (known) return known === DROPPED ? undefined : addCase(known.cases, caseId);
    if (entry.samples.length >= SAMPLES_PER_OPERATION) {
      // Counted once per distinct request: a sentinel keeps repeats of a dropped one from counting again.
      seen.set(distinct, DROPPED);
      entry.dropped++;
      return;
    }
    const sample: SentRequest = { ...request, cases: [caseId] };
    seen.set(distinct, sample);
    entry.samples.push(sample);
  }

  snapshot(): SentLogData {
    return { operations: structuredClone([...this.#operations.values()]) };
  }
}
