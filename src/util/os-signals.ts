/** SIGINT/SIGTERM as an AbortSignal: the first one asks the run to stop cleanly, a second one exits at once. */

/** Handle from {@link onStopSignals}. */
export interface StopSignals {
  signal: AbortSignal;
  /** Removes the handlers (the run is over). */
  dispose(): void;
  /**
   * Names what the run does from now on, for the messages: `first` follows "SIGINT received, " on a
   * first signal, `second` follows "second SIGINT, " when a second one exits at once.
   */
  setPhase(first: string, second?: string): void;
}

/** Installs the handlers. The signal's `reason` is the signal name. */
export function onStopSignals(): StopSignals {
  const ctl = new AbortController();
  let first = "stopping (draining, writing state and report)";
  let second = "exiting without cleanup";
  const handler = (name: NodeJS.Signals) => {
    if (ctl.signal.aborted) {
      process.stderr.write(`barstream: second ${name}, ${second}\n`);
      process.exit(130);
    }
    process.stderr.write(`barstream: ${name} received, ${first}\n`);
    ctl.abort(name);
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return {
    signal: ctl.signal,
    setPhase: (f, s) => {
      first = f;
      second = s ?? second;
    },
    dispose: () => {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
    },
  };
}
