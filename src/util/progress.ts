/** A progress bar on stderr when it is a terminal; silent otherwise (CI, pipes, --json). */
import cliProgress from "cli-progress";

/** Progress reporter for work measured in units (symbols, bars). */
export interface Progress {
  /** Advances by `n` units. */
  increment(n: number): void;
  /** Removes the bar. */
  stop(): void;
}

/** A bar titled `label` over `total` units, or a no-op when stderr is not a TTY or `enabled` is false. */
export function progress(label: string, total: number, enabled: boolean): Progress {
  if (!enabled || !process.stderr.isTTY || total <= 0) {
    return { increment() {}, stop() {} };
  }
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} symbols | {duration_formatted} elapsed, eta {eta_formatted}`,
      stream: process.stderr,
      clearOnComplete: true,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    increment: (n) => bar.increment(n),
    stop: () => bar.stop(),
  };
}
