/** A progress bar on stderr when it is a terminal; silent otherwise (CI, pipes, --json). */
import cliProgress from "cli-progress";

/** Progress reporter for work measured in units (symbols, combinations, bars). */
export interface Progress {
  /** Advances by `n` units. */
  increment(n: number): void;
  /** Sets the units done so far (for work polled from elsewhere, e.g. an engine job's counter). */
  update(done: number): void;
  /** Removes the bar. */
  stop(): void;
}

/**
 * A bar titled `label` over `total` units named `unit` (shown with the rate in units/s and the
 * ETA), or a no-op when stderr is not a TTY or `enabled` is false.
 */
export function progress(label: string, total: number, enabled: boolean, unit = "symbols"): Progress {
  if (!enabled || !process.stderr.isTTY || total <= 0) {
    return { increment() {}, update() {}, stop() {} };
  }
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate} ${unit}/s | {duration_formatted} elapsed, eta {eta_formatted}`,
      stream: process.stderr,
      clearOnComplete: true,
      hideCursor: true,
      formatValue: (v, _o, type) => (type === "value" || type === "total" ? String(Math.floor(v)) : String(v)),
    },
    cliProgress.Presets.shades_classic,
  );
  const t0 = Date.now();
  let done = 0;
  const rate = () => ({ rate: (done / Math.max((Date.now() - t0) / 1000, 1e-3)).toFixed(1) });
  bar.start(total, 0, rate());
  return {
    increment: (n) => {
      done += n;
      bar.update(done, rate());
    },
    update: (d) => {
      done = d;
      bar.update(done, rate());
    },
    stop: () => bar.stop(),
  };
}
