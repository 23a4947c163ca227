import { TestRunner } from 'vitest';
import type { Exchange } from '../transport/exchange.ts';
import { HOOKS_UNIT, type FileRecording, type RecordedExchange, type UnitKind } from './format.ts';
import { currentExchangeUnit, isPolling, isStateRead } from './scope.ts';

interface Unit {
  unit: string;
  kind: UnitKind;
  exchanges: RecordedExchange[];
  /** The behaviour case it belongs to, and which run of it. */
  caseId?: string;
  attempt?: number;
}

/**
 * Keeps every exchange of one test file, in order, under the unit that sent it: a step of a
 * behaviour case (scope.ts), else the running case, else the file's hooks. Of a case run again
 * (its transient state ended too soon) only the last run is kept: the one its verdicts come from.
 * Lives in the worker (loaded only when the run records), handed back with the file's footprint.
 */
export class ExchangeRecorder {
  readonly #units = new Map<string, Unit>();
  /** Behaviour case id → the attempt being recorded. */
  readonly #attempts = new Map<string, number>();

  record(exchange: Exchange): void {
    const scoped = currentExchangeUnit();
    let key: string;
    let kind: UnitKind;
    if (scoped) {
      key = scoped.key;
      kind = scoped.fixture ? 'fixture' : 'step';
      const seen = this.#attempts.get(scoped.caseId) ?? scoped.attempt;
      if (scoped.attempt > seen) {
        for (const [k, u] of this.#units) if (u.caseId === scoped.caseId) this.#units.delete(k);
      }
      this.#attempts.set(scoped.caseId, scoped.attempt);
    } else {
      const test = TestRunner.getCurrentTest();
      const id = (test?.meta as { kc?: { id?: string } } | undefined)?.kc?.id ?? test?.name;
      key = id ?? HOOKS_UNIT;
      kind = id === undefined ? 'hooks' : 'case';
    }
    let entry = this.#units.get(key);
    if (!entry) {
      entry = { unit: key, kind, exchanges: [], ...(scoped ? { caseId: scoped.caseId, attempt: scoped.attempt } : {}) };
      this.#units.set(key, entry);
    }
    entry.exchanges.push(isStateRead() ? { ...exchange, stateRead: true } : isPolling() ? { ...exchange, poll: true } : exchange);
  }

  snapshot(): FileRecording {
    return { units: [...this.#units.values()].map(({ unit, kind, exchanges }) => ({ unit, kind, exchanges })) };
  }
}
