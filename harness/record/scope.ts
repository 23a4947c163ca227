/**
 * Where the exchange being sent belongs, for recordings: the step of a behaviour case that sends it
 * (set by the steps engine) and whether it is a state poll (set by waitForState). Plain module state,
 * not AsyncLocalStorage: a worker runs one test file at a time and a file's cases one after another,
 * and promise hooks would tax every run, recorded or not. Costs nothing when nothing records.
 */

export interface ExchangeUnit {
  /** `<case>/<step>`, or `<case>/(fixture)` for its set-up. */
  key: string;
  caseId: string;
  fixture: boolean;
  /** Which run of the case (a case whose transient state ended too soon runs again): a recording keeps the last. */
  attempt: number;
}

let unit: ExchangeUnit | undefined;

/** The exchanges from now on belong to this step of a case (or, `fixture`, to its set-up). */
export function enterExchangeUnit(caseId: string, step: string | null, attempt = 1): void {
  unit = { key: `${caseId}/${step ?? '(fixture)'}`, caseId, fixture: step === null, attempt };
}

/** Back to the running test (or the file's hooks). */
export function leaveExchangeUnit(): void {
  unit = undefined;
}

export function currentExchangeUnit(): ExchangeUnit | undefined {
  return unit;
}

/** Marks what is sent while `run` runs (nested and overlapping runs count): one kind of exchange a recording tells apart. */
class Marker {
  #depth = 0;

  async run<T>(work: () => Promise<T>): Promise<T> {
    this.#depth++;
    try {
      return await work();
    } finally {
      this.#depth--;
    }
  }

  get active(): boolean {
    return this.#depth > 0;
  }
}

const polling = new Marker();
const reading = new Marker();

/** Runs a state poll: how many polls a wait takes varies from run to run, so a comparison collapses them. */
export function asPoll<T>(observe: () => Promise<T>): Promise<T> {
  return polling.run(observe);
}

export function isPolling(): boolean {
  return polling.active;
}

/**
 * Runs a read of a transient state that only decides whether a probe can be judged (a `while`
 * step's state before and after): what it sees depends on timing, so a comparison leaves it out.
 */
export function asStateRead<T>(read: () => Promise<T>): Promise<T> {
  return reading.run(read);
}

export function isStateRead(): boolean {
  return reading.active;
}
