/** Option range checks with the flag's name in the message. */

/**
 * Throws unless `ok`.
 * @throws Error `--<name>: expected <want>, got <got>`.
 */
export function checkOption(name: string, ok: boolean, want: string, got: unknown): void {
  if (!ok) throw new Error(`--${name}: expected ${want}, got ${JSON.stringify(got)}`);
}
