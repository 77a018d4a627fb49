/** Option range checks with the flag's name in the message. */

/**
 * A bad option value (out of range, or missing the option it needs): the CLI exits 2 for it, as
 * for an unknown flag, and 1 for everything else (bad data, bad strategy, engine errors).
 */
export class UsageError extends Error {
  override name = "UsageError";
}

/**
 * Throws unless `ok`.
 * @throws UsageError `--<name>: expected <want>, got <got>`.
 */
export function checkOption(name: string, ok: boolean, want: string, got: unknown): void {
  if (!ok) throw new UsageError(`--${name}: expected ${want}, got ${JSON.stringify(got)}`);
}
