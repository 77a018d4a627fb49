/** SIGINT/SIGTERM as an AbortSignal: the first one asks the run to stop cleanly, a second one exits at once. */

/** Handle from {@link onStopSignals}. */
export interface StopSignals {
  signal: AbortSignal;
  /** Removes the handlers (the run is over). */
  dispose(): void;
}

/**
 * Installs the handlers. The signal's `reason` is the signal name.
 * @param stopping what the first signal stops, for its stderr line (default: the live run's drain).
 */
export function onStopSignals(stopping: () => string = () => "draining, writing state and report"): StopSignals {
  const ctl = new AbortController();
  const handler = (name: NodeJS.Signals) => {
    if (ctl.signal.aborted) {
      process.stderr.write(`barstream: second ${name}, exiting without cleanup\n`);
      process.exit(130);
    }
    process.stderr.write(`barstream: ${name} received, stopping (${stopping()})\n`);
    ctl.abort(name);
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return {
    signal: ctl.signal,
    dispose: () => {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
    },
  };
}
