// The loop shared by the workers that drain a table (mail, jobs): run now when asked (after a
// commit that queued work), every `pollMs` otherwise, never two runs at once, and never lose a
// request that arrives while a run is finishing.
export class Poller {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #again = false;
  #stopped = false;

  constructor(private readonly opts: { run: () => Promise<unknown>; pollMs: number; onError: (err: unknown) => void }) {}

  /** True once stop() was called: a run should stop taking new work. */
  get stopped(): boolean {
    return this.#stopped;
  }

  /** Asks for a run soon. */
  kick(): void {
    if (this.#stopped) return;
    if (this.#running) {
      // Work queued while a run is finishing must not wait for the next poll.
      this.#again = true;
      return;
    }
    this.#again = false;
    this.#running = this.opts
      .run()
      .then(
        () => {},
        (err) => this.opts.onError(err),
      )
      .finally(() => {
        this.#running = null;
        if (this.#again) this.kick();
      });
  }

  /** Resolves once no run is under way (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  start(): void {
    this.#stopped = false;
    const loop = () => {
      this.kick();
      this.#timer = setTimeout(loop, this.opts.pollMs);
      this.#timer.unref();
    };
    loop();
  }

  /** Stops polling and waits for the run under way. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#again = false;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }
}
