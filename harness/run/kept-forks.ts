import { ForksPoolWorker, type PoolOptions, type PoolWorker, type WorkerRequest } from 'vitest/node';

type Listener = (arg: unknown) => void;

/** vitest's name for this pool (`pool` and `poolRunner.name` in a session's options). */
export const KEPT_FORKS = 'kc-kept-forks';

/**
 * Worker processes kept between the runs of one vitest (a session). vitest ends a run's workers when
 * the run ends; starting one and loading the harness into it costs about 0.6 CPU-second, and the
 * self-check makes some ninety runs' worth of them. A process started once stays here between runs
 * and takes the next run's files, its modules already loaded (as files do one after another inside a
 * run with `isolate: false`).
 */
export class ForkKeeper {
  readonly #idle: ForksPoolWorker[] = [];
  readonly #all = new Set<ForksPoolWorker>();
  /** While parked, a process that exits leaves the keeper (the next run starts a new one). */
  readonly #onExit = new Map<ForksPoolWorker, () => void>();
  #closed = false;

  /** vitest's `poolRunner` option. */
  readonly initializer = { name: KEPT_FORKS, createPoolWorker: (options: PoolOptions): PoolWorker => new KeptFork(options, this) };

  take(): ForksPoolWorker | undefined {
    const fork = this.#idle.pop();
    if (fork) this.#unwatch(fork);
    return fork;
  }

  created(fork: ForksPoolWorker): void {
    this.#all.add(fork);
  }

  park(fork: ForksPoolWorker): void {
    if (this.#closed) return void this.end(fork);
    const onExit = () => {
      this.#unwatch(fork);
      this.#all.delete(fork);
      const at = this.#idle.indexOf(fork);
      if (at >= 0) this.#idle.splice(at, 1);
    };
    this.#onExit.set(fork, onExit);
    fork.on('exit', onExit);
    this.#idle.push(fork);
  }

  #unwatch(fork: ForksPoolWorker): void {
    const onExit = this.#onExit.get(fork);
    if (onExit) fork.off('exit', onExit);
    this.#onExit.delete(fork);
  }

  async end(fork: ForksPoolWorker): Promise<void> {
    this.#unwatch(fork);
    this.#all.delete(fork);
    const at = this.#idle.indexOf(fork);
    if (at >= 0) this.#idle.splice(at, 1);
    await fork.stop();
  }

  /** Ends every process, parked or not. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#all].map((f) => this.end(f).catch(() => {})));
  }
}

/**
 * One pool worker of vitest's: a process of its own the first time, a parked one after that. A parked
 * process already answered vitest's `start`, so a later `start` is answered here, and a `stop` parks
 * the process instead of tearing it down (the keeper ends it when the session closes).
 */
class KeptFork implements PoolWorker {
  readonly name = KEPT_FORKS;
  readonly cacheFs = true;
  readonly #options: PoolOptions;
  readonly #keeper: ForkKeeper;
  #fork: ForksPoolWorker | undefined;
  #reused = false;
  #parking = false;
  #exited = false;
  readonly #listeners: Array<[string, Listener]> = [];

  constructor(options: PoolOptions, keeper: ForkKeeper) {
    this.#options = options;
    this.#keeper = keeper;
  }

  get #current(): ForksPoolWorker {
    if (!this.#fork) throw new Error('kept fork used before start');
    return this.#fork;
  }

  async start(): Promise<void> {
    const parked = this.#keeper.take();
    if (parked) {
      this.#fork = parked;
      this.#reused = true;
    } else {
      this.#fork = new ForksPoolWorker(this.#options);
      this.#keeper.created(this.#fork);
      await this.#fork.start();
    }
    this.#fork.on('exit', this.#onExit);
  }

  #onExit = () => {
    this.#exited = true;
  };

  on(event: string, callback: Listener): void {
    this.#listeners.push([event, callback]);
    this.#current.on(event, callback);
  }

  off(event: string, callback: Listener): void {
    const at = this.#listeners.findIndex(([e, c]) => e === event && c === callback);
    if (at >= 0) this.#listeners.splice(at, 1);
    this.#current.off(event, callback);
  }

  send(message: WorkerRequest): void {
    if (message.type === 'start' && this.#reused) return this.#answer('started');
    if (message.type === 'stop') {
      this.#parking = true;
      return this.#answer('stopped');
    }
    this.#current.send(message);
  }

  /** What the process would have answered, to this run's listeners (after the caller has set up its own). */
  #answer(type: 'started' | 'stopped'): void {
    setImmediate(() => {
      for (const [event, callback] of [...this.#listeners]) if (event === 'message') callback({ type, __vitest_worker_response__: true });
    });
  }

  async stop(): Promise<void> {
    const fork = this.#current;
    for (const [event, callback] of this.#listeners.splice(0)) fork.off(event, callback);
    fork.off('exit', this.#onExit);
    this.#fork = undefined;
    // A forced stop (a cancelled run) or a dead process is ended for good.
    if (this.#parking && !this.#exited) this.#keeper.park(fork);
    else await this.#keeper.end(fork);
  }

  deserialize(data: unknown): unknown {
    return data;
  }
}
