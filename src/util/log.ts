/** Diagnostics go to stderr; stdout is reserved for results (tables, --json). */

/** Writes an informational line to stderr unless `quiet`. */
export function info(msg: string, quiet = false): void {
  if (!quiet) process.stderr.write(`${msg}\n`);
}

/** Writes a warning line to stderr. */
export function warn(msg: string): void {
  process.stderr.write(`warning: ${msg}\n`);
}
